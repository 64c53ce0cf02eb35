/** What a question asks for, as the planner understands it. */
export type Intent =
  | 'top_events'
  | 'event_volume'
  | 'recent_events'
  | 'event_schemas'
  | 'activations'
  | 'segment_list'
  | 'segment_size'
  | 'segment_trend'
  | 'segment_detail'
  | 'segment_draft'
  | 'segment_growth'
  | 'concept'
  | 'help'
  | 'vague'
  | 'out_of_scope'
  | 'write_request'
  | 'unknown';

/** Facts about a question that come from linking, not from its words alone. */
export interface IntentSignals {
  /** An event is named (in everyday words or by its catalog name). */
  eventMention: boolean;
  /** A segment of the catalog is named (strongly: its full name appears). */
  segmentNamed: boolean;
  /** A segment of the catalog is named loosely (some of its words). */
  segmentHinted: boolean;
}

/** The winning intent, its score and every intent's score (for tests and tie-breaking). */
export interface Classification {
  intent: Intent;
  score: number;
  scores: Partial<Record<Intent, number>>;
}

type Weights = Partial<Record<Intent, number>>;

const SEGMENT_FAMILY: Intent[] = ['segment_list', 'segment_size', 'segment_trend', 'segment_detail'];
const EVENT_FAMILY: Intent[] = ['top_events', 'event_volume', 'recent_events'];

const spread = (intents: Intent[], weight: number): Weights => Object.fromEntries(intents.map((i) => [i, weight]));

