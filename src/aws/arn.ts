// ARNs for the account's partition, taken from the region: China (aws-cn), GovCloud (aws-us-gov)
// and the isolated regions have their own, and an ARN built for the wrong one matches nothing.

/** The partition a region belongs to. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-isof-')) return 'aws-iso-f';
  if (region.startsWith('eu-isoe-')) return 'aws-iso-e';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  return 'aws';
}

/** `arn:<partition of region>:<service>:<region>:<account>:<resource>`; a global service passes its region for the partition and `global: true`. */
export function arnOf(service: string, region: string, account: string, resource: string, options: { global?: boolean } = {}): string {
  return ['arn', partitionOf(region), service, options.global ? '' : region, account, resource].join(':');
}

/** EventBridge Scheduler's universal target that calls ECS RunTask, its Input the request itself. */
export function isRunTaskTarget(arn: unknown): boolean {
  return typeof arn === 'string' && arn.startsWith('arn:') && arn.endsWith(':scheduler:::aws-sdk:ecs:runTask') && arn.split(':').length === 8;
}
