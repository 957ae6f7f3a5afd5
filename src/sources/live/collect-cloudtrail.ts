// CloudTrail: the trails that apply to a region (shadow trails included), each once, with its
// status and event selectors asked of its home region.
import { DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { objectsIn, plain, type CollectContext } from './context.js';

export async function collectTrails(ctx: CollectContext, clientsFor: (region: string) => CollectContext['clients'], seen: Set<string>): Promise<boolean> {
  const where = { account: ctx.account, region: ctx.region };
  const r = await ctx.tracker.call(where, 'cloudtrail', 'DescribeTrails', { types: ['cloudtrail:trail'] }, () => ctx.clients.cloudtrail.send(new DescribeTrailsCommand({ includeShadowTrails: true })));
  if (!r) return false;
  for (const t of objectsIn(r.trailList)) {
    const arn = t.TrailARN;
    if (typeof arn !== 'string' || !arn || seen.has(arn)) continue;
    seen.add(arn);
    const home = typeof t.HomeRegion === 'string' && t.HomeRegion ? t.HomeRegion : ctx.region;
    const client = clientsFor(home).cloudtrail;
    const whereHome = { account: ctx.account, region: home };
    const data = plain(t);
    const gaps: Record<string, string> = {};
    const status = await ctx.tracker.call(whereHome, 'cloudtrail', 'GetTrailStatus', { resources: [arn] }, () => client.send(new GetTrailStatusCommand({ Name: arn })));
    if (status) {
      const { $metadata: _m, ...rest } = status;
      data.Status = plain(rest);
    } else gaps.status = 'cloudtrail:GetTrailStatus failed';
    const selectors = await ctx.tracker.call(whereHome, 'cloudtrail', 'GetEventSelectors', { resources: [arn] }, () => client.send(new GetEventSelectorsCommand({ TrailName: arn })));
    if (selectors) {
      data.EventSelectors = plain({ s: selectors.EventSelectors ?? [] }).s!;
      data.AdvancedEventSelectors = plain({ s: selectors.AdvancedEventSelectors ?? [] }).s!;
    } else gaps.eventSelectors = 'cloudtrail:GetEventSelectors failed';
    ctx.sink.add({ type: 'cloudtrail:trail', id: arn, name: t.Name ?? arn, account: ctx.account, region: home, data, ...(Object.keys(gaps).length ? { gaps } : {}) });
  }
  return true;
}
