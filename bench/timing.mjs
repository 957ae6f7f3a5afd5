// What the benchmarks share: a command timed as a child process (wall time, process start
// included), and the median of repeated runs.
import { spawnSync } from 'node:child_process';

/** Runs a command in `cwd`; exit 0 or 1 (a scan with findings) is a good run, anything else throws. */
export function timed(cmd, args, { cwd, env = {} } = {}) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, ...env } });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, stdout: r.stdout };
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
