#!/usr/bin/env node
// Benchmark (not a test): `ecsguard scan` over N generated Terraform modules (a folder each:
// main.tf with a task definition in jsonencode, locals and variables; iam.tf with the execution
// role, a policy document and an attachment) against the JSON floor (one node process that reads
// and JSON.parses N task definitions with the same containers) and against ecsguard on those
// JSON files. Issue 10 asks for 1,000 modules.
// Usage: node bench/terraform-modules.mjs [N] [runs]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, timed } from './timing.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.argv[2] ?? 1_000);
const RUNS = Number(process.argv[3] ?? 5);
const work = join(root, 'bench/.work', `tf-${N}`);
const bin = join(root, 'bin/ecsguard.cjs');

let seed = 7;
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);

function containers(i) {
  return Array.from({ length: 1 + Math.floor(rand() * 3) }, (_, j) => ({
    name: `c${j}`,
    image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/svc-${i}:1.0.${j}`,
    memory: 512,
    essential: j === 0,
    readonlyRootFilesystem: rand() < 0.7,
    environment: [
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'DB_HOST', value: `db-${i}.internal` },
      ...(rand() < 0.15 ? [{ name: 'DB_PASSWORD', value: `pw-${i}-${j}-${Math.floor(rand() * 1e9)}` }] : []),
    ],
    secrets: [{ name: 'API_KEY', valueFrom: `arn:aws:ssm:us-east-1:123456789012:parameter/svc-${i}/api-key` }],
    logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': `/ecs/svc-${i}`, 'awslogs-region': 'us-east-1', ...(rand() < 0.8 ? { 'awslogs-stream-prefix': `c${j}` } : {}) } },
  }));
}

/** A JSON value as HCL (object keys quoted where they are not identifiers). */
function hcl(v, indent = '') {
  const next = indent + '  ';
  if (Array.isArray(v)) return v.length === 0 ? '[]' : `[\n${v.map((x) => next + hcl(x, next)).join(',\n')},\n${indent}]`;
  if (v && typeof v === 'object') {
    const keys = Object.keys(v);
    return `{\n${keys.map((k) => `${next}${/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? k : JSON.stringify(k)} = ${hcl(v[k], next)}`).join('\n')}\n${indent}}`;
  }
  return JSON.stringify(v);
}

function generate() {
  if (existsSync(join(work, '.done'))) return;
  rmSync(work, { recursive: true, force: true });
  for (let i = 0; i < N; i++) {
    const cs = containers(i);
    const tf = join(work, 'tf', `svc-${i}`);
    const json = join(work, 'json');
    mkdirSync(tf, { recursive: true });
    mkdirSync(json, { recursive: true });
    writeFileSync(join(tf, 'variables.tf'), `variable "region" {\n  default = "us-east-1"\n}\n\nvariable "cpu" {\n  default = 1024\n}\n`);
    writeFileSync(join(tf, 'main.tf'), `locals {\n  family = "svc-${i}"\n}\n\nresource "aws_ecs_task_definition" "this" {\n  family                   = local.family\n  requires_compatibilities = ["FARGATE"]\n  network_mode             = "awsvpc"\n  cpu                      = var.cpu\n  memory                   = 2048\n  execution_role_arn       = aws_iam_role.execution.arn\n  task_role_arn            = aws_iam_role.task.arn\n  container_definitions    = jsonencode(${hcl(cs, '  ')})\n}\n`);
    writeFileSync(join(tf, 'iam.tf'), `resource "aws_iam_role" "execution" {\n  name = "svc-${i}-exec"\n}\n\nresource "aws_iam_role" "task" {\n  name = "svc-${i}-task"\n}\n\ndata "aws_iam_policy_document" "execution" {\n  statement {\n    actions   = ["ssm:GetParameters"]\n    resources = [${rand() < 0.3 ? '"*"' : `"arn:aws:ssm:us-east-1:123456789012:parameter/svc-${i}/*"`}]\n  }\n}\n\nresource "aws_iam_role_policy" "execution" {\n  role   = aws_iam_role.execution.id\n  policy = data.aws_iam_policy_document.execution.json\n}\n`);
    writeFileSync(join(json, `svc-${i}.json`), JSON.stringify({ family: `svc-${i}`, requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', cpu: '1024', memory: '2048', executionRoleArn: `arn:aws:iam::123456789012:role/svc-${i}-exec`, taskRoleArn: `arn:aws:iam::123456789012:role/svc-${i}-task`, containerDefinitions: cs }, null, 2));
  }
  writeFileSync(join(work, '.done'), '');
}

const FLOOR = `
const fs = require('node:fs'), path = require('node:path');
let n = 0;
for (const f of fs.readdirSync(process.argv[1])) { JSON.parse(fs.readFileSync(path.join(process.argv[1], f), 'utf8')); n++; }
process.stdout.write(String(n));`;

const run = (cmd, args) => timed(cmd, args, { cwd: root });

generate();
execFileSync(process.execPath, ['-e', '0']);
const floor = [];
const jsonScan = [];
const tfScan = [];
let summary;
for (let k = 0; k < RUNS; k++) {
  floor.push(run(process.execPath, ['-e', FLOOR, join(work, 'json')]).ms);
  jsonScan.push(run(process.execPath, [bin, 'scan', join(work, 'json'), '--no-config', '--quiet', '--format', 'json', '--output', '/dev/null']).ms);
  const t = run(process.execPath, [bin, 'scan', join(work, 'tf'), '--no-config', '--format', 'json']);
  tfScan.push(t.ms);
  summary ??= JSON.parse(t.stdout).summary;
}
const f = median(floor);
const j = median(jsonScan);
const t = median(tfScan);
console.log(`terraform modules: ${N} (${summary.filesScanned} .tf files, ${summary.resources} resources, ${summary.results.fail} failing findings, ${summary.errors} errors), ${RUNS} runs, medians`);
console.log(`  JSON floor (read + JSON.parse of ${N} task definitions): ${f.toFixed(0)} ms`);
console.log(`  ecsguard on the ${N} JSON task definitions:            ${j.toFixed(0)} ms  (${(j / f).toFixed(1)}x the floor)`);
console.log(`  ecsguard on the ${N} Terraform modules:                ${t.toFixed(0)} ms  (${(t / f).toFixed(1)}x the floor, ${(t / j).toFixed(1)}x the JSON scan, ${((t - f) / N).toFixed(2)} ms a module above the floor)`);
