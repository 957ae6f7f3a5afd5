// One rule on one resource -> results. Each (rule, resource) pair ends as fail (one result per
// finding), unknown (with the reasons), pass or not-applicable. A rule that throws is a bug in
// ecsguard: RuleCrash, which the scan turns into an internal error (exit 2), never a pass and never
// a quiet unknown.
import { relationField, type Inventory } from '../inventory/inventory.js';
import type { Resource } from '../inventory/resource.js';
import type { Blind, Violation } from '../predicates/types.js';
import { both, contradicts, listItemsOf } from '../inventory/intrinsic-values.js';
import { unknownPhrase } from '../inventory/computed.js';
import type { JsonObject } from '../util/json.js';
import { toPointer } from '../util/pointer.js';
import { evaluateCondition, pointerOf, RegexCache, resolvePath, scopeOf, segmentsOf, type Resolved, type Scope } from './conditions.js';
import type { Result, ResultLocation } from './results.js';
import type { Expectation, Rule, Severity } from './rule-types.js';

export interface RuleSetting {
  severity: Severity;
  parameters: JsonObject;
}

const regexes = new RegexCache();

/** A rule threw while evaluating a resource: an internal error, reported with the rule and file. */
export class RuleCrash extends Error {
  constructor(
    readonly ruleId: string,
    readonly resource: Resource,
    readonly error: unknown,
  ) {
    super(`rule ${ruleId} failed on ${resource.origin.address ?? resource.name} (${error instanceof Error ? error.message : String(error)}); please report it`);
  }
}

/**
 * What every rule's results on one resource share: its description and the location of its root
 * (where passes and not-applicable results point), computed once per resource, not once per rule.
 * Results only read them, so one object serves them all.
 */
export class ResourceResults {
  private root: ResultLocation | undefined;
  readonly described: Result['resource'];
  constructor(readonly resource: Resource) {
    this.described = describeResource(resource);
  }
  rootLocation(): ResultLocation {
    return (this.root ??= locate(this.resource, ''));
  }
}

export function evaluateOne(rule: Rule, setting: RuleSetting, resource: Resource, inventory: Inventory, results: Result[], shared = new ResourceResults(resource)): void {
  const violations: Violation[] = [];
  const unknowns: Blind[] = [];
  let notApplicable: string | undefined;
  if (resource.unseen !== undefined) {
    unknowns.push({ pointer: '', reason: resource.unseen });
  } else {
    try {
      notApplicable = runCheck(rule, setting, resource, inventory, violations, unknowns);
    } catch (err) {
      throw new RuleCrash(rule.id, resource, err);
    }
    if (resource.incomplete !== undefined && violations.length === 0) unknowns.push({ pointer: '', reason: resource.incomplete });
  }
  const described = shared.described;
  // Results are built with the same fields in the same order (no spreads): one object shape
  // for V8 across tens of thousands of results.
  if (violations.length > 0) {
    for (const v of violations) {
      const location = v.at ? locate(v.at.resource, v.at.pointer) : locate(resource, v.pointer);
      const result: Result = {
        ruleId: rule.id,
        severity: setting.severity,
        resource: described,
        status: 'fail',
        messageId: v.message,
        data: v.data,
        message: renderMessage(rule.messages[v.message] ?? v.message, v.data),
        location,
      };
      if (v.at) result.related = [locate(resource, v.pointer)];
      results.push(result);
    }
    return;
  }
  if (unknowns.length > 0) {
    const reasons = [...new Set(unknowns.map((u) => shownReason(u.reason)))];
    const reason = reasons.length === 1 ? reasons[0]! : shownReason(`${reasons[0]} (and ${reasons.length - 1} more: ${reasons.slice(1).join('; ')})`);
    results.push({
      ruleId: rule.id,
      severity: setting.severity,
      resource: described,
      status: 'unknown',
      message: `Could not evaluate: ${reason}`,
      reason,
      location: locate(resource, unknowns[0]!.pointer),
    });
    return;
  }
  const status = notApplicable !== undefined ? 'not-applicable' : 'pass';
  const result: Result = {
    ruleId: rule.id,
    severity: setting.severity,
    resource: described,
    status,
    message: notApplicable !== undefined ? `Not applicable: ${notApplicable}` : rule.title,
    location: shared.rootLocation(),
  };
  if (notApplicable !== undefined) result.reason = notApplicable;
  results.push(result);
}

