import { resolve } from 'node:path';

/** Runtime configuration, read once from the environment (all optional; see `.env.example`). */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  clickhouse?: { url: string; username?: string; password?: string; database?: string };
  anthropicApiKey?: string;
  anthropicBaseUrl?: string;
  copilotModel?: string;
  /** The agent machine runs use unless a request names one (`COPILOT_MACHINE`, e.g. `react-reflect`). */
  copilotMachine?: string;
}

/** Reads the configuration from `env`; relative paths resolve against the current directory. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer between 0 and 65535, got '${env.PORT}'`);
  }
  return {
    port,
    host: env.HOST || '127.0.0.1',
    dataDir: resolve(env.SEGOPS_DATA_DIR || '.segops'),
    databaseUrl: env.DATABASE_URL || undefined,
    clickhouse: env.CLICKHOUSE_URL
      ? {
          url: env.CLICKHOUSE_URL,
          username: env.CLICKHOUSE_USER || undefined,
          password: env.CLICKHOUSE_PASSWORD || undefined,
          database: env.CLICKHOUSE_DATABASE || undefined,
        }
      : undefined,
    anthropicApiKey: env.ANTHROPIC_API_KEY || undefined,
    anthropicBaseUrl: env.ANTHROPIC_BASE_URL || undefined,
    copilotModel: env.COPILOT_MODEL || undefined,
    copilotMachine: env.COPILOT_MACHINE || undefined,
  };
}
