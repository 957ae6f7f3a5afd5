// The `ecs` command of fabfuel's ecs-deploy (`ecs deploy CLUSTER SERVICE -e web DB_URL ...`), as
// scripts and CI steps run it. `deploy`, `cron` and `update` register a copy of the current task
// definition with the containers' environment variables, secrets, Docker labels and log options
// the command's options set: read as the container changes a deploy step makes. `run` starts tasks
// with RunTask (EC2 unless `--launchtype FARGATE`, a public IP only with `--public-ip`), the
// variables going in as container overrides: a scheduled task. Options are read by their arity,
// as click reads them; an option the table does not know (a later version's) is read as a flag,
// so the options after it are still read (its values, if any, are taken for arguments).
import type { ParsedDocument } from '../../documents/parse-document.js';
import { unseen } from '../../inventory/computed.js';
import type { SourcePosition } from '../../util/positions.js';
import { setOwn, type JsonObject, type JsonValue } from '../../util/json.js';
import { toPointer } from '../../util/pointer.js';
import { commandWordAt, type ShellWord } from './shell-words.js';

export type EcsDeployOperation = 'ecs-deploy' | 'ecs-deploy-run';

/** Each option's number of values (0: a flag), by every name it has. */
const ARITY = new Map<string, number>();
const names = (n: number, ...all: string[]) => all.forEach((a) => ARITY.set(a, n));
names(0, '--diff', '--no-diff', '--deregister', '--no-deregister', '--rollback', '--no-rollback', '--ignore-warnings', '--public-ip', '--exclusive-env', '--exclusive-secrets', '--exclusive-docker-labels', '--exclusive-s3-env-file', '--exclusive-ulimits', '--exclusive-system-controls', '--exclusive-ports', '--exclusive-mounts');
names(1, '-t', '--tag', '-r', '--role', '-x', '--execution-role', '--task', '--region', '--access-key-id', '--secret-access-key', '--profile', '--account', '--assume-role', '--timeout', '--newrelic-apikey', '--newrelic-appid', '--newrelic-region', '--newrelic-revision', '--comment', '--user', '--sleep-time', '--slack-url', '--slack-service-match', '--add-container', '--remove-container', '--task-cpu', '--task-memory', '--launchtype', '--subnet', '--securitygroup', '--platform-version');
names(2, '-i', '--image', '-c', '--command', '--cpu', '--memory', '--memoryreservation', '--privileged', '--essential', '--env-file', '--s3-env-file', '--secrets-env-file', '--runtime-platform', '--volume');
names(3, '-e', '--env', '-s', '--secret', '-d', '--docker-label', '--system-control', '-p', '--port', '-m', '--mount');
names(4, '-u', '--ulimit', '-l', '--log');
names(6, '-h', '--health-check');

const SUBCOMMANDS: Record<string, { positional: string[]; operation: EcsDeployOperation }> = {
  deploy: { positional: ['cluster', 'service'], operation: 'ecs-deploy' },
  cron: { positional: ['cluster', 'task', 'rule'], operation: 'ecs-deploy' },
  update: { positional: ['task'], operation: 'ecs-deploy' },
  run: { positional: ['cluster', 'task', 'count'], operation: 'ecs-deploy-run' },
};

/** Whether `ecs deploy|cron|update|run` starts at word `i`. */
function isEcsDeploy(words: readonly ShellWord[], i: number): boolean {
  return words[i]!.text === 'ecs' && i + 1 < words.length && Object.prototype.hasOwnProperty.call(SUBCOMMANDS, words[i + 1]!.text);
}

/** Where `ecs deploy|cron|update|run` starts in a command's words (or in `docker run fabfuel/ecs-deploy ... ecs deploy ...`), or undefined. */
export function ecsDeployAt(words: readonly ShellWord[]): number | undefined {
  const at = commandWordAt(words, (i) => isEcsDeploy(words, i) || words[i]!.text === 'docker', 24);
  if (at === undefined || words[at]!.text !== 'docker') return at;
  if (words[at + 1]?.text !== 'run' || !words.slice(at + 2, at + 24).some((x) => x.text.includes('ecs-deploy'))) return undefined;
  for (let i = at + 2; i < words.length && i < at + 26; i++) if (isEcsDeploy(words, i)) return i;
  return undefined;
}

/** Containers by name, in the order the command first names them. */
class Containers {
  private readonly byName = new Map<string, { index: number; data: JsonObject }>();
  get(name: string): { index: number; data: JsonObject } {
    let c = this.byName.get(name);
    if (!c) this.byName.set(name, (c = { index: this.byName.size, data: { name } }));
    return c;
  }
  get size(): number {
    return this.byName.size;
  }
  list(): JsonObject[] {
    return [...this.byName.values()].map((c) => c.data);
  }
}

/**
 * The input an `ecs` command of ecs-deploy stands for, located at its words; `at` is the index of
 * `ecs`. Undefined when it changes nothing a check reads (`ecs deploy c s` alone redeploys).
 */
