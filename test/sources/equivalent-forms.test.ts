// The same content written another way is the same verdict: every JSON and YAML fixture, with
// CRLF line endings, a byte-order mark, a leading comment, as YAML instead of JSON, minified, or
// with its keys in reverse order, gets exactly the findings, unknowns and errors it gets as
// written. A loader that decides by the text's look, not its content, fails here.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/engine/load-rules.js';
import { evaluateOne } from '../../src/engine/evaluate.js';
import type { Result } from '../../src/engine/results.js';
import { Inventory } from '../../src/inventory/inventory.js';
import { loadFile } from '../../src/sources/files/load-file.js';
import { DEFAULT_MAX_FILE_BYTES } from '../../src/documents/read-text.js';
import { ROOT, tempDir } from '../helpers.js';

const { rules } = loadRules([], ROOT);

function fixtures(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...fixtures(p));
    else if (/\.(json|ya?ml)$/.test(e.name)) out.push(p);
  }
  return out;
}

/** What a rule set says of a file, apart from passes: rule, status, message and its data; and how many errors. */
function verdicts(path: string, name: string): { errors: number; found: string[] } {
  const loaded = loadFile(path, name, { explicit: true, maxBytes: DEFAULT_MAX_FILE_BYTES });
  const inventory = new Inventory(loaded.resources);
  const results: Result[] = [];
  for (const r of loaded.resources) {
    for (const rule of rules) if (rule.resource === r.type) evaluateOne(rule, { severity: rule.severity, parameters: rule.parameters ?? {} }, r, inventory, results);
  }
  const found = results.filter((x) => x.status !== 'pass').map((x) => `${x.ruleId}|${x.status}|${x.resource.type}|${x.messageId ?? ''}|${JSON.stringify(x.data ?? {})}`);
  return { errors: loaded.errors.length, found: found.sort() };
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const reversed = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(reversed) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)])) : v;

/** JSON, JSON with template holes (`"privileged": @@PRIVILEGED@@`, not JSON to rewrite), or YAML. */
type Kind = 'json' | 'template' | 'yaml';

const FORMS: Array<[string, (text: string, kind: Kind) => { text: string; ext?: string } | undefined]> = [
  ['CRLF line endings', (t) => ({ text: t.replace(/\r?\n/g, '\r\n') })],
  ['a byte-order mark', (t) => ({ text: '\uFEFF' + t })],
  ['a leading comment', (t, kind) => (kind === 'yaml' ? { text: '# a comment\n' + t } : undefined)],
  ['YAML instead of JSON', (t, kind) => (kind === 'json' ? { text: stringify(JSON.parse(t)), ext: '.yaml' } : undefined)],
  ['minified', (t, kind) => (kind === 'json' ? { text: JSON.stringify(JSON.parse(t)) } : undefined)],
  ['keys in reverse order', (t, kind) => (kind === 'json' ? { text: JSON.stringify(reversed(JSON.parse(t)), null, 2) } : undefined)],
];

const files = [...fixtures(join(ROOT, 'fixtures/examples')), ...fixtures(join(ROOT, 'fixtures/inputs'))];

/**
 * Where a form of the file is written, with the files beside it that it is read with: an ECS CLI
 * parameters file's Compose file, in a folder of the same name (the project's name); a Copilot
 * manifest's env files, in a workspace's `copilot/<name>/` folder.
 */
function projectFolder(file: string, dir: string): string {
  const copilot = basename(dirname(dirname(file))) === 'copilot';
  if (!basename(file).startsWith('ecs-params') && !copilot) return dir;
  const folder = copilot ? join(dir, 'copilot', basename(dirname(file))) : join(dir, basename(dirname(file)));
  mkdirSync(folder, { recursive: true });
  for (const sibling of readdirSync(dirname(file), { withFileTypes: true })) {
    if (sibling.isFile() && sibling.name !== basename(file)) copyFileSync(join(dirname(file), sibling.name), join(folder, sibling.name));
  }
  return folder;
}

describe('equivalent forms of a file get the same verdicts', () => {
  const dir = tempDir();
  it.each(files.map((f) => [f.slice(ROOT.length + 1), f]))('%s', (_, file) => {
    const text = readFileSync(file, 'utf8');
    const kind: Kind = !file.endsWith('.json') ? 'yaml' : parses(text) ? 'json' : 'template';
    const name = basename(file);
    const base = verdicts(file, name);
    for (const [form, make] of FORMS) {
      const made = make(text, kind);
      if (!made) continue;
      // the same name, so what a finding calls the file (a RunTask input's) stays the same
      const rewritten = made.ext ? name.slice(0, -extname(name).length) + made.ext : name;
      const path = join(projectFolder(file, dir), rewritten);
      writeFileSync(path, made.text);
      const got = verdicts(path, rewritten);
      const same = (s: string) => s.split(rewritten).join(name);
      expect({ errors: got.errors, found: got.found.map(same) }, form).toEqual(base);
    }
  });
});
