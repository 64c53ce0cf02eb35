/** Something a progress bar can draw on: stderr when it is a terminal. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/** A one-line progress bar redrawn in place; does nothing when `stream` is not a terminal or when CI is set. */
export function createProgressBar(stream: ProgressStream, env: NodeJS.ProcessEnv = process.env) {
  const enabled = Boolean(stream.isTTY) && !env.CI;
  const started = performance.now();
  let lastDraw = 0;
  return {
    /** Redraws the bar (at most ten times a second, always at completion). */
    update(done: number, total: number): void {
      const now = performance.now();
      if (!enabled || (now - lastDraw < 100 && done < total)) return;
      lastDraw = now;
      const ratio = total > 0 ? Math.min(1, done / total) : 1;
      const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 50));
      const filled = Math.round(ratio * width);
      const rate = done / Math.max(0.001, (now - started) / 1000);
      stream.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% ${done.toLocaleString('en-US')} events ${Math.round(rate).toLocaleString('en-US')}/s`,
      );
    },
    /** Ends the bar's line. */
    finish(): void {
      if (enabled) stream.write('\n');
    },
  };
}
