// Terraform HCL modules: every form container_definitions and policies are written in, with the
// exact place of what a rule reads; references across a module's files and into local modules;
// count and for_each; and hostile HCL.
import { realpathSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHclParser } from '../../src/documents/hcl-syntax.js';
import { DEFAULT_MAX_FILE_BYTES } from '../../src/documents/read-text.js';
import { loadTerraformModule, MAX_TERRAFORM_FILE_BYTES, TerraformModules, type ModuleLoadResult } from '../../src/sources/files/terraform-hcl/module.js';
import { registryModuleKind } from '../../src/sources/files/terraform-hcl/registry-modules.js';
import { pureFunction } from '../../src/sources/files/terraform-hcl/functions.js';
import type { Resource } from '../../src/inventory/resource.js';
import { isComputed, describeComputed } from '../../src/inventory/computed.js';
import type { JsonValue } from '../../src/util/json.js';
import { FIXTURE_RULES, lineOf, runCli, tempDir } from '../helpers.js';

beforeAll(async () => {
  await loadHclParser();
});

function loadModule(files: Record<string, string>, folder = '.'): ModuleLoadResult & { dir: string } {
  const dir = realpathSync(tempDir(files));
  const modules = new TerraformModules({ maxBytes: DEFAULT_MAX_FILE_BYTES, roots: [dir], display: (p) => relative(dir, p).split('\\').join('/') });
  return { ...loadTerraformModule(modules.folderFiles(join(dir, folder)), modules), dir };
}

function one(result: ModuleLoadResult, id: string): Resource {
  const r = result.resources.find((x) => x.id === id);
  if (!r) throw new Error(`${id} not among ${result.resources.map((x) => x.id).join(', ')}`);
  return r;
}

/** file:line:column of a pointer into a resource's data. */
function at(r: Resource, pointer: string): string {
  const p = r.origin.locate(pointer);
  return `${p.file ?? r.origin.file}:${p.line}:${p.column}`;
}

function get(value: JsonValue | undefined, pointer: string): JsonValue | undefined {
  let v = value;
  for (const seg of pointer.split('/').slice(1)) v = Array.isArray(v) ? v[Number(seg)] : v && typeof v === 'object' ? (v as Record<string, JsonValue>)[seg] : undefined;
  return v;
}

const TD = (body: string) => `resource "aws_ecs_task_definition" "app" {\n  family = "app"\n${body}\n}\n`;

