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
  const named = joinList(events.slice(0, 5).map((e) => `${e.event} (${formatNumber(e.count)})`));
  const total = totalOf(result.output);
  const outOf = total !== undefined ? `, out of ${plural(total, 'event')} in total` : '';
  const led = events.length > 5 ? ' led by' : '';
  const lead = ascending ? `The least frequent events ${label} were${led}` : `The top events ${label} were${led}`;
  return answer(`${lead} ${named}${outOf}. Want the daily trend of ${events[0].event}?`);
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
  const next = events.length === 0 ? ' I can break this down with the top events if you like.' : '';
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
    const mix = joinList(ranked.slice(0, 3).map((e) => `${e.event} (${formatNumber(e.count)})`));
    return answer(`${lead}, mostly ${mix}. ${latestText}`.trim());
  }
  if (events.length === 0) return answer(`No ${event ? `${event} ` : ''}events have been ingested yet.`);
  const kinds = [...new Set(events.map((e) => e.event))].slice(0, 4);
  const count = analysis.count !== undefined ? ` ${analysis.count}` : '';
  return answer(`Here are the latest${count} ${event ? `${event} ` : ''}events. ${latestText}${kinds.length > 1 ? ` They include ${joinList(kinds)}.` : ''}`);
}
