// ecs-no-plaintext-secrets: secrets given as literal values in any field whose value reaches the
// container or the log driver (environment, command, entryPoint, health check, Docker labels, log
// and FireLens options, volume driver options, repository credentials) instead of `secrets` /
// `secretOptions` with valueFrom. Found by format (whatever the name) and by name (when the value
// is a literal, not a reference or a setting). Literal text inside template intrinsics is known
// text; each Fn::If branch that can be taken is checked. Messages and reasons name the place and
// the kind of secret or construct, never the value.
import { credentialOf, describeComputed, dynamicReferenceService, isComputed, isUnseen, REDACTED_KEY, type ReferenceSource } from '../inventory/computed.js';
import { both, contradicts, listItems, listItemsOf, renderTexts, valueBranches, type ListItem, type TextCandidate } from '../inventory/intrinsic-values.js';
import { isObject, own, type JsonObject, type JsonValue } from '../util/json.js';
import { joinPointer, toPointer } from '../util/pointer.js';
import { isSecretName, namesAReference, namesASecret, readsParameterValue, splitWords } from './secret-names.js';
import { decodedText, isHighEntropyToken, isNonSecretValue, matchCredentialFormat, repeatsOwnName, tokens } from './secret-values.js';
import { definePredicate } from './define.js';
import type { PredicateOutcome, Violation } from './types.js';

/** Names whose high-entropy values are checksums, digests, public material or ids, not secrets. */
const ENTROPY_EXEMPT_WORDS = new Set(['hash', 'digest', 'checksum', 'sha', 'sha1', 'sha256', 'sha512', 'integrity', 'fingerprint', 'public', 'pub', 'id', 'version', 'commit', 'revision', 'build', 'etag', 'cert', 'certificate', 'ca']);

/**
 * Where a value sits: a pointer, or how to build it. Most values are not secrets, so the pointer
 * (escaping every segment) is only built for a finding or a blind spot.
 */
type Pointer = string | (() => string);

function pointerText(p: Pointer): string {
  return typeof p === 'string' ? p : p();
}

interface Place {
  /** The container's name, or the volume's for a volume driver option. */
  container: string;
  location: string;
  name: string;
  pointer: Pointer;
  /** The Fn::If conditions under which this place exists. */
  condition?: string;
  /** Message ids for a plaintext and a resolved secret at this place. */
  messages?: { plaintext: string; resolved: string };
}

export const plaintextSecrets = definePredicate({
  id: 'plaintext-secrets',
  messages: {
    'plaintext-secret': 'Container "{{container}}" sets {{location}} "{{name}}" to a plaintext secret ({{kind}}); inject it with "secrets"/"secretOptions" and valueFrom',
    'secret-resolved-into-plaintext': 'Container "{{container}}" sets {{location}} "{{name}}" from a {{kind}}: the value lands in plaintext in the task definition; reference it with "secrets" and valueFrom instead',
    'volume-plaintext-secret': 'Volume "{{volume}}" sets {{location}} "{{name}}" to a plaintext secret ({{kind}}); the driver options are stored in plaintext in the task definition',
    'literal-registry-credentials': 'Container "{{container}}" writes registry credentials into repositoryCredentials.credentialsParameter ({{kind}}) instead of naming a Secrets Manager secret',
  },
  evaluate: ({ resource }) => findPlaintextSecrets(resource.data, resource.origin.resourceIds),
});

/**
 * The plaintext secrets of containers written outside a task definition (a scheduled task's
 * overrides, a deploy step's container changes), read as a task definition's containers: each
 * finding is one of two messages (no volumes or repository credentials there), its pointer moved
 * from `/containerDefinitions` to `at`, its data with `extra` added.
 */
export function writtenContainerSecrets(containers: JsonValue, at: string, extra: Record<string, string> = {}): PredicateOutcome {
  const found = findPlaintextSecrets({ containerDefinitions: containers });
  const moved = (pointer: string) => (pointer.startsWith(CONTAINERS) ? at + pointer.slice(CONTAINERS.length) : pointer);
  const out: PredicateOutcome = {
    violations: found.violations.map((v) => ({ ...v, message: v.message === 'secret-resolved-into-plaintext' ? v.message : 'plaintext-secret', pointer: moved(v.pointer), data: { ...v.data, ...extra } })),
    unknowns: found.unknowns.map((u) => ({ ...u, pointer: moved(u.pointer) })),
  };
  if (found.notApplicable !== undefined) out.notApplicable = found.notApplicable;
  return out;
}