describe('container_definitions in every form', () => {
  it('jsonencode of HCL objects: each member at its own line', () => {
    const tf = TD(`  container_definitions = jsonencode([
    {
      name       = "app"
      image      = "nginx"
      privileged = true
      environment = [
        { name = "DB_PASSWORD", value = "hunter2-hunter2" },
      ]
    }
  ])`);
    const r = one(loadModule({ 'main.tf': tf }), 'aws_ecs_task_definition.app');
    expect(get(r.data, '/containerDefinitions/0/privileged')).toBe(true);
    expect(at(r, '/containerDefinitions/0/privileged')).toBe(`main.tf:${lineOf(tf, 'privileged')}:7`);
    expect(at(r, '/containerDefinitions/0/environment/0/value')).toBe(`main.tf:${lineOf(tf, 'DB_PASSWORD')}:33`);
    // an environment built by a for expression points at the map entry that holds the value
    const env = `${TD('  container_definitions = jsonencode([{ name = "app", environment = [for k, v in local.env : { name = k, value = v }] }])')}locals {\n  env = {\n    LOG_LEVEL   = "info"\n    DB_PASSWORD = "hunter2-hunter2"\n  }\n}\n`;
    const e = one(loadModule({ 'main.tf': env }), 'aws_ecs_task_definition.app');
    expect(get(e.data, '/containerDefinitions/0/environment/0')).toEqual({ name: 'DB_PASSWORD', value: 'hunter2-hunter2' });
    expect(at(e, '/containerDefinitions/0/environment/0/value')).toBe(`main.tf:${lineOf(env, 'DB_PASSWORD =')}:5`);
    expect(at(r, '/containerDefinitions/0')).toBe(`main.tf:${lineOf(tf, '    {')}:5`);
  });

  it('a jsonencode inside container_definitions is JSON text, as Terraform writes it, at its line', () => {
    const tf = `variable "host" {}\n${TD(`  container_definitions = jsonencode([{
    name  = "app"
    image = "nginx"
    environment = [
      { name = "CONFIG", value = jsonencode({ level = "info", ports = [80, 443] }) },
      { name = "DB", value = jsonencode({ host = var.host }) },
    ]
    dockerLabels = { nested = jsonencode([jsonencode("x")]) }
  }])`)}`;
    const m = loadModule({ 'main.tf': tf });
    expect(m.errors).toEqual([]);
    const r = one(m, 'aws_ecs_task_definition.app');
    expect(get(r.data, '/containerDefinitions/0/environment/0/value')).toBe('{"level":"info","ports":[80,443]}');
    expect(at(r, '/containerDefinitions/0/environment/0/value')).toBe(`main.tf:${lineOf(tf, 'CONFIG')}:26`);
    expect(describeComputed(get(r.data, '/containerDefinitions/0/environment/1/value')!)).toBe('a value known only after terraform apply (jsonencode(…))');
    expect(get(r.data, '/containerDefinitions/0/dockerLabels/nested')).toBe('["\\"x\\""]');
  });

  it('a heredoc of JSON: lines inside it, unknown interpolations as deploy-time values', () => {
    const tf = TD(`  container_definitions = <<-EOF
    [
      {
        "name": "app",
        "image": "\${var.image}",
        "privileged": true,
        "environment": [{ "name": "TOKEN", "value": "\${var.token}" }, { "name": "PORT", "value": "\${local.port}" }]
      }
    ]
  EOF`) + 'locals {\n  port = 8080\n}\n';
    const r = one(loadModule({ 'main.tf': tf }), 'aws_ecs_task_definition.app');
    expect(at(r, '/containerDefinitions/0/privileged')).toBe(`main.tf:${lineOf(tf, '"privileged"')}:9`);
    expect(isComputed(get(r.data, '/containerDefinitions/0/image'))).toBe(true);
    expect(describeComputed(get(r.data, '/containerDefinitions/0/environment/0/value')!)).toContain('var.token');
    expect(get(r.data, '/containerDefinitions/0/environment/1/value')).toBe('8080');
  });

  it('container fields in any case are the fields AWS reads (the provider decodes them as Go does), at their own lines', () => {
    const tf = TD(`  container_definitions = jsonencode([{
    Name        = "app"
    PRIVILEGED  = false
    Privileged  = true
    Environment = [{ Name = "DB_PASSWORD", Value = "hunter2-hunter2" }]
    DockerLabels = { Owner = "team" }
  }])`);
    const r = one(loadModule({ 'main.tf': tf }), 'aws_ecs_task_definition.app');
    // of two spellings of one field the last counts; labels' keys are data and stay as written
    expect(r.data.containerDefinitions).toEqual([{ name: 'app', privileged: true, environment: [{ name: 'DB_PASSWORD', value: 'hunter2-hunter2' }], dockerLabels: { Owner: 'team' } }]);
    expect(at(r, '/containerDefinitions/0/privileged')).toBe(`main.tf:${lineOf(tf, 'Privileged  =')}:5`);
    expect(at(r, '/containerDefinitions/0/environment/0/value')).toBe(`main.tf:${lineOf(tf, 'Environment')}:44`);
    // the long s folds to s in Go: "ſecrets" is secrets; snake_case is no field at all
    const h = one(loadModule({ 'main.tf': TD('  container_definitions = <<EOF\n[{"name": "app", "\u017fecrets": [{"name": "A", "valueFrom": "x"}], "log_configuration": {"logDriver": "awslogs"}}]\nEOF') }), 'aws_ecs_task_definition.app');
    expect(h.data.containerDefinitions).toEqual([{ name: 'app', secrets: [{ name: 'A', valueFrom: 'x' }], log_configuration: { logDriver: 'awslogs' } }]);
  });

  it('a string template keeps its known text around the parts known only at deploy time', () => {
    const tf = `${TD('  container_definitions = jsonencode([{ name = "app", image = "${aws_ecr_repository.app.repository_url}:latest", user = "${var.uid}:${var.gid}" }])')}resource "aws_ecr_repository" "app" {\n  name = "web"\n}\n`;
    const r = one(loadModule({ 'main.tf': tf }), 'aws_ecs_task_definition.app');
    expect(get(r.data, '/containerDefinitions/0/image')).toEqual({ $template: [{ $computed: 'aws_ecr_repository.app.registry_id' }, '.dkr.ecr.', { $computed: 'aws_ecr_repository.app.region' }, '.amazonaws.com/web:latest'] });
    expect(get(r.data, '/containerDefinitions/0/user')).toEqual({ $template: [{ $computed: 'var.uid' }, ':', { $computed: 'var.gid' }] });
    // a reason names the first part known only at deploy time
    expect(describeComputed(get(r.data, '/containerDefinitions/0/user')!)).toBe('input variable var.uid (no default in its module)');
  });

  it('credentials other resources produce, and sensitive variables, are credentials wherever they are used', () => {
    const tf = `${TD(`  container_definitions = jsonencode([{
    name = "app"
    environment = [
      { name = "A", value = "postgres://\${var.user}:\${random_password.db.result}@db/app" },
      { name = "B", value = var.token },
      { name = "C", value = aws_db_instance.main.password },
      { name = "D", value = var.user },
      { name = "E", value = var.optional_key },
    ]
  }])`)}variable "token" {
  sensitive = true
}
variable "optional_key" {
  sensitive = true
  default   = null
}
resource "random_password" "db" {
  length = 20
}
resource "aws_db_instance" "main" {
  password = random_password.db.result
}
`;
    const r = one(loadModule({ 'main.tf': tf }), 'aws_ecs_task_definition.app');
    const env = (i: number) => describeComputed(get(r.data, `/containerDefinitions/0/environment/${i}/value`)!);
    expect([env(0), env(1), env(2), env(3), env(4)]).toEqual(['random_password.db.result', 'var.token', 'random_password.db.result', 'input variable var.user (no default in its module)', 'var.optional_key']);
    expect(get(r.data, '/containerDefinitions/0/environment/1/value')).toEqual({ $credential: { kind: 'sensitive input variable', construct: 'var.token' } });
  });

  it('a quoted JSON string with escapes: the column inside the string', () => {
    const tf = TD(`  container_definitions = "[{\\"name\\":\\"app\\",\\"privileged\\":true}]"`);
    const r = one(loadModule({ 'main.tf': tf }), 'aws_ecs_task_definition.app');
    expect(get(r.data, '/containerDefinitions/0/privileged')).toBe(true);
    const line = lineOf(tf, 'container_definitions');
    const col = tf.split('\n')[line - 1]!.indexOf('\\"privileged') + 1;
    expect(at(r, '/containerDefinitions/0/privileged')).toBe(`main.tf:${line}:${col}`);
  });

  it('file() inside the module: positions in that file', () => {
    const json = '[\n  {\n    "name": "app",\n    "privileged": true\n  }\n]\n';
    const r = one(loadModule({ 'main.tf': TD('  container_definitions = file("${path.module}/defs/app.json")'), 'defs/app.json': json }), 'aws_ecs_task_definition.app');
    expect(at(r, '/containerDefinitions/0/privileged')).toBe('defs/app.json:4:5');
  });

  it('templatefile() with its variables, positions in the template', () => {
    const tpl = '[\n  {\n    "name": "${name}",\n    "image": "${image}",\n    "privileged": ${privileged}\n  }\n]\n';
    const r = one(loadModule({ 'main.tf': TD('  container_definitions = templatefile("app.json.tpl", { name = "app", image = var.image, privileged = true })'), 'app.json.tpl': tpl }), 'aws_ecs_task_definition.app');
    expect(get(r.data, '/containerDefinitions/0/name')).toBe('app');
    expect(get(r.data, '/containerDefinitions/0/privileged')).toBe(true);
    expect(isComputed(get(r.data, '/containerDefinitions/0/image'))).toBe(true);
    expect(at(r, '/containerDefinitions/0/privileged')).toBe('app.json.tpl:5:5');
  });

  it('%{ for } and %{ if } directives unroll over known values, each finding at its line in the template', () => {
    const tpl = [
      '[',
      '  {',
      '    "name": "app",',
      '    %{ if privileged ~}',
      '    "privileged": true,',
      '    %{ else ~}',
      '    "privileged": false,',
      '    %{ endif ~}',
      '    "environment": [',
      '      %{ for i, e in env ~}',
      '      { "name": "${e.name}", "value": "${e.value}" }%{ if i < length(env) - 1 },%{ endif }',
      '      %{ endfor ~}',
      '    ]',
      '  }',
      ']',
      '',
    ].join('\n');
    const tf = TD('  container_definitions = templatefile("app.json.tpl", { privileged = true, env = [{ name = "A", value = "1" }, { name = "DB_PASSWORD", value = "hunter2-hunter2" }] })');
    const r = one(loadModule({ 'main.tf': tf, 'app.json.tpl': tpl }), 'aws_ecs_task_definition.app');
    expect(r.data.containerDefinitions).toEqual([{ name: 'app', privileged: true, environment: [{ name: 'A', value: '1' }, { name: 'DB_PASSWORD', value: 'hunter2-hunter2' }] }]);
    expect(at(r, '/containerDefinitions/0/privileged')).toBe('app.json.tpl:5:5');
    expect(at(r, '/containerDefinitions/0/environment/1/value')).toBe('app.json.tpl:11:30');
    // a condition or a collection known only at deploy time leaves the value unknown, as before
    const unknown = one(loadModule({ 'main.tf': TD('  container_definitions = templatefile("app.json.tpl", { privileged = var.p, env = [] })'), 'app.json.tpl': tpl }), 'aws_ecs_task_definition.app');
    expect(isComputed(unknown.data.containerDefinitions)).toBe(true);
    // a quoted template with a directive, and a loop past the budget is an error or unknown, never a hang
    const quoted = one(loadModule({ 'main.tf': TD('  family = "%{ for x in ["a", "b"] }${x}-%{ endfor }task"\n  container_definitions = "[]"') }), 'aws_ecs_task_definition.app');
    expect(quoted.data.family).toBe('a-b-task');
  });

  it('data "template_file" rendered with its vars, positions in the template file', () => {
    const tpl = '[\n  {\n    "name": "${name}",\n    "privileged": ${privileged}\n  }\n]\n';
    const tf = `${TD('  container_definitions = data.template_file.defs.rendered')}
data "template_file" "defs" {
  template = file("\${path.module}/defs.json.tpl")
  vars = {
    name       = "app"
    privileged = true
  }
}
`;
    const r = one(loadModule({ 'main.tf': tf, 'defs.json.tpl': tpl }), 'aws_ecs_task_definition.app');
    expect(get(r.data, '/containerDefinitions/0')).toEqual({ name: 'app', privileged: true });
    expect(at(r, '/containerDefinitions/0/privileged')).toBe('defs.json.tpl:4:5');
    // through a local, the rendered text still parses (placed at the attribute)
    const viaLocal = one(loadModule({ 'main.tf': tf.replace('data.template_file.defs.rendered', 'local.defs') + 'locals {\n  defs = data.template_file.defs.rendered\n}\n', 'defs.json.tpl': tpl }), 'aws_ecs_task_definition.app');
    expect(get(viaLocal.data, '/containerDefinitions/0/privileged')).toBe(true);
  });

  it('local.x and var.x with a default; a variable without one is a deploy-time value', () => {
    const tf = `${TD('  container_definitions = jsonencode(local.containers)\n  execution_role_arn = var.exec_role')}
variable "privileged" {
  default = true
}
variable "exec_role" {}
locals {
  containers = [{ name = "app", privileged = var.privileged }]
}
`;
    const r = one(loadModule({ 'main.tf': tf }), 'aws_ecs_task_definition.app');
    expect(get(r.data, '/containerDefinitions/0/privileged')).toBe(true);
    expect(at(r, '/containerDefinitions/0/privileged')).toBe(`main.tf:${lineOf(tf, 'containers = [')}:33`);
    expect(describeComputed(r.data.executionRoleArn!)).toContain('var.exec_role');
  });

  it('terraform.tfvars and *.auto.tfvars(.json) give the root module its variables (a later file wins), never a called module', () => {
    const child = 'variable "mode" {\n  default = "child-default"\n}\nresource "aws_ecs_task_definition" "c" {\n  family = "c"\n  network_mode = var.mode\n  container_definitions = "[]"\n}\n';
    const root = `${TD('  network_mode = var.mode\n  container_definitions = jsonencode([{ name = "app", privileged = var.privileged, environment = [{ name = "DB", value = var.db }] }])')}variable "mode" {\n  default = "bridge"\n}\nvariable "privileged" {\n  default = false\n}\nvariable "db" {\n  sensitive = true\n}\nmodule "child" {\n  source = "./child"\n}\n`;
    const result = loadModule({ 'main.tf': root, 'terraform.tfvars': 'mode = "host"\nprivileged = true\n', 'b.auto.tfvars': 'mode = "awsvpc"\ndb = "Pr0d-pa55-word"\n', 'c.auto.tfvars.json': '{ "mode": "bridge" }', 'child/main.tf': child, 'child/terraform.tfvars': 'mode = "host"\n' });
    const r = one(result, 'aws_ecs_task_definition.app');
    expect(r.data.networkMode).toBe('bridge');
    expect(get(r.data, '/containerDefinitions/0/privileged')).toBe(true);
    // a value given to a variable declared sensitive is a secret, whatever it looks like
    expect(get(r.data, '/containerDefinitions/0/environment/0/value')).toEqual({ $credential: { kind: 'sensitive input variable', construct: 'var.db' } });
    expect(one(result, 'module.child.aws_ecs_task_definition.c').data.networkMode).toBe('child-default');
  });

  it('a file outside the scanned tree, or a URL, is never read', () => {
    for (const path of ['../../../../etc/passwd', '/etc/hostname', 'https://example.com/defs.json']) {
      const r = one(loadModule({ 'main.tf': TD(`  container_definitions = file("${path}")`) }), 'aws_ecs_task_definition.app');
      expect(isComputed(r.data.containerDefinitions)).toBe(true);
    }
  });

  it("Terraform 0.11's forms: \"${...}\" around one expression, and template_file's vars as a block", () => {
    const data = 'variable "user" { default = "0" }\ndata "template_file" "cd" {\n  template = "${file("defs/cd.json")}"\n  vars {\n    user = "${var.user}"\n  }\n}\n';
    const files = { 'main.tf': data + TD('  container_definitions = "${data.template_file.cd.rendered}"'), 'defs/cd.json': '[{"name": "app", "image": "nginx:1.27", "user": "${user}"}]' };
    const r = one(loadModule(files), 'aws_ecs_task_definition.app');
    expect(get(r.data, '/containerDefinitions/0/user')).toBe('0');
    expect(r.origin.locate('/containerDefinitions/0/user').file).toMatch(/defs\/cd\.json$/);
  });

  it('a missing file, read directly or as a template_file data source, is said to be one, not a value known after apply', () => {
    const data = 'data "template_file" "cd" {\n  template = file("./defs/missing.json")\n}\n';
    for (const attr of ['file("./defs/missing.json")', 'data.template_file.cd.rendered']) {
      const r = one(loadModule({ 'main.tf': data + TD(`  container_definitions = ${attr}`) }), 'aws_ecs_task_definition.app');
      expect(r.data.containerDefinitions, attr).toEqual({ $unseen: 'in a file outside the scanned tree, missing or not readable' });
    }
  });

  it('a template cannot include itself or read files', () => {
    const tpl = '[{"name": "app", "image": "${templatefile("self.tpl", {})}", "command": ["${file("/etc/hostname")}"]}]';
    const r = one(loadModule({ 'main.tf': TD('  container_definitions = templatefile("self.tpl", {})'), 'self.tpl': tpl }), 'aws_ecs_task_definition.app');
    expect(isComputed(get(r.data, '/containerDefinitions/0/image'))).toBe(true);
    expect(isComputed(get(r.data, '/containerDefinitions/0/command/0'))).toBe(true);
  });

  it('yamldecode of a YAML file gives its data, read as the scanner reads YAML (an alias bomb is not expanded)', () => {
    const yaml = 'containers:\n  - name: app\n    image: nginx:1.27\n    privileged: true\n';
    const tf = TD('  container_definitions = jsonencode(yamldecode(file("c.yaml")).containers)');
    const r = one(loadModule({ 'main.tf': tf, 'c.yaml': yaml }), 'aws_ecs_task_definition.app');
    expect(get(r.data, '/containerDefinitions/0')).toEqual({ name: 'app', image: 'nginx:1.27', privileged: true });
    const bomb = 'a: &a [x, x, x, x, x, x, x, x, x, x]\n' + Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill('*' + String.fromCharCode(97 + i)).join(', ')}]`).join('\n') + '\n';
    const big = one(loadModule({ 'main.tf': TD('  container_definitions = jsonencode([yamldecode(file("c.yaml"))])'), 'c.yaml': bomb }), 'aws_ecs_task_definition.app');
    expect(isComputed(big.data.containerDefinitions) || isComputed(get(big.data, '/containerDefinitions/0'))).toBe(true);
  });

  it('merge, concat, lookup, format, join and a conditional on a known value', () => {
    const tf = `${TD(`  container_definitions = jsonencode([merge(local.base, {
    image       = format("%s:%s", "nginx", "1.27")
    command     = concat(["a"], ["b"])
    entryPoint  = [join("-", ["x", "y"])]
    user        = lookup(local.users, "app", "0")
    privileged  = var.env == "prod" ? false : true
  })])`)}
variable "env" {
  default = "prod"
}
locals {
  base  = { name = "app", readonlyRootFilesystem = true }
  users = { app = "1000" }
}
`;
    const r = one(loadModule({ 'main.tf': tf }), 'aws_ecs_task_definition.app');
    expect(get(r.data, '/containerDefinitions/0')).toEqual({ name: 'app', readonlyRootFilesystem: true, image: 'nginx:1.27', command: ['a', 'b'], entryPoint: ['x-y'], user: '1000', privileged: false });
    expect(at(r, '/containerDefinitions/0/readonlyRootFilesystem')).toBe(`main.tf:${lineOf(tf, 'base  =')}:27`);
  });
});

describe("Terraform's JSON syntax (.tf.json)", () => {
  it('reads blocks, templates and references as HCL does, beside .tf files of the same module', () => {
    const json = `{
  "//": "written by cdktf",
  "resource": {
    "aws_ecs_task_definition": {
      "app": {
        "family": "app",
        "execution_role_arn": "\${aws_iam_role.exec.arn}",
        "container_definitions": "\${jsonencode([{ name = \\"app\\", image = local.image, privileged = true }])}",
        "volume": [{ "name": "data", "efs_volume_configuration": { "file_system_id": "fs-1" } }]
      }
    }
  }
}
`;
    const m = loadModule({ 'cdk.tf.json': json, 'iam.tf': 'resource "aws_iam_role" "exec" {\n  name = "exec"\n}\nlocals {\n  image = "nginx:1.27"\n}\n' });
    const td = one(m, 'aws_ecs_task_definition.app');
    expect(m.errors).toEqual([]);
    expect(get(td.data, '/containerDefinitions/0')).toEqual({ name: 'app', image: 'nginx:1.27', privileged: true });
    expect(td.links?.executionRole).toBe('aws_iam_role.exec');
    expect(at(td, '/volumes/0/efsVolumeConfiguration')).toBe(`cdk.tf.json:${lineOf(json, 'efs_volume_configuration')}:38`);
    expect(at(td, '/containerDefinitions/0/privileged').startsWith(`cdk.tf.json:${lineOf(json, 'container_definitions')}:`)).toBe(true);
  });

  it('a broken .tf.json is an error with its line; the .tf files beside it are still read', () => {
    const m = loadModule({ 'bad.tf.json': '{\n  "resource": {\n    "aws_ecs_service": [1,\n}\n', 'main.tf': TD('  container_definitions = jsonencode([{ name = "app" }])') });
    expect(m.errors.map((e) => e.format())).toEqual([expect.stringMatching(/^bad\.tf\.json:4:\d+: invalid JSON/)]);
    expect(m.resources).toHaveLength(1);
  });
});

describe('terraform-aws-modules/ecs, never fetched', () => {
  it('the express-service submodule is the Express Mode service it creates, its primary container at its arguments', () => {
    const d = tempDir({
      'main.tf': [
        'module "web" {',
        '  source = "terraform-aws-modules/ecs/aws//modules/express-service"',
        '  name   = "web"',
        '  primary_container = {',
        '    image       = "nginx:1.27"',
        '    environment = [{ name = "DB_PASSWORD", value = "hunter2-prod-pw" }]',
        '  }',
        '}',
        'module "off" {',
        '  source = "terraform-aws-modules/ecs/aws//modules/express-service"',
        '  create = false',
        '  primary_container = { environment = [{ name = "DB_PASSWORD", value = "hunter2-prod-pw" }] }',
        '}',
        '',
      ].join('\n'),
    });
    const r = runCli(['scan', d, '--no-config', '--format', 'json', '--check', 'ecs-deploy-step-no-plaintext-secrets']);
    const results = JSON.parse(r.stdout).results as Array<{ status: string; resource: { id: string }; location: { line: number } }>;
    expect(results.map((x) => [x.resource.id, x.status, x.location.line])).toEqual([['module.web.aws_ecs_express_gateway_service.this[0]', 'fail', 6]]);
  });

  it('names the module by its registry address, with or without a host, or by its repository', () => {
    expect(registryModuleKind('terraform-aws-modules/ecs/aws//modules/service')).toBe('ecs-service');
    expect(registryModuleKind('registry.terraform.io/terraform-aws-modules/ecs/aws')).toBe('ecs');
    expect(registryModuleKind('git::https://github.com/terraform-aws-modules/terraform-aws-ecs.git//modules/container-definition?ref=v5.12.0')).toBe('ecs-container-definition');
    expect(registryModuleKind('git@github.com:terraform-aws-modules/terraform-aws-ecs.git//modules/service')).toBe('ecs-service');
    expect(registryModuleKind('terraform-aws-modules/ecs/aws//modules/cluster')).toBe('ecs-cluster');
    expect(registryModuleKind('terraform-aws-modules/ecs/aws//modules/express-service')).toBe('ecs-express-service');
    expect(registryModuleKind('terraform-aws-modules/ecs/aws//modules/other')).toBeUndefined();
    expect(registryModuleKind('cloudposse/ecs-container-definition/aws')).toBe('cloudposse-container-definition');
    expect(registryModuleKind('git::https://github.com/cloudposse/terraform-aws-ecs-container-definition.git?ref=tags/0.58.1')).toBe('cloudposse-container-definition');
    expect(registryModuleKind('cloudposse/ecs-alb-service-task/aws')).toBe('cloudposse-service-task');
    expect(registryModuleKind('cloudposse/ecs-web-app/aws')).toBeUndefined();
    expect(registryModuleKind('terraform-aws-modules/vpc/aws')).toBeUndefined();
    expect(registryModuleKind('example.com/terraform-aws-modules/ecs/aws')).toBeUndefined();
  });

  it("a service call's containers with the module's defaults, each field at the argument that wrote it", () => {
    const tf = `module "web" {
  source  = "terraform-aws-modules/ecs/aws//modules/service"
  version = "~> 5.0"
  name    = "web"
  cpu     = 512
  container_definitions = {
    app = {
      image       = "nginx:1.27"
      privileged  = true
      environment = [{ name = "DB_PASSWORD", value = "hunter2-hunter2" }]
    }
    logs = {
      image                     = "fluent-bit"
      readonly_root_filesystem  = false
      enable_cloudwatch_logging = false
    }
  }
}
module "off" {
  source                 = "terraform-aws-modules/ecs/aws//modules/service"
  name                   = "off"
  create_task_definition = false
  task_definition_arn    = "arn:aws:ecs:us-east-1:123456789012:task-definition/x:1"
}
module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
}
`;
    const result = loadModule({ 'main.tf': tf });
    expect(result.resources.map((x) => x.id)).toEqual(['module.web.aws_ecs_task_definition.this[0]', 'module.web.aws_ecs_service.this[0]', 'module.off.aws_ecs_service.this[0]']);
    // a module not read that names ECS is a notice with its line; one that does not is silent
    const others = loadModule({ 'main.tf': 'module "cp" {\n  source = "cloudposse/ecs-web-app/aws"\n}\nmodule "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n}\nmodule "up" {\n  source = "../ecs"\n}\n' });
    expect(others.notices.map((n) => n.format())).toEqual([
      'main.tf:1:1: module "cp" is not read: its source (cloudposse/ecs-web-app/aws) is not fetched (of registry modules, ecsguard reads only the clusters, services and containers of terraform-aws-modules/ecs, the container of cloudposse/ecs-container-definition and the task definition and service of cloudposse/ecs-alb-service-task); the ECS resources it creates are not checked',
      'main.tf:7:1: module "up" is not read: its folder (../ecs) is outside the scanned directories or missing; the ECS resources it creates are not checked',
    ]);
    // the service the module creates, with its defaults: Fargate, no public IP
    expect(one(result, 'module.web.aws_ecs_service.this[0]').data).toMatchObject({ serviceName: 'web', launchType: 'FARGATE', networkConfiguration: { awsvpcConfiguration: { assignPublicIp: 'DISABLED' } } });
    const r = one(result, 'module.web.aws_ecs_task_definition.this[0]');
    expect(r.data).toMatchObject({ family: 'web', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '512', memory: '2048' });
    expect(r.data.executionRoleArn).toEqual({ $unseen: 'the task execution role terraform-aws-modules/ecs creates, which ecsguard does not read' });
    expect(r.data.containerDefinitions).toEqual([
      {
        name: 'app', image: 'nginx:1.27', privileged: true, environment: [{ name: 'DB_PASSWORD', value: 'hunter2-hunter2' }], readonlyRootFilesystem: true,
        logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-region': { $unseen: 'the region terraform-aws-modules/ecs is applied in' }, 'awslogs-group': '/aws/ecs/web/app', 'awslogs-stream-prefix': 'ecs' } },
      },
      { name: 'logs', image: 'fluent-bit', readonlyRootFilesystem: false, privileged: false },
    ]);
    expect(at(r, '/containerDefinitions/0/privileged')).toBe(`main.tf:${lineOf(tf, 'privileged  = true')}:7`);
    expect(at(r, '/containerDefinitions/0/environment/0/value')).toBe(`main.tf:${lineOf(tf, 'DB_PASSWORD')}:46`);
    expect(at(r, '/containerDefinitions/1/readonlyRootFilesystem')).toBe(`main.tf:${lineOf(tf, 'readonly_root_filesystem')}:7`);
    // a default has no line of its own: the container that takes it
    expect(at(r, '/containerDefinitions/0/readonlyRootFilesystem')).toBe(`main.tf:${lineOf(tf, 'app = {')}:11`);
  });

  it("the root module's services, a log configuration merged over the default, and the container module's output", () => {
    const tf = `module "ecs" {
  source = "terraform-aws-modules/ecs/aws"
  services = {
    api = {
      assign_public_ip = true
      container_definitions = {
        api = {
          image            = "api:1"
          user             = "1000"
          logConfiguration = { logDriver = "awsfirelens", options = { Name = "datadog" } }
        }
      }
    }
  }
}
module "sidecar" {
  source     = "terraform-aws-modules/ecs/aws//modules/container-definition"
  name       = "xray"
  image      = "amazon/aws-xray-daemon"
  privileged = true
}
resource "aws_ecs_task_definition" "app" {
  family                = "app"
  container_definitions = jsonencode([module.sidecar.container_definition])
}
`;
    const result = loadModule({ 'main.tf': tf });
    const api = one(result, 'module.ecs.module.service["api"].aws_ecs_task_definition.this[0]');
    expect(get(api.data, '/containerDefinitions/0/logConfiguration')).toEqual({ logDriver: 'awsfirelens', options: { Name: 'datadog' } });
    expect(get(api.data, '/containerDefinitions/0/user')).toBe('1000');
    // a service, a container or a log configuration set at deploy time stays unknown: no default stands in for it
    const open = loadModule({ 'main.tf': 'module "ecs" {\n  source   = "terraform-aws-modules/ecs/aws"\n  services = { api = var.api, web = { container_definitions = { web = var.web, logs = { image = "x:1", logConfiguration = var.logs } } } }\n}\n' });
    const deployTime = one(open, 'module.ecs.module.service["api"].aws_ecs_task_definition.this[0]');
    expect(isComputed(deployTime.data.containerDefinitions)).toBe(true);
    expect(deployTime.data.executionRoleArn).not.toEqual(deployTime.data.taskRoleArn);
    expect(isComputed(get(one(open, 'module.ecs.module.service["api"].aws_ecs_service.this[0]').data, '/networkConfiguration/awsvpcConfiguration/assignPublicIp'))).toBe(true);
    const web = one(open, 'module.ecs.module.service["web"].aws_ecs_task_definition.this[0]');
    expect(web.data.containerDefinitions).toMatchObject([{ $computed: 'var.web' }, { name: 'logs', logConfiguration: { $computed: 'var.logs' } }]);
    const svc = one(result, 'module.ecs.module.service["api"].aws_ecs_service.this[0]');
    expect(svc.data).toMatchObject({ serviceName: 'api', launchType: 'FARGATE', networkConfiguration: { awsvpcConfiguration: { assignPublicIp: 'ENABLED' } } });
    expect(at(svc, '/networkConfiguration/awsvpcConfiguration/assignPublicIp')).toBe(`main.tf:${lineOf(tf, 'assign_public_ip')}:7`);
    const app = one(result, 'aws_ecs_task_definition.app');
    expect(get(app.data, '/containerDefinitions/0')).toMatchObject({ name: 'xray', privileged: true, readonlyRootFilesystem: true, logConfiguration: { logDriver: 'awslogs' } });
    expect(at(app, '/containerDefinitions/0/privileged')).toBe(`main.tf:${lineOf(tf, 'privileged = true')}:3`);
  });
});

describe('references across a module', () => {
  const iam = `resource "aws_iam_role" "exec" {
  name               = "app-exec"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [] })
}

