#!/usr/bin/env node
// Benchmark (not a test): times `ecsguard scan` over N generated task definitions next to the
// floor, one node process that only walks the same directory, reads and JSON.parses each file,
// in text, JSON and SARIF (FORMATS=text,json,sarif), with each scan's peak RSS.
// Usage: node bench/scan-throughput.mjs [N] [runs]    one size (default 10,000 files, 5 runs)
//        node bench/scan-throughput.mjs all [runs]    1,000, 10,000 and 50,000 files (50,000: 1 run),
//                                                     then issue 11's targets, each met or not
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, timed } from './timing.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ALL = process.argv[2] === 'all';
const RUNS = Number(process.argv[3] ?? 5);
const bin = join(root, 'bin/ecsguard.cjs');

// Deterministic variety: three file shapes, 1-4 containers, secrets and lookalikes, log setups.
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
function container(i, j) {
  const env = [
    { name: 'SPRING_PROFILES_ACTIVE', value: pick(['prod', 'staging', 'dev']) },
    { name: 'TOKEN_TTL_SECONDS', value: String(60 + Math.floor(rand() * 3600)) },
    { name: 'DB_HOST', value: `db-${i}.internal` },
  ];
  if (rand() < 0.15) env.push({ name: 'DB_PASSWORD', value: `pw-${i}-${j}-${Math.floor(rand() * 1e9)}` });
  if (rand() < 0.05) env.push({ name: 'UPLOAD', value: 'AKIAQYLPMN5HHHFPZAM2' });
  const options = { 'awslogs-group': `/ecs/svc-${i}`, 'awslogs-region': 'us-east-1' };
  if (rand() < 0.8) options['awslogs-stream-prefix'] = `c${j}`;
  return {
    name: `c${j}`,
    image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/svc-${i}:${1 + Math.floor(rand() * 9)}.0.${j}`,
    cpu: 256,
    memory: 512,
    essential: j === 0,
    portMappings: [{ containerPort: 8080 + j, protocol: 'tcp' }],
    environment: env,
    secrets: rand() < 0.5 ? [{ name: 'API_KEY', valueFrom: `arn:aws:ssm:us-east-1:123456789012:parameter/svc-${i}/api-key` }] : [],
    command: rand() < 0.3 ? ['./server', '--port', String(8080 + j), '--log-level', 'info'] : undefined,
    logConfiguration: rand() < 0.9 ? { logDriver: 'awslogs', options } : { logDriver: 'json-file', options: {} },
    dockerLabels: { 'com.example.team': pick(['a', 'b', 'c']), 'com.example.service': `svc-${i}` },
  };
}
function generate(N, work) {
  if (existsSync(join(work, '.done'))) return;
  rmSync(work, { recursive: true, force: true });
  seed = 42;
  for (let i = 0; i < N; i++) {
    const containers = Array.from({ length: 1 + Math.floor(rand() * 4) }, (_, j) => container(i, j));
    const td = { family: `svc-${i}`, executionRoleArn: `arn:aws:iam::123456789012:role/svc-${i}-exec`, networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '1024', memory: '2048', containerDefinitions: containers };
    const shape = i % 10;
    const body = shape < 7 ? td : shape < 9 ? { taskDefinition: { ...td, taskDefinitionArn: `arn:aws:ecs:us-east-1:123456789012:task-definition/svc-${i}:3`, revision: 3, status: 'ACTIVE' }, tags: [] } : containers;
    const dir = join(work, `team-${i % 50}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `svc-${i}.json`), JSON.stringify(body, null, 2));
  }
  writeFileSync(join(work, '.done'), '');
}

const FLOOR = `
const fs = require('node:fs'), path = require('node:path');
const stack = [process.argv[1]]; let n = 0;
while (stack.length) { const d = stack.pop();
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) stack.push(p); else if (e.name.endsWith('.json')) { JSON.parse(fs.readFileSync(p, 'utf8')); n++; }
  } }
process.stdout.write(String(n));`;

const time = (cmd, args, env = {}) => timed(cmd, args, { cwd: root, env }).ms;

// Peak RSS of a scan: a preloaded probe writes the process's maxRSS (KiB) where RSS_OUT says.
const probe = join(root, 'bench/.work/rss-probe.cjs');
const rssOut = join(root, 'bench/.work/rss.txt');
function scan(work, format) {
  const out = join(root, `bench/.work/out.${format}`);
  const ms = time(process.execPath, ['-r', probe, bin, 'scan', work, '--no-config', '--quiet', '--format', format, '--output', out], { RSS_OUT: rssOut });
  return { ms, rssMb: Number(readFileSync(rssOut, 'utf8')) / 1024 };
}

const FORMATS = (process.env.FORMATS ?? 'text,json,sarif').split(',');

/** One size: the floor and each format, medians of `runs`; prints them and returns them. */
function measure(N, runs) {
  const work = join(root, 'bench/.work', `tds-${N}`);
  generate(N, work);
  // one untimed pass, so the floor and the scans all read the files from the page cache
  time(process.execPath, ['-e', FLOOR, work]);
  const floor = [];
  const times = Object.fromEntries(FORMATS.map((f) => [f, []]));
  for (let r = 0; r < runs; r++) {
    floor.push(time(process.execPath, ['-e', FLOOR, work]));
    for (const format of FORMATS) times[format].push(scan(work, format));
  }
  const f = median(floor);
  console.log(`task definitions: ${N} (${runs} runs, medians, wall time including process start)`);
  console.log(`floor (walk + read + JSON.parse):   ${f.toFixed(0)} ms  (${(f / N * 1000).toFixed(0)} us a file)`);
  const formats = {};
  for (const format of FORMATS) {
    const ms = median(times[format].map((x) => x.ms));
    const rss = Math.max(...times[format].map((x) => x.rssMb));
    formats[format] = { ms, rss, ratio: ms / f, perFile: (ms / N) * 1000 };
    console.log(`ecsguard scan --format ${format.padEnd(6)} ${ms.toFixed(0).padStart(7)} ms  (${(ms / f).toFixed(2)}x the floor, ${(ms / N * 1000).toFixed(0)} us a file, peak RSS ${rss.toFixed(0)} MB)`);
  }
  return { N, floor: f, formats };
}

mkdirSync(join(root, 'bench/.work'), { recursive: true });
writeFileSync(probe, "process.on('exit', () => require('node:fs').writeFileSync(process.env.RSS_OUT, String(process.resourceUsage().maxRSS)));\n");
execFileSync(process.execPath, ['-e', '0']);
if (!ALL) {
  measure(Number(process.argv[2] ?? 10_000), RUNS);
} else {
  const [small, mid, large] = [measure(1_000, RUNS), measure(10_000, RUNS), measure(50_000, 1)];
  const verdict = (ok) => (ok ? 'met' : 'NOT met');
  console.log('issue 11 targets:');
  for (const format of FORMATS) {
    const m = mid.formats[format];
    const l = large.formats[format];
    // flat: a file at 50,000 costs no more than at 10,000 (1,000 is mostly process start-up)
    const flat = l.perFile <= m.perFile * 1.1;
    console.log(`  ${format.padEnd(6)} <= 3x the floor at 10,000: ${m.ratio.toFixed(2)}x ${verdict(m.ratio <= 3)}; 50,000 under 600 MB: ${l.rss.toFixed(0)} MB ${verdict(l.rss < 600)}; cost a file flat (${small.formats[format].perFile.toFixed(0)} / ${m.perFile.toFixed(0)} / ${l.perFile.toFixed(0)} us): ${verdict(flat)}`);
  }
}
