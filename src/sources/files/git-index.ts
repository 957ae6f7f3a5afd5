// The paths git tracks in a work tree, read from its index file (`.git/index`), so that a walk
// never leaves out a file the repository holds because a .gitignore matches it: git ignores only
// untracked files, and a pull request can add a file with `git add -f` beside the .gitignore line
// that would hide it. Nothing is run; the index is only read, and one that does not parse counts
// as no index (a walk then honours .gitignore alone, as it does outside a repository).
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** Tracked paths relative to the work tree's root, forward slashes, and every folder above them. */
export interface TrackedPaths {
  /** The folder that holds `.git`. */
  root: string;
  files: ReadonlySet<string>;
  folders: ReadonlySet<string>;
}

/** An index bigger than this is not read (git's own for 1 million files is about 100 MB). */
const MAX_INDEX_BYTES = 256 * 1024 * 1024;

/**
 * The tracked paths of the work tree that holds `start` (the nearest folder at or above it with a
 * `.git` folder, or a `.git` file naming the git directory, as worktrees and submodules have), or
 * undefined where there is none or its index cannot be read.
 */
export function trackedPathsAbove(start: string): TrackedPaths | undefined {
  const tree = workTreeAbove(start);
  const paths = tree?.gitDir ? readIndexPaths(join(tree.gitDir, 'index')) : undefined;
  return tree && paths ? { root: tree.root, ...paths } : undefined;
}

/**
 * The nearest folder at or above `start` that holds `.git` (its work tree's root, what
 * Terragrunt's get_repo_root() names), with the git directory it stands for ('' when none).
 */
export function workTreeAbove(start: string): { root: string; gitDir: string } | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const gitDir = gitDirectoryIn(dir);
    if (gitDir !== undefined) return { root: dir, gitDir };
    if (dirname(dir) === dir) return undefined;
  }
}

/** The git directory `dir/.git` stands for; '' when `.git` is there but names none; undefined when absent. */
function gitDirectoryIn(dir: string): string | undefined {
  const dotGit = join(dir, '.git');
  let st;
  try {
    st = statSync(dotGit);
  } catch {
    return undefined;
  }
  if (st.isDirectory()) return dotGit;
  if (!st.isFile() || st.size > 4096) return '';
  try {
    const line = /^gitdir: *([^\r\n]+)/.exec(readFileSync(dotGit, 'utf8'));
    if (!line) return '';
    const named = line[1]!.trim();
    return isAbsolute(named) ? named : join(dir, named);
  } catch {
    return '';
  }
}

function readIndexPaths(file: string): { files: Set<string>; folders: Set<string> } | undefined {
  let bytes: Buffer;
  try {
    // non-blocking, and only a regular file: an index that is a pipe would wait for a writer
    const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const st = fstatSync(fd);
      const size = st.size;
      if (!st.isFile() || size > MAX_INDEX_BYTES || size < 12) return undefined;
      bytes = Buffer.allocUnsafe(size);
      let read = 0;
      while (read < size) {
        const n = readSync(fd, bytes, read, size - read, read);
        if (n === 0) return undefined;
        read += n;
      }
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  // SHA-1 repositories name objects in 20 bytes, SHA-256 ones in 32: the one that parses is right
  const paths = parseIndex(bytes, 20) ?? parseIndex(bytes, 32);
  if (!paths) return undefined;
  const folders = new Set<string>();
  for (const p of paths) {
    for (let slash = p.lastIndexOf('/'); slash > 0; slash = p.lastIndexOf('/', slash - 1)) {
      const folder = p.slice(0, slash);
      if (folders.has(folder)) break;
      folders.add(folder);
    }
  }
  return { files: paths, folders };
}

/**
 * The entries' paths of an index (versions 2 to 4, git's `index-format`), or undefined when the
 * bytes are not one with this object id length: every length and offset is checked.
 */
export function parseIndex(b: Buffer, idLength: number): Set<string> | undefined {
  if (b.length < 12 || b.toString('latin1', 0, 4) !== 'DIRC') return undefined;
  const version = b.readUInt32BE(4);
  if (version < 2 || version > 4) return undefined;
  const count = b.readUInt32BE(8);
  const fixed = 40 + idLength + 2;
  // every entry takes at least its fixed part and a NUL
  if (count > (b.length - 12) / (version === 4 ? fixed + 1 : fixed + 2)) return undefined;
  const paths = new Set<string>();
  let at = 12;
  let previous = Buffer.alloc(0);
  for (let i = 0; i < count; i++) {
    const start = at;
    if (at + fixed > b.length) return undefined;
    const flags = b.readUInt16BE(at + fixed - 2);
    at += fixed;
    if (flags & 0x4000) {
      // extended flags: version 3 and later only
      if (version < 3 || at + 2 > b.length) return undefined;
      at += 2;
    }
    let path: string;
    if (version === 4) {
      // the number of bytes to drop from the previous path (git's offset varint), then a suffix
      let c = b[at++];
      if (c === undefined) return undefined;
      let strip = c & 0x7f;
      while (c & 0x80) {
        c = b[at++];
        if (c === undefined || strip > 0xfffff) return undefined;
        strip = ((strip + 1) << 7) | (c & 0x7f);
      }
      const end = b.indexOf(0, at);
      if (end < 0) return undefined;
      if (strip > previous.length) return undefined;
      previous = Buffer.concat([previous.subarray(0, previous.length - strip), b.subarray(at, end)]);
      path = previous.toString('utf8');
      at = end + 1;
    } else {
      const end = b.indexOf(0, at);
      if (end < 0) return undefined;
      path = b.toString('utf8', at, end);
      // NULs pad the entry to a multiple of eight bytes, at least one
      at = start + ((end - start + 8) & ~7);
      if (at > b.length) return undefined;
    }
    // the flags' low 12 bits are the path's length in bytes (0xfff when it is longer)
    const length = Buffer.byteLength(path, 'utf8');
    if (path === '' || path.startsWith('/') || (flags & 0xfff) !== Math.min(length, 0xfff)) return undefined;
    // a sparse index keeps a folder it did not check out as one entry, its path ending in '/'
    paths.add(path.endsWith('/') ? path.slice(0, -1) : path);
  }
  // then extensions (a signature and a length each) and the checksum, one object id long
  while (at + idLength < b.length) {
    if (at + 8 > b.length - idLength) return undefined;
    at += 8 + b.readUInt32BE(at + 4);
  }
  return at + idLength === b.length ? paths : undefined;
}

/** The path of `full` as the index writes it, or undefined when it is outside the work tree. */
export function indexPathOf(tracked: TrackedPaths, full: string): string | undefined {
  const rel = relative(tracked.root, full);
  if (rel === '' || rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel)) return undefined;
  return sep === '/' ? rel : rel.split(sep).join('/');
}
