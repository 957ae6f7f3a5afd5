// EventBridge Scheduler: schedules that run ECS tasks (a templated ECS target with EcsParameters,
// or the universal target that calls RunTask itself) are scheduled tasks, started with their own
// network configuration, platform version and overrides. Only schedules whose target is ECS are
// read in full (GetSchedule): the listing names each target.
import { GetScheduleCommand, paginateListSchedules, type GetScheduleOutput, type ScheduleSummary } from '@aws-sdk/client-scheduler';
import { isRunTaskTarget } from '../../aws/arn.js';
import { schedulerScope } from '../../inventory/scopes.js';
import { isObject, type JsonObject } from '../../util/json.js';
import { parseJsonData } from '../../inventory/written-markers.js';
import { runTaskRequestData } from '../../inventory/run-task-request.js';
import { forEachLimited, pagesOf } from './calls.js';
import { objectsIn, plain, type CollectContext } from './context.js';
import { ecsTaskFromTarget } from './scheduled-targets.js';

/** A schedule's target that starts ECS tasks: an ECS cluster, or RunTask through the universal target. */
export function runsEcsTasks(targetArn: unknown): boolean {
  return typeof targetArn === 'string' && (/^arn:[a-z-]+:ecs:[^:]*:[0-9]*:cluster\//.test(targetArn) || isRunTaskTarget(targetArn));
}

export async function collectSchedules(ctx: CollectContext): Promise<void> {
  const where = { account: ctx.account, region: ctx.region };
  // one call over every page: a page that fails leaves the whole listing a gap, never a part of it
  const pages = await ctx.tracker.call(where, 'scheduler', 'ListSchedules', { types: ['ecs:scheduled-task'], resources: [schedulerScope(ctx.account, ctx.region)] }, () =>
    pagesOf(paginateListSchedules({ client: ctx.clients.scheduler, pageSize: 100 }, {})),
  );
  if (!pages) return;
  const ecs: ScheduleSummary[] = [];
  for (const page of pages) for (const s of objectsIn(page.Schedules)) if (typeof s.Name === 'string' && s.Name !== '' && runsEcsTasks(s.Target?.Arn)) ecs.push(s);
  await forEachLimited(ecs, 4, async (summary) => {
    const id = typeof summary.Arn === 'string' && summary.Arn !== '' ? summary.Arn : `schedule/${summary.GroupName ?? 'default'}/${summary.Name}`;
    const name = `EventBridge Scheduler schedule ${summary.GroupName && summary.GroupName !== 'default' ? `${summary.GroupName}/` : ''}${summary.Name}`;
    const r = await ctx.tracker.call(where, 'scheduler', 'GetSchedule', { resources: [id] }, () =>
      ctx.clients.scheduler.send(new GetScheduleCommand({ Name: summary.Name!, ...(summary.GroupName ? { GroupName: summary.GroupName } : {}) })),
    );
    if (!r) {
      ctx.sink.addUnseen('ecs:scheduled-task', [id], where, `scheduler:GetSchedule of ${summary.Name} failed`, () => name);
      return;
    }
    const task = scheduleTask(r, name);
    if (task) ctx.sink.add({ type: 'ecs:scheduled-task', id, name, account: ctx.account, region: ctx.region, data: task.data, ...(task.unseen ? { unseen: task.unseen } : {}) });
  });
}

/** The scheduled task a schedule starts (data, or why it cannot be seen), or undefined when its target is not ECS after all. */
export function scheduleTask(schedule: GetScheduleOutput, launcher: string): { data: JsonObject; unseen?: string } | undefined {
  const target = plain(schedule).Target;
  if (!isObject(target)) return undefined;
  if (!isRunTaskTarget(target.Arn)) {
    const data = ecsTaskFromTarget(target, launcher);
    return data ? { data } : undefined;
  }
  // the universal target's Input is the RunTask request itself, in the API's own field names
  const request = typeof target.Input === 'string' ? parseJsonData(target.Input) : undefined;
  if (!isObject(request)) return { data: { launcher }, unseen: "the schedule's RunTask request (its Input) is not a JSON object" };
  return { data: runTaskRequestData(request, launcher) };
}
