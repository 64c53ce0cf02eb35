import { parseArgs } from 'node:util';
import { readConfig } from '../core/config.ts';
import { openStores } from '../core/stores/index.ts';
import { createProgressBar } from './seed/progress-bar.ts';
import { DEFAULT_EVENTS, seedWithMemberships } from './seed/index.ts';

const usage = `usage: node scripts/seed.ts [--seed N] [--clock ISO] [--events N | --scale K] [--users N] [--workspace ID] [--name NAME]
  --scale K   K million events (--scale 10 = 10,000,000)`;

/** A mistake on the command line: reported as one line with the usage. */
class UsageError extends Error {}

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new UsageError(`--${name} must be a non-negative number, got '${value}'\n${usage}`);
  return parsed;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      clock: { type: 'string' },
      events: { type: 'string' },
      scale: { type: 'string' },
      users: { type: 'string' },
      workspace: { type: 'string' },
      name: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const scale = integer('scale', values.scale);
  const events = integer('events', values.events) ?? (scale === undefined ? DEFAULT_EVENTS : Math.round(scale * DEFAULT_EVENTS));
  const now = values.clock ? new Date(values.clock) : new Date();
  if (Number.isNaN(now.getTime())) throw new UsageError(`--clock must be an ISO date, got '${values.clock}'\n${usage}`);

  const config = readConfig();
  const stores = await openStores(config);
  const bar = createProgressBar(process.stderr);
  try {
    const result = await seedWithMemberships(stores, {
      workspaceId: values.workspace,
      workspaceName: values.name,
      seed: integer('seed', values.seed),
      now,
      users: integer('users', values.users),
      events,
      onProgress: (progress) => bar.update(progress.events, progress.eventsTotal),
    });
    bar.finish();
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
    const memory = `${Math.round(process.resourceUsage().maxRSS / 1024)} MB`;
    console.log(
      `seeded ${result.workspaceId} at ${now.toISOString()}: ${result.users.toLocaleString('en-US')} users, ${result.events.toLocaleString('en-US')} events, ` +
        `${result.eventSchemas} event schemas, ${result.segments} segments, ${result.activations} activations (${config.dataDir}, ${stores.pg.kind} + ${stores.ch.kind})`,
    );
    console.log(
      `${Math.round(result.eventsPerSecond).toLocaleString('en-US')} events/s: ${seconds(result.elapsedMs)} total, ` +
        `${seconds(result.generationMs)} generating, ${seconds(result.insertMs)} in ClickHouse inserts (overlapping), peak RSS ${memory}`,
    );
    console.log(`write key of the Website source: ${result.writeKey}`);
  } finally {
    await stores.close();
  }
}

main().catch((error: unknown) => {
  const expected = error instanceof UsageError || (error instanceof Error && 'code' in error);
  console.error(expected ? (error as Error).message : error);
  process.exitCode = 1;
});
