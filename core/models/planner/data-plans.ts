import { formatNumber, joinList, notInCatalogAnswer, plural, toolFailedAnswer } from './answer-writing.ts';
import { shortDate } from './calendar.ts';
import { linkEvents } from './entity-linking.ts';
import { answer, callTools, observed, periodLabel, rangeArgs, shouldDisplay, type Action, type PlanContext, type ToolCall } from './plan.ts';
import { readRecentEvents, readSeries, readTopEvents, totalOf, type DayCount } from './tool-outputs.ts';
import { capitalise } from './text.ts';
import { errorText } from './transcript.ts';

/** Words that name "events in general" rather than one event, after "how many" and the like. */
const GENERIC_SUBJECT = /^(?:events?|users?|people|customers|times?|things|activity|traffic|total|all|overall|of|the|our|my|we|were|did|have|has|do|is|are|was|in|on)\b/;

/** The events a question names (at most three), linked against the fetched schemas. */
function namedEvents(ctx: PlanContext): string[] {
  if (!ctx.schemas) return [];
  const names = ctx.schemas.map((s) => s.name);
  return [...new Set(linkEvents(ctx.analysis.entityText, names).map((l) => l.event))].slice(0, 3);
}

/** The thing a "how many X" question counts, when X is not a generic word ("logins" in "how many logins"). */
function countedSubject(text: string): string | undefined {
  const m = /\b(?:how many|number of|count of|volume of|trend (?:of|for)|total)\s+([a-z][a-z-]*(?: [a-z][a-z-]*)?)/.exec(text);
  if (!m || GENERIC_SUBJECT.test(m[1])) return undefined;
  return m[1];
}

function peakAndLow(series: DayCount[], today: string): string {
  if (series.length < 2) return '';
  const peak = series.reduce((a, b) => (b.count > a.count ? b : a));
  const low = series.reduce((a, b) => (b.count < a.count ? b : a));
  if (peak.count === low.count) return '';
  return `; the busiest day was ${shortDate(peak.day, today)} (${formatNumber(peak.count)}) and the quietest ${shortDate(low.day, today)} (${formatNumber(low.count)})`;
}

/** Top events by volume in a period: query, chart the ranking, name the leaders. */
export function planTopEvents(ctx: PlanContext): Action {
  const { analysis } = ctx;
  const ascending = analysis.order === 'asc';
  const wanted = analysis.count ?? 5;
  const input = { limit: ascending ? 50 : wanted, ...rangeArgs(analysis, 7) };
  if (analysis.compare) return compareTopEvents(ctx, input.limit);
  const result = observed(ctx, 'query_top_events');
  if (!result) return callTools({ name: 'query_top_events', input });
  if (result.isError) return answer(toolFailedAnswer('the top events', errorText(result)));
  const label = periodLabel(analysis, 7);
  const ranked = readTopEvents(result.output);
  const events = ascending ? ranked.slice().reverse().slice(0, wanted) : ranked.slice(0, wanted);
  if (events.length === 0) return answer(`No events were recorded ${label}.`);
  const title = `${ascending ? 'Least frequent' : 'Top'} events ${label}`;
  if (shouldDisplay(ctx, 'display_event_chart')) {
    const ranking = events.map((e) => ({ event: e.event, count: e.count }));
    return callTools({ name: 'display_event_chart', input: { title: capitalise(title), metric: 'events', ranking } });
  }
  const total = totalOf(result.output);
  const outOf = total !== undefined ? ` of ${plural(total, 'event')} in all` : '';
  const [first] = events;
  const lead = ascending
    ? `${first.event} was the least frequent event ${label}, with ${formatNumber(first.count)}${outOf}.`
    : `${first.event} led ${label} with ${formatNumber(first.count)}${outOf}; the chart ranks the rest.`;
  return answer(`${lead} Want the daily trend of ${first.event}?`);
}