/** Runs the rule's check; returns a not-applicable reason, or undefined. */
function runCheck(rule: Rule, setting: RuleSetting, resource: Resource, inventory: Inventory, violations: Violation[], unknowns: Blind[]): string | undefined {
  const check = rule.check;
  let appliesWhen: string | undefined;
  if (check.applies) {
    const r = evaluateCondition(check.applies, scopeOf(resource.data, resource), regexes);
    if (r.value === 'unknown') {
      unknowns.push({ pointer: pointerOf(r), reason: r.reason ?? 'applicability could not be decided' });
      return undefined;
    }
    // false for some values only: the rule applies when the template gives the others
    if (!r.value && r.trueWhen === undefined) return 'the rule does not apply to this resource';
    appliesWhen = r.trueWhen;
  }
  // `via`: the expectations read the related resource (a task's role); findings point into it,
  // with the subject's field that names it as the related place
  let subject = resource;
  let viaPointer: string | undefined;
  if (check.via) {
    const field = relationField(check.via, resource.type) ?? check.via;
    const rel = inventory.related(resource, check.via);
    if (rel.status === 'absent') return `no ${field.replace(/\//g, '.')}`;
    if (rel.status === 'not-visible') {
      unknowns.push({ pointer: `/${field}`, reason: rel.reason });
      return undefined;
    }
    subject = rel.resource;
    viaPointer = `/${field}`;
  }
  const root = subject.data;
  const { declarative, predicates } = expectationsOf(check);
  let notApplicable: string | undefined;
  let evaluatedAny = predicates.length > 0;
  if (declarative.length > 0) {
    if (check.each) {
      const list = resolvePath(scopeOf(root, subject), check.each.startsWith('/') ? check.each : '/' + check.each);
      const listAt = segmentsOf(list);
      // an element under Fn::If (or the whole list under one) is each branch that can be taken;
      // AWS::NoValue removes it
      const items = listItemsOf(list.value, listAt);
      if (items === undefined && list.computed) {
        unknowns.push({ pointer: toPointer(listAt), reason: `${listAt.join('.')} is ${unknownPhrase(list.value!)}` });
        return undefined;
      }
      if (items === undefined || items.length === 0) {
        notApplicable = `no ${listAt.join('.')}`;
      } else {
        evaluatedAny = true;
        for (const item of items) {
          // an element only in a branch the rule does not apply in is never checked
          if (contradicts(appliesWhen, item.condition)) continue;
          expectElement(check, declarative, { root, subject, base: item.segments, value: item.value }, both(appliesWhen, item.condition), viaPointer, subject, violations, unknowns);
        }
      }
    } else {
      evaluatedAny = true;
      expectElement(check, declarative, scopeOf(root, subject), appliesWhen, viaPointer, subject, violations, unknowns);
    }
  }
  for (const p of predicates) {
    const predicate = Object.prototype.hasOwnProperty.call(rule.predicates, p.predicate) ? rule.predicates[p.predicate] : undefined;
    if (!predicate) throw new Error(`unknown predicate ${p.predicate}`);
    const outcome = predicate.evaluate({ resource, inventory, parameters: setting.parameters });
    // one at a time: a spread of 200,000 findings overflows the stack
    for (const v of outcome.violations) violations.push(v);
    for (const u of outcome.unknowns) unknowns.push(u);
    if (outcome.notApplicable !== undefined && declarative.length === 0) notApplicable = outcome.notApplicable;
  }
  if (!evaluatedAny && notApplicable === undefined) notApplicable = 'nothing to evaluate';
  return violations.length === 0 && unknowns.length === 0 ? notApplicable : undefined;
}

/**
 * One element (the resource, or one item of `each`) against the declarative expectations. The
 * element's label is only worked out for a finding or a blind spot; a branch names its condition.
 */
function expectElement(check: Rule['check'], declarative: readonly Declarative[], scope: Scope, condition: string | undefined, viaPointer: string | undefined, subject: Resource, violations: Violation[], unknowns: Blind[]): void {
  const inBranch = condition === undefined ? scope : { ...scope, when: condition };
  for (const e of declarative) {
    const r = evaluateCondition(e.that, inBranch, regexes);
    if (r.value === true) continue;
    // the element's branch, and the values under which the expectation fails
    const when = both(condition, r.when);
    const name = check.as ? elementLabel(scope, check.label) + (when ? ` (when ${when})` : '') : undefined;
    if (r.value === 'unknown') {
      unknowns.push({ pointer: viaPointer ?? pointerOf(r), reason: (name ? `${check.as} "${name}": ` : '') + (r.reason ?? 'could not be decided') });
      return;
    }
    const data: Record<string, string | number> = r.data ? { ...r.data } : {};
    if (check.as && name !== undefined) data[check.as] = name;
    // with no element to name, the message says when itself
    else if (when !== undefined) data.when = when;
    if (e.data) {
      for (const key in e.data) {
        if (!Object.prototype.hasOwnProperty.call(e.data, key)) continue;
        let v = resolvePath(scope, e.data[key]!);
        // the value the failing alternative gives, where the data names the place decided on
        if (v.computed && r.when !== undefined && samePlace(v, r.at)) v = r.at;
        data[key] = v.computed ? v.computed : v.found && (typeof v.value === 'string' || typeof v.value === 'number' || typeof v.value === 'boolean') ? String(v.value) : 'none';
      }
    }
    const pointer = e.at ? pointerOf(resolvePath(scope, e.at)) : pointerOf(r);
    violations.push(viaPointer ? { message: e.message, data, pointer: viaPointer, at: { resource: subject, pointer } } : { message: e.message, data, pointer });
    if (!e.continue) return; // an element stops at its first unmet expectation, unless told to go on
  }
}

