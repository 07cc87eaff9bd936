// The design model: schema (as `Schemas`), inferred types, loading/saving, migrations and IPv4 helpers.
export * as Schemas from './schema';
export { FORMAT_VERSION } from './schema';
export type * from './types';
export * from './load';
export * from './migrations';
export * from './ip';
export * from './network';
