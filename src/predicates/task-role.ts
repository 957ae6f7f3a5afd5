// ecs-task-role-distinct: a task has its own task role, and it is not the execution role (the
// execution role can read the task's secrets and pull its images; the application must not).
import { describeComputed, isComputed, isUnseen, unknownPhrase } from '../inventory/computed.js';
import { own } from '../util/json.js';
import { definePredicate } from './define.js';
import type { PredicateOutcome } from './types.js';

export const taskRoleDistinct = definePredicate({
  id: 'task-role-distinct',
  messages: {
    'no-task-role': 'The task definition has no task role (taskRoleArn)',
    'same-role': 'The task role is the execution role ({{role}})',
  },
  evaluate({ resource, inventory }): PredicateOutcome {
    const out: PredicateOutcome = { violations: [], unknowns: [] };
    const task = own(resource.data, 'taskRoleArn');
    const exec = own(resource.data, 'executionRoleArn');
    // a file that cannot show the roles (a bare containerDefinitions array) decides nothing
    const unseenField = isUnseen(task) ? 'taskRoleArn' : isUnseen(exec) ? 'executionRoleArn' : undefined;
    if (unseenField) {
      out.unknowns.push({ pointer: '', reason: `${unseenField} is ${unknownPhrase(own(resource.data, unseenField)!)}` });
      return out;
    }
    if (task === undefined || task === null || task === '') {
      out.violations.push({ message: 'no-task-role', pointer: '', data: {} });
      return out;
    }
    if (exec === undefined || exec === null || exec === '') return out;
    const t = inventory.related(resource, 'taskRole');
    const e = inventory.related(resource, 'executionRole');
    if (t.status === 'found' && e.status === 'found') {
      if (t.resource === e.resource) out.violations.push({ message: 'same-role', pointer: '/taskRoleArn', data: { role: t.resource.name } });
      return out;
    }
    if (JSON.stringify(task) === JSON.stringify(exec)) {
      out.violations.push({ message: 'same-role', pointer: '/taskRoleArn', data: { role: typeof task === 'string' ? task.slice(task.lastIndexOf('/') + 1) : describeComputed(task) } });
    } else if (isComputed(task) || isComputed(exec)) {
      out.unknowns.push({ pointer: '/taskRoleArn', reason: `the task role (${typeof task === 'string' ? task : describeComputed(task)}) and the execution role (${typeof exec === 'string' ? exec : describeComputed(exec)}) are set at deploy time; whether they differ cannot be told` });
    }
    return out;
  },
});
