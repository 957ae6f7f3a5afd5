// Terraform's JSON configuration syntax (`*.tf.json`, what CDK for Terraform writes) -> the same
// syntax tree as HCL's native syntax, so one evaluator reads both. JSON carries no schema: an
// object is a nested block where Terraform's AWS provider has a block of that name, else an
// attribute value. Strings are templates (`"${aws_iam_role.exec.arn}"`), parsed by the HCL parser.
import { UserError } from '../util/errors.js';
import { isObject, nestingDepth, type JsonValue } from '../util/json.js';
import { LineIndex } from '../util/positions.js';
import { findJsonSyntaxError, locateJsonPointer, LocateMemo } from './json-scanner.js';
import { MAX_HCL_NESTING, parseHclTemplate, shiftParts, type HclBlock, type HclBody, type HclExpr, type HclParseResult } from './hcl-syntax.js';

/** Nested block types of the resources ecsguard reads (aws_ecs_*, aws_iam_*, policy documents). */
const NESTED_BLOCKS = new Set([
  'volume', 'efs_volume_configuration', 'authorization_config', 'docker_volume_configuration',
  'fsx_windows_file_server_volume_configuration', 'runtime_platform',
  'ephemeral_storage', 'placement_constraints', 'proxy_configuration', 'inference_accelerator',
  'setting', 'configuration', 'execute_command_configuration', 'log_configuration',
  'managed_storage_configuration', 'service_connect_configuration', 'service', 'client_alias',
  'tls', 'issuer_cert_authority', 'timeout', 'network_configuration', 'capacity_provider_strategy',
  'load_balancer', 'deployment_circuit_breaker', 'deployment_controller', 'ordered_placement_strategy',
  'placement_strategy', 'service_registries', 'inline_policy', 'statement', 'principals',
  'not_principals', 'condition', 'lifecycle', 'content',
]);

/** Top-level block types with two labels (type and name) and with one. */
const TWO_LABELS = new Set(['resource', 'data']);
const ONE_LABEL = new Set(['variable', 'output', 'module']);

export function parseTerraformJson(text: string, file: string): HclParseResult {
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch {
    const err = findJsonSyntaxError(text);
    const pos = new LineIndex(text).position(err?.offset ?? 0);
    return { ok: false, error: new UserError(`invalid JSON: ${err?.reason ?? 'cannot parse'}`, file, pos.line, pos.column) };
  }
  if (nestingDepth(value, MAX_HCL_NESTING) > MAX_HCL_NESTING) return { ok: false, error: new UserError(`document is nested more than ${MAX_HCL_NESTING} levels deep; not scanned`, file) };
  if (!isObject(value)) return { ok: false, error: new UserError('a Terraform JSON file holds an object at the top', file) };
  return { ok: true, body: new JsonConverter(text, file).root(value) };
}

class JsonConverter {
  private readonly memo = new LocateMemo();
  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  private at(segments: readonly string[]): number {
    return locateJsonPointer(this.text, segments, this.memo);
  }

  root(value: Record<string, JsonValue>): HclBody {
    const body: HclBody = { attributes: [], blocks: [] };
    for (const type of Object.keys(value)) {
      const v = value[type]!;
      if (type === 'locals') {
        for (const [i, item] of listOf(v).entries()) {
          const seg = Array.isArray(v) ? [type, String(i)] : [type];
          if (isObject(item)) body.blocks.push({ type, labels: [], body: this.body(item, seg), start: this.at(seg) });
        }
      } else if (TWO_LABELS.has(type) && isObject(v)) {
        for (const [rtype, byName] of Object.entries(v)) {
          if (!isObject(byName)) continue;
          for (const [name, decl] of Object.entries(byName)) this.pushBlocks(body.blocks, type, [rtype, name], decl, [type, rtype, name]);
        }
      } else if (ONE_LABEL.has(type) && isObject(v)) {
        for (const [name, decl] of Object.entries(v)) this.pushBlocks(body.blocks, type, [name], decl, [type, name]);
      }
    }
    return body;
  }

  /** A declaration is an object, or a list of objects (the same block written more than once). */
  private pushBlocks(into: HclBlock[], type: string, labels: string[], decl: JsonValue, seg: string[]): void {
    if (Array.isArray(decl)) decl.forEach((d, i) => isObject(d) && into.push({ type, labels, body: this.body(d, [...seg, String(i)]), start: this.at([...seg, String(i)]) }));
    else if (isObject(decl)) into.push({ type, labels, body: this.body(decl, seg), start: this.at(seg) });
  }

  private body(value: Record<string, JsonValue>, seg: string[], depth = 0): HclBody {
    const body: HclBody = { attributes: [], blocks: [] };
    for (const key of Object.keys(value)) {
      const v = value[key]!;
      const kseg = [...seg, key];
      if (key === '//') continue; // Terraform JSON's comment property
      if (key === 'dynamic' && isObject(v) && depth < 16) {
        for (const [label, d] of Object.entries(v)) this.pushNested(body.blocks, 'dynamic', [label], d, [...kseg, label], depth);
      } else if (NESTED_BLOCKS.has(key) && (isObject(v) || (Array.isArray(v) && v.every(isObject))) && depth < 16) {
        this.pushNested(body.blocks, key, [], v, kseg, depth);
      } else {
        body.attributes.push({ name: key, value: this.expr(v, kseg), start: this.at(kseg) });
      }
    }
    return body;
  }

  private pushNested(into: HclBlock[], type: string, labels: string[], v: JsonValue, seg: string[], depth: number): void {
    if (Array.isArray(v)) v.forEach((d, i) => isObject(d) && into.push({ type, labels, body: this.body(d, [...seg, String(i)], depth + 1), start: this.at([...seg, String(i)]) }));
    else if (isObject(v)) into.push({ type, labels, body: this.body(v, seg, depth + 1), start: this.at(seg) });
  }

  private expr(v: JsonValue, seg: string[]): HclExpr {
    const start = this.at(seg);
    if (typeof v === 'string') {
      if (!v.includes('${') && !v.includes('%{')) return { kind: 'literal', value: v, start };
      // offsets inside the string are approximate (JSON escapes); the string's own place is exact
      const parts = parseHclTemplate(v, this.file);
      return parts ? { kind: 'template', parts: shiftParts(parts, start + 1), start } : { kind: 'opaque', what: 'a template', start };
    }
    if (Array.isArray(v)) return { kind: 'tuple', items: v.map((x, i) => this.expr(x, [...seg, String(i)])), start };
    if (isObject(v)) return { kind: 'object', items: Object.keys(v).map((k) => ({ key: { kind: 'literal' as const, value: k, start }, value: this.expr(v[k]!, [...seg, k]), start: this.at([...seg, k]) })), start };
    return { kind: 'literal', value: v, start };
  }
}

function listOf(v: JsonValue): JsonValue[] {
  return Array.isArray(v) ? v : [v];
}
