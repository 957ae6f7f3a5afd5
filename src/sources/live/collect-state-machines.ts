// Step Functions: state machines whose Task states call RunTask (the ECS integration, or the AWS
// SDK's) start tasks with the network configuration, platform version and overrides of the
// state's Parameters or Arguments, not a service's. Each machine's definition is read
// (DescribeStateMachine) as a definition file is: every RunTask state is a scheduled task.
import { DescribeStateMachineCommand, paginateListStateMachines, type StateMachineListItem } from '@aws-sdk/client-sfn';
import { stepFunctionsScope } from '../../inventory/scopes.js';
import { isStateMachineDefinition, machineTasks } from '../../inventory/state-machine-tasks.js';
import { parseJsonData } from '../../inventory/written-markers.js';
import { forEachLimited, pagesOf } from './calls.js';
import { objectsIn, type CollectContext } from './context.js';

export async function collectStateMachines(ctx: CollectContext): Promise<void> {
  const where = { account: ctx.account, region: ctx.region };
  // one call over every page: a page that fails leaves the whole listing a gap, never a part of it
  const pages = await ctx.tracker.call(where, 'states', 'ListStateMachines', { types: ['ecs:scheduled-task'], resources: [stepFunctionsScope(ctx.account, ctx.region)] }, () =>
    pagesOf(paginateListStateMachines({ client: ctx.clients.sfn, pageSize: 100 }, {})),
  );
  if (!pages) return;
  const machines: StateMachineListItem[] = [];
  for (const page of pages) for (const m of objectsIn(page.stateMachines)) if (typeof m.stateMachineArn === 'string' && m.stateMachineArn !== '') machines.push(m);
  await forEachLimited(machines, 4, async (machine) => {
    const arn = machine.stateMachineArn!;
    const name = typeof machine.name === 'string' && machine.name !== '' ? machine.name : arn.slice(arn.lastIndexOf(':') + 1);
    const shown = () => `Step Functions state machine ${name}`;
    // a definition encrypted with a key the audit may not use is refused: its tasks are unseen
    const r = await ctx.tracker.call(where, 'states', 'DescribeStateMachine', { resources: [arn] }, () => ctx.clients.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn })));
    if (!r) {
      ctx.sink.addUnseen('ecs:scheduled-task', [arn], where, `states:DescribeStateMachine of ${name} failed`, shown);
      return;
    }
    const definition = typeof r.definition === 'string' ? parseJsonData(r.definition) : undefined;
    if (!isStateMachineDefinition(definition)) {
      ctx.sink.addUnseen('ecs:scheduled-task', [arn], where, `the definition of state machine ${name} is not a JSON state machine definition (StartAt and States)`, shown);
      return;
    }
    for (const task of machineTasks(name, definition, arn)) {
      ctx.sink.add({ type: 'ecs:scheduled-task', id: task.id, name: task.launcher, account: ctx.account, region: ctx.region, data: task.data, ...(task.unseen ? { unseen: task.unseen } : {}) });
    }
  });
}
