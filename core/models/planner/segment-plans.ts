import { formatNumber, joinList, nameInProse, notInCatalogAnswer, plural, toolFailedAnswer, whichSegmentAnswer } from './answer-writing.ts';
import { shortDate } from './calendar.ts';
import { answer, callTools, observed, periodLabel, rangeArgs, shouldDisplay, type Action, type PlanContext } from './plan.ts';
import { draftSegment } from './segment-drafting.ts';
import { readPreviewCount, readSegmentDetail, readSegments, readSeries, readTrend, totalOf, type SegmentRow } from './tool-outputs.ts';
import { errorText } from './transcript.ts';

/** The segment a question names, or the answer to give when it names none or several. */
function resolveSegment(ctx: PlanContext): SegmentRow | Action {
  const segments = ctx.segments ?? [];
  const names = segments.map((s) => s.name);
  const link = ctx.analysis.segmentLink;
  if (link.kind === 'one') return segments.find((s) => s.name === link.name) ?? answer(whichSegmentAnswer(names));
  if (link.kind === 'ambiguous') return answer(whichSegmentAnswer(names, link.names));
  if (segments.length === 1) return segments[0];
  const phrase = namedPhrase(ctx.conversation.question);
  return answer(phrase ? notInCatalogAnswer('segment', phrase, names) : whichSegmentAnswer(names));
}

