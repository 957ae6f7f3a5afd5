// A progress line on stderr for long scans, only on a terminal (never in CI logs or with --quiet).

export function createProgress(enabled: boolean): { update: (done: number, total: number) => void; done: () => void } {
  const tty = enabled && process.stderr.isTTY === true && !process.env.CI;
  let last = 0;
  let shown = false;
  const started = Date.now();
  return {
    update(done, total) {
      if (!tty) return;
      const now = Date.now();
      if (now - started < 500 || (now - last < 100 && done !== total)) return;
      last = now;
      shown = true;
      process.stderr.write(`\r\x1b[Kscanning ${done}/${total} files`);
    },
    done() {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}
