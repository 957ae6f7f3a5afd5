// A directory scan leaves out what git would: the deepest .gitignore that speaks decides, and a
// file git tracks is scanned whatever a .gitignore says (a pull request can `git add -f` a task
// definition beside the .gitignore line that would hide it). The index is read, git is not run
// by the scanner; these tests use git only to write real indexes.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findFiles } from '../../src/sources/files/walk.js';
import { parseIndex, trackedPathsAbove } from '../../src/sources/files/git-index.js';
import { runCli, tempDir } from '../helpers.js';
import { mkfifoSync } from './fifo.js';

const SECRET = 'Tracked-Secret-8841';
const td = (family: string) => JSON.stringify({ family, containerDefinitions: [{ name: 'app', image: 'nginx:1.27', environment: [{ name: 'DB_PASSWORD', value: SECRET }] }] });

// an empty file of its own, not /dev/null: on a machine where that is a regular file, git reads it
let emptyConfig: string | undefined;

function git(dir: string, ...args: string[]): void {
  // the repository is the test's own: nothing from the environment or the user's configuration
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GIT_')));
  try {
    execFileSync('git', ['-c', 'init.defaultBranch=main', ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...env, GIT_CONFIG_GLOBAL: (emptyConfig ??= join(tempDir({ 'empty.gitconfig': '' }), 'empty.gitconfig')), GIT_CONFIG_NOSYSTEM: '1' } });
  } catch (err) {
    const stderr = String((err as { stderr?: Buffer }).stderr ?? '');
    throw new Error(`git ${args.join(' ')} failed in ${dir}: ${stderr.trim()}`);
  }
}

const walked = (dir: string) => findFiles(['.'], { cwd: dir }).files.map((f) => f.display);

/** A repository that ignores *.json and deploy/, with some of them added anyway. */
function repository(format: 'sha1' | 'sha256' = 'sha1'): string {
  const dir = tempDir({
    '.gitignore': '*.json\ndeploy/\n',
    'forced.json': td('forced'),
    'untracked.json': td('untracked'),
    'deploy/task.json': td('deploy'),
    'deploy/scratch.json': td('scratch'),
    'deploy/nested/service.yaml': 'x: 1\n',
  });
  git(dir, 'init', '-q', `--object-format=${format}`);
  git(dir, 'add', '.gitignore');
  git(dir, 'add', '-f', 'forced.json', 'deploy/task.json');
  return dir;
}

describe('.gitignore as git reads it', () => {
  it('a deeper .gitignore re-includes what a shallower one ignores', () => {
    const dir = tempDir({ '.gitignore': '*.json\n', 'a.json': td('a'), 'sub/.gitignore': '!td.json\n', 'sub/td.json': td('sub'), 'sub/other.json': td('other') });
    expect(walked(dir)).toEqual(['sub/td.json']);
  });
  it('a file ignored by a deeper .gitignore is left out though a shallower one re-includes it', () => {
    const dir = tempDir({ '.gitignore': '!*.json\n', 'sub/.gitignore': 'td.json\n', 'sub/td.json': td('sub'), 'b.json': td('b') });
    expect(walked(dir)).toEqual(['b.json']);
  });
});

describe('files git tracks are scanned whatever .gitignore says', () => {
  it('a forced file, and a tracked file in an ignored folder, are walked; untracked ones are not', () => {
    const dir = repository();
    const walk = findFiles(['.'], { cwd: dir });
    expect(walk.files.map((f) => f.display)).toEqual(['deploy/task.json', 'forced.json']);
    expect(walk.ignoredByGitignore).toBe(3);
    expect(walk.skipped).toEqual(expect.arrayContaining([['untracked.json', 'ignored by .gitignore'], ['deploy/scratch.json', 'ignored by .gitignore'], ['deploy/nested', 'ignored by .gitignore']]));
  });
  it('the gate fails on them, and never prints the secret', () => {
    const dir = repository();
    const r = runCli(['scan', '.', '--no-config', '--format', 'json'], dir);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    const failed = report.results.filter((x: any) => x.ruleId === 'ecs-no-plaintext-secrets' && x.status === 'fail').map((x: any) => x.location.file);
    expect(failed.sort()).toEqual(['deploy/task.json', 'forced.json']);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });
  it('reads index versions 2, 3 (extended flags) and 4 (compressed paths), and SHA-256 repositories', () => {
    for (const format of ['sha1', 'sha256'] as const) {
      const dir = repository(format);
      const check = (version: number, expected: string[]) => {
        expect(readFileSync(join(dir, '.git/index')).readUInt32BE(4)).toBe(version);
        expect([format, version, walked(dir)]).toEqual([format, version, expected]);
      };
      check(2, ['deploy/task.json', 'forced.json']);
      // an intent-to-add entry has extended flags, which make the index version 3
      writeFileSync(join(dir, 'intent.json'), td('intent'));
      git(dir, 'add', '-f', '-N', 'intent.json');
      check(3, ['deploy/task.json', 'forced.json', 'intent.json']);
      git(dir, 'update-index', '--index-version', '4');
      check(4, ['deploy/task.json', 'forced.json', 'intent.json']);
    }
  });
  it('a worktree, whose .git is a file naming its git directory, is read through it', () => {
    const dir = repository();
    git(dir, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'x');
    const tree = join(tempDir(), 'tree');
    git(dir, 'worktree', 'add', '-q', tree);
    expect(readFileSync(join(tree, '.git'), 'utf8')).toMatch(/^gitdir: /);
    expect(walked(tree)).toEqual(['deploy/task.json', 'forced.json']);
  });
  it('an index that does not parse counts as none: .gitignore alone decides, and nothing throws', () => {
    const dir = repository();
    const index = readFileSync(join(dir, '.git/index'));
    for (const broken of [index.subarray(0, index.length - 7), Buffer.concat([index.subarray(0, 40), Buffer.alloc(30, 0xff)]), Buffer.from('DIRC\0\0\0\x02\xff\xff\xff\xff', 'latin1')]) {
      writeFileSync(join(dir, '.git/index'), broken);
      expect(trackedPathsAbove(dir)).toBeUndefined();
      expect(walked(dir)).toEqual([]);
    }
    // the same bytes read as the other object id length are not an index
    expect(parseIndex(index, 32)).toBeUndefined();
    expect([...parseIndex(index, 20)!].sort()).toEqual(['.gitignore', 'deploy/task.json', 'forced.json']);
  });
  it('an index that is a named pipe is not waited on', () => {
    const dir = tempDir({ '.gitignore': '*.json\n', 'a.json': td('a'), 'gitdir/HEAD': 'ref: refs/heads/main\n', '.git': 'gitdir: gitdir\n' });
    mkfifoSync(join(dir, 'gitdir/index'));
    expect(trackedPathsAbove(dir)).toBeUndefined();
    expect(walked(dir)).toEqual([]);
  });

  it('outside a repository .gitignore decides alone', () => {
    const dir = tempDir({ '.gitignore': '*.json\n', 'a.json': td('a'), 'b.yaml': 'x: 1\n' });
    expect(trackedPathsAbove(dir)).toBeUndefined();
    expect(walked(dir)).toEqual(['b.yaml']);
  });
});
