// The AWS CLI's ECS commands a script runs (a `.sh` file, a CI job's `run:` or `script:`, a
// CodeBuild buildspec's `commands`): `aws ecs run-task` and `start-task` start tasks with the
// network configuration and overrides they are given, `create-service` and `update-service` set a
// service's, and `register-task-definition` registers what its options say. Each command's
// options become the API input they stand for (`--network-configuration` is `networkConfiguration`),
// read as JSON or in the CLI's shorthand syntax, and that input is what the file loaders read
// from `--cli-input-json` files. What the shell fills in (`$SUBNET`, `$(...)`) is a placeholder;
// what a `file://` option names is read when the command runs, so it is unknown here, and a
// command whose `--cli-input-json`/`--cli-input-yaml` comes from a file is incomplete.
import { parseDocumentText, type ParsedDocument } from '../../documents/parse-document.js';
import { fillPlaceholders, restorePlaceholders } from '../../documents/json-placeholders.js';
import { locateJsonPointer } from '../../documents/json-scanner.js';
import { credential, placeholder, template, unseen } from '../../inventory/computed.js';
import { defuseWrittenMarkers, mapStrings, markPlaceholderStrings } from '../../inventory/written-markers.js';
import { workflowValue } from './github-workflows.js';
import type { SourcePosition } from '../../util/positions.js';
import { isObject, setOwn, type JsonObject, type JsonValue } from '../../util/json.js';
import { commandWordAt, lineAt, shellCommands, type ShellCommand, type ShellWord } from './shell-words.js';
import { ecsDeployAt, ecsDeployInput, type EcsDeployOperation } from './ecs-deploy-cli.js';

export type EcsCliOperation = 'run-task' | 'start-task' | 'create-service' | 'update-service' | 'register-task-definition' | 'create-express-gateway-service' | 'update-express-gateway-service';
const OPERATIONS: ReadonlySet<string> = new Set<EcsCliOperation>(['run-task', 'start-task', 'create-service', 'update-service', 'register-task-definition', 'create-express-gateway-service', 'update-express-gateway-service']);

export interface EcsCliCall {
  operation: EcsCliOperation | EcsDeployOperation;
  /** ecs-deploy's commands: what the command is called in findings (`ecs deploy of service web in cluster prod`). */
  label?: string;
  /** The API input the options stand for, as a document located in the script; its placeholders are still text. */
  doc: ParsedDocument;
  /** 0-based lines of `aws` and of the command's last word in the script. */
  line: number;
  lastLine: number;
  /** What runs the command, when not the file itself (a Terraform resource's provisioner). */
  runBy?: string;
  /** Variables it runs with that hold secrets. */
  secrets?: SecretVariables;
  /** Where the rest of its input is read from (`--cli-input-json file://run.json`), shown in messages. */
  readsInput?: string;
}

/**
 * The placeholders of a command's input, marked in place once the input is known for what it is
 * (detection reads the strings as written, as for a file): GitHub Actions fills its expressions
 * in first, and one reading `secrets.` is a credential; the shell's `${...}` are placeholders.
 */
export function markCommandPlaceholders(input: JsonObject, secrets?: SecretVariables): void {
  mapStrings(input, (s) => scriptValue(s, secrets));
  markPlaceholderStrings(input);
}

/**
 * What a string a script writes stands for, when it holds more than text: a CI system fills its
 * expressions in before the script runs (a secret, or an env variable set from one, is a
 * credential), and a secret the script reads or a variable bound to one is that secret.
 */
function scriptValue(s: string, secrets: SecretVariables | undefined, bare = false): JsonValue | undefined {
  return s.includes('${{') ? workflowValue(s, secrets) : s.includes(bare ? '$' : '${') ? scriptSecretValue(s, secrets, bare) : undefined;
}

/**
 * Variables a script runs with that hold secrets, by name, with what binds them (a Jenkins
 * credential, a GitHub Actions secret in the step's env): the value such a variable fills in is
 * that secret, whatever the variable is called.
 */
export type SecretVariables = ReadonlyMap<string, string>;

/**
 * The secrets a script reads into a document it writes (a here-document's `$(aws secretsmanager
 * ...)`, a variable bound to a credential, a CI system's `${{ secrets.X }}`), marked in place; `made` gets each marker, so it is not
 * taken for one the text wrote.
 */
export function markSecretReads(value: JsonValue, made: WeakSet<object>, secrets?: SecretVariables, bare = false): void {
  mapStrings(value, (s) => {
    const marked = scriptValue(s, secrets, bare);
    if (marked !== null && typeof marked === 'object') made.add(marked);
    return marked;
  });
}