/** Volume of one or more events (or all events) over a period: a metric card for one number, else a chart. */
export function planEventVolume(ctx: PlanContext): Action {
  const { analysis, conversation } = ctx;
  const events = namedEvents(ctx);
  const subject = countedSubject(analysis.entityText);
  if (events.length === 0 && subject && ctx.schemas) {
    return answer(notInCatalogAnswer('event', subject, ctx.schemas.map((s) => s.name)));
  }
  const range = rangeArgs(analysis, 30);
  if (analysis.compare) return compareVolume(ctx, events[0]);
  const wanted: Array<string | undefined> = events.length > 0 ? events : [undefined];
  const calls: ToolCall[] = [];
  const results = wanted.map((event) => {
    const result = observed(ctx, 'query_event_volume', { event });
    if (!result) calls.push({ name: 'query_event_volume', input: event ? { event, ...range } : { ...range } });
    return result;
  });
  if (calls.length > 0) return callTools(...calls);
  const failed = results.find((r) => r?.isError);
  if (failed) return answer(toolFailedAnswer(`the event volume`, errorText(failed)));
  const label = periodLabel(analysis, 30);
  const single = analysis.singleNumber || analysis.time?.singleDay === true;
  const displayName = single ? 'display_metric_card' : 'display_event_chart';
  if (shouldDisplay(ctx, displayName, wanted.length)) {
    const shown = conversation.observations.filter((o) => o.name === displayName).length;
    const event = wanted[shown];
    const output = results[shown]?.output;
    const name = event ?? 'All events';
    const input = single
      ? { label: `${name} ${label}`, value: totalOf(output) ?? 0, unit: 'events' }
      : { title: `${name} per day ${label}`, metric: 'events', series: readSeries(output), ...(event ? { event } : {}) };
    return callTools({ name: displayName, input });
  }
  const sentences = wanted.map((event, i) => {
    const total = totalOf(results[i]?.output) ?? 0;
    const series = readSeries(results[i]?.output);
    const what = event ? `${event} was tracked ${plural(total, 'time')}` : `You recorded ${plural(total, 'event')}`;
    return `${what} ${label}${single ? '' : peakAndLow(series, conversation.today)}.`;
  });
  const next =
    events.length === 0
      ? ' Want the top events for the same period?'
      : single
      ? ` Want it per day as a chart?`
      : ` Want a segment draft of the users who did ${events[0]} in that period?`;
  return answer(`${sentences.join(' ')}${next}`);
}

/** Recently ingested events; with a period ("today") also the ranking of what was ingested in it. */
export function planRecentEvents(ctx: PlanContext): Action {
  const { analysis } = ctx;
  const [event] = namedEvents(ctx);
  const withPeriod = analysis.time !== undefined || /\bingest\w*\b|\breceived\b|\bcame in\b/.test(analysis.text);
  const calls: ToolCall[] = [];
  const recent = observed(ctx, 'list_recent_events');
  const top = observed(ctx, 'query_top_events');
  if (!recent) calls.push({ name: 'list_recent_events', input: { limit: analysis.count ?? 20, ...(event ? { event } : {}) } });
  if (withPeriod && !event && !top) calls.push({ name: 'query_top_events', input: { limit: 10, ...rangeArgs(analysis, 1) } });
  if (calls.length > 0) return callTools(...calls);
  const failed = [recent, top].find((o) => o?.isError);
  if (failed) return answer(toolFailedAnswer('the ingested events', errorText(failed)));
  const ranked = top ? readTopEvents(top.output) : [];
  if (top && ranked.length > 0 && shouldDisplay(ctx, 'display_event_chart')) {
    const title = capitalise(`Events ingested ${periodLabel(analysis, 1)}`);
    return callTools({ name: 'display_event_chart', input: { title, metric: 'events', ranking: ranked.map((e) => ({ event: e.event, count: e.count })) } });
  }
  const events = readRecentEvents(recent?.output);
  const newest = events[0];
  const latestText = newest ? `The latest was ${newest.event}${newest.user_id ? ` from ${newest.user_id}` : ''}${newest.timestamp ? ` at ${newest.timestamp}` : ''}.` : '';
  if (top) {
    const total = totalOf(top.output);
    if (ranked.length === 0 || total === 0) return answer(`No events have been ingested ${periodLabel(analysis, 1)}. ${latestText}`.trim());
    const lead = total !== undefined ? `${plural(total, 'event')} were ingested ${periodLabel(analysis, 1)}` : `Events ingested ${periodLabel(analysis, 1)}`;
    const [first] = ranked;
    return answer(`${lead}, led by ${first.event} (${formatNumber(first.count)}); the chart shows the mix. ${latestText} Want the daily trend of ${first.event}?`.replace(/\s+/g, ' ').trim());
  }
  if (events.length === 0) return answer(`No ${event ? `${event} ` : ''}events have been ingested yet.`);
  const kinds = [...new Set(events.map((e) => e.event))].slice(0, 4);
  const count = analysis.count !== undefined ? ` ${analysis.count}` : '';
  const next = event ? ` Want the daily volume of ${event}?` : ' Want the top events of today?';
  return answer(`Here are the latest${count} ${event ? `${event} ` : ''}events. ${latestText}${kinds.length > 1 ? ` They include ${joinList(kinds)}.` : ''}${next}`);
}

