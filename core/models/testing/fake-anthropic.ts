import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toSse, type AnthropicStreamEvent } from './anthropic-stream.ts';

/** A request the fake received: its parsed body (model, system, messages, tools…) and how it authenticated. */
export interface FakeRequest {
  index: number;
  body: {
    model: string;
    system?: unknown;
    messages: Array<{ role: string; content: unknown }>;
    tools?: Array<{ name: string; [field: string]: unknown }>;
    [field: string]: unknown;
  };
  headers: IncomingHttpHeaders;
  auth: 'x-api-key' | 'bearer';
}

/**
 * How the fake answers one request: a stream (raw SSE text or events), optionally cut off after `cutAfter`
 * SSE frames, or an error status (429, 529, …) with an Anthropic error body.
 */
export type FakeReply =
  | { sse: string; cutAfter?: number }
  | { events: AnthropicStreamEvent[]; cutAfter?: number }
  | { status: number; errorType?: string; message?: string; headers?: Record<string, string> };

/** Replies in order, or a function that picks the reply from the request (e.g. from its messages or tools). */
export type FakeScript = FakeReply[] | ((request: FakeRequest) => FakeReply | Promise<FakeReply>);

/** A running fake of the Anthropic Messages API. */
export interface FakeAnthropic {
  /** The base URL to give the SDK (`baseURL` or `ANTHROPIC_BASE_URL`). */
  url: string;
  requests: FakeRequest[];
  close(): Promise<void>;
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

/**
 * Starts a local HTTP server speaking the Messages streaming protocol on `POST /v1/messages`. It accepts
 * `x-api-key` and `Authorization: Bearer` and refuses a request with neither (401).
 */
export async function startFakeAnthropic(options: { script: FakeScript }): Promise<FakeAnthropic> {
  const requests: FakeRequest[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || !req.url?.startsWith('/v1/messages')) {
      return sendError(res, { status: 404, message: `The fake serves POST /v1/messages, not ${req.method} ${req.url}.` });
    }
    const auth = req.headers['x-api-key'] ? 'x-api-key' : /^Bearer \S+/.test(req.headers.authorization ?? '') ? 'bearer' : undefined;
    if (auth === undefined) return sendError(res, { status: 401, message: 'Send x-api-key or Authorization: Bearer.' });
    const request: FakeRequest = { index: requests.length, body: JSON.parse(Buffer.concat(chunks).toString('utf8')), headers: req.headers, auth };
    requests.push(request);
    const reply =
      typeof options.script === 'function'
        ? await options.script(request)
        : (options.script[request.index] ?? { status: 500, message: `The fake's script has no reply for request ${request.index}.` });
    if ('status' in reply) return sendError(res, reply);
    const sse = 'sse' in reply ? reply.sse : toSse(reply.events);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': `req_fake_${request.index}` });
    if (reply.cutAfter === undefined) return void res.end(sse);
    const frames = sse.split('\n\n').filter(Boolean).slice(0, reply.cutAfter);
    res.write(frames.map((frame) => `${frame}\n\n`).join(''), () => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function sendError(res: ServerResponse, reply: { status: number; errorType?: string; message?: string; headers?: Record<string, string> }): void {
  const type = reply.errorType ?? ERROR_TYPES[reply.status] ?? 'api_error';
  res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
  res.end(JSON.stringify({ type: 'error', error: { type, message: reply.message ?? type } }));
}
