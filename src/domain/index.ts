/**
 * The domain's public API: the schema of Sejawat's documents, constructors, validation, migrations
 * and queries over Yjs structures. Pure: imports only `yjs`; no DOM, no IO.
 */
export * from './ids';
export * from './protocol';
export * from './personal/schema';
export * from './personal/DomainError';
export * from './personal/isoDate';
export * from './personal/profile';
export { inspectEntry, isRecordIdLike, RECORD_ID_MAX } from './personal/entryRecord';
export * from './personal/journal';
export * from './personal/validate';
export * from './personal/migrate';
export { V0Key, V0Root, readV0Journal, type V0Record, type V0Skipped } from './personal/v0';
export { deterministicClientId, deterministicUpdate } from './personal/deterministicWrite';
