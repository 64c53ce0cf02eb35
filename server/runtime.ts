import type { Logger } from 'pino';
import type { Config } from '../core/config.ts';
import { DEFAULT_MACHINE, shippedMachines, type MachineRegistry } from '../core/agent/index.ts';
import { onSegmentRefreshed } from '../core/activations/index.ts';
import { ingestService, type IngestService } from '../core/ingest/index.ts';
import { claudeModel, type Model } from '../core/models/index.ts';
import type { Registry } from '../core/registry/index.ts';
import { plannerModel } from '../core/models/planner/index.ts';
import { startSegmentScheduler, type SegmentScheduler } from '../core/segments/index.ts';
import type { Stores } from '../core/stores/index.ts';
import { copilotSystemPrompt, createCopilotRegistry } from '../tools/index.ts';
import { CopilotService } from './copilot/copilot-service.ts';

/** The long-lived services of one server process. */
export interface Runtime {
  copilot: CopilotService;
  ingest: IngestService;
  scheduler?: SegmentScheduler;
  close(): Promise<void>;
}

/** What a runtime may be built with beyond the configuration (tests pass a model, a clock, no scheduler). */
export interface RuntimeOptions {
  model?: Model;
  clock?: () => Date;
  /** The machines a request may choose; the shipped ones by default. */
  machines?: MachineRegistry;
  /** The machine runs use when a request names none; else `COPILOT_MACHINE`, else 'react'. */
  defaultMachine?: string;
  /** Refresh interval of active segments; 0 disables the scheduler. */
  segmentRefreshMs?: number;
  limits?: { maxSteps?: number; deadlineMs?: number; toolTimeoutMs?: number };
  /** The tools; the 12 copilot tools by default. */
  registry?: Registry;
}

/** The copilot's model: Claude when a key is set, the offline planner otherwise. */
export function chooseModel(config: Pick<Config, 'anthropicApiKey' | 'anthropicBaseUrl' | 'copilotModel'>): Model {
  if (config.anthropicApiKey) {
    return claudeModel({ apiKey: config.anthropicApiKey, baseURL: config.anthropicBaseUrl, model: config.copilotModel });
  }
  return plannerModel();
}

/** A COPILOT_MACHINE (or `defaultMachine`) that names no machine: the server refuses to start. */
export class UnknownDefaultMachineError extends Error {
  constructor(name: string, known: readonly string[]) {
    super(`COPILOT_MACHINE='${name}' is not a machine; set it to one of ${known.join(', ')} (or leave it unset for '${DEFAULT_MACHINE}').`);
    this.name = 'UnknownDefaultMachineError';
  }
}

/** The machine runs use when a request names none: `defaultMachine`, else COPILOT_MACHINE, else 'react'. */
export function chooseDefaultMachine(
  config: Pick<Config, 'copilotMachine'>,
  machines: MachineRegistry = shippedMachines,
  defaultMachine = config.copilotMachine ?? DEFAULT_MACHINE,
): string {
  if (!machines.has(defaultMachine)) throw new UnknownDefaultMachineError(defaultMachine, machines.names());
  return defaultMachine;
}

/**
 * Builds the services: copilot (model, tools, machines), ingestion, and the segment scheduler. Throws an
 * `UnknownDefaultMachineError` when the default machine is not one of the machines.
 */
export function createRuntime(config: Config, stores: Stores, logger: Logger, options: RuntimeOptions = {}): Runtime {
  const clock = options.clock ?? (() => new Date());
  const machines = options.machines ?? shippedMachines;
  const defaultMachine = chooseDefaultMachine(config, machines, options.defaultMachine);
  const copilot = new CopilotService({
    stores,
    logger,
    model: options.model ?? chooseModel(config),
    registry: options.registry ?? createCopilotRegistry(),
    machines,
    defaultMachine,
    systemPrompt: (workspace) => copilotSystemPrompt({ name: workspace.name, today: workspace.today }),
    clock,
    limits: options.limits,
  });
  const ingest = ingestService(stores, { onError: (err) => logger.error({ err }, 'ingest log prune failed') });
  const refreshMs = options.segmentRefreshMs ?? 15 * 60_000;
  const scheduler =
    refreshMs > 0
      ? startSegmentScheduler(stores, {
          intervalMs: refreshMs,
          now: clock,
          logger,
          onRefreshed: ({ workspaceId, segmentId, result }) =>
            onSegmentRefreshed(stores, workspaceId, segmentId, result).then(
              () => undefined,
              (err) => logger.error({ err, segmentId }, 'activation delivery failed'),
            ),
        })
      : undefined;
  return {
    copilot,
    ingest,
    scheduler,
    async close() {
      await scheduler?.stop();
      await ingest.close();
    },
  };
}
