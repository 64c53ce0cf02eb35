import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { openStores, type Stores } from '../stores/index.ts';
import { listRecentEvents } from './ingest-log.ts';
import { ingestService } from './ingest-service.ts';

const NODE = resolve('node_modules/.bin/node');
const SERVER = resolve('core/ingest/testing/ingest-server.ts');
const WS = 'ws_durable';
const KEY = 'durability-write-key';
const CLIENTS = 8;
const BATCH = 50;

const dataDir = mkdtempSync(join(tmpdir(), 'segops-durability-'));
let child: ChildProcess | undefined;
let stores: Stores | undefined;

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await stores?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function startServer(): Promise<{ child: ChildProcess; port: number }> {
  const proc = spawn(NODE, [SERVER, dataDir, WS, KEY], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolvePort, reject) => {
    proc.once('exit', (code) => reject(new Error(`ingest server exited (${code}) before listening: ${stderr}`)));
    createInterface({ input: proc.stdout! }).once('line', (line) => resolvePort({ child: proc, port: JSON.parse(line).port }));
  });
}

function batchOf(client: number, round: number) {
  return Array.from({ length: BATCH }, (_, i) => ({
    type: i % 10 === 0 ? 'identify' : 'track',
    messageId: `c${client}-r${round}-${i}`,
    userId: `user-${client}-${i % 7}`,
    event: 'Product Viewed',
    traits: { round },
    timestamp: new Date(Date.UTC(2025, 5, 1, 0, 0, round)).toISOString(),
  }));
}

describe('kill after acknowledgement', () => {
  it('keeps every acknowledged event exactly once when the process is SIGKILLed mid-stream', async () => {
    const server = await startServer();
    child = server.child;
    const exited = new Promise<void>((done) => child!.once('exit', () => done()));
    const acknowledged = new Set<string>();
    const sent: ReturnType<typeof batchOf>[] = [];
    let killed = false;
    let acks = 0;

    const client = async (id: number) => {
      for (let round = 0; !killed; round++) {
        const batch = batchOf(id, round);
        sent.push(batch);
        try {
          const response = await fetch(`http://127.0.0.1:${server.port}/v1/batch`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${KEY}:`).toString('base64')}` },
            body: JSON.stringify({ batch }),
          });
          if (response.status === 200) {
            await response.json();
            for (const message of batch) acknowledged.add(message.messageId);
            acks++;
          }
        } catch {
          return;
        }
      }
    };

    const clients = Array.from({ length: CLIENTS }, (_, id) => client(id));
    while (acks < 20) await new Promise((tick) => setTimeout(tick, 5));
    await new Promise((tick) => setTimeout(tick, Math.floor(Math.random() * 300)));
    killed = true;
    child.kill('SIGKILL');
    await exited;
    await Promise.all(clients);
    expect(acknowledged.size).toBeGreaterThanOrEqual(20 * BATCH);

    stores = await openStores({ dataDir });
    const counts = await stores.ch.query<{ message_id: string; n: number }>(
      'SELECT message_id, count() AS n FROM events WHERE workspace_id = {ws:String} GROUP BY message_id',
      { ws: WS },
    );
    const stored = new Map(counts.map((row) => [row.message_id, row.n]));
    const missing = [...acknowledged].filter((id) => stored.get(id) !== 1);
    expect(missing).toEqual([]);
    // The ingest log follows ClickHouse within a window; after the restart the repair puts back what the
    // kill left out, so the log's newest rows are the workspace's true newest events.
    const service = ingestService(stores);
    await service.repairLog(WS);
    const recent = await listRecentEvents(stores.pg, WS, 100);
    expect(recent.length).toBe(Math.min(100, counts.length));
    const oldestShown = Math.min(...recent.map((row) => new Date(row.received_at).getTime()));
    const newer = await stores.ch.query<{ message_id: string }>(
      'SELECT message_id FROM events WHERE workspace_id = {ws:String} AND received_at > {at:DateTime64(3)}',
      { ws: WS, at: new Date(oldestShown) },
    );
    const shown = new Set(recent.map((row) => row.message_id));
    expect(newer.map((row) => row.message_id).filter((id) => !shown.has(id))).toEqual([]);
    expect(recent.filter((row) => !stored.has(row.message_id))).toEqual([]);

    for (const batch of sent) await service.ingest(WS, { messages: batch });
    await service.close();
    const after = await stores.ch.query<{ total: number; distinct: number }>(
      'SELECT count() AS total, uniqExact(message_id) AS distinct FROM events WHERE workspace_id = {ws:String}',
      { ws: WS },
    );
    expect(after[0]).toEqual({ total: sent.length * BATCH, distinct: sent.length * BATCH });
  });
});
