/** The offline planner model and the pieces it is built from (exported for tests and the evals). */
export { plannerModel, type PlannerOptions } from './planner-model.ts';
export { nextAction } from './planner.ts';
export { analyse, type Analysis } from './analysis.ts';
export { classifyIntent, type Intent } from './intents.ts';
export { findTimeExpressions, parseTimeExpression, type TimeRange } from './time-expressions.ts';
export { draftSegment, type Draft } from './segment-drafting.ts';
export { linkEvents, linkSegment } from './entity-linking.ts';
