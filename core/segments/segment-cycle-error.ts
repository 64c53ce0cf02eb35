/** Segment references loop back on themselves; `chain` is the loop by segment name, first name repeated last. */
export class SegmentCycleError extends Error {
  readonly code = 'SEGMENT_CYCLE';
  readonly chain: string[];
  constructor(chain: string[]) {
    super(describeCycle(chain));
    this.name = 'SegmentCycleError';
    this.chain = chain;
  }
}

/** "segment 'A' refers to 'B' which refers back to 'A'" for the chain [A, B, A]. */
export function describeCycle(chain: readonly string[]): string {
  if (chain.length <= 2) return `segment '${chain[0]}' refers to itself`;
  const middle = chain.slice(1, -1).map((name) => `'${name}'`);
  return `segment '${chain[0]}' refers to ${middle.join(' which refers to ')} which refers back to '${chain[0]}'`;
}