/** Whether a computed value found on a path stands where an alternative of it was decided. */
function samePlace(computed: Resolved, alternative: Resolved): boolean {
  const a = segmentsOf(computed);
  const b = alternative.base;
  return alternative.depth === 0 && a.length === b.length && a.every((s, i) => s === b[i]);
}

type Declarative = Extract<Expectation, { that: unknown }>;
type PredicateCall = Extract<Expectation, { predicate: string }>;

/** A check's expectations split by kind, once per check rather than once per resource. */
const splitExpectations = new WeakMap<Rule['check'], { declarative: Declarative[]; predicates: PredicateCall[] }>();
function expectationsOf(check: Rule['check']): { declarative: Declarative[]; predicates: PredicateCall[] } {
  let split = splitExpectations.get(check);
  if (!split) {
    split = { declarative: check.expect.filter((e): e is Declarative => 'that' in e), predicates: check.expect.filter((e): e is PredicateCall => 'predicate' in e) };
    splitExpectations.set(check, split);
  }
  return split;
}
function elementLabel(scope: Scope, labelPath: string | undefined): string {
  const index = scope.base.find((s, i) => i > 0 && /^[0-9]+$/.test(s) && scope.base[i - 1] !== 'Fn::If') ?? scope.base[scope.base.length - 1] ?? '0';
  if (!labelPath) return `#${index}`;
  const v = resolvePath(scope, labelPath);
  return v.found && typeof v.value === 'string' ? v.value : `#${index}`;
}

export function describeResource(r: Resource): Result['resource'] {
  const out: Result['resource'] = { type: r.type, id: r.id, name: r.name, file: r.origin.file };
  if (r.origin.address !== undefined) out.address = r.origin.address;
  if (r.origin.shape === 'inventory-snapshot') {
    out.live = true;
    if (r.account !== undefined) out.account = r.account;
    if (r.region !== undefined) out.region = r.region;
  }
  return out;
}

export function locate(resource: Resource, pointer: string): ResultLocation {
  const pos = resource.origin.locate(pointer);
  return { file: pos.file ?? resource.origin.file, line: pos.line, column: pos.column, pointer, resourceId: resource.id };
}

const templates = new Map<string, string[]>();

/**
 * `{{name}}` -> data.name. Data never holds a secret value: predicates put names and kinds in it.
 * Templates are split once: even parts are text, odd parts are placeholder names.
 */
export function renderMessage(template: string, data: Record<string, string | number>): string {
  let parts = templates.get(template);
  if (!parts) {
    parts = template.split(/\{\{\s?([A-Za-z][A-Za-z0-9]{0,40})\s?\}\}/);
    templates.set(template, parts);
  }
  let out = parts[0]!;
  let saysWhen = false;
  for (let i = 1; i < parts.length; i += 2) {
    const key = parts[i]!;
    if (key === 'when') saysWhen = true;
    out += (Object.prototype.hasOwnProperty.call(data, key) ? shown(data[key]!) : `{{${key}}}`) + parts[i + 1]!;
  }
  // a finding that holds under a template's condition names it, whatever the message template says
  if (!saysWhen && Object.prototype.hasOwnProperty.call(data, 'when')) out += ` (when ${shown(data.when!)})`;
  return out;
}

/** Longest value a message shows of its data: names come from the scanned files, and a crafted one may be a megabyte. */
const SHOWN = 200;

/**
 * A reason as a report shows it: predicates write names from the files into reasons, so a word
 * longer than a message shows is cut, and so is a reason past five times that.
 */
function shownReason(reason: string): string {
  if (reason.length <= SHOWN) return reason;
  const cut = reason.replace(LONG_WORD, (w) => `${w.slice(0, SHOWN)}…`);
  return cut.length > 5 * SHOWN ? `${cut.slice(0, 5 * SHOWN)}…` : cut;
}
// one character class, matched once per run: linear in the reason's length
const LONG_WORD = new RegExp(`\\S{${SHOWN + 1},}`, 'g');

function shown(v: string | number): string {
  const text = String(v);
  // a name the file leaves empty (a service whose label parts are all unset) is said, not blank
  if (text === '') return '(empty)';
  return text.length > SHOWN ? `${text.slice(0, SHOWN)}…` : text;
}