/** "What is a segment?", "explain activations": a question about a SegOps concept itself, not about data. */
export const CONCEPT_QUESTION =
  /^(?:(?:so|ok|okay|and|sorry|quick question)\s+)?(?:what(?:'s| is| are| exactly is| exactly are)|define|explain|what does|what do)\s+(?:an?\s+|the\s+)?(segment|audience|cohort|activation|connector|destination|event schema|schema|tracking plan|trait|event|segops)s?(?:\s+(?:mean|do))?(?:\s+(?:in segops|here|exactly))?\s*$/;

/** Word features: a pattern over the normalised question and what it says about each intent. */
const FEATURES: Array<[RegExp, Weights]> = [
  [/\bsegments\b|\baudiences\b|\bcohorts\b/, { ...spread(SEGMENT_FAMILY, 1), segment_list: 2.5, segment_draft: 0.5 }],
  [/\bsegment\b|\baudience\b|\bcohort\b/, { ...spread(SEGMENT_FAMILY, 1.5), segment_draft: 1 }],
  [/\bevents?\b|\bactivity\b|\btraffic\b/, { ...spread(EVENT_FAMILY, 1.5), event_schemas: 0.5 }],
  [/\btop\b|\bmost (?:common|frequent|popular|used|tracked|fired|active)\b|\bmost\b(?! members)/, { top_events: 2, segment_list: 1.5 }],
  [/\b(?:popular|frequent|common|busiest|leading|rank(?:ing|ed)?|rarest|least (?:common|frequent|popular|used))\b/, { top_events: 2.5 }],
  [/\bby (?:volume|count|frequency|number)\b|\bhighest volume\b/, { top_events: 2.5 }],
  [/\b(?:largest|biggest|smallest|tiniest|fewest|least members|most members|sorted|by size)\b/, { segment_list: 2.5, top_events: 1 }],
  [/\b(?:list|all|which|what|show)\b/, { segment_list: 0.5, event_schemas: 0.5, activations: 0.5 }],
  [/\bhow many segments\b|\bnumber of segments\b|\ball (?:of )?(?:my |our |the )?segments\b|\bsegments (?:do|have) (?:we|i)\b/, { segment_list: 3 }],
  [/\bvolume\b|\bcounts?\b|\btotals?\b|\bnumber of\b/, { event_volume: 2, segment_size: 0.5 }],
  [/\bhow many\b|\bhow much\b/, { event_volume: 1.5, segment_size: 1.5 }],
  [/\bhow many (?!users|people|customers|members|segments|audiences|connectors|schemas|activations|profiles|accounts)[a-z]+s\b/, { event_volume: 1.5 }],
  [/\btrend(?:s|ing)?\b|\bover time\b|\bper day\b|\bdaily\b|\beach day\b|\bby day\b|\bday by day\b|\btimeline\b|\btime series\b|\bhistory\b/, { event_volume: 2, segment_trend: 2 }],
  [/\b(?:chart|graph|plot|visuali[sz]e)\b/, { event_volume: 1, segment_trend: 1 }],
  [/\b(?:spikes?|drops?|dips?|peaks?|busier|quieter|fired|tracked|happened|occurred|were there|did we (?:get|have|see|receive))\b/, { event_volume: 1.5 }],
  [/\b(?:grow(?:n|ing|th)?|shr[iu]nk(?:ing)?|declin\w*|chang(?:e|ed|ing)|evol\w*|trajectory|fluctuat\w*|gained|lost)\b/, { segment_trend: 2.5, event_volume: 0.5 }],
  [/\bmembership\b/, { segment_trend: 2, segment_size: 1 }],
  [/\bhow many (?:users|people|customers|members|profiles|accounts|shoppers)\b|\bhow big\b|\bsize of\b|\bsize\b|\bmember ?count\b|\bheadcount\b/, { segment_size: 3 }],
  [/\bmembers? (?:in|of)\b|\b(?:is|are) in\b|\bbelong(?:s|ing)? to\b|\bin the \S+(?: \S+)? (?:segment|audience)\b/, { segment_size: 2 }],
  [/\b(?:show|tell|give|open|describe|about|details|what is|what's)\b.*\b(?:segment|audience|cohort)\b(?!s)/, { segment_detail: 1.5 }],
  [/\bwhat happened\b|\bwhat went on\b/, { top_events: 2.5 }],
  [/\bconditions?\b|\bcriteria\b|\bdefinition\b|\bdefined\b|\bwhat defines\b|\bwho is in\b|\bwho are in\b|\brules?\b|\blogic\b|\bfilters?\b|\bmade up of\b|\bwhat makes\b|\bqualif\w*\b|\bconfigured\b|\bbuilt\b|\bexplain\b|\bdescribe\b|\bdetails?\b|\bbreak ?down\b/, { segment_detail: 3.5 }],
  [/\b(?:create|build|make|draft|define|suggest|set up|generate|new|propose)\b/, { segment_draft: 2 }],
  [/\b(?:create|build|make|draft|define|suggest|set up|generate|propose)\b.*\b(?:segment|audience|cohort)\b/, { segment_draft: 1.5 }],
  [/^(?:please |can you |could you |go ahead and )?(?:delete|remove|rename|edit|modify|update|pause|unpause|resume|archive|disable|enable|turn|reconnect|re-?sync|trigger|save)\b/, { write_request: 3 }],
  [/\b(?:delete|remove|rename|edit|modify|update|pause|unpause|resume|archive|disable|enable|turn (?:on|off)|reconnect|re-?sync|trigger|save)\b/, { write_request: 4 }],
  [/\b(?:users|people|customers|shoppers|visitors|buyers|anyone|those|everyone|folks|profiles|accounts)\s+(?:(?:not|outside)\s+)?(?:who|that|from|in the|with|on the|whose|living|based)\b/, { segment_draft: 2.5 }],
  [/\b(?:never|did not|didn't|haven't|hasn't|have not|has not|don't|without|at least|more than \w+ times|fewer than|less than|or more)\b/, { segment_draft: 1.5 }],
  [/^(?:all |the |any )?(?:users|people|customers|shoppers|visitors|anyone|everyone|those|buyers|subscribers)\s+(?:who|that|from|with|on|in|whose)\b/, { segment_draft: 2 }],
  [/\bfind (?:me )?(?:all )?(?:the )?(?:users|people|customers)\b|\btarget\b|\bretarget\w*\b|\bwho (?:have|has) (?:not|never)\b/, { segment_draft: 2 }],
  [/\b(?:spent|lifetime value|ltv (?:over|above)|pro plan|free plan|plus plan|opted in)\b|\b(?:from|in|based in|living in)\s+(?:the\s+)?(?:germany|us|usa|united states|france|canada|uk|united kingdom|spain|italy|netherlands|australia|japan|brazil|mexico|india|sweden|ireland)\b/, { segment_draft: 1.5 }],
  [/\b(?:recent|recently|latest|newest|most recent|last (?:few|\d+|ten|twenty|fifty) events|just (?:came|come) in|live|incoming|stream|feed|raw|sample)\b/, { recent_events: 3 }],
  [/\b(?:ingest(?:ed|ion)?|received|came in|arriv\w*|collected|sent in)\b/, { recent_events: 3.5 }],
  [/\bschemas?\b|\btracking plan\b|\bevent (?:types|definitions|catalog|names|dictionary)\b|\bproperties\b|\binstrumented\b/, { event_schemas: 4 }],
  [/\bwhat events (?:do|are|can|exist)\b|\b(?:do we|we) track\b|\bregistered\b|\bavailable events\b/, { event_schemas: 2 }],
  [/\b(?:connectors?|activations?|destinations?|integrations?|syncs?|syncing|synced|exports?|exporting)\b/, { activations: 4.5 }],
  [/\b(?:braze|facebook|meta|google ads|hubspot|salesforce|mailchimp|klaviyo|iterable|webhook|s3|bigquery|snowflake)\b/, { activations: 2 }],
  [/\b(?:fail\w*|broken|errors?|erroring|issues?|problems?|unhealthy|healthy|running|paused)\b/, { activations: 1.5 }],
  [CONCEPT_QUESTION, { concept: 8 }],
  [/\bwhat can you do\b|\bhelp\b|\bcapabilit\w*\b|\bwhat do you (?:know|do)\b|\bhow do(?:es)? (?:this|you) work\b|\bwho are you\b|\bwhat (?:can|should) i ask\b/, { help: 5 }],
  [/^(?:hi|hello|hey|yo|howdy|good (?:morning|afternoon|evening)|thanks|thank you)\b/, { help: 3 }],
  [/\bhow (?:are|is|am) (?:we|it|things|business|everything|my \w+|our \w+) (?:doing|going|looking|performing|trending)\b|\bhow(?:'s| is) it going\b/, { vague: 5 }],
  [/\b(?:overview|summary|summari[sz]e|status|kpis?|metrics|dashboard|numbers|health|performance|insights?|anything (?:interesting|unusual)|what's new|what is new|what's up|update me)\b/, { vague: 2 }],
  [/\b(?:forecast\w*|predict\w*|projections?|project(?:ed)? (?:revenue|sales|growth)|next (?:year|quarter|month|week)|weather|competitors?|competition|stock|share price|salary|news|joke|poem|translate|recipe|bitcoin|crypto|election|football|movie|why did)\b/, { out_of_scope: 5 }],
  [/\b(?:revenue|profit|margin|roi|cac|aov|average order value|conversion rate|churn rate|retention rate|nps|refunds?|inventory|stock levels|ad spend|budget)\b/, { out_of_scope: 3.5 }],
];

/**
 * Scores every intent from word features of a normalised question plus what linking found, and returns
 * the best. Below a confidence floor the question is `vague` when it sounds evaluative, else `unknown`.
 */
export function classifyIntent(text: string, signals: IntentSignals): Classification {
  const scores: Partial<Record<Intent, number>> = {};
  const add = (weights: Weights) => {
    for (const [intent, weight] of Object.entries(weights) as Array<[Intent, number]>) scores[intent] = (scores[intent] ?? 0) + weight;
  };
  for (const [pattern, weights] of FEATURES) if (pattern.test(text)) add(weights);
  if (signals.eventMention) add({ event_volume: 2.5, top_events: 0.5, recent_events: 0.5, segment_draft: 1 });
  if (signals.segmentNamed) add({ ...spread(['segment_size', 'segment_trend', 'segment_detail'], 3), segment_draft: 0.5 });
  else if (signals.segmentHinted) add(spread(['segment_size', 'segment_trend', 'segment_detail'], 1));
  if (signals.eventMention && !signals.segmentNamed) add({ segment_size: -2 });
  if (scores.segment_draft !== undefined && scores.segment_draft < 3.5) delete scores.segment_draft;
  let intent: Intent = 'unknown';
  let score = 0;
  for (const [name, value] of Object.entries(scores) as Array<[Intent, number]>) {
    if (value > score) [intent, score] = [name, value];
  }
  if (intent !== 'vague' && (scores.vague ?? 0) >= 2 && score < 3) intent = 'vague';
  else if (score < 2.5 && intent !== 'help') intent = (scores.vague ?? 0) > 0 ? 'vague' : 'unknown';
  return { intent, score, scores };
}
