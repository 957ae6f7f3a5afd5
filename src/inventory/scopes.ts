// Ids of collection scopes that have no resource of their own, so a gap can name them and a check
// can ask whether its data was unreadable there.

/** The EventBridge rules of one account and region. */
export function eventsScope(account: string, region: string): string {
  return `${account}/${region}/events`;
}

/** What a failed listing of a region's EventBridge Scheduler schedules leaves unseen. */
export function schedulerScope(account: string, region: string): string {
  return `${account}/${region}/scheduler`;
}

/** What a failed listing of a region's Step Functions state machines leaves unseen. */
export function stepFunctionsScope(account: string, region: string): string {
  return `${account}/${region}/states`;
}
