export * from './dsl.ts';
export { validateDefinition, loadCatalog, referencedSegments, type Catalog, type TraitType, type ValidationResult } from './validate.ts';
export { describeDefinition, type DescribeOptions } from './describe.ts';
export {
  compileDefinition,
  compileMembershipSeries,
  type CompiledQuery,
  type CompileOptions,
  type ResolveSegment,
  type SeriesOptions,
} from './compile.ts';
export {
  previewSegment,
  refreshSegment,
  backfillMembershipHistory,
  membershipTrend,
  type MembershipStores,
  type RefreshResult,
  type SegmentPreview,
  type TrendPoint,
} from './membership.ts';
export { startSegmentScheduler, type SchedulerLogger, type SchedulerOptions, type SegmentScheduler } from './scheduler.ts';
export { loadSegment, loadSegmentResolver, parseDefinition, type StoredSegment } from './segment-store.ts';
export { SegmentValidationError, type DefinitionProblem } from './segment-validation-error.ts';
export { SegmentNotFoundError } from './segment-not-found-error.ts';
export { SegmentCycleError } from './segment-cycle-error.ts';
