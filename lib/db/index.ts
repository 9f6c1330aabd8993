export { closeDb, type Db, type DbTx, getDb } from './client';
export { isDbUnavailable } from './errors';
