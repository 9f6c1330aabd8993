// The one Prisma client, shared by web and worker, created on first use and kept on globalThis
// so Next's dev reloads do not open a new pool each time.
import { PrismaPg } from '@prisma/adapter-pg';
import { env, requireDatabaseUrl } from '../env';
import { type Prisma, PrismaClient } from '../generated/prisma/client';

const globalForPrisma = globalThis as unknown as { shortplayPrisma?: PrismaClient };

function create(): PrismaClient {
  const adapter = new PrismaPg({
    connectionString: requireDatabaseUrl(),
    max: env.DB_POOL_SIZE,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  return new PrismaClient({ adapter });
}

export function getDb(): PrismaClient {
  globalForPrisma.shortplayPrisma ??= create();
  return globalForPrisma.shortplayPrisma;
}

export async function closeDb(): Promise<void> {
  const client = globalForPrisma.shortplayPrisma;
  globalForPrisma.shortplayPrisma = undefined;
  await client?.$disconnect();
}

/** One round trip to the database; throws when it cannot be reached. */
export async function pingDb(): Promise<void> {
  await getDb().$queryRaw`SELECT 1`;
}

export type Db = PrismaClient;
/** A client or an interactive transaction: domain functions take either. */
export type DbTx = Prisma.TransactionClient;

/** Bytes the current database takes on disk. */
export async function databaseSizeBytes(): Promise<number> {
  const [row] = await getDb().$queryRaw<{ n: bigint }[]>`SELECT pg_database_size(current_database()) AS n`;
  return Number(row?.n ?? 0);
}