data "aws_iam_policy_document" "exec" {
  statement {
    actions   = ["ssm:GetParameters"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "exec" {
  role   = aws_iam_role.exec.id
  policy = data.aws_iam_policy_document.exec.json
}
`;
  it('IAM in another file of the folder: the role is linked, its statement placed in its own file', () => {
    const m = loadModule({ 'main.tf': TD('  execution_role_arn = aws_iam_role.exec.arn\n  container_definitions = jsonencode([{ name = "app" }])'), 'iam.tf': iam });
    const td = one(m, 'aws_ecs_task_definition.app');
    const role = one(m, 'aws_iam_role.exec');
    expect(td.links?.executionRole).toBe('aws_iam_role.exec');
    expect(get(role.data, '/RolePolicyList/0/PolicyDocument/Statement/0/Resource')).toEqual(['*']);
    expect(at(role, '/RolePolicyList/0/PolicyDocument/Statement/0/Resource')).toBe(`iam.tf:${lineOf(iam, 'resources')}:5`);
    expect(td.origin.unit).toBe(role.origin.unit);
  });

  it('a local module call: inputs reach its variables, outputs come back, its resources are addressed in it', () => {
    const m = loadModule({
      'main.tf': `module "iam" {
  source = "./modules/iam"
  name   = "app"
}
module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
}
${TD('  execution_role_arn = module.iam.role_arn\n  container_definitions = jsonencode([{ name = "app", image = module.vpc.image }])')}`,
      'modules/iam/main.tf': `variable "name" {}
resource "aws_iam_role" "this" {
  name = "\${var.name}-exec"
}
output "role_arn" {
  value = aws_iam_role.this.arn
}
`,
    });
    const td = one(m, 'aws_ecs_task_definition.app');
    const role = one(m, 'module.iam.aws_iam_role.this');
    expect(role.name).toBe('app-exec');
    expect(role.origin.file).toBe('modules/iam/main.tf');
    expect(td.links?.executionRole).toBe('module.iam.aws_iam_role.this');
    // a registry module is not fetched: what it gives is known only at deploy time
    expect(describeComputed(get(td.data, '/containerDefinitions/0/image')!)).toContain('module.vpc');
  });

  it('a module that calls itself is followed once', () => {
    const m = loadModule({ 'main.tf': `module "me" {\n  source = "./"\n}\n${TD('  container_definitions = jsonencode([{ name = "app" }])')}` });
    expect(m.resources.map((r) => r.id)).toEqual(['aws_ecs_task_definition.app']);
  });
});

describe('as community modules write it', () => {
  it('try, coalesce, contains, a for that drops nulls, and count on a condition', () => {
    const tf = `locals {
  is_linux = contains(["LINUX"], var.os)
  log_group = try(coalesce(var.log_group, "/aws/ecs/app"), "")
  definition = {
    name       = "app"
    image      = "app:1"
    privileged = local.is_linux ? var.privileged : null
    user       = try(var.settings.user, "1000")
    logConfiguration = { logDriver = "awslogs", options = { awslogs-group = local.log_group } }
  }
  container = { for k, v in local.definition : k => v if v != null }
}
variable "os" {
  default = "LINUX"
}
variable "privileged" {
  default = true
}
variable "log_group" {
  default = null
}
variable "settings" {
  default = {}
}
variable "create" {
  default = true
}
resource "aws_iam_role" "exec" {
  count = var.create ? 1 : 0
  name  = "exec"
}
resource "aws_ecs_task_definition" "this" {
  count                 = var.create ? 1 : 0
  family                = "app"
  execution_role_arn    = try(aws_iam_role.exec[0].arn, var.exec_role_arn)
  container_definitions = jsonencode([local.container])
}
`;
    const m = loadModule({ 'main.tf': tf });
    const td = one(m, 'aws_ecs_task_definition.this[0]');
    expect(get(td.data, '/containerDefinitions/0')).toEqual({ name: 'app', image: 'app:1', privileged: true, user: '1000', logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/aws/ecs/app' } } });
    // through `{ for k, v in local.definition : k => v ... }`: the member of the local that holds it
    expect(at(td, '/containerDefinitions/0/privileged')).toBe(`main.tf:${lineOf(tf, 'privileged = local')}:5`);
    expect(td.links?.executionRole).toBe('aws_iam_role.exec[0]');
  });
});

describe('blocks', () => {
  it('dynamic blocks expand over a known collection, each instance at its content block', () => {
    const tf = TD(`  container_definitions = jsonencode(jsondecode(file("defs.json")))
  dynamic "volume" {
    for_each = { data = "fs-1", logs = "fs-2" }
    content {
      name = volume.key
      efs_volume_configuration {
        file_system_id     = volume.value
        transit_encryption = "ENABLED"
      }
    }
  }`);
    const r = one(loadModule({ 'main.tf': tf, 'defs.json': '[{"name": "app"}]' }), 'aws_ecs_task_definition.app');
    expect(get(r.data, '/containerDefinitions/0/name')).toBe('app');
    expect(r.data.volumes).toEqual([
      { name: 'data', efsVolumeConfiguration: { fileSystemId: 'fs-1', transitEncryption: 'ENABLED' } },
      { name: 'logs', efsVolumeConfiguration: { fileSystemId: 'fs-2', transitEncryption: 'ENABLED' } },
    ]);
    expect(at(r, '/volumes/1/efsVolumeConfiguration/transitEncryption')).toBe(`main.tf:${lineOf(tf, 'transit_encryption')}:9`);
  });
});

describe('count and for_each', () => {
  it('over literals: one resource per instance with count.index and each.value', () => {
    const m = loadModule({
      'main.tf': `resource "aws_ecs_task_definition" "n" {
  count  = 2
  family = "n-\${count.index}"
  container_definitions = jsonencode([{ name = "c\${count.index}" }])
}
resource "aws_ecs_task_definition" "e" {
  for_each = { web = true, worker = false }
  family   = each.key
  container_definitions = jsonencode([{ name = each.key, privileged = each.value }])
}
`,
    });
    expect(m.resources.map((r) => `${r.id}=${r.name}`).sort()).toEqual(['aws_ecs_task_definition.e["web"]=web', 'aws_ecs_task_definition.e["worker"]=worker', 'aws_ecs_task_definition.n[0]=n-0', 'aws_ecs_task_definition.n[1]=n-1']);
    expect(get(one(m, 'aws_ecs_task_definition.e["web"]').data, '/containerDefinitions/0/privileged')).toBe(true);
  });

  it('over unknown values: evaluated once, and the unknown names count or for_each', () => {
    const m = loadModule({ 'main.tf': `resource "aws_ecs_task_definition" "e" {\n  for_each = var.apps\n  family   = "x"\n  container_definitions = jsonencode([{ name = "app", privileged = each.value.privileged }])\n}\n` });
    expect(m.resources).toHaveLength(1);
    expect(describeComputed(get(m.resources[0]!.data, '/containerDefinitions/0/privileged')!)).toContain('for_each');
  });

  it('past 256 instances or dynamic blocks, one more stands for the rest, its key unknown: none is left unread', () => {
    const keys = Array.from({ length: 300 }, (_, i) => `"k${String(i).padStart(3, '0')}"`).join(', ');
    const m = loadModule({
      'main.tf': `resource "aws_ecs_task_definition" "n" {
  count  = 300
  family = "n"
  container_definitions = jsonencode([{ name = "app", privileged = count.index == 299 }])
}
resource "aws_ecs_task_definition" "e" {
  for_each = toset([${keys}])
  family   = each.key
  container_definitions = jsonencode([{ name = each.key }])
  dynamic "volume" {
    for_each = toset([${keys}])
    content {
      name = volume.key
    }
  }
}
`,
    });
    const ids = m.resources.map((r) => r.id);
    expect([ids.length, ids.filter((id) => id.includes("[256…]"))]).toEqual([514, ['aws_ecs_task_definition.n[256…]', 'aws_ecs_task_definition.e[256…]']]);
    expect(isComputed(get(one(m, 'aws_ecs_task_definition.n[256…]').data, '/containerDefinitions/0/privileged'))).toBe(true);
    expect(get(one(m, 'aws_ecs_task_definition.n[255]').data, '/containerDefinitions/0/privileged')).toBe(false);
    expect(describeComputed(get(one(m, 'aws_ecs_task_definition.e[256…]').data, '/family')!)).toContain('past the first 256');
    const volumes = get(one(m, 'aws_ecs_task_definition.e["k000"]').data, '/volumes') as JsonValue[];
    expect([volumes.length, describeComputed(get(volumes[256], '/name')!)]).toEqual([257, expect.stringContaining('past the first 256')]);
  });
});

describe('hostile HCL', () => {
  it('a syntax error is one error with file and line; the other files of the module are still read', () => {
    const m = loadModule({ 'a.tf': TD('  container_definitions = jsonencode([{ name = "app" }])'), 'b.tf': 'resource "aws_ecs_service" "y" {\n  a = \n}\n' });
    expect(m.errors.map((e) => e.format())).toEqual([expect.stringMatching(/^b\.tf:[23]:\d+: invalid HCL: syntax error$/)]);
    expect(m.resources).toHaveLength(1);
  });

  it('deep nesting is refused without a stack overflow', () => {
    const deep = `locals {\n  aws_ecs_x = ${'['.repeat(20_000)}${']'.repeat(20_000)}\n}\n`;
    const m = loadModule({ 'a.tf': deep, 'b.tf': TD('  container_definitions = jsonencode([{ name = "app" }])') });
    expect(m.errors[0]?.format()).toMatch(/^a\.tf:2:\d+: invalid HCL: nested more than/);
    expect(m.resources).toHaveLength(1);
  });

  it('locals that refer to each other in a cycle are deploy-time values', () => {
    const m = loadModule({ 'main.tf': `locals {\n  a = local.b\n  b = local.a\n}\n${TD('  container_definitions = jsonencode([{ name = local.a }])')}` });
    expect(describeComputed(get(one(m, 'aws_ecs_task_definition.app').data, '/containerDefinitions/0/name')!)).toContain('local.');
  });

  it('locals that double at every step end quickly, cut where they grow too large, not 2^40 values', () => {
    const doubling = Array.from({ length: 40 }, (_, i) => `  l${i} = [local.l${i + 1}, local.l${i + 1}]`).join('\n');
    const m = loadModule({ 'main.tf': `locals {\n${doubling}\n  l40 = "x"\n}\n${TD('  container_definitions = jsonencode([{ name = "app", command = local.l0 }])')}` });
    expect(m.errors).toEqual([]);
    // the first member all the way down is where the doubling was cut
    let leaf = get(one(m, 'aws_ecs_task_definition.app').data, '/containerDefinitions/0/command');
    let levels = 0;
    while (Array.isArray(leaf)) [leaf, levels] = [leaf[0], levels + 1];
    expect(levels).toBeLessThan(40);
    expect(describeComputed(leaf!)).toBe('a value too large to evaluate');
  });

  it('a chain of 20,000 locals nests as deeply as its expressions would: cut there, no stack overflow', () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => `  l${i} = local.l${i + 1}`).join('\n');
    const m = loadModule({ 'main.tf': `locals {\n${chain}\n  l20000 = "nginx:1.27"\n  short = local.l19990\n}\n${TD('  container_definitions = jsonencode([{ name = "app", image = local.l0, command = [local.short] }])')}` });
    expect(m.errors).toEqual([]);
    const data = one(m, 'aws_ecs_task_definition.app').data;
    expect(describeComputed(get(data, '/containerDefinitions/0/image')!)).toBe('an expression nested too deeply');
    // a value cut short deep in the chain is not kept for a shallower reference
    expect(get(data, '/containerDefinitions/0/command/0')).toBe('nginx:1.27');
  });

  it('values that double at every reference, or a function past V8 string lengths, are too large to evaluate, not a crash', () => {
    const strings = Array.from({ length: 60 }, (_, i) => `  s${i + 1} = "\${local.s${i}}\${local.s${i}}"`).join('\n');
    const objects = Array.from({ length: 60 }, (_, i) => `  o${i + 1} = { a = local.o${i}, b = local.o${i} }`).join('\n');
    const huge = '  h0 = "' + 'x'.repeat(100_000) + '"\n  h1 = replace(local.h0, "x", local.h0)';
    const m = loadModule({
      'main.tf': `locals {\n  s0 = "xxxxxxxxxxxxxxxx"\n${strings}\n  o0 = { a = "x" }\n${objects}\n${huge}\n}\n${TD('  container_definitions = jsonencode([{ name = "app", image = local.s60, command = [local.h1], dockerLabels = { x = jsonencode(local.o60) } }])')}`,
    });
    expect(m.errors).toEqual([]);
    const c = get(one(m, 'aws_ecs_task_definition.app').data, '/containerDefinitions/0')!;
    expect(describeComputed(get(c, '/image')!)).toBe('a value too large to evaluate');
    expect(describeComputed(get(c, '/command/0')!)).toBe('a value too large to evaluate');
    expect(isComputed(get(c, '/dockerLabels/x'))).toBe(true);
  });

  it('split() into more than 100,000 parts is not known, never the first 100,000 of them', () => {
    expect(pureFunction('split', [',', 'a,b'])).toEqual(['a', 'b']);
    expect(pureFunction('split', [',', 'x,'.repeat(99_999) + 'x'])).toHaveLength(100_000);
    expect(pureFunction('split', [',', 'x,'.repeat(100_000) + 'DB_PASSWORD=x'])).toBeUndefined();
  });

  it('a for expression over a for expression of a large list stops at the evaluation budget', () => {
    const big = `[${Array.from({ length: 3000 }, (_, i) => i).join(', ')}]`;
    // the budget, not a clock, is what ends it: the value says so
    const m = loadModule({ 'main.tf': `locals {\n  big = ${big}\n  pairs = [for a in local.big : [for b in local.big : a + b]]\n}\n${TD('  container_definitions = jsonencode([{ name = "app", command = local.pairs }])')}` });
    expect(describeComputed(get(one(m, 'aws_ecs_task_definition.app').data, '/containerDefinitions/0/command')!)).toContain('budget');
  });

  it('a .tf file past the Terraform size limit is one error, not minutes of parsing', () => {
    const m = loadModule({ 'big.tf': `locals {\n  x = "${'a'.repeat(MAX_TERRAFORM_FILE_BYTES)}"\n}\n`, 'main.tf': TD('  container_definitions = jsonencode([{ name = "app" }])') });
    expect(m.errors.map((e) => e.format())).toEqual([expect.stringMatching(/^big\.tf: file is .*larger than the 4 MiB ecsguard reads of a Terraform file; not scanned$/)]);
    expect(m.resources).toHaveLength(1);
  });

  it('keys such as __proto__ stay plain data', () => {
    const m = loadModule({ 'main.tf': TD('  container_definitions = jsonencode([{ name = "app", "__proto__" = { polluted = true }, dockerLabels = { "constructor" = "x" } }])') });
    const c = get(one(m, 'aws_ecs_task_definition.app').data, '/containerDefinitions/0') as Record<string, unknown>;
    expect(Object.prototype.hasOwnProperty.call(c, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const iam = loadModule({ 'main.tf': 'data "aws_iam_policy_document" "p" {\n  statement {\n    constructor = ["x"]\n    __proto__   = ["y"]\n    actions     = ["s3:GetObject"]\n  }\n}\nresource "aws_iam_policy" "p" {\n  policy = data.aws_iam_policy_document.p.json\n}\nresource "aws_iam_role" "r" {\n  name = "r"\n}\nresource "aws_iam_role_policy_attachment" "a" {\n  role       = aws_iam_role.r.name\n  policy_arn = aws_iam_policy.p.arn\n}\n' + TD('  execution_role_arn = aws_iam_role.r.arn\n  container_definitions = jsonencode([{ name = "app" }])') });
    expect(get(one(iam, 'aws_iam_role.r').data, '/AttachedManagedPolicies/0/PolicyDocument/Statement/0')).toEqual({ Effect: 'Allow', Action: ['s3:GetObject'] });
  });
});

describe('scanning a directory of .tf files', () => {
  it('in a walk, a .tf file that does not parse and declares nothing ecsguard reads is passed over; named, it is an error', () => {
    const dir = tempDir({ 'net/vpc.tf': 'resource "aws_vpc" "main" {\n  cidr_block = \n}\n', 'app/main.tf': TD('  container_definitions = jsonencode([{ name = "app" }])') });
    const walked = runCli(['scan', dir, '--no-config', ...FIXTURE_RULES, '--format', 'json']);
    expect(walked.code).toBe(1); // the task definition's findings, not an error (2)
    expect(JSON.parse(walked.stdout).summary).toMatchObject({ errors: 0, filesScanned: 1 });
    const named = runCli(['scan', join(dir, 'net/vpc.tf'), '--no-config', ...FIXTURE_RULES]);
    expect(named.code).toBe(2);
    expect(named.stdout + named.stderr).toMatch(/vpc\.tf:2:\d+: invalid HCL: syntax error/);
    // one that declares an ECS resource is an error in a walk too, reported once
    const ecs = tempDir({ 'app/svc.tf': 'resource "aws_ecs_service" "s" {\n  name = \n}\n', 'app/main.tf': TD('  container_definitions = jsonencode([{ name = "app" }])') });
    const report = JSON.parse(runCli(['scan', ecs, '--no-config', ...FIXTURE_RULES, '--format', 'json']).stdout) as { errors: Array<{ file: string; line: number }>; summary: { exitCode: number } };
    expect(report.errors.map((e) => `${e.file.slice(e.file.indexOf('app/'))}:${e.line}`)).toEqual(['app/svc.tf:2']);
    expect(report.summary.exitCode).toBe(2);
  });

  it('a .tf file named on the command line brings the rest of its folder, the module it belongs to', () => {
    const dir = tempDir({
      'app/main.tf': TD('  execution_role_arn = aws_iam_role.exec.arn\n  container_definitions = jsonencode([{ name = "app", secrets = [{ name = "T", valueFrom = "arn:aws:ssm:us-east-1:123456789012:parameter/t" }] }])'),
      'app/iam.tf': 'resource "aws_iam_role" "exec" {\n  name = "exec"\n  inline_policy {\n    policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "ssm:GetParameters", Resource = "*" }] })\n  }\n}\n',
    });
    const report = JSON.parse(runCli(['scan', join(dir, 'app/main.tf'), '--no-config', ...FIXTURE_RULES, '--format', 'json']).stdout) as { results: Array<{ ruleId: string; status: string; location: { file: string } }> };
    const role = report.results.find((r) => r.ruleId === 'fx-execution-role')!;
    expect(role.status).toBe('fail');
    expect(role.location.file).toMatch(/app\/iam\.tf$/);
  });

  it('a walk skips .terraform, where terraform init puts the modules it downloads', () => {
    const dir = tempDir({ 'main.tf': TD('  container_definitions = jsonencode([{ name = "app" }])'), '.terraform/modules/vpc/main.tf': TD('  container_definitions = jsonencode([{ name = "vendored", privileged = true }])') });
    const report = JSON.parse(runCli(['scan', dir, '--no-config', ...FIXTURE_RULES, '--format', 'json']).stdout) as { summary: { filesScanned: number }; results: Array<{ location: { file: string } }> };
    expect(report.summary.filesScanned).toBe(1);
    expect(report.results.some((r) => r.location.file.includes('.terraform'))).toBe(false);
  });

  it('a # ecsguard:skip comment in a .tf file waives the finding on its line', () => {
    const dir = tempDir({ 'main.tf': TD('  container_definitions = jsonencode([{\n    name       = "app"\n    privileged = true # ecsguard:skip=fx-no-privileged the sidecar needs it, reviewed by security\n  }])') });
    const r = runCli(['scan', dir, '--no-config', ...FIXTURE_RULES, '--format', 'json']);
    const results = (JSON.parse(r.stdout) as { results: Array<{ ruleId: string; status: string }> }).results;
    expect(results.find((x) => x.ruleId === 'fx-no-privileged')?.status).toBe('waived');
  });

  it('the example module: findings at their lines in each file, the called module and the file() JSON not scanned alone', () => {
    const r = runCli(['scan', 'fixtures/examples/terraform/web-module', '--no-config', ...FIXTURE_RULES, '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { results: Array<{ ruleId: string; status: string; location: { file: string; line: number } }>; summary: { filesScanned: number } };
    const fails = report.results.filter((x) => x.status === 'fail').map((x) => `${x.ruleId} ${x.location.file}:${x.location.line}`).sort();
    expect(fails).toEqual([
      'fx-awslogs-prefix fixtures/examples/terraform/web-module/task-definitions/worker.json:14',
      'fx-execution-role fixtures/examples/terraform/web-module/iam.tf:25',
      'fx-execution-role fixtures/examples/terraform/web-module/iam.tf:25',
      'fx-no-privileged fixtures/examples/terraform/web-module/main.tf:48',
      'fx-plaintext-secrets fixtures/examples/terraform/web-module/main.tf:6',
      'fx-plaintext-secrets fixtures/examples/terraform/web-module/task-definitions/worker.json:10',
    ]);
    expect(report.results.some((x) => x.location.file.includes('modules/logging'))).toBe(false);
  });
});

describe('cloudposse/ecs-alb-service-task', () => {
  it('creates the task definition of container_definition_json and a service, with its defaults and the inputs given at their lines', () => {
    const tf = `module "container" {
  source          = "cloudposse/ecs-container-definition/aws"
  container_name  = "web"
  container_image = "web:1.4.2"
  privileged      = true
}
module "service" {
  source                    = "cloudposse/ecs-alb-service-task/aws"
  namespace                 = "eg"
  stage                     = "prod"
  name                      = "web"
  container_definition_json = module.container.json_map_encoded_list
  assign_public_ip          = true
  task_exec_role_arn        = ["arn:aws:iam::123456789012:role/exec"]
  efs_volumes = [{
    host_path = null
    name      = "data"
    efs_volume_configuration = [{ file_system_id = "fs-1", root_directory = "/", transit_encryption = "DISABLED", transit_encryption_port = null, authorization_config = [] }]
  }]
}
module "defaults" {
  source                    = "git::https://github.com/cloudposse/terraform-aws-ecs-alb-service-task.git?ref=tags/0.76.0"
  name                      = "api"
  container_definition_json = jsonencode([{ name = "api", image = "api:1" }])
}
module "off" {
  source  = "cloudposse/ecs-alb-service-task/aws"
  enabled = false
  container_definition_json = "[]"
}
`;
    const result = loadModule({ 'main.tf': tf });
    expect(result.resources.filter((r) => r.type.startsWith('ecs:')).map((r) => r.id)).toEqual([
      'module.service.aws_ecs_task_definition.default[0]', 'module.defaults.aws_ecs_task_definition.default[0]',
      'module.service.aws_ecs_service.ignore_changes_task_definition[0]', 'module.defaults.aws_ecs_service.ignore_changes_task_definition[0]',
    ]);
    const td = one(result, 'module.service.aws_ecs_task_definition.default[0]');
    expect(td.data).toMatchObject({ family: 'eg-prod-web', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512', executionRoleArn: 'arn:aws:iam::123456789012:role/exec' });
    expect(td.data.taskRoleArn).toEqual({ $unseen: 'the task role cloudposse/ecs-alb-service-task creates, which ecsguard does not read' });
    expect(get(td.data, '/containerDefinitions/0/privileged')).toBe(true);
    expect(at(td, '/containerDefinitions/0/privileged')).toBe(`main.tf:${lineOf(tf, 'privileged      = true')}:3`);
    expect(get(td.data, '/volumes/0/efsVolumeConfiguration/transitEncryption')).toBe('DISABLED');
    const svc = one(result, 'module.service.aws_ecs_service.ignore_changes_task_definition[0]');
    expect(svc.data).toMatchObject({ serviceName: 'eg-prod-web', launchType: 'FARGATE', platformVersion: 'LATEST', networkConfiguration: { awsvpcConfiguration: { assignPublicIp: 'ENABLED' } } });
    expect(at(svc, '/networkConfiguration/awsvpcConfiguration/assignPublicIp')).toBe(`main.tf:${lineOf(tf, 'assign_public_ip')}:3`);
    const defaults = one(result, 'module.defaults.aws_ecs_service.ignore_changes_task_definition[0]');
    expect(get(defaults.data, '/networkConfiguration/awsvpcConfiguration/assignPublicIp')).toBe('DISABLED');
    expect(get(one(result, 'module.defaults.aws_ecs_task_definition.default[0]').data, '/containerDefinitions/0/name')).toBe('api');
  });
});

describe('the cluster terraform-aws-modules/ecs creates', () => {
  it('has the settings and ECS Exec configuration the call gives, Container Insights by default, and an unseen Exec default', () => {
    const tf = `module "ecs" {
  source          = "terraform-aws-modules/ecs/aws"
  cluster_name    = "shop"
  cluster_setting = [{ name = "containerInsights", value = "disabled" }]
  cluster_configuration = {
    execute_command_configuration = {
      logging           = "OVERRIDE"
      log_configuration = { cloud_watch_encryption_enabled = true }
    }
  }
}
module "plain" {
  source       = "terraform-aws-modules/ecs/aws"
  cluster_name = "plain"
}
module "sub" {
  source = "terraform-aws-modules/ecs/aws//modules/cluster"
  name   = "sub"
  configuration = {
    execute_command_configuration = { kms_key_id = "arn:aws:kms:us-east-1:123456789012:key/k", logging = "NONE" }
  }
}
module "off" {
  source = "terraform-aws-modules/ecs/aws//modules/cluster"
  create = false
}
`;
    const result = loadModule({ 'main.tf': tf });
    expect(result.resources.filter((r) => r.type === 'ecs:cluster').map((r) => r.id)).toEqual(['module.ecs.module.cluster.aws_ecs_cluster.this[0]', 'module.plain.module.cluster.aws_ecs_cluster.this[0]', 'module.sub.aws_ecs_cluster.this[0]']);
    const shop = one(result, 'module.ecs.module.cluster.aws_ecs_cluster.this[0]');
    expect(shop.data.settings).toEqual([{ name: 'containerInsights', value: 'disabled' }]);
    // the module's own log group stands in for the one given
    expect(get(shop.data, '/configuration/executeCommandConfiguration')).toEqual({ logging: 'OVERRIDE', logConfiguration: { cloudWatchEncryptionEnabled: true, cloudWatchLogGroupName: '/aws/ecs/shop' } });
    expect(at(shop, '/settings/0/value')).toBe(`main.tf:${lineOf(tf, 'cluster_setting')}:3`);
    const plain = one(result, 'module.plain.module.cluster.aws_ecs_cluster.this[0]');
    expect(plain.data.settings).toEqual([{ name: 'containerInsights', value: 'enabled' }]);
    expect(isComputed(plain.data.configuration)).toBe(true);
    expect(get(one(result, 'module.sub.aws_ecs_cluster.this[0]').data, '/configuration/executeCommandConfiguration/logging')).toBe('NONE');
  });
});

describe('cloudposse/ecs-container-definition', () => {
  it('gives the container its inputs write, as an object and as JSON text, at the lines of its inputs', () => {
    const tf = `module "app" {
  source          = "cloudposse/ecs-container-definition/aws"
  version         = "0.61.1"
  container_name  = "app"
  container_image = "nginx:1.27"
  privileged      = true
  environment     = [{ name = "MODE", value = "web" }]
  map_environment = {
    DB_PASSWORD = "hunter2-hunter2"
  }
  map_secrets = { API_KEY = "arn:aws:ssm:us-east-1:123456789012:parameter/api-key" }
}
module "proxy" {
  source                   = "git::https://github.com/cloudposse/terraform-aws-ecs-container-definition.git?ref=tags/0.58.1"
  container_name           = "proxy"
  container_image          = "envoy:1"
  readonly_root_filesystem = true
  environment              = var.proxy_env
}
resource "aws_ecs_task_definition" "list" {
  family                = "list"
  container_definitions = module.app.json_map_encoded_list
}
resource "aws_ecs_task_definition" "text" {
  family                = "text"
  container_definitions = "[\${module.app.json_map_encoded}, \${module.proxy.json_map_encoded}]"
}
resource "aws_ecs_task_definition" "objects" {
  family                = "objects"
  container_definitions = jsonencode([module.proxy.json_map_object])
}
`;
    const result = loadModule({ 'main.tf': tf });
    const list = one(result, 'aws_ecs_task_definition.list');
    expect(list.data.containerDefinitions).toEqual([
      {
        name: 'app', image: 'nginx:1.27', privileged: true, essential: true, readonlyRootFilesystem: false,
        environment: [{ name: 'DB_PASSWORD', value: 'hunter2-hunter2' }, { name: 'MODE', value: 'web' }],
        secrets: [{ name: 'API_KEY', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/api-key' }],
      },
    ]);
    expect(at(list, '/containerDefinitions/0/privileged')).toBe(`main.tf:${lineOf(tf, 'privileged      = true')}:3`);
    expect(at(list, '/containerDefinitions/0/environment/0/value')).toBe(`main.tf:${lineOf(tf, 'DB_PASSWORD')}:5`);
    // JSON text in a template: the containers are read, placed at their interpolations
    const text = one(result, 'aws_ecs_task_definition.text');
    // (the proxy's environment is set at deploy time: as JSON text, its container is)
    expect(get(text.data, '/containerDefinitions/0/name')).toBe('app');
    expect(at(text, '/containerDefinitions/0/privileged')).toBe(`main.tf:${lineOf(tf, 'json_map_encoded}')}:31`);
    expect(isComputed(get(text.data, '/containerDefinitions/1'))).toBe(true);
    const objects = one(result, 'aws_ecs_task_definition.objects');
    expect(get(objects.data, '/containerDefinitions/0')).toMatchObject({ name: 'proxy', readonlyRootFilesystem: true, essential: true });
    expect(result.notices).toEqual([]);
  });
});

describe('launch templates that start ECS container instances', () => {
  it('are those whose user data joins a cluster or whose image data source finds an ECS-optimized AMI; others are not read', () => {
    const tf = `
data "aws_ssm_parameter" "ecs" { name = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id" }
data "aws_ami" "web" {
  filter {
    name   = "name"
    values = ["al2023-ami-2023.*"]
  }
}
resource "aws_launch_template" "param" { image_id = data.aws_ssm_parameter.ecs.value }
resource "aws_launch_template" "agent" { user_data = base64encode("echo ECS_CLUSTER=x >> /etc/ecs/ecs.config") }
resource "aws_launch_template" "web" { image_id = data.aws_ami.web.id }
`;
    const result = loadModule({ 'main.tf': tf });
    expect(result.resources.filter((r) => r.type === 'ec2:container-instance').map((r) => r.id).sort()).toEqual(['aws_launch_template.agent', 'aws_launch_template.param']);
    expect((one(result, 'aws_launch_template.agent').data.LaunchTemplateData as any).UserDataSummary.settings).toEqual(['ECS_CLUSTER']);
  });
  it('are those an ECS capacity provider\'s Auto Scaling group launches from, whatever their user data says', () => {
    const tf = `
resource "aws_launch_template" "plain" { image_id = var.ami }
resource "aws_launch_configuration" "lc" { image_id = var.ami }
resource "aws_launch_template" "mixed" { image_id = var.ami }
resource "aws_launch_template" "other" { image_id = var.ami }
resource "aws_autoscaling_group" "a" {
  launch_template {
    id      = aws_launch_template.plain.id
    version = "$Latest"
  }
}
resource "aws_autoscaling_group" "b" { launch_configuration = aws_launch_configuration.lc.name }
resource "aws_autoscaling_group" "c" {
  mixed_instances_policy {
    launch_template {
      launch_template_specification { launch_template_id = aws_launch_template.mixed.id }
    }
  }
}
resource "aws_autoscaling_group" "web" { launch_template { id = aws_launch_template.other.id } }
resource "aws_ecs_capacity_provider" "a" {
  auto_scaling_group_provider { auto_scaling_group_arn = aws_autoscaling_group.a.arn }
}
resource "aws_ecs_capacity_provider" "b" {
  auto_scaling_group_provider { auto_scaling_group_arn = aws_autoscaling_group.b.arn }
}
resource "aws_ecs_capacity_provider" "c" {
  auto_scaling_group_provider { auto_scaling_group_arn = aws_autoscaling_group.c.arn }
}
`;
    const result = loadModule({ 'main.tf': tf });
    const ids = result.resources.filter((r) => r.type === 'ec2:container-instance').map((r) => r.id).sort();
    expect(ids).toEqual(['aws_launch_configuration.lc', 'aws_launch_template.mixed', 'aws_launch_template.plain']);
  });
});

describe('Terragrunt units', () => {
  const MODULE = [
    'variable "name" {}',
    'variable "image" {}',
    'variable "privileged" { default = false }',
    'variable "environment" { default = [] }',
    'resource "aws_ecs_task_definition" "app" {',
    '  family        = var.name',
    '  task_role_arn = "arn:aws:iam::123456789012:role/app"',
    '  container_definitions = jsonencode([{ name = var.name, image = var.image, privileged = var.privileged, environment = var.environment }])',
    '}',
    '',
  ].join('\n');
  const PROD = [
    'include "root" {',
    '  path = find_in_parent_folders()',
    '}',
    'terraform {',
    '  source = "../../../modules//ecs"',
    '}',
    'inputs = {',
    '  name = "prod-app"',
    '  environment = [',
    '    { name = "LOG_LEVEL", value = "info" },',
    '    { name = "DB_PASSWORD", value = "Prod-Passw0rd-77" },',
    '  ]',
    '}',
    '',
  ].join('\n');
  const scan = (files: Record<string, string>) => {
    const dir = tempDir(files);
    const r = runCli(['scan', '.', '--no-config', '--format', 'json'], dir);
    return { r, report: JSON.parse(r.stdout) };
  };
  const verdicts = (report: any, rule: string) => report.results.filter((x: any) => x.ruleId === rule).map((x: any) => `${x.status} ${x.location.file}:${x.location.line}`).sort();

  it("are the module their source names, run with their inputs over the included configuration's, each value at its line", () => {
    const { r, report } = scan({
      'modules/ecs/main.tf': MODULE,
      'live/terragrunt.hcl': 'locals {\n  team = "shop"\n}\ninputs = {\n  image      = "123456789012.dkr.ecr.us-east-1.amazonaws.com/${local.team}:1.0"\n  privileged = true\n}\n',
      'live/prod/app/terragrunt.hcl': PROD,
    });
    expect(report.errors).toEqual([]);
    expect(verdicts(report, 'ecs-no-plaintext-secrets')).toEqual([`fail live/prod/app/terragrunt.hcl:${lineOf(PROD, 'DB_PASSWORD')}`]);
    expect(verdicts(report, 'ecs-no-privileged')).toEqual(['fail modules/ecs/main.tf:8']);
    expect(verdicts(report, 'ecs-ecr-image')).toEqual(['pass modules/ecs/main.tf:5']);
    // the module is evaluated through the unit only, never on its own with unknown variables
    expect(report.summary.resources).toBe(1);
    expect(r.stdout).not.toContain('Prod-Passw0rd-77');
  });

  it('an include that cannot be found leaves what the unit does not set unknown; inputs computed whole, every variable', () => {
    const dev = PROD.replace('find_in_parent_folders()', '"${get_env(\"TG_ROOT\")}/terragrunt.hcl"').replace(/inputs = \{[\s\S]*$/, 'inputs = {\n  name = "dev-app"\n}\n');
    const merged = PROD.replace(/inputs = \{[\s\S]*$/, 'inputs = merge(read_terragrunt_config("env.hcl").inputs, { name = "x" })\n');
    const { report } = scan({ 'modules/ecs/main.tf': MODULE, 'live/terragrunt.hcl': 'inputs = {}\n', 'live/dev/app/terragrunt.hcl': dev, 'live/qa/app/terragrunt.hcl': merged });
    expect(report.errors).toEqual([]);
    expect(verdicts(report, 'ecs-no-privileged')).toEqual(['unknown modules/ecs/main.tf:8', 'unknown modules/ecs/main.tf:8']);
    expect(verdicts(report, 'ecs-no-plaintext-secrets')).toEqual(['unknown modules/ecs/main.tf:8', 'unknown modules/ecs/main.tf:8']);
  });

  it("an include's merge_strategy decides: no_merge leaves its inputs out, deep joins lists, one not written literally is unknown", () => {
    const root = 'inputs = {\n  image      = "nginx:1.27"\n  privileged = true\n  environment = [{ name = "DB_PASSWORD", value = "Root-Passw0rd-1" }]\n}\n';
    const unit = (strategy: string) => PROD.replace('  path = find_in_parent_folders()', `  path = find_in_parent_folders()\n  merge_strategy = ${strategy}`).replace('  name = "prod-app"', '  name = "prod-app"\n  image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1"').replace('{ name = "DB_PASSWORD", value = "Prod-Passw0rd-77" },', '');
    const run = (strategy: string) => scan({ 'modules/ecs/main.tf': MODULE, 'live/terragrunt.hcl': root, 'live/prod/app/terragrunt.hcl': unit(strategy) }).report;
    const none = run('"no_merge"');
    expect([verdicts(none, 'ecs-no-privileged'), verdicts(none, 'ecs-no-plaintext-secrets')]).toEqual([['pass modules/ecs/main.tf:5'], ['pass modules/ecs/main.tf:5']]);
    const deep = run('"deep"');
    expect([verdicts(deep, 'ecs-no-privileged'), verdicts(deep, 'ecs-no-plaintext-secrets')]).toEqual([['fail modules/ecs/main.tf:8'], ['fail live/terragrunt.hcl:4']]);
    const unread = run('local.strategy');
    expect(verdicts(unread, 'ecs-no-privileged')).toEqual(['unknown modules/ecs/main.tf:8']);
  });

  it("a source built with Terragrunt's path functions, or inherited from the include (the DRY layout), is followed", () => {
    const fromRoot = PROD.replace('"../../../modules//ecs"', '"${get_repo_root()}/modules//ecs"');
    const viaParent = PROD.replace('"../../../modules//ecs"', '"${dirname(find_in_parent_folders())}/../modules//ecs"');
    const inherits = PROD.replace(/terraform \{\n  source = "[^"]*"\n\}\n/, '');
    const common = 'terraform {\n  source = "${get_parent_terragrunt_dir()}/../modules//ecs"\n}\ninputs = {\n  image = "nginx:1.27"\n}\n';
    for (const [unit, root] of [[fromRoot, 'inputs = {\n  image = "nginx:1.27"\n}\n'], [viaParent, 'inputs = {\n  image = "nginx:1.27"\n}\n'], [inherits, common]] as const) {
      const { report } = scan({ '.git/HEAD': 'ref: refs/heads/main\n', 'modules/ecs/main.tf': MODULE, 'live/terragrunt.hcl': root, 'live/prod/app/terragrunt.hcl': unit });
      expect(report.errors).toEqual([]);
      expect(verdicts(report, 'ecs-no-plaintext-secrets')).toEqual([`fail live/prod/app/terragrunt.hcl:${lineOf(unit, 'DB_PASSWORD')}`]);
    }
    // a source built with other functions is said to be unread
    const unknown = PROD.replace('"../../../modules//ecs"', '"${get_env("MODULES")}//ecs"');
    expect(scan({ 'modules/ecs/main.tf': MODULE, 'live/terragrunt.hcl': 'inputs = {}\n', 'live/prod/app/terragrunt.hcl': unknown }).r.stderr).toContain('live/prod/app/terragrunt.hcl:4:1: module "terragrunt" is not read: its source is built with functions ecsguard does not evaluate');
    // a relative source in the included file is read from where Terragrunt runs: not followed
    const relative = 'terraform {\n  source = "../modules//ecs"\n}\n';
    const { r, report } = scan({ 'modules/ecs/main.tf': MODULE, 'live/terragrunt.hcl': relative, 'live/prod/app/terragrunt.hcl': inherits });
    expect(verdicts(report, 'ecs-no-plaintext-secrets')).toEqual(['pass modules/ecs/main.tf:5']);
    expect(r.stderr).toContain('live/terragrunt.hcl:1:1: module "terragrunt" is not read');
  });

  it('an included configuration outside the scanned directories is not read: what the unit does not set is unknown', () => {
    const dir = tempDir({ 'live/terragrunt.hcl': 'inputs = {\n  image = "nginx:1.27"\n}\n', 'live/prod/app/terragrunt.hcl': PROD.replace('../../../modules//ecs', './mod'), 'live/prod/app/mod/main.tf': MODULE });
    const report = JSON.parse(runCli(['scan', 'live/prod', '--no-config', '--format', 'json'], dir).stdout);
    expect(report.errors).toEqual([]);
    expect(verdicts(report, 'ecs-ecr-image')).toEqual(['unknown live/prod/app/mod/main.tf:8']);
    expect(verdicts(report, 'ecs-no-plaintext-secrets')).toEqual([`fail live/prod/app/terragrunt.hcl:${lineOf(PROD, 'DB_PASSWORD')}`]);
  });

  it("get_env reads the applying shell's variable: named as a secret, it is a secret resolved into plaintext", () => {
    const unit = PROD.replace('{ name = "DB_PASSWORD", value = "Prod-Passw0rd-77" }', '{ name = "DB", value = get_env("DB_PASSWORD") }').replace('value = "info"', 'value = get_env("LOG_LEVEL", "info")');
    const { report } = scan({ 'modules/ecs/main.tf': MODULE, 'live/terragrunt.hcl': 'inputs = {\n  image = "nginx:1.27"\n}\n', 'live/prod/app/terragrunt.hcl': unit });
    const secrets = report.results.filter((x: any) => x.ruleId === 'ecs-no-plaintext-secrets');
    expect(secrets.map((x: any) => [x.status, x.location.line, x.message])).toEqual([['fail', lineOf(unit, 'get_env("DB_PASSWORD")'), expect.stringContaining('from a value named as a secret (get_env.DB_PASSWORD)')]]);
  });

  it('a registry module ecsguard models (tfr:///terraform-aws-modules/ecs/aws//modules/service) is read from the inputs, at their lines', () => {
    const unit = ['terraform {', '  source = "tfr:///terraform-aws-modules/ecs/aws//modules/service?version=5.11.0"', '}', 'inputs = {', '  name             = "api"', '  assign_public_ip = true', '  container_definitions = {', '    api = {', '      image      = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.0"', '      privileged = true', '    }', '  }', '}', ''].join('\n');
    const { report } = scan({ 'live/prod/svc/terragrunt.hcl': unit });
    expect(report.errors).toEqual([]);
    expect(verdicts(report, 'ecs-no-privileged')).toEqual([`fail live/prod/svc/terragrunt.hcl:${lineOf(unit, 'privileged')}`]);
    expect(verdicts(report, 'ecs-service-no-public-ip')).toEqual([`fail live/prod/svc/terragrunt.hcl:${lineOf(unit, 'assign_public_ip')}`]);
    // with an include it cannot read, the module's defaults may not hold: what they would pass is unknown
    const included = `include "root" {\n  path = "\${get_repo_root()}/root.hcl"\n}\n${unit.replace('  assign_public_ip = true\n', '')}`;
    const dark = scan({ 'live/prod/svc/terragrunt.hcl': included }).report;
    expect(verdicts(dark, 'ecs-service-no-public-ip')).toEqual(['unknown live/prod/svc/terragrunt.hcl:4']);
    expect(verdicts(dark, 'ecs-no-privileged')).toEqual([`fail live/prod/svc/terragrunt.hcl:${lineOf(included, 'privileged')}`]);
  });

  it("a notice never shows a source URL's credentials", () => {
    const { r } = scan({ 'main.tf': 'module "svc" {\n  source = "git::https://deploy:ghp_TokenInTheUrl12345@github.com/example/ecs-service.git?ref=v1"\n}\n' });
    expect(r.stderr).toContain('its source (git::https://…@github.com/example/ecs-service.git?ref=v1) is not fetched');
    expect(r.stderr).not.toContain('ghp_TokenInTheUrl12345');
  });

  it('a source that is not a local folder is never fetched: a notice when it names ECS', () => {
    const remote = PROD.replace('../../../modules//ecs', 'git::https://github.com/example/infra.git//modules/ecs?ref=v1.2.0');
    const { r, report } = scan({ 'live/terragrunt.hcl': 'inputs = {}\n', 'live/prod/app/terragrunt.hcl': remote });
    expect([report.errors, report.results]).toEqual([[], []]);
    expect(r.stderr.split('\n').filter((l) => l.includes('notice'))).toEqual([expect.stringMatching(/^ecsguard: notice: live\/prod\/app\/terragrunt\.hcl:4:1: module "terragrunt" is not read: its source \(git::https:\/\/github\.com\/example\/infra\.git\/\/modules\/ecs\?ref=v1\.2\.0\) is not fetched/)]);
  });
});