/** A name the user seems to give (capitalised words, or words before "segment"), for "not found" answers. */
function namedPhrase(question: string): string | undefined {
  const quoted = /["']([^"']{2,40})["']/.exec(question)?.[1];
  if (quoted) return quoted;
  const capitalised = question.replace(/^\W*\w+/, '').match(/\b[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*/g) ?? [];
  const name = capitalised.find((w) => !/^(I|January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$/.test(w));
  if (name) return name;
  return /\bthe ([a-z][\w-]*(?: [a-z][\w-]*)?) segment\b/i.exec(question)?.[1];
}

function isAction(value: SegmentRow | Action): value is Action {
  return 'kind' in value;
}

/** How many members a segment has: one number on a metric card. */
export function planSegmentSize(ctx: PlanContext): Action {
  if (ctx.analysis.time && ctx.analysis.time.label !== 'today') return planSegmentTrend(ctx);
  const segment = resolveSegment(ctx);
  if (isAction(segment)) return segment;
  if (shouldDisplay(ctx, 'display_metric_card')) {
    const context = `${segment.status} segment${segment.refreshed_at ? `, refreshed ${segment.refreshed_at.slice(0, 10)}` : ''}`;
    return callTools({ name: 'display_metric_card', input: { label: `${segment.name} members`, value: segment.member_count, unit: 'users', context } });
  }
  const refreshed = segment.refreshed_at ? `, refreshed ${shortDate(segment.refreshed_at.slice(0, 10), ctx.conversation.today)}` : '';
  return answer(`${nameInProse(segment.name)} has ${plural(segment.member_count, 'member')} (${segment.status}${refreshed}). Want to see the membership trend of ${nameInProse(segment.name)}?`);
}

/** Daily member counts of a segment over a period, charted, with where it started and ended. */
export function planSegmentTrend(ctx: PlanContext): Action {
  const segment = resolveSegment(ctx);
  if (isAction(segment)) return segment;
  const result = observed(ctx, 'query_segment_membership_trend');
  if (!result) return callTools({ name: 'query_segment_membership_trend', input: { segment: segment.name, ...rangeArgs(ctx.analysis, 30) } });
  if (result.isError) return answer(toolFailedAnswer(`the membership trend of ${nameInProse(segment.name)}`, errorText(result)));
  const label = periodLabel(ctx.analysis, 30);
  const series = readSeries(result.output);
  if (series.length > 0 && shouldDisplay(ctx, 'display_event_chart')) {
    return callTools({ name: 'display_event_chart', input: { title: `${segment.name} membership ${label}`, metric: 'members', series } });
  }
  const trend = readTrend(result.output);
  const first = trend.first ?? series[0]?.count;
  const last = trend.last ?? series.at(-1)?.count;
  if (first === undefined || last === undefined) return answer(`I found no membership history for ${nameInProse(segment.name)} ${label}.`);
  const change = trend.change;
  const moved =
    series.length === 1
      ? `had ${plural(last, 'member')} ${label}`
      : first === last
      ? `stayed at ${plural(last, 'member')} ${label}`
      : `went from ${formatNumber(first)} to ${plural(last, 'member')} ${label}${change !== undefined ? ` (${change > 0 ? 'up' : 'down'} ${formatNumber(Math.abs(change))})` : ''}`;
  return answer(`${nameInProse(segment.name)} ${moved}. I can show its conditions if you want to see who qualifies.`);
}

/** A segment's conditions in words, its size and where it syncs. */
export function planSegmentDetail(ctx: PlanContext): Action {
  const segment = resolveSegment(ctx);
  if (isAction(segment)) return segment;
  const result = observed(ctx, 'get_segment_detail');
  if (!result) return callTools({ name: 'get_segment_detail', input: { segment: segment.name } });
  if (result.isError) return answer(toolFailedAnswer(`the details of ${nameInProse(segment.name)}`, errorText(result)));
  const detail = readSegmentDetail(result.output);
  const found = detail.segment ?? { ...segment, conditions: [] };
  const size = `${nameInProse(found.name)} (${found.status}, ${plural(found.member_count, 'member')})`;
  const conditions = found.conditions.length > 0 ? ` includes users who match: ${found.conditions.join('; ')}.` : ' has no conditions in words to show.';
  const syncs = detail.activations.length > 0 ? ` It syncs to ${joinList(detail.activations.map((a) => `${a.name} (${a.status})`))}.` : '';
  return answer(`${size}${conditions}${syncs} Want its membership trend, or a draft of a variation to tweak?`);
}

/** Segments ranked by size (largest first, or smallest when asked), in a table. */
export function planSegmentList(ctx: PlanContext): Action {
  const { analysis } = ctx;
  const input = { sort_by: 'members', limit: 100, ...(analysis.segmentStatus ? { status: analysis.segmentStatus } : {}) };
  const result = observed(ctx, 'list_segments', input);
  if (!result) return callTools({ name: 'list_segments', input });
  if (result.isError) return answer(toolFailedAnswer('the segments', errorText(result)));
  const all = readSegments(result.output).sort((a, b) => (analysis.order === 'asc' ? a.member_count - b.member_count : b.member_count - a.member_count));
  const status = analysis.segmentStatus ? `${analysis.segmentStatus} ` : '';
  if (all.length === 0) return answer(`There are no ${status}segments yet. I can draft one from a plain-English description.`);
  const rows = all.slice(0, analysis.count ?? all.length);
  if (shouldDisplay(ctx, 'display_segment_table')) {
    const title = `${analysis.order === 'asc' ? 'Smallest' : 'Largest'} ${status}segments`;
    const segments = rows.map((s) => ({ id: s.id, name: s.name, type: s.type, member_count: s.member_count, status: s.status }));
    return callTools({ name: 'display_segment_table', input: { title: title.charAt(0).toUpperCase() + title.slice(1), segments } });
  }
  const [first, ...others] = rows;
  const total = totalOf(result.output);
  const asksCount = /\bhow many\b|\bnumber of\b|\bcount\b/.test(analysis.text);
  const count = total !== undefined && asksCount ? `You have ${plural(total, `${status}segment`)}. ` : '';
  const superlative = analysis.order === 'asc' ? 'smallest' : 'largest';
  const then = others.length > 0 ? `, then ${joinList(others.slice(0, 2).map((s) => `${nameInProse(s.name)} (${formatNumber(s.member_count)})`))}` : '';
  const lead = `${nameInProse(first.name)} is the ${superlative} with ${plural(first.member_count, 'member')}${then}.`;
  return answer(`${count}${lead} Want the membership trend of ${nameInProse(first.name)}?`);
}

/** Drafts a segment from plain English, previews it with the CTA tool, and says what it matches. */
export function planSegmentDraft(ctx: PlanContext): Action {
  const { conversation, analysis } = ctx;
  const draft = draftSegment(analysis.draftText, {
    today: conversation.today,
    events: (ctx.schemas ?? []).map((s) => s.name),
    segments: ctx.segments ?? [],
    properties: Object.fromEntries((ctx.schemas ?? []).filter((s) => s.properties.length > 0).map((s) => [s.name, s.properties])),
  });
  if (draft.definition.conditions.length === 0) {
    const events = (ctx.schemas ?? []).slice(0, 6).map((s) => s.name);
    return answer(
      `I couldn't turn that into segment conditions: I didn't recognise an event or a trait in it. ` +
        `Describe who you want with events${events.length > 0 ? ` (like ${joinList(events, 'or')})` : ''}, a period, how often, or traits such as country, plan or lifetime value.`,
    );
  }
  const result = observed(ctx, 'display_create_segment_cta');
  if (!result) {
    return callTools({ name: 'display_create_segment_cta', input: { name: draft.suggestedName, description: draft.description, definition: draft.definition } });
  }
  if (result.isError) return answer(`The draft did not validate: ${errorText(result)}. Could you rephrase the conditions?`);
  const count = readPreviewCount(result.output);
  const matches = count !== undefined ? ` It matches ${plural(count, 'user')} right now.` : '';
  const unfiltered = draft.unfiltered
    .map((u) => ` ${u.event} has no category property, so I couldn't filter on "${u.words}"${u.instead ? `; ask for ${u.instead} instead (it has one) if that will do` : ''}.`)
    .join('');
  const left = draft.ignored.length > 0 ? ` I couldn't express "${draft.ignored.join(' ')}" as a condition, so I left it out.` : '';
  return answer(`I drafted "${draft.suggestedName}": ${draft.description.charAt(0).toLowerCase()}${draft.description.slice(1)}.${matches}${unfiltered}${left} Click Create segment to open it in the builder, name it and save.`);
}

/** How many of the largest segments a "which segment grew the most" question compares (one trend call each). */
const GROWTH_CANDIDATES = 5;
const CANDIDATE_WORDS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight'];

/**
 * "Which segment grew the most this month?": the membership trends of the largest few active segments, in
 * parallel, compared by their change; the winner's trend is charted. Says which segments it compared.
 */
export function planSegmentGrowth(ctx: PlanContext): Action {
  const { analysis } = ctx;
  const segments = (ctx.segments ?? []).filter((s) => s.status === 'active');
  const pool = (segments.length > 0 ? segments : (ctx.segments ?? [])).slice().sort((a, b) => b.member_count - a.member_count);
  if (pool.length === 0) return answer('There are no segments yet to compare. I can draft one from a plain-English description.');
  const candidates = pool.slice(0, GROWTH_CANDIDATES);
  const range = rangeArgs(analysis, 30);
  const calls = candidates
    .filter((s) => !observed(ctx, 'query_segment_membership_trend', { segment: s.name }))
    .map((s) => ({ name: 'query_segment_membership_trend', input: { segment: s.name, ...range } }));
  if (calls.length > 0) return callTools(...calls);
  const label = periodLabel(analysis, 30);
  const shrink = /\b(?:shr[au]nk\w*|declin\w*|lost|losing|dropped|drop|decline)\b/.test(analysis.text);
  const results = candidates.flatMap((s) => {
    const o = observed(ctx, 'query_segment_membership_trend', { segment: s.name });
    if (!o || o.isError) return [];
    const trend = readTrend(o.output);
    const series = readSeries(o.output);
    const first = trend.first ?? series[0]?.count;
    const last = trend.last ?? series.at(-1)?.count;
    if (first === undefined || last === undefined || trend.change === undefined) return [];
    return [{ segment: s, first, last, change: trend.change, series }];
  });
  if (results.length === 0) return answer(`I couldn't get membership history for your segments ${label}, so I can't say which changed most.`);
  const best = results.reduce((a, b) => (shrink ? (b.change < a.change ? b : a) : b.change > a.change ? b : a));
  if (best.series.length > 0 && shouldDisplay(ctx, 'display_event_chart')) {
    return callTools({ name: 'display_event_chart', input: { title: `${best.segment.name} membership ${label}`, metric: 'members', series: best.series } });
  }
  const compared = CANDIDATE_WORDS[results.length - 1] ?? 'several';
  const scope = results.length < (ctx.segments ?? []).length ? `Of your ${compared} largest active segments` : 'Of your segments';
  const moved = best.first === best.last ? `staying at ${plural(best.last, 'member')}` : `from ${formatNumber(best.first)} to ${plural(best.last, 'member')}`;
  const rest = results.length < (ctx.segments ?? []).length ? " I only compared those; ask about any other segment's trend by name." : '';
  const happened = shrink ? best.change < 0 : best.change > 0;
  const lead = happened
    ? `${scope}, ${nameInProse(best.segment.name)} ${shrink ? 'shrank' : 'grew'} the most ${label}: ${moved}.`
    : `${scope}, none ${shrink ? 'shrank' : 'grew'} ${label}; ${nameInProse(best.segment.name)} came closest, ${moved}.`;
  return answer(`${lead}${rest}`);
}
