// ecs-no-plaintext-secrets: secrets given as literal values in a container's environment,
// command and entryPoint arguments, Docker labels or log driver options, instead of `secrets` /
// `secretOptions` with valueFrom. Found by format (whatever the name) and by name (when the value
// is a literal, not a reference or a setting). Messages name the place and the kind of secret,
// never the value.
import { describeComputed, dynamicReferenceService, isComputed } from '../inventory/computed.js';
import { isObject, own, type JsonObject, type JsonValue } from '../util/json.js';
import { joinPointer } from '../util/pointer.js';
import { isSecretName, splitWords } from './secret-names.js';
import { decodedText, isHighEntropyToken, isNonSecretValue, matchCredentialFormat, tokens } from './secret-values.js';
import type { Blind, Predicate, PredicateOutcome, Violation } from './types.js';

/** Names whose high-entropy values are checksums, digests, public material or ids, not secrets. */
const ENTROPY_EXEMPT_WORDS = new Set(['hash', 'digest', 'checksum', 'sha', 'sha1', 'sha256', 'sha512', 'integrity', 'fingerprint', 'public', 'pub', 'id', 'version', 'commit', 'revision', 'build', 'etag', 'cert', 'certificate', 'ca']);

interface Place {
  container: string;
  location: string;
  name: string;
  pointer: string;
}

export const plaintextSecrets: Predicate = {
  messages: ['plaintext-secret', 'secret-resolved-into-plaintext'],
  evaluate: ({ resource }) => findPlaintextSecrets(resource.data),
};

/** The plaintext secrets in a task definition's data (also used to redact snapshots). */
export function findPlaintextSecrets(data: JsonObject): PredicateOutcome {
  const out: PredicateOutcome = { violations: [], unknowns: [] };
  const containers = own(data, 'containerDefinitions');
  if (isComputed(containers)) {
    out.unknowns.push({ pointer: '/containerDefinitions', reason: `container definitions are ${describeComputed(containers!)}` });
    return out;
  }
  if (!Array.isArray(containers) || containers.length === 0) {
    out.notApplicable = 'the task definition has no container definitions';
    return out;
  }
  containers.forEach((c, i) => {
    if (!isObject(c)) return;
    const base = joinPointer('/containerDefinitions', i);
    const nameValue = own(c, 'name');
    const container = typeof nameValue === 'string' ? nameValue : `#${i}`;
    const env = own(c, 'environment');
    if (Array.isArray(env)) {
      env.forEach((e, j) => {
        const name = own(e, 'name');
        checkValue(out, { container, location: 'environment variable', name: typeof name === 'string' ? name : `#${j}`, pointer: joinPointer(base, 'environment', j, 'value') }, own(e, 'value'));
      });
    }
    for (const field of ['entryPoint', 'command'] as const) {
      const args = own(c, field);
      if (Array.isArray(args)) checkArguments(out, container, field, base, args);
    }
    const labels = own(c, 'dockerLabels');
    if (isObject(labels)) {
      for (const [key, value] of Object.entries(labels)) {
        checkValue(out, { container, location: 'Docker label', name: key, pointer: joinPointer(base, 'dockerLabels', key) }, value);
      }
    }
    const options = own(own(c, 'logConfiguration'), 'options');
    if (isObject(options)) {
      for (const [key, value] of Object.entries(options)) {
        if (key.startsWith('awslogs-')) continue; // the awslogs driver's options are settings
        checkValue(out, { container, location: 'log driver option', name: key, pointer: joinPointer(base, 'logConfiguration', 'options', key) }, value);
      }
    }
  });
  return out;
}

function violation(out: PredicateOutcome, place: Place, kind: string, message = 'plaintext-secret'): void {
  const v: Violation = { message, pointer: place.pointer, data: { container: place.container, location: place.location, name: place.name, kind } };
  out.violations.push(v);
}

/** What a snapshot writes in place of a plaintext secret it found: the kind, never the value. */
export const REDACTED_KEY = '$redacted';

function redactedKind(value: JsonValue | undefined): string | undefined {
  const k = own(value, REDACTED_KEY);
  return typeof k === 'string' ? k : undefined;
}

