// Suppressions written in a scanned file: a YAML comment `# ecsguard:skip=RULE reason` (on the
// finding's line, or alone on the line above it) and CloudFormation
// `Metadata: { ecsguard: { skip: [{ id, reason, expires }] } }` on a resource. Each needs a
// reason, may give `expires=YYYY-MM-DD`, and becomes a waiver that every report shows; the
// configuration can refuse them all (allow-inline-suppressions: false).
import type { InlineSuppression } from '../../inventory/suppressions.js';
import { isRealDate } from '../../util/dates.js';
import { UserError } from '../../util/errors.js';
import { own, ownObject, ownString, type JsonValue } from '../../util/json.js';

const MARK = 'ecsguard:skip=';
const RULE_ID = /^([a-z0-9]+(?:-[a-z0-9]+)*|\*)$/;

export interface InlineSuppressions {
  found: InlineSuppression[];
  errors: UserError[];
}

/** `# ecsguard:skip=RULE reason [expires=YYYY-MM-DD]` comments, found line by line (linear). */
export function commentSuppressions(text: string, file: string, out: InlineSuppressions): void {
  if (!text.includes(MARK)) return;
  let lineStart = 0;
  for (let line = 1; lineStart <= text.length; line++) {
    let end = text.indexOf('\n', lineStart);
    if (end === -1) end = text.length;
    const at = text.indexOf(MARK, lineStart);
    if (at !== -1 && at < end) {
      const inLine = text.slice(lineStart, at).lastIndexOf('#');
      const hash = inLine === -1 ? -1 : lineStart + inLine;
      // a comment: "#" at the line's start or after a blank, and only blanks between it and the mark
      const isComment = hash >= lineStart && (hash === lineStart || /\s/.test(text[hash - 1]!)) && text.slice(hash + 1, at).trim() === '';
      if (isComment) {
        const alone = text.slice(lineStart, hash).trim() === '';
        parseDirective(text.slice(at + MARK.length, end).trim(), file, line, alone ? line + 1 : line, out);
      }
    }
    lineStart = end + 1;
  }
}

function parseDirective(body: string, file: string, line: number, target: number, out: InlineSuppressions): void {
  const words = body.split(/\s+/).filter(Boolean);
  const rule = words.shift() ?? '';
  let expires: string | undefined;
  if (words.length > 0 && words[words.length - 1]!.startsWith('expires=')) expires = words.pop()!.slice('expires='.length);
  const reason = words.join(' ');
  const problem = !RULE_ID.test(rule) ? 'a rule id after ecsguard:skip=' : reason.length < 3 ? 'a reason after the rule id' : expires !== undefined && !isRealDate(expires) ? 'expires=YYYY-MM-DD as a real date' : undefined;
  if (problem) {
    out.errors.push(new UserError(`invalid inline suppression: it needs ${problem}`, file, line));
    return;
  }
  out.found.push({ rule, reason, ...(expires ? { expires } : {}), file, line, targetLine: target });
}

/** A CloudFormation resource's `Metadata.ecsguard.skip` list, as waivers on that resource. */
export function metadataSuppressions(resource: JsonValue, logicalId: string, file: string, line: number, out: InlineSuppressions): void {
  const skip = own(ownObject(ownObject(resource, 'Metadata'), 'ecsguard'), 'skip');
  if (skip === undefined) return;
  const list = Array.isArray(skip) ? skip : [];
  if (!Array.isArray(skip)) out.errors.push(new UserError(`invalid inline suppression: ${logicalId}: Metadata.ecsguard.skip must be a list of { id, reason, expires }`, file, line));
  for (const item of list) {
    const rule = ownString(item, 'id') ?? '';
    const reason = ownString(item, 'reason') ?? '';
    const expires = own(item, 'expires');
    const date = typeof expires === 'string' ? expires : undefined;
    const problem = !RULE_ID.test(rule) ? 'an id (the rule id)' : reason.trim().length < 3 ? 'a reason' : expires !== undefined && (date === undefined || !isRealDate(date)) ? 'expires as YYYY-MM-DD' : undefined;
    if (problem) {
      out.errors.push(new UserError(`invalid inline suppression: ${logicalId}: Metadata.ecsguard.skip needs ${problem}`, file, line));
      continue;
    }
    out.found.push({ rule, reason, ...(date ? { expires: date } : {}), file, line, resource: logicalId });
  }
}
