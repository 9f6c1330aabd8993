// The types generated from the OpenAPI document (lib/client/openapi.d.ts, openapi-typescript)
// agree with the typed client's own: checked by the compiler (tsc fails on a mismatch) and the
// committed file must be what `npm run openapi:types` writes today.
import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { generateOpenApiTypes, OPENAPI_TYPES_FILE } from '../../scripts/openapi-types';
import type { Assert, Equal } from '../openapi/common';
import type { CreateTaskBody } from '../tasks/schema';
import type { SubmitOptions, TaskInfo, TaskList, TaskOptionsInput } from './index';
import type { components, paths } from './openapi';

type Schemas = components['schemas'];
type Json<P extends keyof paths, M extends 'get' | 'post', S extends number> = paths[P][M] extends {
  responses: { [K in S]: { content: { 'application/json': infer B } } };
}
  ? B
  : never;

// The wire types, both ways: what the document says is exactly what the client parses.
type _TaskInfo = Assert<Equal<Schemas['TaskInfo'], TaskInfo>>;
type _Submit202 = Assert<Equal<Json<'/api/tasks', 'post', 202>, TaskInfo>>;
type _Get200 = Assert<Equal<Json<'/api/tasks/{id}', 'get', 200>, TaskInfo>>;
type _Cancel200 = Assert<Equal<Json<'/api/tasks/{id}/cancel', 'post', 200>, TaskInfo>>;
type _List200 = Assert<Equal<Json<'/api/tasks', 'get', 200>, TaskList>>;
// The request body is the input side: language as any tag (a string), not yet normalised.
type SubmitBody = NonNullable<paths['/api/tasks']['post']['requestBody']>['content']['application/json'];
type _SubmitBody = Assert<Equal<SubmitBody, import('zod').input<typeof CreateTaskBody>>>;
type _Options = Assert<Equal<NonNullable<SubmitBody['options']>, TaskOptionsInput>>;

describe('types generated from the OpenAPI document', () => {
  it('agree with the client (compile-time checks above; these pin a few by value)', () => {
    const agree: [_TaskInfo, _Submit202, _Get200, _Cancel200, _List200, _SubmitBody, _Options] = [
      true,
      true,
      true,
      true,
      true,
      true,
      true,
    ];
    expect(agree.every(Boolean)).toBe(true);
    expectTypeOf<Schemas['TaskInfo']['estimated_time']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Schemas['TaskInfo']['estimated_seconds']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<NonNullable<SubmitOptions['language']>>().toEqualTypeOf<string>();
    expectTypeOf<NonNullable<TaskInfo['options']['language']>>().toEqualTypeOf<'zh' | 'en'>();
  });

  it(`${OPENAPI_TYPES_FILE} is up to date (run npm run openapi:types)`, async () => {
    expect(readFileSync(OPENAPI_TYPES_FILE, 'utf8')).toBe(await generateOpenApiTypes());
  });
});