function checkValue(out: PredicateOutcome, place: Place, value: JsonValue | undefined): void {
  if (value === undefined || value === null) return;
  const redacted = redactedKind(value);
  if (redacted !== undefined) {
    violation(out, place, redacted);
    return;
  }
  if (isComputed(value)) {
    const secure = secureDynamicReference(value);
    if (secure) {
      violation(out, place, secure, 'secret-resolved-into-plaintext');
    } else if (isSecretName(place.name)) {
      const blind: Blind = { pointer: place.pointer, reason: `${place.location} ${place.name} of container "${place.container}" is ${describeComputed(value)}, set at deploy time; its value could not be checked` };
      out.unknowns.push(blind);
    }
    return;
  }
  if (typeof value !== 'string') return;
  const secure = secureDynamicReference(value);
  if (secure) {
    violation(out, place, secure, 'secret-resolved-into-plaintext');
    return;
  }
  const known = matchCredentialFormat(value);
  if (known) {
    violation(out, place, known.kind);
    return;
  }
  if (isSecretName(place.name)) {
    if (!isNonSecretValue(value)) violation(out, place, 'literal value under a secret name');
    return;
  }
  // key=value pairs inside the value: connection strings, query strings
  const embedded = embeddedSecretPair(value);
  if (embedded) {
    violation(out, place, `${embedded} inside the value`);
    return;
  }
  if (!splitWords(place.name).some((w) => ENTROPY_EXEMPT_WORDS.has(w))) {
    for (const t of tokens(value, 32)) {
      if (!isHighEntropyToken(t) || /^sha(1|256|384|512)-/.test(t)) continue;
      // base64 that decodes to text is an encoded document, not a key: look inside it instead
      const text = decodedText(t);
      const inner = text === undefined ? undefined : matchCredentialFormat(text);
      if (text === undefined || inner) {
        violation(out, place, inner ? `${inner.kind}, base64-encoded` : 'high-entropy string');
        return;
      }
    }
  }
}

/** `Server=db;User Id=sa;Password=hunter2;` or `?token=abc`: the secret-named key, if any. */
function embeddedSecretPair(value: string): string | undefined {
  if (!value.includes('=')) return undefined;
  const parts = value.slice(0, 64 * 1024).split(/[;&\s,?]/);
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq);
    const val = part.slice(eq + 1);
    if (isSecretName(key) && val !== '' && !isNonSecretValue(val)) return `${key}=`;
  }
  return undefined;
}

/** `{{resolve:secretsmanager:...}}` / `{{resolve:ssm-secure:...}}` put a secret's value into plaintext. */
function secureDynamicReference(value: JsonValue): string | undefined {
  const strings: string[] = [];
  collectStrings(value, strings, 0);
  for (const s of strings) {
    const service = dynamicReferenceService(s);
    if (service === 'secretsmanager') return 'Secrets Manager secret resolved by CloudFormation';
    if (service === 'ssm-secure') return 'SecureString parameter resolved by CloudFormation';
  }
  return undefined;
}

function collectStrings(value: JsonValue, out: string[], depth: number): void {
  if (depth > 20 || out.length > 100) return;
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, out, depth + 1);
  else if (isObject(value)) for (const v of Object.values(value)) collectStrings(v, out, depth + 1);
}

/** `--password=x`, `--password x`, `export DB_PASSWORD=x` inside `sh -c "..."`, or a credential anywhere. */
function checkArguments(out: PredicateOutcome, container: string, field: 'entryPoint' | 'command', base: string, args: JsonValue[]): void {
  const location = field === 'command' ? 'command argument' : 'entryPoint argument';
  for (let k = 0; k < args.length; k++) {
    const arg = args[k];
    const pointer = joinPointer(base, field, k);
    const redacted = redactedKind(arg);
    if (redacted !== undefined) {
      violation(out, { container, location, name: `#${k}`, pointer }, redacted);
      continue;
    }
    if (isComputed(arg)) {
      const secure = secureDynamicReference(arg!);
      if (secure) violation(out, { container, location, name: `#${k}`, pointer }, secure, 'secret-resolved-into-plaintext');
      continue;
    }
    if (typeof arg !== 'string') continue;
    const words = shellWords(arg);
    const before = out.violations.length;
    for (let w = 0; w < words.length; w++) {
      const word = words[w]!;
      const eq = word.indexOf('=');
      if (eq > 0) {
        const name = word.slice(0, eq);
        const flag = name.replace(/^-{1,2}/, '');
        if (isSecretName(flag) || matchCredentialFormat(word.slice(eq + 1))) {
          checkValue(out, { container, location, name, pointer }, word.slice(eq + 1));
          if (out.violations.length > before) break;
          continue;
        }
      }
      if (word.startsWith('-') && eq === -1 && isSecretName(word.replace(/^-{1,2}/, ''))) {
        // the value is the next word, or the next argument
        const next = w + 1 < words.length ? words[w + 1] : words.length === 1 ? args[k + 1] : undefined;
        if (typeof next === 'string' && !next.startsWith('-')) {
          checkValue(out, { container, location, name: word, pointer: w + 1 < words.length ? pointer : joinPointer(base, field, k + 1) }, next);
          if (out.violations.length > before) break;
        }
        continue;
      }
      const known = matchCredentialFormat(word);
      if (known) {
        violation(out, { container, location, name: `#${k}`, pointer }, known.kind);
        break;
      }
    }
  }
}

/** Splits a shell-ish string into words, honouring simple quotes; linear, no regex. */
function shellWords(s: string): string[] {
  const words: string[] = [];
  let cur = '';
  let quote = '';
  let has = false;
  const n = Math.min(s.length, 64 * 1024);
  for (let i = 0; i < n; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = '';
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      has = true;
    } else if (c === ' ' || c === '\t' || c === '\n' || c === ';' || c === '&' || c === '|') {
      if (cur || has) words.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
    }
  }
  if (cur || has) words.push(cur);
  return words;
}
