// Public surface of the pipeline: the engine contract, the result schema, and the engines.
export * from './offline';
export * from './schema';
export * from './types';
