export { ingestService, type IngestService, type IngestServiceOptions, type IngestRequest, type IngestResult, type IngestStats } from './ingest-service.ts';
export { ensureDefaultSource, sourceResolver, hashWriteKey, generateWriteKey, type DefaultSource, type SourceRef } from './write-keys.ts';
export { listRecentEvents, pruneIngestLog, INGEST_LOG_RETENTION, type LoggedEvent } from './ingest-log.ts';
export { MAX_EVENT_BYTES, MAX_BATCH_BYTES, batchTooLarge, checkEventSizes } from './limits.ts';
export { MESSAGE_TYPES, type MessageType, type IngestEvent, type TrackingIssue } from './message.ts';
export { parseIngestBody } from './parse-body.ts';
