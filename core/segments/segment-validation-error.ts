/** One problem in a segment definition: where (`conditions[1].event`) and what, in words a user understands. */
export interface DefinitionProblem {
  path: string;
  message: string;
}

/** A segment definition was refused; `errors` lists every problem found. */
export class SegmentValidationError extends Error {
  readonly code = 'INVALID_SEGMENT';
  readonly errors: DefinitionProblem[];
  constructor(errors: DefinitionProblem[]) {
    super(`invalid segment definition: ${errors.map((error) => error.message).join('; ')}`);
    this.name = 'SegmentValidationError';
    this.errors = errors;
  }
}
