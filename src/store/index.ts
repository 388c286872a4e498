export { applyMigrations, defaultStorePath, openStore } from './store.js';
export type { OpenStoreOptions, SqliteDatabase, Store } from './store.js';
export { migrations } from './migrations.js';
export type { Migration } from './migrations.js';
export { statement } from './statements.js';
export { checkpointInBackground } from './background-checkpoints.js';
export type { BackgroundCheckpointOptions, BackgroundCheckpoints } from './background-checkpoints.js';