// a placeholder shell-words writes: a variable's, or a command substitution's (one that reads a secret names its call)
const SCRIPT_PLACEHOLDER = /\$\{([^{}]{1,80})\}/g;
// and, where the writer fills in `$name` too (a Groovy GString), that form
const BARE_OR_PLACEHOLDER = /\$\{([^{}]{1,80})\}|\$([A-Za-z_][A-Za-z0-9_]{0,100})/g;
const SECRET_READ = /^\$\(aws (secretsmanager get-secret-value|ssm get-parameters?(?:-by-path)?) …\)$/;

/**
 * A string with a secret the script puts in it (`$(aws secretsmanager get-secret-value ...)`, a
 * variable bound to a credential): that part is the secret itself, written into the input in
 * plaintext when the script runs. Undefined when it holds none.
 */
function scriptSecretValue(s: string, secrets: SecretVariables | undefined, bare: boolean): JsonValue | undefined {
  const parts: JsonValue[] = [];
  let i = 0;
  let found = false;
  for (const m of s.matchAll(bare ? BARE_OR_PLACEHOLDER : SCRIPT_PLACEHOLDER)) {
    const read = m[1] === undefined ? null : SECRET_READ.exec(m[1]);
    const name = m[1] ?? m[2]!;
    // Groovy reads a pipeline's variables as env.NAME, PowerShell as $env:NAME (the shell has neither)
    const bound = read ? `secret read by aws ${read[1]}` : secrets?.get(name.startsWith('env.') || name.startsWith('env:') ? name.slice(4) : name);
    if (bound === undefined) continue;
    parts.push(s.slice(i, m.index));
    parts.push(credential(bound, m[0]));
    i = m.index + m[0].length;
    found = true;
  }
  if (!found) return undefined;
  parts.push(s.slice(i));
  return template(parts);
}

/** Whether a text may run one of these commands: looked for before a file's strings are walked. */
export function mayRunEcsCommands(text: string): boolean {
  return /\becs\s/.test(text) && (text.includes('run-task') || text.includes('start-task') || text.includes('-service') || text.includes('register-task-definition') || ECS_DEPLOY.test(text));
}

// ecs-deploy's subcommands: a literal, blanks, a literal
const ECS_DEPLOY = /\becs[ \t]+(?:deploy|cron|update|run)\b/;

/**
 * The ECS commands of a script, with their input. `position(line, column)` places a 0-based line
 * and column of the script in the file (a script inside a YAML string starts further down).
 */
export function ecsCliCalls(script: string, position: (line: number, column: number) => SourcePosition, secrets?: SecretVariables, commandsOf: (script: string) => ShellCommand[] = shellCommands): EcsCliCall[] {
  const calls: EcsCliCall[] = [];
  for (const command of commandsOf(script)) {
    const words = command.words;
    // the AWS CLI's command, or else ecs-deploy's
    const found = awsCall(words, position) ?? ecsDeployCall(words, position);
    if (!found) continue;
    const last = words[words.length - 1]!;
    const call: EcsCliCall = { ...found, lastLine: lineAt(last, last.text.length) };
    if (secrets !== undefined && secrets.size > 0) call.secrets = secrets;
    calls.push(call);
  }
  return calls;
}

type FoundCall = Pick<EcsCliCall, 'operation' | 'doc' | 'line' | 'label' | 'readsInput'>;

function awsCall(words: readonly ShellWord[], position: (line: number, column: number) => SourcePosition): FoundCall | undefined {
  const at = awsWordAt(words);
  if (at === undefined) return undefined;
  let k = at + 1;
  // global options come before the service: --region eu-west-1, --profile p, --no-cli-pager
  while (k < words.length && words[k]!.text.startsWith('--')) k += GLOBAL_FLAGS.has(words[k]!.text) || words[k]!.text.includes('=') ? 1 : 2;
  if (words[k]?.text !== 'ecs' || !OPERATIONS.has(words[k + 1]?.text ?? '')) return undefined;
  const input = commandInput(words.slice(k + 2));
  if (!input) return undefined;
  const operation = words[k + 1]!.text as EcsCliOperation;
  // a task definition registered from a file is that file's, scanned on its own
  if (input.readsInput !== undefined && operation === 'register-task-definition') return undefined;
  const aws = words[at]!;
  const found: FoundCall = { operation, line: aws.line, doc: { format: 'json', value: input.value, locate: (segments) => input.locate(segments, aws, position) } };
  if (input.readsInput !== undefined) found.readsInput = input.readsInput;
  return found;
}

