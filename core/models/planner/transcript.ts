import type { ModelRequest } from '../model.ts';
import { isIsoDate, newestDate } from './calendar.ts';

/** One tool call the planner made and what came back. */
export interface Observation {
  id: string;
  name: string;
  input: Record<string, unknown>;
  /** The parsed JSON output (or the raw text when it is not JSON); undefined while no result is in. */
  output: unknown;
  isError: boolean;
  /** The raw result text, for error messages. */
  raw: string;
}

/** What the planner knows at one step, all read from the request: it keeps no state between calls. */
export interface Conversation {
  /** The user's question of the current turn. */
  question: string;
  /** The user's earlier questions, oldest first. */
  earlier: string[];
  /** Tool calls of the current turn, in order. */
  observations: Observation[];
  /** Tool calls of the whole conversation, oldest first (the current turn's last). */
  all: Observation[];
  /** Today's date: from the system prompt, else the newest date in the tool results, else the fallback. */
  today: string;
  /** Names of the tools the model may call. */
  tools: Set<string>;
  /** Assistant messages so far, to number tool-call ids uniquely. */
  assistantTurns: number;
}

const TODAY_LINE = /\btoday(?:'s date)?\s*(?:is|:|=)\s*(\d{4}-\d{2}-\d{2})/i;

/** Reads today's date from a system prompt line like `Today is 2026-11-25.`. */
function todayFromSystem(system: string): string | undefined {
  const date = TODAY_LINE.exec(system)?.[1];
  return date && isIsoDate(date) ? date : undefined;
}

function parseOutput(content: string): unknown {
  try {
    return JSON.parse(content);
  } catch {
    return content;
  }
}

/**
 * Splits a request's transcript into turns (a turn starts at a user message with text) and pairs every
 * tool call with its result.
 */
export function readConversation(request: ModelRequest, fallbackToday: () => string): Conversation {
  const questions: string[] = [];
  const answers: string[] = [];
  let answer = '';
  const all: Observation[] = [];
  const byId = new Map<string, Observation>();
  let turnStart = 0;
  let assistantTurns = 0;
  for (const message of request.messages) {
    if (message.role === 'assistant') assistantTurns++;
    for (const block of message.content) {
      if (block.type === 'text' && message.role === 'assistant') {
        answer = block.text;
      } else if (block.type === 'text' && message.role === 'user' && block.text.trim()) {
        if (questions.length > 0) answers.push(answer);
        answer = '';
        questions.push(acceptedOffer(block.text.trim(), answers.at(-1), questions.at(-1)));
        turnStart = all.length;
      } else if (block.type === 'tool_use') {
        const input = block.input && typeof block.input === 'object' ? (block.input as Record<string, unknown>) : {};
        const observation: Observation = { id: block.id, name: block.name, input, output: undefined, isError: false, raw: '' };
        all.push(observation);
        byId.set(block.id, observation);
      } else if (block.type === 'tool_result') {
        const observation = byId.get(block.tool_use_id);
        if (observation) {
          observation.raw = block.content;
          observation.output = parseOutput(block.content);
          observation.isError = block.is_error === true;
        }
      }
    }
  }
  const today = todayFromSystem(request.system) ?? newestDate(all.map((o) => o.raw)) ?? fallbackToday();
  return {
    question: questions.at(-1) ?? '',
    earlier: questions.slice(0, -1),
    observations: all.slice(turnStart),
    all,
    today,
    tools: new Set(request.tools.map((t) => t.name)),
    assistantTurns,
  };
}

/** The latest successful result of a tool in the current turn, or undefined. */
export function latest(conversation: Conversation, name: string): Observation | undefined {
  return conversation.observations.findLast((o) => o.name === name && o.output !== undefined);
}

/** The latest successful result of a tool anywhere in the conversation (current turn first), or undefined. */
export function latestEver(conversation: Conversation, name: string): Observation | undefined {
  return latest(conversation, name) ?? conversation.all.findLast((o) => o.name === name && !o.isError && o.output !== undefined);
}

/** A short readable error text from a failed tool result. */
export function errorText(observation: Observation): string {
  const output = observation.output;
  if (output && typeof output === 'object') {
    const o = output as Record<string, unknown>;
    const text = o.message ?? o.error ?? o.content;
    if (typeof text === 'string') return text;
  }
  const text = typeof output === 'string' ? output : observation.raw;
  return text.length > 240 ? `${text.slice(0, 237)}...` : text;
}

/** "yes", "sure, please", "go ahead": the user accepts what the previous answer offered. */
const AFFIRMATION = /^(?:yes|yeah|yep|yup|sure|ok(?:ay)?|please(?: do)?|go ahead|do it|sounds good|absolutely|of course|why not)\b[\s,.!]*(?:please|thanks|thank you|do it|go ahead)?[\s.!]*$/i;

/**
 * A plain "yes" to an answer that ended with an offer ("Want the daily trend of Page Viewed?") is read as
 * that offer, so the planner does what it proposed; an offer that says "it" or "its" keeps the question
 * it followed as context.
 */
function acceptedOffer(question: string, previousAnswer: string | undefined, previousQuestion: string | undefined): string {
  if (!AFFIRMATION.test(question) || !previousAnswer) return question;
  const offer = /(?:^|[.!?]\s+)((?:want|would you like|shall i|should i)\b[^?]*)\?\s*$/i.exec(previousAnswer)?.[1];
  if (!offer) return question;
  const request = offer.replace(/^(?:want|would you like|shall i|should i)\s+(?:to\s+)?(?:see\s+|show\s+(?:you\s+)?)?/i, 'show me ');
  return /\b(?:it|its|them|their|that)\b/i.test(request) && previousQuestion ? `${previousQuestion} ${request}` : request;
}
