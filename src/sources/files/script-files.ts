// Resources the AWS CLI's ECS commands of a script stand for: shell scripts, makefiles, Jenkins
// pipelines (the string literals their steps run), and the commands a
// JSON or YAML file holds as strings (a CI job's `run:` or `script:`, a buildspec's `commands`, a
// container's `sh -c`). Each command's input is read as the file loaders read the same input
// in a `--cli-input-json` file: tasks it starts are scheduled tasks, services are services,
// task definitions are task definitions; a command that sets nothing a check reads (an
// `update-service --force-new-deployment`) is no resource.
import type { ParsedDocument } from '../../documents/parse-document.js';
import type { Resource } from '../../inventory/resource.js';
import { isComputed } from '../../inventory/computed.js';
import { LineIndex, type SourcePosition } from '../../util/positions.js';
import { groovyStrings } from './groovy-strings.js';
import { expandHeredoc, heredocBodies, powershellCommands } from './shell-words.js';
import { isObject, own, ownString, type JsonObject, type JsonValue } from '../../util/json.js';
import { parsePointer } from '../../util/pointer.js';
import { expressServiceStep } from './express-services.js';
import { ecsCliCalls, markCommandPlaceholders, mayRunEcsCommands, type EcsCliCall, type SecretVariables } from './aws-cli-commands.js';
import { secretVariablesOf } from './github-workflows.js';
import { detectEcsServiceShape, extractEcsServices, extractRunTaskInput, isRunTaskInput } from './ecs-service-files.js';
import { baseName, detectEcsJsonShape, extractEcsJson } from './ecs-task-definition-files.js';

export type ScriptKind = 'shell' | 'powershell' | 'make' | 'groovy';

/** Shell and PowerShell scripts, makefiles and Jenkins pipelines (Groovy), read for the ECS commands they run. */
export function scriptKind(path: string): ScriptKind | undefined {
  if (/\.(sh|bash|zsh|ksh)$/i.test(path)) return 'shell';
  if (/\.ps1$/i.test(path)) return 'powershell';
  if (/(^|[\\/])jenkinsfile(\.[^\\/]*)?$|\.(jenkinsfile|groovy)$/i.test(path)) return 'groovy';
  return /(\.mk|(^|[\\/])(gnu)?makefile)$/i.test(path) ? 'make' : undefined;
}

/**
 * Text a script writes out whole, which may be a document of its own (a here-document's body, a
 * pipeline's string literal saved with writeFile): read as the file loaders read a file.
 */
export interface EmbeddedText {
  text: string;
  /** Where the character at `offset` of the text is written in the file. */
  position(offset: number): SourcePosition;
  /** Variables the script that writes it runs with that hold secrets. */
  secrets?: SecretVariables;
  /** The writer fills in `$name` as well as `${name}` (a Groovy GString). */
  bareVariables?: boolean;
}

