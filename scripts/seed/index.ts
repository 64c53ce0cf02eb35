export { seedWorkspace, isSeeded, WorkspaceAlreadySeededError, DEFAULT_EVENTS, type SeedOptions, type SeedResult } from './seed-workspace.ts';
export { generateWorkspace, WINDOW_DAYS, type GenerateOptions, type GeneratedSink, type GenerateProgress } from './generate-workspace.ts';
export { EVENT_SCHEMAS, TRAIT_SCHEMAS } from './event-schemas.ts';
export { DEFAULT_WORKSPACE_ID, seedId } from './write-metadata.ts';
export { seedWithMemberships, HISTORY_DAYS } from './seed-with-memberships.ts';
