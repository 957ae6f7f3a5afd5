// CloudFormation's and Step Functions' PascalCase field names as the ECS API spells them, shared
// by the file sources and the live collectors (a state machine's definition reads the same in both).

// A Map, not an object literal: keys come from input, and `__proto__` must not find a prototype.
const FIELD_EXCEPTIONS = new Map([
  ['EFSVolumeConfiguration', 'efsVolumeConfiguration'],
  ['FSxWindowsFileServerVolumeConfiguration', 'fsxWindowsFileServerVolumeConfiguration'],
  ['ProxyConfigurationProperties', 'properties'],
  // AWS::ECS::TaskSet spells it AwsVpcConfiguration, AWS::ECS::Service AwsvpcConfiguration
  ['AwsVpcConfiguration', 'awsvpcConfiguration'],
]);

/** CloudFormation's PascalCase property name -> the ECS API's camelCase field name. */
export function toApiFieldName(key: string): string {
  const special = FIELD_EXCEPTIONS.get(key);
  if (special) return special;
  const c = key.charCodeAt(0);
  if (!(c >= 0x41 && c <= 0x5a)) return key;
  let run = 0;
  while (run < key.length && key.charCodeAt(run) >= 0x41 && key.charCodeAt(run) <= 0x5a) run++;
  if (run === key.length) return key.toLowerCase();
  if (run === 1) return key[0]!.toLowerCase() + key.slice(1);
  // "IPAddress" -> "ipAddress": the last capital starts the next word
  return key.slice(0, run - 1).toLowerCase() + key.slice(run - 1);
}