/** Whether a text a script holds may be a JSON task definition (or a document with one), written out whole. */
export function mayHoldTaskDefinition(text: string): boolean {
  if (!text.includes('ontainerDefinitions')) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') return c === '{' || c === '[';
  }
  return false;
}

/** Whether a script may write a task definition out in a here-document. */
export function mayWriteTaskDefinitions(script: string): boolean {
  return script.includes('<<') && script.includes('ontainerDefinitions');
}

/**
 * The documents a script's here-documents write (cat > td.json <<EOF): each body that may be a
 * task definition, as the shell writes it (unquoted, with what its $X and $(...) stand for), with
 * `position` placing an offset of the script in the file.
 */
function heredocDocuments(script: string, position: (offset: number) => SourcePosition): EmbeddedText[] {
  const out: EmbeddedText[] = [];
  for (const body of heredocBodies(script)) {
    const raw = script.slice(body.start, body.end);
    if (!mayHoldTaskDefinition(raw)) continue;
    const written = body.quoted ? { text: raw, offset: (i: number) => i } : expandHeredoc(raw);
    out.push({ text: written.text, position: (offset) => position(body.start + written.offset(offset)) });
  }
  return out;
}

/** The resources of a script's ECS commands, the lines each command takes, and the documents it writes out. */
export function scriptResources(text: string, file: string, kind: ScriptKind): { resources: Resource[]; spans: CommandSpan[]; embedded: EmbeddedText[] } {
  if (kind === 'groovy') return groovyResources(text, file);
  let embedded: EmbeddedText[] = [];
  if (kind === 'shell' && mayWriteTaskDefinitions(text)) {
    const lines = new LineIndex(text);
    embedded = heredocDocuments(text, (offset) => lines.position(offset));
  }
  if (!mayRunEcsCommands(text)) return { resources: [], spans: [], embedded };
  const script = kind === 'make' ? recipeText(text) : text;
  const commands = ecsCliCalls(script, (line, column) => ({ line: line + 1, column: column + 1 }), undefined, kind === 'powershell' ? powershellCommands : undefined);
  return { resources: commandResources(commands, file), spans: commands.map((c) => [c.line + 1, c.lastLine + 1]), embedded };
}

/**
 * A Jenkins pipeline's commands: those of each string literal a step may hand the shell (`sh`,
 * `bat`, `powershell`, or a variable they are given later), each located through the string's
 * escapes at the place in the file it is written; and the literals that are JSON documents.
 */
function groovyResources(text: string, file: string): { resources: Resource[]; spans: CommandSpan[]; embedded: EmbeddedText[] } {
  const lines = new LineIndex(text);
  const made = new CommandResources(file);
  const spans: CommandSpan[] = [];
  const embedded: EmbeddedText[] = [];
  const keep = (t: string) => mayRunEcsCommands(t) || mayHoldTaskDefinition(t);
  const secrets = jenkinsCredentialVariables(text);
  groovyStrings(text, keep, (literal) => {
    if (mayHoldTaskDefinition(literal.text)) {
      embedded.push({ text: literal.text, position: (offset) => lines.position(literal.offset(offset)), secrets, bareVariables: literal.interpolates });
      return;
    }
    const literalLines = new LineIndex(literal.text);
    const place = (line: number, column: number) => lines.position(literal.offset(literalLines.offset(line, column)));
    for (const call of ecsCliCalls(literal.text, place, secrets)) {
      made.add(call);
      spans.push([call.doc.locate([]).line, place(call.lastLine, 0).line]);
    }
  });
  return { resources: made.resources, spans, embedded };
}

// `withCredentials([string(credentialsId: 'db', variable: 'DB')])` and its kin's variables, and
// `DB = credentials('db')` in an environment block (with the _USR and _PSW a username and
// password credential adds): each a bounded name after a literal
const BOUND_VARIABLE = /\b(?:variable|usernameVariable|passwordVariable|keyFileVariable|passphraseVariable|tokenVariable)\s*:\s*['"]([A-Za-z_][A-Za-z0-9_]{0,100})['"]/g;
const CREDENTIALS_CALL = /\b([A-Za-z_][A-Za-z0-9_]{0,100})\s*=\s*credentials\s*\(/g;

/** The variables a Jenkins pipeline binds to its credentials: what they fill in is the secret. */
export function jenkinsCredentialVariables(text: string): SecretVariables {
  const out = new Map<string, string>();
  if (!text.includes('ariable') && !text.includes('credentials')) return out;
  for (const m of text.matchAll(BOUND_VARIABLE)) out.set(m[1]!, 'Jenkins credential');
  for (const m of text.matchAll(CREDENTIALS_CALL)) for (const name of [m[1]!, `${m[1]}_USR`, `${m[1]}_PSW`]) out.set(name, 'Jenkins credential');
  return out;
}

/**
 * The variables a CI step runs with that a workflow fills in with its secrets: those of the env
 * maps of the step and of what holds it (the job, the workflow), nearest first.
 */
function secretEnvironment(step: { value: JsonValue; parent: { value: JsonValue; parent: unknown } | undefined }): SecretVariables | undefined {
  const envs: JsonValue[] = [];
  for (let x = step.parent as { value: JsonValue; parent: unknown } | undefined; x !== undefined; x = x.parent as typeof x) {
    const env = isObject(x.value) ? own(x.value, 'env') : undefined;
    if (env !== undefined) envs.push(env);
  }
  return envs.length > 0 ? secretVariablesOf(envs) : undefined;
}

/**
 * A makefile as the shell sees its recipes: a recipe line's `@`, `-` and `+` prefixes are make's
 * (blanked, so columns stay), and `$$` is the shell's `$`; `$(VAR)` stays a placeholder. Lines
 * stay where they are.
 */
function recipeText(text: string): string {
  return text.replace(/^\t[@+\- ]*/gm, (prefix) => '\t' + ' '.repeat(prefix.length - 1)).split('$$').join('$');
}

/** The first and last line (1-based, of the file) of a command written across lines. */
export type CommandSpan = [first: number, last: number];

/**
 * The resources of the ECS commands a parsed document holds in its strings, located in `text`;
 * `spans` gets the lines each command takes in the file.
 */
export function documentScriptResources(doc: ParsedDocument, text: string, file: string, spans?: CommandSpan[], embedded?: EmbeddedText[]): Resource[] {
  const calls: EcsCliCall[] = [];
  const lines = new FileLines(text);
  // each value knows its parent: a path is only built for a string that runs a command
  interface Step {
    value: JsonValue;
    key: string;
    parent: Step | undefined;
  }
  const path = (s: Step): string[] => {
    const out: string[] = [];
    for (let x: Step | undefined = s; x?.parent !== undefined; x = x.parent) out.push(x.key);
    return out.reverse();
  };
  const stack: Step[] = [{ value: doc.value, key: '', parent: undefined }];
  while (stack.length > 0) {
    const step = stack.pop()!;
    const value = step.value;
    if (typeof value === 'string') {
      const runs = mayRunEcsCommands(value);
      const writes = embedded !== undefined && mayWriteTaskDefinitions(value);
      // however long: the shell reader is linear, and a script padded past a length cap would go unread
      if (!runs && !writes) continue;
      const from = doc.locate(path(step));
      const place = lines.placer(value, from);
      const secrets = secretEnvironment(step);
      if (runs) {
        for (const call of ecsCliCalls(value, place, secrets, runsPowerShell(step) ? powershellCommands : undefined)) {
          calls.push(call);
          spans?.push([call.doc.locate([]).line, place(call.lastLine, 0).line]);
        }
      }
      if (writes) {
        const scriptLines = new LineIndex(value);
        for (const piece of heredocDocuments(value, (offset) => {
          const at = scriptLines.position(offset);
          return place(at.line - 1, at.column - 1);
        })) embedded!.push(secrets ? { ...piece, secrets } : piece);
      }
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push({ value: v, key: String(i), parent: step }));
    } else if (isObject(value) && !isComputed(value)) {
      for (const k of Object.keys(value)) stack.push({ value: value[k]!, key: k, parent: step });
    }
  }
  // the document's commands in the order they are written: the second of a name is `#2`
  const at = new Map(calls.map((c) => [c, c.doc.locate([])]));
  calls.sort((a, b) => at.get(a)!.line - at.get(b)!.line || at.get(a)!.column - at.get(b)!.column);
  return commandResources(calls, file);
}

/**
 * Whether a CI step's `run:` script is PowerShell's: the step's `shell`, else the nearest
 * `defaults.run.shell`, says pwsh or powershell, or none says and the job runs on Windows
 * (GitHub's default shell there is pwsh).
 */
function runsPowerShell(step: { key: string | undefined; parent: { value: JsonValue; parent: unknown } | undefined }): boolean {
  if (step.key !== 'run') return false;
  let shell: string | undefined;
  let windows = false;
  for (let x = step.parent; x !== undefined; x = x.parent as typeof x) {
    if (!isObject(x.value)) continue;
    shell ??= ownString(x.value, 'shell') ?? ownString(own(own(x.value, 'defaults'), 'run'), 'shell');
    const runsOn = own(x.value, 'runs-on');
    if ((typeof runsOn === 'string' ? [runsOn] : Array.isArray(runsOn) ? runsOn : []).some((r) => typeof r === 'string' && /windows/i.test(r))) windows = true;
  }
  return shell !== undefined ? /^(pwsh|powershell)\b/i.test(shell.trim()) : windows;
}

/** The resources of a file's commands, each id distinct. */
export function commandResources(calls: EcsCliCall[], file: string): Resource[] {
  const made = new CommandResources(file);
  for (const call of calls) made.add(call);
  return made.resources;
}

/**
 * A file's command resources, made a command at a time (a command is dropped once read), each id
 * distinct: the same service or task twice in one file (create, then update) is two resources,
 * named by their order, not by a line an edit above them would move.
 */
class CommandResources {
  readonly resources: Resource[] = [];
  private readonly seen = new Map<string, number>();
  constructor(private readonly file: string) {}

  add(call: EcsCliCall): void {
    for (const r of callResource(call, this.file)) {
      const n = (this.seen.get(r.id) ?? 0) + 1;
      this.seen.set(r.id, n);
      if (n > 1) r.id = `${r.id} #${n}`;
      this.resources.push(r);
    }
  }
}

function callResource(call: EcsCliCall, file: string): Resource[] {
  const input = call.doc.value as JsonObject;
  // with the rest of its input read from a file or the shell, the command is what its options
  // say, incomplete: what they fail still fails, what they would pass is unknown
  const incomplete = call.readsInput === undefined ? undefined : `the rest of its input is read from ${call.readsInput}, which ecsguard does not follow (a file it finds in the scan is checked there)`;
  const withIncomplete = (rs: Resource[]) => {
    if (incomplete) for (const r of rs) r.incomplete = incomplete;
    return rs;
  };
  switch (call.operation) {
    case 'run-task':
    case 'start-task': {
      if (!incomplete && !isRunTaskInput(input)) return [];
      const td = typeof input.taskDefinition === 'string' ? input.taskDefinition : 'a task definition its input names';
      markCommandPlaceholders(input, call.secrets);
      return withIncomplete([extractRunTaskInput(call.doc, file, { id: `${call.operation} ${td}`, launcher: `aws ecs ${call.operation} of ${td} in ${call.runBy ?? baseName(file)}` })]);
    }
    case 'create-service':
    case 'update-service':
      if (!incomplete && detectEcsServiceShape(input) !== 'service-definition') return [];
      markCommandPlaceholders(input, call.secrets);
      return withIncomplete(extractEcsServices(call.doc, file, 'service-definition'));
    case 'register-task-definition':
      if (detectEcsJsonShape(input) !== 'register-task-definition') return [];
      markCommandPlaceholders(input, call.secrets);
      return [extractEcsJson(call.doc, file, 'register-task-definition')];
    case 'create-express-gateway-service':
    case 'update-express-gateway-service': {
      const service = typeof input.serviceName === 'string' ? input.serviceName : typeof input.serviceArn === 'string' ? input.serviceArn : 'a service';
      const data = expressServiceStep(service, own(input, 'primaryContainer'));
      if (!data) return [];
      markCommandPlaceholders(data, call.secrets);
      const doc = call.doc;
      // the container's fields are the option's: /containerDefinitions/0/x is /primaryContainer/x
      const locate = (p: string) => {
        const segs = parsePointer(p);
        return doc.locate(segs[0] === 'containerDefinitions' ? ['primaryContainer', ...segs.slice(2)] : segs);
      };
      const id = `aws ecs ${call.operation} of ${service}`;
      return [{ type: 'ecs:deploy-step', id, name: data.step as string, data, origin: { kind: 'file', file, shape: 'ecs-deploy-command', locate } }];
    }
    case 'ecs-deploy-run': {
      if (!isRunTaskInput(input)) return [];
      markCommandPlaceholders(input, call.secrets);
      return [extractRunTaskInput(call.doc, file, { id: call.label!, launcher: `${call.label} in ${call.runBy ?? baseName(file)}` })];
    }
    case 'ecs-deploy': {
      markCommandPlaceholders(input, call.secrets);
      const doc = call.doc;
      return [{ type: 'ecs:deploy-step', id: call.label!, name: call.label!, data: input, origin: { kind: 'file', file, shape: 'ecs-deploy-command', locate: (p) => doc.locate(parsePointer(p)) } }];
    }
  }
}

/**
 * A file's lines, to place the scripts its strings hold: a script's lines are looked for in the
 * file from where the string's key is (on that line, or a few below for a YAML block scalar or a
 * heredoc), by the first line that holds no placeholder; later lines follow it, as block scalars
 * and heredocs keep them. A line found in the file is placed at its column; one that differs
 * from the file's text (a placeholder an expression filled) at its line.
 */
export class FileLines {
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}

  private line(n: number): string | undefined {
    if (!this.starts) {
      this.starts = [0];
      for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) this.starts.push(i + 1);
    }
    const start = this.starts[n];
    if (start === undefined) return undefined;
    const end = this.starts[n + 1] ?? this.text.length + 1;
    return this.text.slice(start, end - 1);
  }

  placer(script: string, from: SourcePosition): (line: number, column: number) => SourcePosition {
    const scriptLines = script.split('\n');
    let startLine: number | undefined;
    // bounded: the first lines of the script, each looked for on a few lines of the file
    for (let j = 0; j < scriptLines.length && j < 20 && startLine === undefined; j++) {
      const own = scriptLines[j]!.trim();
      if (own === '' || own.includes('${')) continue;
      for (let n = from.line - 1 + j; n < from.line + j + 3; n++) {
        if (this.line(n)?.includes(own)) {
          startLine = n - j;
          break;
        }
      }
    }
    return (line, column) => {
      if (startLine === undefined) return from;
      const n = startLine + line;
      const own = scriptLines[line] ?? '';
      const source = this.line(n);
      if (source === undefined) return from;
      const at = source.indexOf(own.trimStart());
      if (at === -1 || own.trim() === '') return { line: n + 1, column: 1 };
      return { line: n + 1, column: at + Math.max(0, column - (own.length - own.trimStart().length)) + 1 };
    };
  }
}