const CONTAINERS = '/containerDefinitions';

/** When a computed value is set, for a reason: what is out of sight, or a placeholder, already says so itself. */
function deployTime(value: JsonValue): string {
  return isUnseen(value) ? '' : ', set at deploy time';
}

/** The outcome being built, and what the template around the data says (its resources' logical ids). */
interface Outcome extends PredicateOutcome {
  resourceIds?: ReadonlySet<string>;
}

/**
 * The plaintext secrets in a task definition's data (also used to redact snapshots);
 * `resourceIds` are a CloudFormation template's logical ids, when the data comes from one.
 */
export function findPlaintextSecrets(data: JsonObject, resourceIds?: ReadonlySet<string>): PredicateOutcome {
  const out: Outcome = { violations: [], unknowns: [] };
  if (resourceIds) out.resourceIds = resourceIds;
  checkVolumes(out, own(data, 'volumes'));
  const containers = own(data, 'containerDefinitions');
  const listed = listItemsOf(containers, ['containerDefinitions']);
  if (listed === undefined && isComputed(containers)) {
    out.unknowns.push({ pointer: '/containerDefinitions', reason: `container definitions are ${describeComputed(containers!)}` });
    return out;
  }
  const items = listed ?? [];
  if (items.length === 0 && out.violations.length === 0) {
    out.notApplicable = 'the task definition has no container definitions';
    return out;
  }
  for (const item of items) {
    const c = item.value;
    const base = item.segments;
    const index = base[1] ?? '?';
    if (isComputed(c)) {
      out.unknowns.push({ pointer: toPointer(base), reason: `container #${index} is ${describeComputed(c)}${deployTime(c)}; its fields could not be checked` });
      continue;
    }
    if (!isObject(c)) continue;
    const nameValue = own(c, 'name');
    const container = typeof nameValue === 'string' ? nameValue : `#${index}`;
    const condition = item.condition;
    // a field whose whole value is under Fn::If is checked in each branch; a field the container
    // does not set costs nothing: its path is only built when it is there
    const environment = own(c, 'environment');
    if (environment !== undefined) {
      for (const list of valueBranches(environment, [...base, 'environment'], condition)) {
        if (!Array.isArray(list.value)) {
          if (isComputed(list.value)) out.unknowns.push({ pointer: toPointer(list.segments), reason: `the environment of container "${container}" is ${describeComputed(list.value)}${deployTime(list.value)}; its values could not be checked` });
          continue;
        }
        for (const e of listItems(list.value, list.segments)) {
          if (isComputed(e.value)) {
            out.unknowns.push({ pointer: toPointer(e.segments), reason: `an environment entry of container "${container}" is ${describeComputed(e.value)}${deployTime(e.value)}; its value could not be checked` });
            continue;
          }
          const value = own(e.value, 'value');
          // a number, a boolean or nothing is no secret: skip the place
          if (value === undefined || value === null || typeof value === 'number' || typeof value === 'boolean') continue;
          checkValue(out, placeOf(container, 'environment variable', entryName(own(e.value, 'name'), e.segments), () => joinPointer(toPointer(e.segments), 'value'), both(list.condition, e.condition)), value);
        }
      }
    }
    checkEnvironmentFiles(out, container, own(c, 'environmentFiles'), base);
    checkArgumentField(out, container, 'entryPoint argument', own(c, 'entryPoint'), base, ENTRY_POINT, condition);
    checkArgumentField(out, container, 'command argument', own(c, 'command'), base, COMMAND, condition);
    checkArgumentField(out, container, 'health check command argument', own(own(c, 'healthCheck'), 'command'), base, HEALTH_CHECK_COMMAND, condition);
    const logConfiguration = own(c, 'logConfiguration');
    const logs = logConfiguration === undefined ? [] : valueBranches(logConfiguration, [...base, 'logConfiguration'], condition);
    const labels = own(c, 'dockerLabels');
    if (labels !== undefined) checkMapField(out, container, 'Docker label', valueBranches(labels, [...base, 'dockerLabels'], condition));
    for (const log of logs) {
      // the awslogs driver's options are settings
      const options = own(log.value, 'options');
      if (isObject(log.value) && options !== undefined) checkMapField(out, container, 'log driver option', valueBranches(options, [...log.segments, 'options'], condition), 'awslogs-');
    }
    const firelens = own(own(c, 'firelensConfiguration'), 'options');
    if (firelens !== undefined) checkMapField(out, container, 'FireLens option', valueBranches(firelens, [...base, 'firelensConfiguration', 'options'], condition));
    // valueFrom names a parameter or secret; a credential written there is plaintext all the same
    checkReferences(out, container, 'secret reference', own(c, 'secrets'), base, 'secrets', condition);
    for (const log of logs) checkReferences(out, container, 'log secret option reference', own(log.value, 'secretOptions'), log.segments, 'secretOptions', condition);
    const credentials = own(own(c, 'repositoryCredentials'), 'credentialsParameter');
    if (credentials !== undefined) checkRegistryCredentials(out, credentials, placeOf(container, 'repository credentials', 'credentialsParameter', () => toPointer([...base, 'repositoryCredentials', 'credentialsParameter']), condition));
  }
  return out;
}

