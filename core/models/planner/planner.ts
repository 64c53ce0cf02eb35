import { analyse, type Analysis } from './analysis.ts';
import { toolFailedAnswer } from './answer-writing.ts';
import { planEventVolume, planRecentEvents, planTopEvents } from './data-plans.ts';
import type { Intent } from './intents.ts';
import { answer, callTools, type Action, type Plan, type PlanContext } from './plan.ts';
import { planActivations, planConcept, planEventSchemas, planHelp, planOutOfScope, planUnknown, planVague, planWriteRequest } from './platform-plans.ts';
import { planSegmentDetail, planSegmentDraft, planSegmentGrowth, planSegmentList, planSegmentSize, planSegmentTrend } from './segment-plans.ts';
import { readSchemas, readSegments } from './tool-outputs.ts';
import { isStopword, tokens } from './text.ts';
import { errorText, latest, latestEver, type Conversation } from './transcript.ts';

const PLANS: Record<Intent, Plan> = {
  top_events: planTopEvents,
  event_volume: planEventVolume,
  recent_events: planRecentEvents,
  event_schemas: planEventSchemas,
  activations: planActivations,
  segment_list: planSegmentList,
  segment_size: planSegmentSize,
  segment_trend: planSegmentTrend,
  segment_detail: planSegmentDetail,
  segment_draft: planSegmentDraft,
  segment_growth: planSegmentGrowth,
  concept: planConcept,
  help: planHelp,
  vague: planVague,
  out_of_scope: planOutOfScope,
  write_request: planWriteRequest,
  unknown: planUnknown,
};

type Catalog = 'list_segments' | 'list_event_schemas';

/** The list tools whose names a question needs before it can be linked and planned. */
function catalogsNeeded(analysis: Analysis): Catalog[] {
  const { intent, properNoun, classification } = analysis;
  const eventish = /\bevents?\b/.test(analysis.text);
  const segmentish = /\b(?:segments?|audiences?|cohorts?)\b/.test(analysis.text);
  switch (intent) {
    case 'segment_size':
    case 'segment_trend':
    case 'segment_detail':
      return properNoun && !eventish && !segmentish && (classification.scores.event_volume ?? 0) >= 2.5 ? ['list_segments', 'list_event_schemas'] : ['list_segments'];
    case 'segment_draft':
      return ['list_event_schemas', 'list_segments'];
    case 'segment_growth':
      return ['list_segments'];
    case 'event_volume':
      return properNoun && !eventish ? ['list_event_schemas', 'list_segments'] : ['list_event_schemas'];
    case 'recent_events':
      return analysis.eventMention || properNoun ? ['list_event_schemas'] : [];
    case 'unknown':
      return tokens(analysis.entityText).some((t) => !isStopword(t)) ? ['list_segments', 'list_event_schemas'] : [];
    case 'vague':
      return properNoun ? ['list_segments', 'list_event_schemas'] : [];
    default:
      return [];
  }
}

function catalogNames(conversation: Conversation): { segments?: string[]; events?: string[] } {
  const segments = latestEver(conversation, 'list_segments');
  const schemas = latestEver(conversation, 'list_event_schemas');
  return {
    segments: segments && !segments.isError ? readSegments(segments.output).map((s) => s.name) : undefined,
    events: schemas && !schemas.isError ? readSchemas(schemas.output).map((s) => s.name) : undefined,
  };
}

/**
 * Decides the planner's next step from the conversation alone: understand the question (with the catalogs
 * fetched so far), fetch the catalogs it needs to link names, then follow the intent's plan.
 */
export function nextAction(conversation: Conversation): Action {
  const names = catalogNames(conversation);
  const analysis = analyse(conversation.question, conversation.earlier, conversation.today, names);
  const missing = catalogsNeeded(analysis).filter((tool) => (tool === 'list_segments' ? !names.segments : !names.events));
  const toFetch = missing.filter((tool) => !latest(conversation, tool));
  if (toFetch.length > 0) return callTools(...toFetch.map((name) => ({ name, input: {} })));
  const failed = missing.map((tool) => latest(conversation, tool)).find((o) => o?.isError);
  if (failed) return answer(toolFailedAnswer(failed.name === 'list_segments' ? 'the list of segments' : 'the event schemas', errorText(failed)));
  const segments = latestEver(conversation, 'list_segments');
  const schemas = latestEver(conversation, 'list_event_schemas');
  const ctx: PlanContext = {
    conversation,
    analysis,
    segments: segments && !segments.isError ? readSegments(segments.output) : undefined,
    schemas: schemas && !schemas.isError ? readSchemas(schemas.output) : undefined,
  };
  return PLANS[analysis.intent](ctx);
}
