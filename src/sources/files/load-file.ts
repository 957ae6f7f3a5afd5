// Loads one file: read, parse, detect its shape from content, extract resources, and check the
// task definitions' field types. Problems come back as UserError values; nothing here throws for
// bad input.
import { UserError } from '../../util/errors.js';
import { validateWith } from '../../util/schema-errors.js';
import { validateTaskDefinition } from '../../generated/validators.js';
import type { Resource } from '../../inventory/resource.js';
import { extractCloudFormation, isCloudFormationTemplate } from './cloudformation.js';
import { detectEcsJsonShape, extractEcsJson, notATaskDefinition } from './ecs-task-definition-files.js';
import { parseDocumentText } from './parse-document.js';
import { readText } from './read-text.js';
import { extractTerraformPlan, isTerraformPlan } from './terraform-plan.js';

export interface LoadOptions {
  /** Named on the command line (a notice when it is not a task definition) or found in a walk. */
  explicit: boolean;
  maxBytes: number;
}

export interface FileLoadResult {
  file: string;
  resources: Resource[];
  errors: UserError[];
  /** Why the file was passed over (not an error): empty, not a task definition. */
  skipped?: string;
  /** For a named file that is not a task definition. */
  notice?: UserError;
}

/** Text every task definition shape contains; files without it are not parsed in a walk. */
const MARKERS = ['ontainerDefinitions', 'container_definitions', 'AWS::ECS::Service', 'AWS::ECS::TaskSet', 'aws_ecs_service'];

export function loadFile(path: string, file: string, options: LoadOptions): FileLoadResult {
  const result: FileLoadResult = { file, resources: [], errors: [] };
  const text = readText(path, file, options.maxBytes);
  if (!text.ok) {
    result.errors.push(text.error);
    return result;
  }
  if (text.text.trim() === '') {
    result.skipped = 'empty file';
    if (options.explicit) result.notice = new UserError('empty file; nothing to scan', file);
    return result;
  }
  if (!options.explicit && !MARKERS.some((m) => text.text.includes(m)) && !looksLikeContainerArray(text.text)) {
    result.skipped = 'no container definitions in it';
    return result;
  }
  return loadText(text.text, file, options.explicit, result);
}

/** A bare containerDefinitions array has no marker word: a JSON array of objects with "image". */
function looksLikeContainerArray(text: string): boolean {
  const start = text.search(/\S/);
  return start !== -1 && text[start] === '[' && text.includes('"image"');
}

export function loadText(text: string, file: string, explicit: boolean, result: FileLoadResult = { file, resources: [], errors: [] }): FileLoadResult {
  const parsed = parseDocumentText(text, file);
  if (!parsed.ok) {
    result.errors.push(parsed.error);
    return result;
  }
  const doc = parsed.doc;
  let resources: Resource[];
  const ecsShape = detectEcsJsonShape(doc.value);
  if (ecsShape) {
    resources = [extractEcsJson(doc, file, ecsShape)];
  } else if (isCloudFormationTemplate(doc.value)) {
    resources = extractCloudFormation(doc, file);
  } else if (isTerraformPlan(doc.value)) {
    const tf = extractTerraformPlan(doc, file);
    resources = tf.resources;
    result.errors.push(...tf.errors);
  } else {
    resources = [];
  }
  if (resources.length === 0 && result.errors.length === 0) {
    result.skipped = 'not a task definition';
    if (explicit) result.notice = notATaskDefinition(file);
    return result;
  }
  for (const r of resources) {
    if (r.type === 'ecs:task-definition') {
      const problem = validateWith(validateTaskDefinition, r.data);
      if (problem) {
        const pos = r.origin.locate(problem.pointer);
        const where = r.origin.address ? `${r.origin.address}: ` : '';
        result.errors.push(new UserError(`${where}wrong field type: ${problem.message}; task definition not scanned`, file, pos.line, pos.column));
        continue;
      }
    }
    result.resources.push(r);
  }
  return result;
}
