// Every route of the HTTP API, by domain. A new route adds its description to its domain's
// openapi.ts (or a new domain's, listed here); docs/decisions/0110-openapi-document.md has the
// recipe. The integration tests fail on any answer that is not described here.
import { authPaths } from '../auth/openapi';
import { opsPaths } from '../metrics/openapi';
import { notifyPaths } from '../notify/openapi';
import { taskPaths } from '../tasks/openapi';
import { batchPaths } from '../tasks/openapi-batches';
import type { Paths } from './common';
import { servicePaths } from './service-paths';

export const ROUTE_GROUPS: readonly Paths[] = [taskPaths, batchPaths, authPaths, notifyPaths, servicePaths, opsPaths];