function ecsDeployCall(words: readonly ShellWord[], position: (line: number, column: number) => SourcePosition): FoundCall | undefined {
  const at = ecsDeployAt(words);
  const found = at === undefined ? undefined : ecsDeployInput(words, at, position);
  return found && { operation: found.operation, label: found.label, line: words[at!]!.line, doc: found.doc };
}

function awsWordAt(words: readonly ShellWord[]): number | undefined {
  return commandWordAt(words, (i) => words[i]!.text === 'aws' || words[i]!.text.endsWith('/aws'));
}

/** The CLI's global options that take no value. */
const GLOBAL_FLAGS = new Set(['--debug', '--no-verify-ssl', '--no-paginate', '--no-sign-request', '--no-cli-pager', '--cli-auto-prompt', '--no-cli-auto-prompt']);

/** Options whose value is a structure (JSON or shorthand). */
const STRUCTURES = new Set([
  'networkConfiguration', 'overrides', 'deploymentConfiguration', 'serviceConnectConfiguration', 'runtimePlatform', 'ephemeralStorage',
  'proxyConfiguration', 'deploymentController', 'primaryContainer', 'scalingTarget',
]);
/** Options whose value is a list: of structures (one word each, or JSON) or of strings. */
const LISTS = new Set([
  'capacityProviderStrategy', 'placementConstraints', 'placementStrategy', 'tags', 'loadBalancers', 'serviceRegistries', 'containerDefinitions',
  'volumes', 'inferenceAccelerators', 'volumeConfigurations', 'requiresCompatibilities', 'containerInstances', 'vpcLatticeConfigurations',
]);
const INTEGERS = new Set(['count', 'desiredCount', 'healthCheckGracePeriodSeconds']);
/** Members inside a shorthand structure that the API types as integers or booleans. */
const SHORTHAND_INTEGERS = new Set(['weight', 'base', 'containerPort', 'hostPort', 'cpu', 'memory', 'memoryReservation', 'maximumPercent', 'minimumHealthyPercent', 'port', 'sizeInGiB', 'count']);
const SHORTHAND_BOOLEANS = new Set(['enable', 'rollback', 'essential', 'privileged', 'readonlyRootFilesystem', 'initProcessEnabled']);
/** Option names whose API member is not their camel case. */
const MEMBER_NAMES: Readonly<Record<string, string>> = { 'enable-ecs-managed-tags': 'enableECSManagedTags' };

interface CommandInput {
  value: JsonObject;
  /** Where the rest of the input comes from: `--cli-input-json file://...` or the shell's `$(...)`. */
  readsInput?: string;
  locate(segments: readonly string[], aws: ShellWord, position: (line: number, column: number) => SourcePosition): SourcePosition;
}

/** Where a member of the input was written: its option's value, and the JSON text it was read from, if any. */
interface Placed {
  word: ShellWord;
  /** JSON text the member was read from, and how many leading segments of a pointer name the text itself. */
  json?: { text: string; skip: number };
}

/** The API input of a command's options, or undefined when it is read from a file (`--cli-input-json file://...`). */
function commandInput(words: readonly ShellWord[]): CommandInput | undefined {
  const value: JsonObject = {};
  const placed = new Map<string, Placed>();
  let readsInput: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!w.text.startsWith('--') || w.text.length < 3) continue;
    let option = w.text.slice(2);
    const values: ShellWord[] = [];
    const eq = option.indexOf('=');
    if (eq !== -1) {
      // --option=value: the value is the rest of the word
      const skip = eq + 3;
      const breaks = (w.breaks ?? []).filter((b) => b > skip).map((b) => b - skip);
      values.push({ text: option.slice(eq + 1), line: lineAt(w, skip), column: w.column + skip, ...(breaks.length > 0 ? { breaks } : {}) });
      option = option.slice(0, eq);
    } else {
      for (let j = i + 1; j < words.length && !words[j]!.text.startsWith('--'); j++) values.push(words[j]!);
      i += values.length;
    }
    if (option === 'cli-input-json' || option === 'cli-input-yaml') {
      // inline JSON (or YAML) is input, under what the other options give (they win, as in the
      // CLI); input read from a file or the shell is not seen here: the command says where
      const text = values[0]?.text ?? '';
      const parsed = option === 'cli-input-json' ? (text.trimStart().startsWith('{') ? parseJsonOption(text) : undefined) : parseYamlOption(text);
      if (!isObject(parsed)) {
        // named only when it is a path: text that does not parse may hold a secret
        readsInput = /^fileb?:\/\/[\w./@+-]{1,200}$/.test(text) ? text : text.trimStart().startsWith('{') || text.includes('\n') ? 'input it writes that does not parse' : 'a file or the shell';
        continue;
      }
      for (const k of Object.keys(parsed)) {
        if (placed.has(k)) continue;
        setOwn(value, k, parsed[k]!);
        placed.set(k, { word: values[0]!, ...(option === 'cli-input-json' ? { json: { text, skip: 0 } } : {}) });
      }
      continue;
    }
    const negated = option.startsWith('no-');
    const bare = negated ? option.slice(3) : option;
    const name = MEMBER_NAMES[bare] ?? camelCase(bare);
    if (name === '') continue;
    if (values.length === 0) {
      setOwn(value, name, !negated);
      placed.set(name, { word: w });
      continue;
    }
    const member = optionValue(name, values);
    const first = values[0]!;
    setOwn(value, name, member);
    placed.set(name, values.length === 1 && isJsonText(first.text) ? { word: first, json: { text: first.text, skip: 1 } } : { word: first });
  }
  return {
    value,
    ...(readsInput !== undefined ? { readsInput } : {}),
    locate(segments, aws, position) {
      const at = segments.length > 0 ? placed.get(segments[0]!) : undefined;
      if (!at) return position(aws.line, aws.column);
      if (!at.json || !at.word.breaks) return position(at.word.line, at.word.column);
      // JSON written across lines: the line of the place it names, counted in the option's text
      const offset = locateJsonPointer(at.json.text, segments.slice(at.json.skip));
      const line = lineAt(at.word, offset);
      return line === at.word.line ? position(at.word.line, at.word.column) : position(line, offset - at.json.text.lastIndexOf('\n', offset - 1) - 1);
    },
  };
}

