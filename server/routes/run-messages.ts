import type { Context } from 'koa';
import type { CopilotService } from '../copilot/copilot-service.ts';

/**
 * GET /api/copilot/runs/:id/messages: the transcript messages the run stored, in order, so the inspector can
 * show what each model step was sent. Another workspace's run is NOT_FOUND.
 */
export function runMessagesRoute(copilot: CopilotService): (ctx: Context) => Promise<void> {
  return async (ctx) => {
    const runId = ctx.params.id as string;
    ctx.body = { runId, messages: await copilot.runMessages(ctx.state.workspaceId, runId) };
  };
}
