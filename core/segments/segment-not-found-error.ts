/** A segment (refreshed, or referred to by another) does not exist in the workspace. */
export class SegmentNotFoundError extends Error {
  readonly code = 'SEGMENT_NOT_FOUND';
  readonly segmentId: string;
  constructor(segmentId: string, referredFrom?: string) {
    super(
      referredFrom
        ? `segment '${referredFrom}' refers to segment '${segmentId}', which does not exist in this workspace`
        : `segment '${segmentId}' does not exist in this workspace`,
    );
    this.name = 'SegmentNotFoundError';
    this.segmentId = segmentId;
  }
}
