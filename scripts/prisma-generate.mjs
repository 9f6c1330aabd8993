// Runs `prisma generate` offline. Prisma 7 tries to download its schema-engine binary even for
// generate, which it never runs; pointing PRISMA_SCHEMA_ENGINE_BINARY at any file stops that.
// Set only when unset, so machines with network behave as Prisma intends.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const env = { ...process.env, CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1' };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = '/bin/false';
if (!existsSync('prisma/schema.prisma')) process.exit(0);
const r = spawnSync('npx', ['prisma', 'generate'], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
