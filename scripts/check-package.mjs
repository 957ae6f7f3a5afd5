#!/usr/bin/env node
// Packs ecsguard as npm would publish it, installs the tarball into empty directories (as a
// dependency and globally) with no dev dependencies and no build step, and runs it there: the
// package must start, scan and report. Run by .ci/run after the tests; prints the tarball's size.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const work = mkdtempSync(join(tmpdir(), 'ecsguard-package-'));
const npm = (args, cwd) => execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
const fail = (message) => {
  process.stderr.write(`check-package: ${message}\n`);
  process.exitCode = 1;
};

try {
  const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', work], root));
  const tarball = join(work, packed.filename);
  const files = packed.files.map((f) => f.path);
  for (const required of ['LICENSE', 'README.md', 'bin/ecsguard.cjs', 'dist/bundle/ecsguard.cjs', 'dist/bundle/ecsguard.cjs.cache', 'dist/generated/builtin-rules.json', 'rules/schema.json', 'policies/ecsguard-readonly.json']) {
    if (!files.includes(required)) fail(`the tarball lacks ${required}`);
  }
  const stray = files.filter((f) => /^(test|fixtures|bench|src|scripts|\.ci)\//.test(f));
  if (stray.length) fail(`the tarball holds files users do not need: ${stray.slice(0, 5).join(', ')}`);

  const app = join(work, 'app');
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'check-ecsguard', version: '1.0.0', private: true }));
  npm(['install', tarball, '--omit=dev', '--prefer-offline'], app);
  for (const dev of ['typescript', 'vitest']) if (existsSync(join(app, 'node_modules', dev))) fail(`installing the package pulled in the dev dependency ${dev}`);
  copyFileSync(join(root, 'fixtures/examples/ecs-cli/shop-web.json'), join(app, 'taskdef.json'));
  // a Terraform module: the HCL parser's WebAssembly must ship and load from the installed package
  execFileSync('mkdir', ['-p', join(app, 'infra')]);
  writeFileSync(join(app, 'infra', 'main.tf'), 'resource "aws_ecs_task_definition" "app" {\n  family = "app"\n  container_definitions = jsonencode([{ name = "app", image = "app:1", privileged = true }])\n}\n');

  const global = join(work, 'global');
  npm(['install', '-g', tarball, '--prefix', global, '--prefer-offline'], work);

  const runs = [
    ['npx ecsguard --version', 'npx', ['--no-install', 'ecsguard', '--version'], app],
    ['global ecsguard --version', join(global, 'bin', 'ecsguard'), ['--version'], work],
  ];
  for (const [label, cmd, args, cwd] of runs) {
    const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
    if (r.status !== 0 || r.stdout.trim() !== version) fail(`${label} printed ${JSON.stringify(r.stdout.trim())} (exit ${r.status}): ${r.stderr.trim()}`);
  }
  const scan = spawnSync(join(app, 'node_modules', '.bin', 'ecsguard'), ['scan', 'taskdef.json', '--format', 'json'], { cwd: app, encoding: 'utf8' });
  let report;
  try {
    report = JSON.parse(scan.stdout);
  } catch {
    fail(`the installed scan printed no JSON report (exit ${scan.status}): ${scan.stderr.trim()}`);
  }
  if (report && (scan.status !== 1 || report.summary.results.fail === 0)) fail(`the installed scan found nothing (exit ${scan.status})`);
  const tf = spawnSync(join(app, 'node_modules', '.bin', 'ecsguard'), ['scan', 'infra', '--format', 'json'], { cwd: app, encoding: 'utf8' });
  let tfReport;
  try {
    tfReport = JSON.parse(tf.stdout);
  } catch {
    fail(`the installed scan of a Terraform module printed no JSON report (exit ${tf.status}): ${tf.stderr.trim()}`);
  }
  if (tfReport && !tfReport.results.some((r) => r.ruleId === 'ecs-no-privileged' && r.status === 'fail' && r.location.line === 3)) fail(`the installed scan of a Terraform module missed its privileged container (exit ${tf.status})`);
  // a live command loads the AWS SDK from the installed dependencies (loopback, nothing listens)
  const live = spawnSync(join(app, 'node_modules', '.bin', 'ecsguard'), ['collect', '--region', 'eu-west-1', '--out', 'snap.json', '--endpoint-url', 'http://127.0.0.1:9', '--timeout', '2'], {
    cwd: app,
    encoding: 'utf8',
    env: { ...process.env, AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'test', AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
  });
  if (/Cannot find module|internal error/i.test(live.stderr) || live.stderr.split('\n').filter(Boolean).length !== 1) fail(`the installed live command did not run: ${live.stderr.trim()}`);
  if (process.exitCode !== 1) {
    console.log(`check-package: ${packed.filename}: ${(packed.size / 1024).toFixed(0)} KiB packed, ${(packed.unpackedSize / 1024).toFixed(0)} KiB unpacked, ${files.length} files; installs and runs from an empty directory (npx and global)`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
