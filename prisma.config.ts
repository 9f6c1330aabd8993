// Prisma 7 configuration. DATABASE_URL may be unset (generate needs no database, and the app
// falls back to embedded Postgres), so a placeholder keeps `prisma generate` working offline.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://placeholder@localhost:5432/placeholder' },
});
