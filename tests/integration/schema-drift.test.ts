// schema.prisma and the hand-written migrations must describe the same database: every table,
// column, type, nullability, index and enum. Edit one without the other and this fails.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrate } from '../../lib/db/migrate';
import { createTestDatabase } from '../helpers/postgres';
import { readPrismaSchema } from '../helpers/prisma-schema';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let client: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase(inject('adminUrl'), inject('templateDb'));
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});
afterAll(async () => {
  await client.end();
  await db.drop();
});

describe('schema drift', () => {
  const spec = readPrismaSchema();

  it('columns: same tables, names, types and nullability', async () => {
    const { rows } = await client.query<{ table: string; column: string; udt: string; nullable: boolean }>(
      `SELECT table_name::text AS table, column_name::text AS column, udt_name::text AS udt, is_nullable = 'YES' AS nullable
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_shortplay_migrations'
       ORDER BY 1, 2`,
    );
    const key = (c: { table: string; column: string }) => `${c.table}.${c.column}`;
    const sort = <T extends { table: string; column: string }>(xs: T[]) =>
      [...xs].sort((a, b) => key(a).localeCompare(key(b)));
    expect(sort(rows)).toEqual(sort(spec.columns));
  });

  it('indexes: every @id, @unique, @@unique and @@index exists with its columns', async () => {
    const { rows } = await client.query<{ table: string; columns: string[]; unique: boolean }>(
      `SELECT t.relname AS table, i.indisunique AS unique,
              array_agg(a.attname::text ORDER BY k.ord)::text[] AS columns
       FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
       WHERE n.nspname = 'public' AND t.relname <> '_shortplay_migrations'
       GROUP BY i.indexrelid, t.relname, i.indisunique`,
    );
    const norm = (x: { table: string; columns: string[]; unique: boolean }) =>
      `${x.table}(${x.columns.join(',')})${x.unique ? '!' : ''}`;
    expect(rows.map(norm).sort()).toEqual(spec.indexes.map(norm).sort());
  });

  it('enums: same names and values in the same order', async () => {
    const { rows } = await client.query<{ name: string; values: string[] }>(
      `SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder)::text[] AS values
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
       WHERE n.nspname = 'public' GROUP BY t.typname`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.name, r.values]))).toEqual(spec.enums);
  });

  it('migrating again is a no-op, and an edited migration is refused', async () => {
    expect(await migrate(db.url)).toEqual([]);
    await client.query("UPDATE _shortplay_migrations SET checksum = 'edited'");
    await expect(migrate(db.url)).rejects.toThrow(/changed after it was applied/);
  });
});
