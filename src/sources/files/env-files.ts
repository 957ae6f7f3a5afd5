// Env files a deployment tool reads into a container's environment (ecs-cli's and Compose's
// `env_file`, Copilot's `env_file`): `KEY=value` lines, read from the repository being scanned.
// A scanned file names them, so they are read only inside the folder the tool reads them from
// (after following links, so a link cannot lead outside it), as regular files, each once, and
// within a budget of variables in all.
import { lstatSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { readText } from '../../documents/read-text.js';

/** An env file's variables, each at its line. */
export interface EnvFile {
  display: string;
  entries: Array<{ name: string; value: string; line: number }>;
}

/** Reads an env file a scanned file names (relative to the tool's folder), or says why it was not read. */
export type EnvFileReader = (path: string) => EnvFile | { missing: string };

/** The env file variables one project may bring in, in all: beyond, they are unknown. */
const MAX_ENV_FILE_VARIABLES = 100_000;

/**
 * A reader of the env files under `folder` (shown in messages as `shownFolder`, which ends in a
 * slash or is empty), for one project: every file is read at most once, and the variables of all
 * the files it reads count against one budget.
 */
export function envFileReader(folder: string, shownFolder: string, maxBytes: number, budget = MAX_ENV_FILE_VARIABLES): EnvFileReader {
  const read = new Map<string, EnvFile | { missing: string }>();
  const root = resolve(folder);
  let realRoot: string | undefined;
  const counted = (got: EnvFile | { missing: string }) => ('missing' in got || (budget -= got.entries.length) >= 0 ? got : { missing: 'the project names more env file variables than ecsguard reads' });
  return (path) => {
    const full = resolve(root, path);
    if (isAbsolute(path) || !full.startsWith(root + sep)) return { missing: 'it is outside the project folder' };
    const known = read.get(full);
    if (known) return counted(known);
    let got: EnvFile | { missing: string };
    try {
      realRoot ??= realpathSync(root);
      if (!lstatSync(full).isFile()) got = { missing: 'it is not a regular file' };
      else if (!realpathSync(full).startsWith(realRoot + sep)) got = { missing: 'it is outside the project folder' };
      else {
        const display = shownFolder + relative(root, full).split(sep).join('/');
        const text = readText(full, display, maxBytes);
        got = text.ok ? { display, entries: parseEnvFile(text.text) } : { missing: text.error.message };
      }
    } catch {
      got = { missing: 'it is not in the scanned files' };
    }
    read.set(full, got);
    return counted(got);
  };
}

/** `KEY=value` lines of an env file (blank lines and `#` comments skipped; a quoted value unquoted), with their lines. */
export function parseEnvFile(text: string): Array<{ name: string; value: string; line: number }> {
  const out: Array<{ name: string; value: string; line: number }> = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '').trim();
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    if (eq <= 0) return;
    let value = line.slice(eq + 1).trim();
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value[value.length - 1] === value[0]) value = value.slice(1, -1);
    out.push({ name: line.slice(0, eq).trim().replace(/^export\s+/, ''), value, line: i + 1 });
  });
  return out;
}