const ENTRY_POINT = ['entryPoint'];
const COMMAND = ['command'];
const HEALTH_CHECK_COMMAND = ['healthCheck', 'command'];

/**
 * Environment files are S3 objects the agent reads into the environment at start-up: their
 * variables are plaintext too, but not in the task definition, and ecsguard never fetches them.
 * So a container that loads one cannot pass on what it does not show (an empty list loads none).
 */
function checkEnvironmentFiles(out: Outcome, container: string, files: JsonValue | undefined, base: readonly string[]): void {
  if (files === undefined || files === null || (Array.isArray(files) && files.length === 0)) return;
  const count = Array.isArray(files) ? `${files.length} environment file${files.length === 1 ? '' : 's'}` : 'environment files';
  out.unknowns.push({ pointer: toPointer([...base, 'environmentFiles']), reason: `container "${container}" loads variables from ${count} in Amazon S3, which ecsguard does not read; their values could not be checked` });
}

function placeOf(container: string, location: string, name: string, pointer: Pointer, condition: string | undefined): Place {
  return condition ? { container, location, name, pointer, condition } : { container, location, name, pointer };
}

/** A list of arguments (entryPoint, command, the health check's command), in each branch it can take. */
function checkArgumentField(out: Outcome, container: string, location: string, value: JsonValue | undefined, base: readonly string[], path: readonly string[], condition: string | undefined): void {
  if (value === undefined) return;
  for (const args of valueBranches(value, [...base, ...path], condition)) {
    if (Array.isArray(args.value)) checkArguments(out, placeOf(container, location, '', () => toPointer(args.segments), args.condition), args.value);
  }
}

/** A map (labels, options) in each branch it can take: its keys are names, its values are checked. */
function checkMapField(out: Outcome, container: string, location: string, branches: readonly ListItem[], skipPrefix?: string): void {
  for (const map of branches) checkMap(out, map.value, (key) => placeOf(container, location, key, () => joinPointer(toPointer(map.segments), key), map.condition), skipPrefix);
}

/** `secrets` / `secretOptions`: a credential written in valueFrom instead of a parameter's or secret's name. */
function checkReferences(out: Outcome, container: string, location: string, list: JsonValue | undefined, parent: readonly string[], key: string, condition: string | undefined): void {
  if (!Array.isArray(list)) return;
  for (const ref of listItems(list, [...parent, key])) {
    const valueFrom = own(ref.value, 'valueFrom');
    const known = typeof valueFrom === 'string' && !valueFrom.startsWith('arn:') ? matchCredentialFormat(valueFrom) : undefined;
    if (known) violation(out, placeOf(container, location, entryName(own(ref.value, 'name'), ref.segments), joinPointer(toPointer(ref.segments), 'valueFrom'), both(condition, ref.condition)), `${known.kind} written in valueFrom`);
  }
}

