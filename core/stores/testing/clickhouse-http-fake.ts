import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Session } from 'chdb';

/** A running fake ClickHouse HTTP endpoint. */
export interface FakeClickHouse {
  url: string;
  /** Requests seen, for assertions (method, query text, parameter names). */
  requests: Array<{ method: string; query: string; params: string[] }>;
  close(): Promise<void>;
}

/** Options of the fake: `failNext` answers the next N requests with a ClickHouse exception. */
export interface FakeClickHouseOptions {
  dataDir: string;
  username?: string;
  password?: string;
}

const IGNORED = new Set(['query_id', 'database', 'session_id', 'role', 'query', 'default_format', 'enable_http_compression', 'wait_end_of_query']);
const INSERT = /^\s*INSERT\s+INTO\s+([A-Za-z0-9_.]+)\s*(?:\(([^)]*)\))?\s*FORMAT\s+JSONEachRow\s*$/i;

/**
 * A local HTTP endpoint backed by chDB that answers the subset of ClickHouse's HTTP interface
 * that `@clickhouse/client` uses: `GET /ping`, queries with `param_*` parameters and settings in
 * the URL, inserts with FORMAT JSONEachRow, Basic auth, and exceptions in ClickHouse's own format.
 * Test support only: the product talks to real ClickHouse servers.
 */
export async function startFakeClickHouse(options: FakeClickHouseOptions): Promise<FakeClickHouse> {
  const session = new Session(options.dataDir);
  const requests: FakeClickHouse['requests'] = [];
  let chain: Promise<unknown> = Promise.resolve();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/ping') {
      res.end('Ok.\n');
      return;
    }
    if (!authorized(req, options)) {
      res.writeHead(516, { 'X-ClickHouse-Exception-Code': '516' });
      res.end('Code: 516. DB::Exception: default: Authentication failed: password is incorrect, or there is no user with such name. (AUTHENTICATION_FAILED) (version 26.7.1)\n');
      return;
    }
    const task = readBody(req).then(async (body) => {
      const { query, data } = url.searchParams.has('query')
        ? { query: url.searchParams.get('query') ?? '', data: body }
        : { query: body.toString('utf8'), data: undefined };
      const params: Record<string, string> = {};
      const settings: string[] = [];
      const types = declaredTypes(query);
      for (const [key, value] of url.searchParams) {
        if (key.startsWith('param_')) params[key.slice(6)] = toChdbParam(value, types.get(key.slice(6)) ?? 'String');
        else if (!IGNORED.has(key) && /^[a-z0-9_]+$/.test(key)) settings.push(`${key} = ${quoteSetting(value)}`);
      }
      requests.push({ method: req.method ?? 'GET', query, params: Object.keys(params) });
      try {
        if (settings.length > 0) await session.queryAsync(`SET ${settings.join(', ')}`);
        const insert = INSERT.exec(query);
        if (insert && data) {
          const columns = insert[2]?.split(',').map((column) => column.trim());
          await session.insert({ table: insert[1], columns, values: data, format: 'JSONEachRow' });
          res.writeHead(200, { 'Content-Type': 'text/plain' }).end();
          return;
        }
        const result = Object.keys(params).length > 0
          ? await session.queryBindAsync(query, params, { format: 'TabSeparated' })
          : await session.queryAsync(query, { format: 'TabSeparated' });
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=UTF-8' }).end(Buffer.from(result.bytes()));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const code = /Code: (\d+)/.exec(message)?.[1] ?? '1000';
        const text = message.startsWith('Code:') ? message : `Code: ${code}. DB::Exception: ${message} (UNKNOWN_EXCEPTION)`;
        res.writeHead(500, { 'X-ClickHouse-Exception-Code': code, 'Content-Type': 'text/plain' });
        res.end(`${text} (version 26.7.1)\n`);
      }
    });
    chain = chain.then(() => task, () => task);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await chain.catch(() => {});
      session.close();
    },
  };
}

function authorized(req: IncomingMessage, options: FakeClickHouseOptions): boolean {
  if (!options.username) return true;
  const header = req.headers.authorization ?? '';
  const expected = `Basic ${Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64')}`;
  return header === expected;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function declaredTypes(query: string): Map<string, string> {
  const types = new Map<string, string>();
  for (const match of query.matchAll(/\{([A-Za-z0-9_]+):([^}]+)\}/g)) types.set(match[1], match[2].trim());
  return types;
}

const TSV_ESCAPES: Record<string, string> = { '\\': '\\', '0': '\0', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * Parameters arrive over HTTP in ClickHouse's Escaped form; chDB takes raw values and escapes
 * them itself (backslash and control characters, not quotes). Undo the transport escaping so that
 * chDB's escaping restores it; an escaped quote becomes `'` in a plain string and `''` inside the
 * quoted elements of an Array, Tuple or Map (both spell a quote to ClickHouse).
 */
function toChdbParam(value: string, type: string): string {
  const quoted = /^(Nullable\(|LowCardinality\()*(Array|Tuple|Map)\(/.test(type);
  return value.replace(/\\([\\0bfnrt'])/g, (_, c: string) => (c === "'" ? (quoted ? "''" : "'") : TSV_ESCAPES[c]));
}

function quoteSetting(value: string): string {
  return /^-?\d+(\.\d+)?$/.test(value) ? value : `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
