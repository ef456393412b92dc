export interface ProgressStream {
  isTTY?: boolean;
  write(chunk: string): unknown;
}

export interface ProgressBar {
  /** report progress: done of total */
  update(done: number, total: number): void;
  /** ends the bar's line (TTY) */
  finish(): void;
}

/**
 * A small text progress bar for the CLI. On a terminal it redraws one line
 * (`\r[#####.....] 45% 9000/20000`); otherwise (a log file, CI) it writes a line every 10%.
 */
export function createProgressBar(options: { stream?: ProgressStream; width?: number; label?: string } = {}): ProgressBar {
  const stream = options.stream ?? process.stderr;
  const width = options.width ?? 30;
  const label = options.label ? `${options.label} ` : '';
  let lastDecile = -1;
  let drawn = false;
  return {
    update(done: number, total: number): void {
      const ratio = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
      const percent = Math.floor(ratio * 100);
      const text = `${percent}% ${done}/${total}`;
      if (stream.isTTY) {
        const filled = Math.round(ratio * width);
        stream.write(`\r${label}[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}`);
        drawn = true;
        return;
      }
      const decile = Math.floor(percent / 10);
      if (decile > lastDecile) {
        lastDecile = decile;
        stream.write(`${label}${text}\n`);
      }
    },
    finish(): void {
      if (stream.isTTY && drawn) stream.write('\n');
      drawn = false;
    },
  };
}