/** An environment entry's name; a name a template computes is shown with its deploy-time parts as ${...}. */
function entryName(name: JsonValue | undefined, segments: readonly string[]): string {
  if (typeof name === 'string') return name;
  const rendered = name === undefined ? [] : renderTexts(name, '${...}').texts;
  return rendered.length > 0 ? rendered.map((t) => t.text).join(' | ') : `#${segments[segments.length - 1]}`;
}

/** Each key of a map (labels, options) with its value; keys are names, values are checked. */
function checkMap(out: Outcome, map: JsonValue | undefined, place: (key: string) => Place, skipPrefix?: string): void {
  if (!isObject(map) || isComputed(map)) return;
  for (const key in map) {
    if (!Object.prototype.hasOwnProperty.call(map, key) || (skipPrefix && key.startsWith(skipPrefix))) continue;
    checkValue(out, place(key), map[key]);
  }
}

/** Docker volume driver options (a CIFS mount's `password=...`) reach the volume driver in plaintext. */
function checkVolumes(out: Outcome, volumes: JsonValue | undefined): void {
  if (!Array.isArray(volumes)) return;
  for (const v of listItems(volumes, ['volumes'])) {
    const opts = own(own(v.value, 'dockerVolumeConfiguration'), 'driverOpts');
    const name = own(v.value, 'name');
    const volume = typeof name === 'string' ? name : `#${v.segments[1]}`;
    const base = toPointer(v.segments);
    checkMap(out, opts, (key) => ({
      container: volume,
      location: 'volume driver option',
      name: key,
      pointer: () => joinPointer(base, 'dockerVolumeConfiguration', 'driverOpts', key),
      ...(v.condition ? { condition: v.condition } : {}),
      messages: { plaintext: 'volume-plaintext-secret', resolved: 'volume-plaintext-secret' },
    }));
  }
}

/** repositoryCredentials names a Secrets Manager secret (ARN or name); credentials written there are plaintext. */
function checkRegistryCredentials(out: Outcome, value: JsonValue | undefined, place: Place): void {
  if (typeof value !== 'string' || value === '' || value.startsWith('arn:')) {
    if (value !== undefined && typeof value !== 'string') checkValue(out, place, value);
    return;
  }
  const known = matchCredentialFormat(value);
  // a secret's name is letters, digits and /_+=.@-; a colon or a space is "user:password" or a token
  const kind = known?.kind ?? (/[^A-Za-z0-9/_+=.@-]/.test(value) ? 'credentials written in place of a secret name' : highEntropyKind(value));
  if (kind) violation(out, { ...place, messages: { plaintext: 'literal-registry-credentials', resolved: 'literal-registry-credentials' } }, kind);
}

function highEntropyKind(value: string): string | undefined {
  return tokens(value, 32).some((t) => isHighEntropyToken(t) && decodedText(t) === undefined) ? 'high-entropy string' : undefined;
}

function violationAt(place: Place, kind: string, resolved = false): Violation {
  const message = resolved ? place.messages?.resolved ?? 'secret-resolved-into-plaintext' : place.messages?.plaintext ?? 'plaintext-secret';
  const data: Violation['data'] = { container: place.container, location: place.location, name: place.name, kind: place.condition ? `${kind}, when ${place.condition}` : kind };
  if (place.messages?.plaintext === 'volume-plaintext-secret') data.volume = place.container;
  return { message, pointer: pointerText(place.pointer), data };
}

function violation(out: Outcome, place: Place, kind: string, resolved = false): void {
  // a value only in a branch that cannot be taken (a container's Fn::If and its value's, taken opposite ways)
  if (contradicts(place.condition)) return;
  out.violations.push(violationAt(place, kind, resolved));
}

/** What a snapshot writes in place of a plaintext secret it found: the kind, never the value. */
function redactedKind(value: JsonValue | undefined): string | undefined {
  const k = own(value, REDACTED_KEY);
  return typeof k === 'string' ? k : undefined;
}