function isJsonText(text: string): boolean {
  const t = text.trimStart();
  return t.startsWith('{') || t.startsWith('[');
}

const camelCases = new Map<string, string>();
function camelCase(option: string): string {
  let name = camelCases.get(option);
  if (name === undefined) {
    name = option.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    // a script names a few options many times: a bounded memo
    if (camelCases.size < 1000) camelCases.set(option, name);
  }
  return name;
}

/** A character of a shorthand key: letters, digits, `_`, `.` and `-`. */
function isKeyChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2e || c === 0x2d;
}

/** One option's value: JSON, shorthand, a list of words, a number, a string, or a placeholder for `file://`. */
/**
 * An option's value as the AWS CLI reads the words given for it (JSON, its shorthand, a list of
 * either), for tools that pass their parameters to the CLI (CircleCI's aws-ecs orb). `member` is
 * the API's name for the option.
 */
export function cliOptionValue(member: string, texts: readonly string[]): JsonValue {
  return optionValue(member, texts.map((text) => ({ text, line: 0, column: 0 })));
}

function optionValue(name: string, values: readonly ShellWord[]): JsonValue {
  const first = values[0]!.text;
  if (/^fileb?:\/\//.test(first)) return placeholder(first);
  // a value that does not parse is named by its option, never shown (it may hold a secret)
  const unread = unseen(`the ${name} option is neither JSON nor the CLI's shorthand syntax as ecsguard reads them`);
  if (isJsonText(first)) return parseJsonOption(first) ?? unread;
  if (LISTS.has(name)) return values.map((v) => (v.text.includes('=') ? shorthand(v.text) ?? unread : v.text));
  if (STRUCTURES.has(name)) return shorthand(first) ?? unread;
  if (INTEGERS.has(name) && /^[0-9]{1,9}$/.test(first)) return Number(first);
  return first;
}

/** Inline `--cli-input-yaml` text, read as the scanner reads YAML (aliases bounded, keys plain data). */
function parseYamlOption(text: string): JsonValue | undefined {
  if (!text.includes('\n') && !text.trimStart().startsWith('{')) return undefined;
  const parsed = parseDocumentText(text, 'input.yaml');
  return parsed.ok ? defused(parsed.doc.value) : undefined;
}

/** JSON an option gives, with the shell's placeholders where values go; undefined when it does not parse. */
function parseJsonOption(text: string): JsonValue | undefined {
  try {
    return defused(JSON.parse(text) as JsonValue);
  } catch {
    const filled = fillPlaceholders(text);
    if (!filled) return undefined;
    try {
      return restorePlaceholders(defused(JSON.parse(filled.text) as JsonValue), filled.placeholders, placeholder);
    } catch {
      return undefined;
    }
  }
}

/** What a command writes that looks like a loader's marker or an intrinsic (`{"Ref": ...}`) is data. */
function defused<T extends JsonValue>(value: T): T {
  if (value !== null && typeof value === 'object') defuseWrittenMarkers(value, { intrinsics: true });
  return value;
}

/** Nesting deeper than this is not shorthand anyone writes: the value is not read. */
const MAX_SHORTHAND_DEPTH = 16;

/**
 * The CLI's shorthand syntax: `key=value,key2=[a,b],key3={k=v}`; a value after `key=` runs to
 * the next `,`, `]` or `}`, unless quoted; `key=a,b` is a list. Undefined when it is not shorthand.
 */
export function shorthand(text: string): JsonObject | undefined {
  const p = new ShorthandParser(text);
  try {
    const value = p.members(0, undefined);
    return p.i === text.length ? defused(value) : undefined;
  } catch (e) {
    if (e instanceof ShorthandError) return undefined;
    throw e;
  }
}

class ShorthandError extends Error {}

class ShorthandParser {
  i = 0;
  constructor(private readonly s: string) {}

  private fail(): never {
    throw new ShorthandError();
  }

  /** key=value pairs up to `close` (or the end). */
  members(depth: number, close: string | undefined): JsonObject {
    if (depth > MAX_SHORTHAND_DEPTH) this.fail();
    const out: JsonObject = {};
    for (;;) {
      this.ws();
      if (close !== undefined && this.s[this.i] === close) return out;
      const key = this.key();
      if (this.s[this.i] !== '=') this.fail();
      this.i++;
      let value = this.value(depth);
      // key=a,b: the words after a comma that are not a key=... of their own are list items
      while (this.s[this.i] === ',' && typeof value !== 'object' && !this.keyFollows()) {
        const items: JsonValue[] = [value];
        while (this.s[this.i] === ',' && !this.keyFollows()) {
          this.i++;
          items.push(this.scalar());
        }
        value = items;
      }
      setOwn(out, key, typed(key, value));
      this.ws();
      if (this.s[this.i] === ',') {
        this.i++;
        continue;
      }
      if (this.i === this.s.length && close === undefined) return out;
      if (close !== undefined && this.s[this.i] === close) return out;
      this.fail();
    }
  }

  private key(): string {
    const start = this.i;
    while (this.i < this.s.length && isKeyChar(this.s.charCodeAt(this.i))) this.i++;
    if (this.i === start) this.fail();
    return this.s.slice(start, this.i);
  }

  /** Whether `,key=` follows (so the comma separates members, not list items). */
  private keyFollows(): boolean {
    let j = this.i + 1;
    while (j < this.s.length && isKeyChar(this.s.charCodeAt(j))) j++;
    return j > this.i + 1 && this.s[j] === '=';
  }

  private value(depth: number): JsonValue {
    this.ws();
    const c = this.s[this.i];
    if (c === '{') {
      this.i++;
      const v = this.members(depth + 1, '}');
      this.i++;
      return v;
    }
    if (c === '[') {
      this.i++;
      const items: JsonValue[] = [];
      this.ws();
      while (this.s[this.i] !== ']') {
        if (this.i >= this.s.length) this.fail();
        const d = this.s[this.i];
        items.push(d === '{' || d === '[' ? this.value(depth + 1) : this.scalar());
        this.ws();
        if (this.s[this.i] === ',') this.i++;
        else if (this.s[this.i] !== ']') this.fail();
        this.ws();
      }
      this.i++;
      return items;
    }
    return this.scalar();
  }

  /** A bare or quoted scalar, to the next `,`, `]` or `}`. */
  private scalar(): string {
    const q = this.s[this.i];
    if (q === '"' || q === "'") {
      const end = this.s.indexOf(q, this.i + 1);
      if (end === -1) this.fail();
      const v = this.s.slice(this.i + 1, end);
      this.i = end + 1;
      return v;
    }
    const start = this.i;
    while (this.i < this.s.length && !',]}'.includes(this.s[this.i]!)) {
      // a placeholder the shell fills in (`${SUBNET}`) is part of the value, braces and all
      if (this.s[this.i] === '$' && this.s[this.i + 1] === '{') {
        const close = this.s[this.i + 2] === '{' ? '}}' : '}';
        const end = this.s.indexOf(close, this.i + 2);
        this.i = end === -1 ? this.s.length : end + close.length;
      } else this.i++;
    }
    return this.s.slice(start, this.i).trim();
  }

  private ws(): void {
    while (this.s[this.i] === ' ' || this.s[this.i] === '\t' || this.s[this.i] === '\n') this.i++;
  }
}

/** A shorthand scalar as the API types its member (the CLI converts them by its model). */
function typed(key: string, value: JsonValue): JsonValue {
  if (typeof value !== 'string') return value;
  if (SHORTHAND_INTEGERS.has(key) && /^-?[0-9]{1,9}$/.test(value)) return Number(value);
  if (SHORTHAND_BOOLEANS.has(key) && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}