/** "Up" / "down" / "flat" between two totals, in words only (the difference itself is not a tool number). */
function direction(now: number, before: number): string {
  return now > before ? 'up from' : now < before ? 'down from' : 'the same as';
}

/** "Orders this week vs last week": the volume of both periods in one step, a metric card, one comparison sentence. */
function compareVolume(ctx: PlanContext, event: string | undefined): Action {
  const { analysis } = ctx;
  const periods = [rangeArgs(analysis, 30), analysis.compare?.args ?? rangeArgs(analysis, 30)];
  const inputs = periods.map((range) => (event ? { event, ...range } : { ...range }));
  const results = inputs.map((input) => observed(ctx, 'query_event_volume', { event: undefined, ...input }));
  const calls = inputs.filter((_, i) => !results[i]).map((input) => ({ name: 'query_event_volume', input }));
  if (calls.length > 0) return callTools(...calls);
  const failed = results.find((r) => r?.isError);
  if (failed) return answer(toolFailedAnswer('the event volume', errorText(failed)));
  const [now, before] = results.map((r) => totalOf(r?.output) ?? 0);
  const label = periodLabel(analysis, 30);
  const otherLabel = analysis.compare?.label ?? 'the period before';
  const name = event ?? 'All events';
  if (shouldDisplay(ctx, 'display_metric_card')) {
    return callTools({ name: 'display_metric_card', input: { label: `${name} ${label}`, value: now, unit: 'events', context: `vs ${formatNumber(before)} ${otherLabel}` } });
  }
  const what = event ? `${event} was tracked ${plural(now, 'time')}` : `You recorded ${plural(now, 'event')}`;
  const next = analysis.time?.singleDay ? `Want the top events ${label}?` : `Want the daily chart of ${label}?`;
  return answer(`${what} ${label}, ${direction(now, before)} ${formatNumber(before)} ${otherLabel}. ${next}`);
}

/** "Top events this week vs last week": both rankings in one step, the current one charted, the leaders compared. */
function compareTopEvents(ctx: PlanContext, limit: number): Action {
  const { analysis } = ctx;
  const inputs = [rangeArgs(analysis, 7), analysis.compare?.args ?? rangeArgs(analysis, 7)].map((range) => ({ limit, ...range }));
  const results = inputs.map((input) => observed(ctx, 'query_top_events', input));
  const calls = inputs.filter((_, i) => !results[i]).map((input) => ({ name: 'query_top_events', input }));
  if (calls.length > 0) return callTools(...calls);
  const failed = results.find((r) => r?.isError);
  if (failed) return answer(toolFailedAnswer('the top events', errorText(failed)));
  const [now, before] = results.map((r) => ({ ranked: readTopEvents(r?.output), total: totalOf(r?.output) ?? 0 }));
  const label = periodLabel(analysis, 7);
  const otherLabel = analysis.compare?.label ?? 'the period before';
  if (now.ranked.length === 0) return answer(`No events were recorded ${label}.`);
  if (shouldDisplay(ctx, 'display_event_chart')) {
    return callTools({ name: 'display_event_chart', input: { title: capitalise(`Top events ${label}`), metric: 'events', ranking: now.ranked.map((e) => ({ event: e.event, count: e.count })) } });
  }
  const leader = now.ranked[0];
  const previous = before.ranked.find((e) => e.event === leader.event);
  const same = before.ranked[0]?.event === leader.event;
  const leaderText = previous
    ? `${leader.event} ${same ? 'led both periods' : 'led'}: ${formatNumber(leader.count)} ${label}, ${direction(leader.count, previous.count)} ${formatNumber(previous.count)} ${otherLabel}.`
    : `${leader.event} led with ${formatNumber(leader.count)} ${label}.`;
  const totals = `All events: ${formatNumber(now.total)}, ${direction(now.total, before.total)} ${formatNumber(before.total)}.`;
  return answer(`${leaderText} ${totals} Want the daily trend of ${leader.event} over both periods?`);
}
