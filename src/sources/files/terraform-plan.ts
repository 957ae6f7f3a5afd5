// Terraform plan JSON (`terraform show -json plan.out`, or of a state): aws_ecs_task_definition
// resources (whose container_definitions is a JSON string inside the JSON) and the IAM roles and
// policies of the same plan, linked through the plan's configuration references
// (terraform-resources.ts builds the resources; this reads the plan's layout).
import { UserError } from '../../util/errors.js';
import { isObject, own, ownArray, ownObject, ownString, type JsonObject, type JsonValue } from '../../util/json.js';
import type { Resource } from '../../inventory/resource.js';
import type { ParsedDocument } from '../../documents/parse-document.js';
import { buildTerraformResources, stripInstanceKeys, type PlannedResource, type References } from './terraform-resources.js';

export function isTerraformPlan(value: JsonValue): boolean {
  return isObject(value) && typeof own(value, 'format_version') === 'string' && (own(value, 'planned_values') !== undefined || own(value, 'values') !== undefined || Array.isArray(own(value, 'resource_changes')));
}

export function extractTerraformPlan(doc: ParsedDocument, file: string): { resources: Resource[]; errors: UserError[] } {
  const plan = doc.value as JsonObject;
  return buildTerraformResources(collectPlanned(plan), collectConfigReferences(plan), { file, shape: 'terraform-plan', locate: doc.locate });
}

function collectPlanned(plan: JsonObject): PlannedResource[] {
  const out: PlannedResource[] = [];
  const unknownByAddress = new Map<string, JsonObject>();
  (ownArray(plan, 'resource_changes') ?? []).forEach((rc) => {
    const address = ownString(rc, 'address');
    const after = ownObject(ownObject(rc, 'change'), 'after_unknown');
    if (address && after) unknownByAddress.set(address, after);
  });
  const rootKey = own(plan, 'planned_values') !== undefined ? 'planned_values' : 'values';
  // a plan cut down to its changes (a tool's export, a hand-trimmed plan): what each change leaves
  if (own(plan, rootKey) === undefined) return changedResources(plan, unknownByAddress);
  const stack: Array<[JsonValue | undefined, string[]]> = [[ownObject(ownObject(plan, rootKey), 'root_module'), [rootKey, 'root_module']]];
  while (stack.length > 0) {
    const [mod, pointer] = stack.pop()!;
    if (!isObject(mod)) continue;
    (ownArray(mod, 'resources') ?? []).forEach((r, i) => {
      const address = ownString(r, 'address');
      const type = ownString(r, 'type');
      const values = ownObject(r, 'values');
      if (!address || !type || !values || own(r, 'mode') === 'data') return;
      const configAddress = stripInstanceKeys(address);
      out.push({ address, configAddress, modulePrefix: modulePrefixOf(configAddress), type, values, pointer: [...pointer, 'resources', String(i), 'values'], unknown: unknownByAddress.get(address) ?? {} });
    });
    (ownArray(mod, 'child_modules') ?? []).forEach((child, i) => stack.push([child, [...pointer, 'child_modules', String(i)]]));
  }
  return out;
}

/** The resources a plan's resource_changes leave after apply (a deleted one leaves none). */
function changedResources(plan: JsonObject, unknownByAddress: ReadonlyMap<string, JsonObject>): PlannedResource[] {
  const out: PlannedResource[] = [];
  (ownArray(plan, 'resource_changes') ?? []).forEach((rc, i) => {
    const address = ownString(rc, 'address');
    const type = ownString(rc, 'type');
    const values = ownObject(ownObject(rc, 'change'), 'after');
    if (!address || !type || !values || own(rc, 'mode') === 'data') return;
    const configAddress = stripInstanceKeys(address);
    out.push({ address, configAddress, modulePrefix: modulePrefixOf(configAddress), type, values, pointer: ['resource_changes', String(i), 'change', 'after'], unknown: unknownByAddress.get(address) ?? {} });
  });
  return out;
}

/** `module.a.module.b.` of `module.a.module.b.aws_x.y`: the module a resource's configuration is in. */
function modulePrefixOf(configAddress: string): string {
  const lastModule = configAddress.lastIndexOf('module.');
  return lastModule === -1 ? '' : configAddress.slice(0, configAddress.indexOf('.', lastModule + 7) + 1);
}

/**
 * The references of an attribute's expression, with those of the blocks written under it (a
 * block's expressions are a list of objects of expressions, as
 * `auto_scaling_group_provider[0].auto_scaling_group_arn`). A constant value is not looked into.
 */
function expressionReferences(expr: JsonValue): string[] {
  const out: string[] = [];
  const stack: JsonValue[] = [expr];
  let budget = 10_000;
  while (stack.length > 0 && budget-- > 0) {
    const v = stack.pop()!;
    if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
      continue;
    }
    if (!isObject(v)) continue;
    const refs = own(v, 'references');
    if (Array.isArray(refs)) {
      for (const x of refs) if (typeof x === 'string' && !out.includes(x)) out.push(x);
      continue;
    }
    if (own(v, 'constant_value') !== undefined) continue;
    for (const k of Object.keys(v)) stack.push(v[k]!);
  }
  return out;
}

/** Configuration address -> attribute -> referenced addresses (`aws_iam_role.exec.arn`, ...). */
function collectConfigReferences(plan: JsonObject): References {
  const out = new Map<string, Map<string, string[]>>();
  const stack: Array<[JsonValue | undefined, string]> = [[ownObject(ownObject(plan, 'configuration'), 'root_module'), '']];
  let guard = 0;
  while (stack.length > 0 && guard++ < 10_000) {
    const [mod, prefix] = stack.pop()!;
    if (!isObject(mod)) continue;
    for (const r of ownArray(mod, 'resources') ?? []) {
      const address = ownString(r, 'address');
      const expressions = ownObject(r, 'expressions');
      if (!address || !expressions) continue;
      const attrs = new Map<string, string[]>();
      for (const [attr, expr] of Object.entries(expressions)) {
        const refs = expressionReferences(expr);
        if (refs.length > 0) attrs.set(attr, refs.map((x) => prefix + x));
      }
      out.set(prefix + address, attrs);
    }
    const calls = ownObject(mod, 'module_calls') ?? {};
    for (const [name, call] of Object.entries(calls)) stack.push([ownObject(call, 'module'), `${prefix}module.${name}.`]);
  }
  return out;
}