/** A `!Ref` to one of the template's resources: its id or ARN, whatever the resource is named. */
function refersToResource(out: Outcome, source: ReferenceSource): boolean {
  return source.ref !== undefined && out.resourceIds !== undefined && out.resourceIds.has(source.ref);
}

/** Checks one value (literal or computed); returns whether it reported a violation. */
function checkValue(out: Outcome, place: Place, value: JsonValue | undefined): boolean {
  if (value === undefined || value === null || typeof value === 'number' || typeof value === 'boolean') return false;
  const redacted = redactedKind(value);
  if (redacted !== undefined) {
    violation(out, place, redacted);
    return true;
  }
  if (typeof value !== 'string' && !isComputed(value)) return false;
  const rendered = renderTexts(value);
  const cred = rendered.credential ?? credentialOf(value);
  if (cred) {
    violation(out, place, `${cred.kind} (${cred.construct})`, true);
    return true;
  }
  for (const t of rendered.texts) {
    const secure = secureDynamicReference(t.text);
    if (secure) {
      violation(out, { ...place, ...(t.condition ? { condition: both(place.condition, t.condition) } : {}) }, secure, true);
      return true;
    }
  }
  const secretName = isSecretName(place.name);
  for (const t of rendered.texts) {
    // {{resolve:ssm:...}} reads a String parameter: under a secret's name, a secret kept unencrypted
    if (secretName && t.text.trimStart().startsWith('{{resolve:ssm:')) {
      violation(out, { ...place, ...(t.condition ? { condition: both(place.condition, t.condition) } : {}) }, 'String parameter resolved by CloudFormation under a secret name', true);
      return true;
    }
    const kind = secretIn(t, place, secretName);
    if (kind) {
      violation(out, { ...place, ...(t.condition ? { condition: both(place.condition, t.condition) } : {}) }, kind);
      return true;
    }
  }
  // a parameter, variable or attribute that its own name calls a secret (var.db_password,
  // !Ref DbPassword, aws_db_instance.x.password) is resolved into plaintext, whatever it holds
  const source = rendered.sources?.find((s) => namesASecret(s) && !refersToResource(out, s));
  if (source) {
    violation(out, place, `value named as a secret (${source.shown})`, true);
    return true;
  }
  const parameter = secretName ? rendered.sources?.find(readsParameterValue) : undefined;
  if (parameter) {
    violation(out, place, `parameter value under a secret name (${parameter.shown})`, true);
    return true;
  }
  // a secret's name over a value the template computes: its literal parts were checked, the rest
  // is decided at deploy time, unless each part is read from an ARN, a name or a path
  const references = !rendered.unnamedParts && !rendered.incomplete && rendered.sources !== undefined && rendered.sources.every((s) => namesAReference(s.last) || refersToResource(out, s));
  if (secretName && !references && (rendered.incomplete || rendered.texts.some((t) => !t.literal))) {
    out.unknowns.push({ pointer: pointerText(place.pointer), reason: `${place.location} ${place.name} of container "${place.container}" is ${describeComputed(value)}${deployTime(value)}; its value could not be checked` });
  }
  return false;
}

const exemptNames = new Map<string, boolean>();

/** A name that says its value is a digest, an id or public (high entropy expected); names repeat across files, so each is split once. */
function entropyExempt(name: string): boolean {
  let v = exemptNames.get(name);
  if (v === undefined) {
    v = splitWords(name).some((w) => ENTROPY_EXEMPT_WORDS.has(w));
    if (exemptNames.size > 50_000) exemptNames.clear();
    exemptNames.set(name, v);
  }
  return v;
}

