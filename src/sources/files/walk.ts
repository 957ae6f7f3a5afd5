// Finds the files a scan reads: named files as given, directories walked once. Skips .git,
// node_modules, .terraform and what .gitignore ignores (as git does: the deepest .gitignore that
// speaks decides, and a file git tracks is never ignored), follows no link out of the tree,
// reports link loops, and keeps only candidate files (JSON, YAML, templates, Terraform); their
// shape is decided later, by content.
import { readdirSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { UserError, describeFsError } from '../../util/errors.js';
import { indexPathOf, trackedPathsAbove, type TrackedPaths } from './git-index.js';

export interface FoundFile {
  /** Absolute path to read. */
  path: string;
  /** Path shown in reports: relative to the working directory, forward slashes. */
  display: string;
  explicit: boolean;
}

export interface WalkResult {
  files: FoundFile[];
  errors: UserError[];
  /** Passed over on purpose, for --verbose: [display path, reason]. */
  skipped: Array<[string, string]>;
  /** Files and directories a .gitignore left out. */
  ignoredByGitignore: number;
  /** Configuration files met in the walked trees (display paths): never read from there. */
  configFiles: string[];
}

export interface WalkOptions {
  cwd: string;
  /** Extra exclusion: returns true for a display path to skip. */
  excluded?: (display: string) => boolean;
  /** Honour .gitignore files (default true). */
  gitignore?: boolean;
  /** Names of configuration files to report when met. */
  configNames?: readonly string[];
}

// shell scripts, makefiles and Jenkins pipelines are read for the aws ecs commands they run
// (and JSON or YAML that a template engine renders: task-definition.json.j2, taskdef.json.tmpl);
// terragrunt.hcl units for the module they run with their inputs
const CANDIDATE = /(?:\.(?:json|ya?ml|template|cfn|tpl|tf|sh|bash|zsh|ksh|ps1|mk|groovy|jenkinsfile)|\.(?:json|ya?ml)\.(?:j2|jinja|jinja2|tmpl|gotmpl)|^(?:gnu)?makefile|^jenkinsfile(?:\.[^.]+)?|^terragrunt\.hcl)$/i;
// .terraform holds the providers and modules `terraform init` downloaded: not the repository's own
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules', '.terraform']);

export function displayPath(cwd: string, absolute: string): string {
  const rel = relative(cwd, absolute);
  return (rel === '' ? '.' : rel).split(sep).join('/');
}

export function findFiles(targets: string[], options: WalkOptions): WalkResult {
  const result: WalkResult = { files: [], errors: [], skipped: [], ignoredByGitignore: 0, configFiles: [] };
  const seen = new Set<string>();
  for (const target of targets) {
    const abs = resolve(options.cwd, target);
    const display = displayPath(options.cwd, abs);
    let st: Stats;
    try {
      st = statSync(abs);
    } catch (err) {
      result.errors.push(new UserError(describeFsError(err), display));
      continue;
    }
    if (st.isDirectory()) {
      walkDirectory(abs, options, result, seen);
    } else if (st.isFile()) {
      const real = safeRealpath(abs) ?? abs;
      if (!seen.has(real)) {
        seen.add(real);
        result.files.push({ path: abs, display, explicit: true });
      }
    } else {
      result.errors.push(new UserError('not a regular file or directory', display));
    }
  }
  return result;
}

interface GitIgnoreScope {
  base: string;
  rules: Ignore;
}

function walkDirectory(root: string, options: WalkOptions, result: WalkResult, seen: Set<string>): void {
  const rootReal = safeRealpath(root) ?? root;
  // Each pending directory carries the real paths of its ancestors, to tell a loop from a second
  // link to the same directory, and the .gitignore scopes above it.
  // display paths are built by concatenation: path.relative per file costs more than the read
  // `ignored`: a folder .gitignore ignores, walked only for the files git tracks in it
  const stack: Array<{ dir: string; display: string; real: string; ancestors: Set<string>; scopes: GitIgnoreScope[]; ignored?: boolean }> = [
    { dir: root, display: displayPath(options.cwd, root), real: rootReal, ancestors: new Set([rootReal]), scopes: [] },
  ];
  // the work tree's index, read the first time .gitignore would leave something out
  let tracked: TrackedPaths | undefined | null = null;
  const isTracked = (full: string, isDir: boolean): boolean => {
    if (tracked === null) tracked = trackedPathsAbove(root);
    const at = tracked ? indexPathOf(tracked, full) : undefined;
    return at !== undefined && (isDir ? tracked!.folders : tracked!.files).has(at);
  };
  const visitedDirs = new Set<string>([rootReal]);
  const counter = { budget: MAX_COUNTED_ENTRIES };
  const found: FoundFile[] = [];
  while (stack.length > 0) {
    const { dir, display: dirDisplay, ancestors, scopes: parentScopes, ignored: inIgnored } = stack.pop()!;
    const prefix = dirDisplay === '.' ? '' : dirDisplay + '/';
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      result.errors.push(new UserError(describeFsError(err), dirDisplay));
      continue;
    }
    let scopes = parentScopes;
    if (options.gitignore !== false && !inIgnored && entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      try {
        scopes = [...parentScopes, { base: dir, rules: ignore().add(readFileSync(join(dir, '.gitignore'), 'utf8')) }];
      } catch {
        // an unreadable .gitignore ignores nothing
      }
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (ALWAYS_SKIPPED.has(entry.name)) continue;
      const full = join(dir, entry.name);
      const display = prefix + entry.name;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      // in an ignored folder every entry is ignored but what git tracks
      const ignoredHere = inIgnored === true || isIgnored(scopes, full, isDir);
      const keptByGit = ignoredHere && (isDir || isFile) && isTracked(full, isDir);
      if (ignoredHere && !keptByGit) {
        result.skipped.push([display, 'ignored by .gitignore']);
        if (isDir) result.ignoredByGitignore += countCandidates(full, counter);
        else if (CANDIDATE.test(entry.name)) result.ignoredByGitignore++;
        continue;
      }
      if (isFile && options.configNames?.includes(entry.name)) result.configFiles.push(display);
      if (options.excluded?.(display)) {
        result.skipped.push([display, 'excluded by configuration']);
        continue;
      }
      let realFull = full;
      if (entry.isSymbolicLink()) {
        let target: Stats;
        try {
          target = statSync(full);
          realFull = realpathSync(full);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') result.skipped.push([display, 'broken symbolic link']);
          else result.errors.push(new UserError(describeFsError(err), display));
          continue;
        }
        if (realFull !== rootReal && !realFull.startsWith(rootReal + sep)) {
          result.skipped.push([display, 'symbolic link leads out of the scanned tree']);
          continue;
        }
        isDir = target.isDirectory();
        isFile = target.isFile();
        if (isDir && ancestors.has(realFull)) {
          result.errors.push(new UserError(`symbolic link loop: leads back to ${displayPath(options.cwd, realFull)}`, display));
          continue;
        }
      }
      if (isDir) {
        if (entry.isSymbolicLink()) {
          if (visitedDirs.has(realFull)) continue;
        }
        visitedDirs.add(realFull);
        stack.push({ dir: full, display, real: realFull, ancestors: new Set([...ancestors, realFull]), scopes, ...(ignoredHere ? { ignored: true } : {}) });
      } else if (isFile) {
        if (!CANDIDATE.test(entry.name)) continue;
        if (seen.has(realFull)) continue;
        seen.add(realFull);
        found.push({ path: full, display, explicit: false });
      } else if (CANDIDATE.test(entry.name)) {
        // a FIFO, socket or device under a scanned name is never opened: reading it could block or never end
        result.skipped.push([display, 'not a regular file']);
      }
    }
  }
  found.sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
  // one at a time: a spread of 150,000 arguments overflows the stack
  for (const f of found) result.files.push(f);
}

/** Directory entries read, in all, to count the candidate files ignored directories hold. */
const MAX_COUNTED_ENTRIES = 100_000;

/** Candidate files under an ignored directory (no links followed), within a budget of entries. */
function countCandidates(dir: string, counter: { budget: number }): number {
  let n = 0;
  const stack = [dir];
  while (stack.length > 0 && counter.budget > 0) {
    const current = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (--counter.budget <= 0) break;
      if (e.isDirectory() && !ALWAYS_SKIPPED.has(e.name)) stack.push(join(current, e.name));
      else if (e.isFile() && CANDIDATE.test(e.name)) n++;
    }
  }
  return n;
}

/** As git decides: the deepest .gitignore with a pattern that matches, ignoring or re-including (`!`). */
function isIgnored(scopes: GitIgnoreScope[], full: string, isDir: boolean): boolean {
  for (let i = scopes.length - 1; i >= 0; i--) {
    const scope = scopes[i]!;
    const rel = relative(scope.base, full).split(sep).join('/');
    if (!rel) continue;
    const verdict = scope.rules.test(isDir ? rel + '/' : rel);
    if (verdict.ignored) return true;
    if (verdict.unignored) return false;
  }
  return false;
}

export function safeRealpath(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}
