// A small reader of prisma/schema.prisma (models, fields, maps, native types, indexes, enums):
// enough for the drift test to compare the schema with the migrated database.
import { readFileSync } from 'node:fs';

export interface ColumnSpec {
  table: string;
  column: string;
  udt: string;
  nullable: boolean;
}
export interface IndexSpec {
  table: string;
  columns: string[];
  unique: boolean;
}
export interface SchemaSpec {
  columns: ColumnSpec[];
  indexes: IndexSpec[];
  enums: Record<string, string[]>;
}

const SCALAR_UDT: Record<string, string> = {
  String: 'text',
  Int: 'int4',
  BigInt: 'int8',
  Boolean: 'bool',
  DateTime: 'timestamp',
  Json: 'jsonb',
  Float: 'float8',
};
const NATIVE_UDT: Record<string, string> = { Uuid: 'uuid', Timestamptz: 'timestamptz', Text: 'text' };

export function readPrismaSchema(file = 'prisma/schema.prisma'): SchemaSpec {
  const src = readFileSync(file, 'utf8').replace(/\/\/.*$/gm, '');
  const enums: Record<string, string[]> = {};
  const enumDb: Record<string, string> = {};
  for (const m of src.matchAll(/enum\s+(\w+)\s*\{([\s\S]*?)\n\}/g)) {
    const [, name = '', body = ''] = m;
    const mapped = /@@map\("([^"]+)"\)/.exec(body)?.[1] ?? name;
    enumDb[name] = mapped;
    enums[mapped] = body
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('@@'));
  }
  const models = [...src.matchAll(/model\s+(\w+)\s*\{([\s\S]*?)\n\}/g)];
  const modelNames = new Set(models.map((m) => m[1]));
  const columns: ColumnSpec[] = [];
  const indexes: IndexSpec[] = [];
  for (const [, , body = ''] of models) {
    const table = /@@map\("([^"]+)"\)/.exec(body)?.[1] ?? '';
    const fieldDb = new Map<string, string>();
    for (const raw of body.split('\n')) {
      const line = raw.trim();
      const f = /^(\w+)\s+(\w+)(\[\])?(\?)?\s*(.*)$/.exec(line);
      if (!f || line.startsWith('@@')) continue;
      const [, name = '', type = '', list, optional, attrs = ''] = f;
      if (list || modelNames.has(type)) continue; // relation fields have no column
      const column = /@map\("([^"]+)"\)/.exec(attrs)?.[1] ?? name;
      fieldDb.set(name, column);
      const native = /@db\.(\w+)/.exec(attrs)?.[1];
      const udt = native ? (NATIVE_UDT[native] ?? native.toLowerCase()) : (SCALAR_UDT[type] ?? enumDb[type] ?? type);
      columns.push({ table, column, udt, nullable: Boolean(optional) });
      if (/@id\b/.test(attrs)) indexes.push({ table, columns: [column], unique: true });
      if (/@unique\b/.test(attrs)) indexes.push({ table, columns: [column], unique: true });
    }
    for (const m of body.matchAll(/@@(id|unique|index)\(\[([^\]]+)\]/g)) {
      const [, kind, list = ''] = m;
      const cols = list.split(',').map((c) => {
        const field = c.trim().replace(/\(.*\)$/, '');
        return fieldDb.get(field) ?? field;
      });
      indexes.push({ table, columns: cols, unique: kind !== 'index' });
    }
  }
  return { columns, indexes, enums };
}
