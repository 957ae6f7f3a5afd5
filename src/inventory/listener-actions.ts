// The target groups an Elastic Load Balancing listener's or rule's actions forward to: an action's
// TargetGroupArn, or the weighted groups of its ForwardConfig. CloudFormation's properties and the
// API's answers share these names; `named` reads one reference (a template's !Ref, an API's ARN).
import { isObject, own, ownArray, type JsonValue } from '../util/json.js';

export function forwardedTargetGroups(actions: unknown, named: (value: JsonValue | undefined) => string | undefined): string[] {
  const out: string[] = [];
  for (const a of Array.isArray(actions) ? (actions as JsonValue[]) : []) {
    if (!isObject(a)) continue;
    const direct = named(own(a, 'TargetGroupArn'));
    if (direct) out.push(direct);
    for (const g of ownArray(own(a, 'ForwardConfig'), 'TargetGroups') ?? []) {
      const tg = named(own(g, 'TargetGroupArn'));
      if (tg) out.push(tg);
    }
  }
  return out;
}

/** An API answer's reference: a non-empty string. */
export function arnNamed(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