/** The kind of secret one text of a value is, if any. */
function secretIn(t: TextCandidate, place: Place, secretName: boolean): string | undefined {
  const known = matchCredentialFormat(t.text);
  if (known) return known.kind;
  if (secretName) {
    if (t.literal && !isNonSecretValue(t.text) && !repeatsOwnName(t.text, place.name)) return 'literal value under a secret name';
    return undefined;
  }
  // key=value pairs inside the value: connection strings, query strings, mount options
  const embedded = embeddedSecretPair(t.text);
  if (embedded) return `${embedded} inside the value`;
  // a high-entropy token is at least 32 characters long
  if (t.text.length >= 32 && !entropyExempt(place.name)) {
    for (const token of tokens(t.text, 32)) {
      if (!isHighEntropyToken(token) || /^sha(1|256|384|512)-/.test(token)) continue;
      // base64 that decodes to text is an encoded document, not a key: look inside it instead
      const text = decodedText(token);
      const inner = text === undefined ? undefined : matchCredentialFormat(text);
      if (text === undefined || inner) return inner ? `${inner.kind}, base64-encoded` : 'high-entropy string';
    }
  }
  return undefined;
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
function secureDynamicReference(text: string): string | undefined {
  const service = dynamicReferenceService(text);
  if (service === 'secretsmanager') return 'Secrets Manager secret resolved by CloudFormation';
  if (service === 'ssm-secure') return 'SecureString parameter resolved by CloudFormation';
  return undefined;
}

/**
 * `--password=x`, `--password x`, `export DB_PASSWORD=x` inside `sh -c "..."`, a client's password
 * option (`redis-cli -a x`), a secret-named header, or a credential anywhere. The arguments are
 * read as one list of words, so a flag in one argument takes its value from the next (exec form);
 * an argument gets one finding at most.
 */
function checkArguments(out: Outcome, field: Place, args: JsonValue[]): void {
  const placeOfArg = (k: number, name = `#${k}`): Place => ({ ...field, name, pointer: () => joinPointer(pointerText(field.pointer), k) });
  const words: string[] = [];
  const argOf: number[] = [];
  for (let k = 0; k < args.length; k++) {
    const arg = args[k];
    const redacted = redactedKind(arg);
    if (redacted !== undefined) violation(out, placeOfArg(k), redacted);
    if (typeof arg !== 'string' || redacted !== undefined) {
      // no flag takes its value from an argument that is not literal text
      words.push(NOT_A_WORD);
      argOf.push(k);
      continue;
    }
    for (const word of shellWords(arg)) {
      words.push(word);
      argOf.push(k);
    }
  }
  const clients = clientsOf(words);
  const reported = new Set<number>();
  // reports `value` under `name` for the argument that holds word `at`; marks it reported
  const check = (at: number, name: string, value: JsonValue): void => {
    if (checkValue(out, placeOfArg(argOf[at]!, name), value)) reported.add(argOf[at]!);
  };
  // a value the template computes (a !Ref, a variable) after a password flag is checked under the flag's name
  const computedAfter = (w: number): JsonValue | undefined => {
    const arg = words[w + 1] === NOT_A_WORD ? args[argOf[w + 1]!] : undefined;
    return arg !== undefined && isComputed(arg) ? arg : undefined;
  };
  for (let w = 0; w < words.length; w++) {
    const word = words[w]!;
    if (reported.has(argOf[w]!) || word === NOT_A_WORD || word === COMMAND_BREAK) continue;
    const client = clients[w];
    const computed = computedAfter(w);
    const flag = computed === undefined || client === undefined ? undefined : passwordFlag(client, word);
    if (computed !== undefined && (flag !== undefined || (word.startsWith('-') && !word.includes('=') && isSecretName(word.replace(/^-{1,2}/, ''))))) {
      check(w + 1, flag !== undefined ? `${flag} (password)` : word, computed);
      reported.add(argOf[w + 1]!);
      w++;
      continue;
    }
    const given = client === undefined ? undefined : clientPassword(client, words, w);
    if (given !== undefined) {
      check(given.next ? w + 1 : w, `${given.flag} (password)`, given.value);
      if (given.next) w++;
      continue;
    }
    const header = headerAt(words, w);
    if (header !== undefined) {
      check(header.at, `header ${header.name}`, header.value);
      w += header.skip;
      continue;
    }
    const eq = word.indexOf('=');
    if (eq > 0) {
      const name = word.slice(0, eq);
      const flag = name.replace(/^-{1,2}/, '');
      if (isSecretName(flag) || matchCredentialFormat(word.slice(eq + 1))) {
        check(w, name, word.slice(eq + 1));
        continue;
      }
    }
    if (word.startsWith('-') && eq === -1 && isSecretName(word.replace(/^-{1,2}/, ''))) {
      // the value is the next word, in this argument or the next
      const next = words[w + 1];
      if (next !== undefined && isWord(next) && !next.startsWith('-')) {
        check(w + 1, word, next);
        w++;
      }
      continue;
    }
    const known = matchCredentialFormat(word);
    if (known) {
      violation(out, placeOfArg(argOf[w]!), known.kind);
      reported.add(argOf[w]!);
    }
  }
  // the other computed arguments, under their own places
  for (let k = 0; k < args.length; k++) if (!reported.has(k) && isComputed(args[k])) checkValue(out, placeOfArg(k), args[k]!);
}

/**
 * Options of database, cache and HTTP clients whose value is a password under a neutral flag
 * (redis-cli -a, sqlcmd -P, curl -u user:password): per client, so `docker run -p 8080:80` or
 * `sort -u` stay what they are. `glued` takes -pSECRET, `gluedOnly` only that (mysql -p x
 * prompts, x is the database), `userPassword` reads the part after the first colon.
 */
interface PasswordOption {
  readonly flags: readonly string[];
  readonly glued?: boolean;
  readonly gluedOnly?: boolean;
  readonly userPassword?: boolean;
}
const MYSQL: readonly PasswordOption[] = [{ flags: ['-p'], gluedOnly: true }];
const REDIS: readonly PasswordOption[] = [{ flags: ['-a'] }];
const MONGO: readonly PasswordOption[] = [{ flags: ['-p'] }];
const LDAP: readonly PasswordOption[] = [{ flags: ['-w'] }];
const CLIENT_PASSWORD_OPTIONS: ReadonlyMap<string, readonly PasswordOption[]> = new Map([
  ...['mysql', 'mysqladmin', 'mysqldump', 'mysqlsh', 'mariadb', 'mariadb-admin', 'mariadb-dump'].map((c) => [c, MYSQL] as const),
  ...['redis-cli', 'valkey-cli', 'keydb-cli'].map((c) => [c, REDIS] as const),
  ...['mongo', 'mongosh', 'mongodump', 'mongorestore', 'mongoexport', 'mongoimport', 'mongostat', 'mongotop'].map((c) => [c, MONGO] as const),
  ...['ldapsearch', 'ldapadd', 'ldapmodify', 'ldapdelete', 'ldapwhoami', 'ldappasswd'].map((c) => [c, LDAP] as const),
  ['sqlcmd', [{ flags: ['-P'] }]],
  ['sshpass', [{ flags: ['-p'], glued: true }]],
  ['rabbitmqadmin', [{ flags: ['-p'] }]],
  ['curl', [{ flags: ['-u', '--user', '-U', '--proxy-user'], glued: true, userPassword: true }]],
]);

/** The client whose options each word is, if any: the last client named since the command began. */
function clientsOf(words: readonly string[]): (readonly PasswordOption[] | undefined)[] {
  const out: (readonly PasswordOption[] | undefined)[] = [];
  let current: readonly PasswordOption[] | undefined;
  for (const word of words) {
    if (word === COMMAND_BREAK) current = undefined;
    else {
      const slash = word.lastIndexOf('/');
      current = CLIENT_PASSWORD_OPTIONS.get(slash === -1 ? word : word.slice(slash + 1)) ?? current;
    }
    out.push(current);
  }
  return out;
}

/** The client's password option `word` is, when it takes its value as the next word. */
function passwordFlag(options: readonly PasswordOption[], word: string): string | undefined {
  for (const o of options) if (!o.gluedOnly && o.flags.includes(word)) return word;
  return undefined;
}

/** The password a client's option at `w` gives (glued, after `=`, or the next word), if any. */
function clientPassword(options: readonly PasswordOption[], words: readonly string[], w: number): { flag: string; value: string; next: boolean } | undefined {
  const word = words[w]!;
  for (const o of options) {
    for (const flag of o.flags) {
      let value: string | undefined;
      let next = false;
      if (word === flag && !o.gluedOnly) {
        value = words[w + 1];
        next = true;
        if (value === undefined || !isWord(value) || value.startsWith('-')) return undefined;
      } else if (word.startsWith(flag) && word.length > flag.length) {
        if (flag.startsWith('--')) value = word[flag.length] === '=' ? word.slice(flag.length + 1) : undefined;
        else if ((o.glued || o.gluedOnly) && word[flag.length] !== '-') value = word.slice(flag.length);
      }
      if (value === undefined) continue;
      if (o.userPassword) {
        const colon = value.indexOf(':');
        if (colon === -1) return undefined;
        value = value.slice(colon + 1);
      }
      return value === '' ? undefined : { flag, value, next };
    }
  }
  return undefined;
}

/**
 * An HTTP header a command sends (`-H 'X-Api-Key: k'`, `--header=...`) whose name calls it a
 * secret, or the credential after an Authorization scheme. `skip`: the words it spans after `w`
 * (an exec-form argument with a space in it is split into words, `X-Api-Key:` then `k`).
 */
function headerAt(words: readonly string[], w: number): { name: string; value: string; at: number; skip: number } | undefined {
  const word = words[w]!;
  let at = w;
  if (word === '-H' || word === '--header') at = w + 1;
  else if (!word.startsWith('--header=')) return undefined;
  const text = at === w ? word.slice('--header='.length) : words[at];
  if (text === undefined || !isWord(text)) return undefined;
  const colon = text.indexOf(':');
  if (colon <= 0) return undefined;
  const name = text.slice(0, colon).trim();
  let value = text.slice(colon + 1).trim();
  if (value === '' && words[at + 1] !== undefined && isWord(words[at + 1]!)) value = words[++at]!;
  const lower = name.toLowerCase();
  if (lower === 'authorization' || lower === 'proxy-authorization') {
    // the scheme, then the credential: one word (`Bearer $TOKEN`), or split as two; a known
    // scheme's credential keeps its kind (bearer token), another is checked as a secret's value
    if (value.indexOf(' ') === -1 && words[at + 1] !== undefined && isWord(words[at + 1]!)) value = `${value} ${words[++at]!}`;
    const space = value.indexOf(' ');
    if (space === -1) return undefined;
    const credential = matchCredentialFormat(value) ? value : value.slice(space + 1).trim();
    return credential === '' ? undefined : { name: `${name} (credential)`, value: credential, at, skip: at - w };
  }
  if (!isSecretName(name)) return undefined;
  return value === '' ? undefined : { name, value, at, skip: at - w };
}

/** Where one command of a shell string ends and the next begins (;, &&, |, a new line); shellWords keeps no NUL in a word. */
const COMMAND_BREAK = '\u0000;';

/** Stands for an argument that is not literal text (a `!Ref`, a number). */
const NOT_A_WORD = '\u0000?';

const isWord = (w: string): boolean => w !== COMMAND_BREAK && w !== NOT_A_WORD;

/** Splits a shell-ish string into words, honouring simple quotes, with COMMAND_BREAK between commands; linear, no regex. */
function shellWords(s: string): string[] {
  const words: string[] = [];
  let cur = '';
  let quote = '';
  let has = false;
  const n = Math.min(s.length, 64 * 1024);
  for (let i = 0; i < n; i++) {
    const c = s[i]!;
    // no argument a process receives holds a NUL (it ends a C string): never part of a word, so
    // no word can be written to look like COMMAND_BREAK or NOT_A_WORD
    if (c === '\u0000') continue;
    if (quote) {
      if (c === quote) quote = '';
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      has = true;
    } else if (c === ' ' || c === '\t' || c === '\n' || c === ';' || c === '&' || c === '|') {
      if (cur || has) words.push(cur);
      if (c !== ' ' && c !== '\t' && words.length > 0 && words[words.length - 1] !== COMMAND_BREAK) words.push(COMMAND_BREAK);
      cur = '';
      has = false;
    } else {
      cur += c;
    }
  }
  if (cur || has) words.push(cur);
  return words;
}
