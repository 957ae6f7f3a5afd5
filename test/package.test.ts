// The package as npm publishes it: metadata a registry and users need, and one pinned version of
// the AWS SDK (scripts/check-package.mjs, run by CI, installs the tarball and runs it).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const pkg = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8'));
const lock = JSON.parse(readFileSync(`${ROOT}/package-lock.json`, 'utf8'));

describe('package.json', () => {
  it('is publishable: not private, with a files list, bin, engines for Node 20, licence and a build before packing', () => {
    expect(pkg.private).toBeUndefined();
    expect(pkg.files).toEqual(['bin/', 'dist/bundle/', 'dist/generated/builtin-rules.json', 'dist/generated/tree-sitter-hcl.wasm', 'dist/generated/web-tree-sitter.wasm', 'rules/', 'schemas/', 'policies/', 'README.md', 'LICENSE']);
    expect(pkg.bin).toEqual({ ecsguard: 'bin/ecsguard.cjs' });
    expect(pkg.engines.node).toBe('>=20');
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(`${ROOT}/LICENSE`, 'utf8')).toMatch(/^MIT License/);
    expect(pkg.scripts.prepack).toBe('node scripts/build.mjs');
    expect(pkg.repository.url).toMatch(/^git\+https:\/\//);
    expect(pkg.keywords).toContain('ecs');
  });
  it('pins every AWS SDK package to one exact version, and the lockfile holds that one only', () => {
    const sdk = Object.entries(pkg.dependencies as Record<string, string>).filter(([name]) => name.startsWith('@aws-sdk/'));
    const versions = new Set(sdk.map(([, v]) => v));
    expect(versions.size).toBe(1);
    const [version] = versions;
    expect(version).toMatch(/^[0-9]+\.[0-9]+\.[0-9]+$/);
    const locked = Object.entries(lock.packages as Record<string, { version: string }>).filter(([path]) => /node_modules\/@aws-sdk\/(client-[a-z0-9-]+|credential-providers)$/.test(path));
    expect(locked.length).toBeGreaterThanOrEqual(sdk.length);
    for (const [path, entry] of locked) expect([path, entry.version]).toEqual([path, version]);
  });
});
