// Shared test helpers: temporary directories, running the real CLI, loading fixtures.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { loadFile, type FileLoadResult } from '../src/sources/files/load-file.js';
import { DEFAULT_MAX_FILE_BYTES } from '../src/documents/read-text.js';

export const ROOT = resolve(import.meta.dirname, '..');
export const BIN = join(ROOT, 'bin/ecsguard.cjs');
/** Options that scan with the fixture rule set instead of the shipped rules (fixtures/test-rules). */
export const FIXTURE_RULES = ['--no-builtin-rules', '--rules', join(ROOT, 'fixtures/test-rules')];

const created: string[] = [];

/** Removes the directories tempDir made (test/setup.ts calls it after each file). */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) {
    try {
      chmodSync(dir, 0o755);
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // best effort: the OS cleans its temporary directory too
    }
  }
}

export function tempDir(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'ecsguard-test-'));
  created.push(dir);
  for (const [name, content] of Object.entries(files)) {
    const p = join(dir, name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return dir;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], cwd = ROOT, env: Record<string, string> = {}): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true', ...env }, timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Like runCli, without blocking the event loop: for tests whose AWS endpoint runs in-process. */
export function runCliAsync(args: string[], cwd = ROOT, env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, CI: 'true', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** Loads a file as a directory scan (explicit: false) or as a named file would be. */
export function load(path: string, explicit = true, display = path): FileLoadResult {
  return loadFile(resolve(ROOT, path), display, { explicit, maxBytes: DEFAULT_MAX_FILE_BYTES });
}

/** 1-based line number of the first line containing `needle` in `text` (after `from`). */
export function lineOf(text: string, needle: string, from = 1): number {
  const lines = text.split('\n');
  for (let i = from - 1; i < lines.length; i++) if (lines[i]!.includes(needle)) return i + 1;
  throw new Error(`"${needle}" not found`);
}
