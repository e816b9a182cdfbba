/**
 * A progress bar for a terminal; silent when the stream is not a TTY (pipes, CI, files).
 */
export interface Progress {
  update(done: number, total: number): void;
  finish(): void;
}

export function createProgress(stream: NodeJS.WriteStream, label: string): Progress {
  if (!stream.isTTY) return { update() {}, finish() {} };
  let lastPct = -1;
  let lastDraw = 0;
  const width = 30;
  return {
    update(done, total) {
      const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
      const now = Date.now();
      if (pct === lastPct || (now - lastDraw < 50 && done < total)) return;
      lastPct = pct;
      lastDraw = now;
      const filled = Math.round((pct / 100) * width);
      stream.write(
        `\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(pct).padStart(3)}% ${done}/${total}`,
      );
    },
    finish() {
      if (lastPct >= 0) stream.write('\n');
    },
  };
}
