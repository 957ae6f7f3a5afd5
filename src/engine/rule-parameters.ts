// Organisation settings of rules (`rules.<id>.parameters` in .ecsguard.yaml) checked against the
// JSON Schema each rule declares (`parameterSchema`). ajv is loaded only when a configuration
// sets parameters: most scans never pay for it.
import { createRequire } from 'node:module';
import { UserError } from '../util/errors.js';
import type { JsonObject } from '../util/json.js';
import type { Config } from './config.js';
import type { Rule } from './rule-types.js';
import { validateWith, type GeneratedValidator } from '../util/schema-errors.js';

type AjvClass = new (options: object) => { compile(schema: object): GeneratedValidator };

function ajv(): { compile(schema: object): GeneratedValidator } {
  const Ajv = createRequire(import.meta.url)('ajv') as { default: AjvClass };
  return new Ajv.default({ allErrors: true, strict: false });
}

/** Problems with a rule's own defaults (for the rule loader's tests and `rules test`). */
export function checkParameterDefaults(rule: Rule): string | undefined {
  if (!rule.parameterSchema) return rule.parameters ? 'the rule has parameters but no parameterSchema' : undefined;
  const problem = validateWith(ajv().compile(rule.parameterSchema), rule.parameters ?? {});
  return problem ? `default parameters: ${problem.message}` : undefined;
}

export function checkConfiguredParameters(config: Config, rules: Rule[]): UserError[] {
  const errors: UserError[] = [];
  const byId = new Map(rules.flatMap((r) => [r.id, ...(r.aliases ?? [])].map((id) => [id, r] as const)));
  let compiler: ReturnType<typeof ajv> | undefined;
  for (const [id, setting] of Object.entries(config.rules)) {
    const params = setting.parameters as JsonObject | undefined;
    const rule = byId.get(id);
    if (params === undefined || !rule) continue;
    const line = config.lineOf(`/rules/${id}/parameters`);
    if (!rule.parameterSchema) {
      errors.push(new UserError(`invalid configuration: rule ${id} takes no parameters`, config.file, line));
      continue;
    }
    compiler ??= ajv();
    const problem = validateWith(compiler.compile(rule.parameterSchema), params);
    if (problem) {
      const at = config.lineOf(`/rules/${id}/parameters${problem.pointer}`) ?? line;
      errors.push(new UserError(`invalid configuration: rules.${id}.parameters: ${problem.message.replace(/^the document /, '')}`, config.file, at));
    }
  }
  return errors;
}