export function ecsDeployInput(words: readonly ShellWord[], at: number, position: (line: number, column: number) => SourcePosition): { operation: EcsDeployOperation; doc: ParsedDocument; label: string } | undefined {
  const sub = SUBCOMMANDS[words[at + 1]!.text]!;
  const positional: ShellWord[] = [];
  const options: Array<{ name: string; values: ShellWord[] }> = [];
  for (let i = at + 2; i < words.length; i++) {
    const w = words[i]!;
    if (!w.text.startsWith('-') || w.text === '-') {
      positional.push(w);
      continue;
    }
    const eq = w.text.indexOf('=');
    const name = eq > 0 ? w.text.slice(0, eq) : w.text;
    const arity = ARITY.get(name) ?? 0;
    const values = eq > 0 ? [{ ...w, text: w.text.slice(eq + 1) }] : words.slice(i + 1, i + 1 + arity);
    if (values.length < arity && eq <= 0) break;
    options.push({ name, values });
    if (eq <= 0) i += arity;
  }
  const arg = (name: string) => positional[sub.positional.indexOf(name)]?.text;
  const places = new Map<string, ShellWord>();
  const place = (segments: Array<string | number>, word: ShellWord) => places.set(toPointer(segments.map(String)), word);
  const containers = new Containers();
  const run = sub.operation === 'ecs-deploy-run';
  // the run subcommand sends the variables as container overrides, the others write them into the containers
  const list = run ? ['overrides', 'containerOverrides'] : ['containerDefinitions'];
  const push = (container: string, field: string, item: JsonValue, word: ShellWord) => {
    const c = containers.get(container);
    const items = ((c.data[field] as JsonValue[] | undefined) ??= []) as JsonValue[];
    place([...list, c.index, field, items.length], word);
    items.push(item);
  };
  for (const { name, values } of options) {
    const [a, b, c, d] = values.map((v) => v.text);
    if ((name === '-e' || name === '--env') && c !== undefined) push(a!, 'environment', { name: b!, value: c }, values[2]!);
    else if ((name === '-s' || name === '--secret') && c !== undefined && !run) push(a!, 'secrets', { name: b!, valueFrom: c }, values[2]!);
    else if (name === '--env-file' && b !== undefined) push(a!, 'environment', unseen(`the variables of the env file ${shownPath(b)}, which ecs-deploy reads where the command runs`), values[1]!);
    else if (name === '--s3-env-file' && b !== undefined) push(a!, 'environmentFiles', { value: b, type: 's3' }, values[1]!);
    else if ((name === '-d' || name === '--docker-label') && c !== undefined && !run) {
      const ct = containers.get(a!);
      setOwn(((ct.data.dockerLabels as JsonObject | undefined) ??= {}) as JsonObject, b!, c);
      place([...list, ct.index, 'dockerLabels', b!], values[2]!);
    } else if ((name === '-l' || name === '--log') && d !== undefined && !run) {
      const ct = containers.get(a!);
      const log = ((ct.data.logConfiguration as JsonObject | undefined) ??= { logDriver: b! }) as JsonObject;
      setOwn(((log.options as JsonObject | undefined) ??= {}) as JsonObject, c!, d);
      place([...list, ct.index, 'logConfiguration', 'options', c!], values[3]!);
    }
  }
  const cluster = arg('cluster');
  const task = options.find((o) => o.name === '--task')?.values[0]?.text ?? arg('task');
  const what = sub.operation === 'ecs-deploy-run' ? `ecs run of ${task ?? 'a task'}` : arg('service') !== undefined ? `ecs deploy of service ${arg('service')}` : `ecs ${words[at + 1]!.text} of ${task ?? 'a task definition'}`;
  const label = `${what}${cluster !== undefined ? ` in cluster ${cluster}` : ''} (ecs-deploy)`;
  let value: JsonObject;
  if (run) {
    if (task === undefined) return undefined;
    const launchType = options.find((o) => o.name === '--launchtype')?.values[0];
    value = { taskDefinition: task, launchType: launchType?.text ?? 'EC2' };
    if (cluster !== undefined) value.cluster = cluster;
    if (launchType) place(['launchType'], launchType);
    const platform = options.find((o) => o.name === '--platform-version')?.values[0];
    if (platform) {
      value.platformVersion = platform.text;
      place(['platformVersion'], platform);
    }
    const subnets = options.filter((o) => o.name === '--subnet').map((o) => o.values[0]!.text);
    const groups = options.filter((o) => o.name === '--securitygroup').map((o) => o.values[0]!.text);
    const publicIp = options.find((o) => o.name === '--public-ip');
    // ecs-deploy sends a network configuration for Fargate tasks and whenever subnets are given
    if (value.launchType === 'FARGATE' || subnets.length > 0) {
      value.networkConfiguration = { awsvpcConfiguration: { subnets, securityGroups: groups, assignPublicIp: publicIp ? 'ENABLED' : 'DISABLED' } };
      const flag = publicIp ? words.find((w) => w.text === '--public-ip') : undefined;
      if (flag) place(['networkConfiguration', 'awsvpcConfiguration', 'assignPublicIp'], flag);
    }
    if (containers.size > 0) value.overrides = { containerOverrides: containers.list() };
  } else {
    if (containers.size === 0) return undefined;
    value = { step: label, containerDefinitions: containers.list() };
    if (task !== undefined) value.taskDefinition = task;
  }
  const start = words[at]!;
  const locate = (segments: readonly string[]): SourcePosition => {
    for (let n = segments.length; n > 0; n--) {
      const w = places.get(toPointer(segments.slice(0, n)));
      if (w) return position(w.line, w.column);
    }
    return position(start.line, start.column);
  };
  return { operation: sub.operation, doc: { format: 'json', value, locate }, label };
}

/** A path shown in a reason only when it is a plain path (a value written there is not repeated). */
function shownPath(path: string): string {
  return /^[A-Za-z0-9_./${}-]{1,120}$/.test(path) ? path : '(a path)';
}
