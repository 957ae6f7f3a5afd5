// What a launch template, launch configuration or instance written in a file starts, as the
// ec2:container-instance resource ecs-imds-blocked reads: the same for CloudFormation, Terraform
// modules and plans, which differ only in where they find its fields.
import type { JsonObject, JsonValue } from '../util/json.js';
import type { FileOrigin, Resource } from './resource.js';
import type { FileUserData } from './user-data.js';

export interface LaunchedInstances {
  id: string;
  name: string;
  origin: FileOrigin;
  metadataOptions: JsonValue | undefined;
  /** Undefined when the user data cannot be read; then `unreadable` says why. */
  userData: FileUserData | undefined;
  /** The field that holds the user data (`UserData`, `user_data`), as reasons name it. */
  userDataField: string;
  unreadable: () => string;
  /** One instance (an EC2 instance resource), not every instance a template launches. */
  oneInstance: boolean;
}

export function launchedInstances(l: LaunchedInstances): Resource {
  const launched: JsonObject = {};
  if (l.metadataOptions !== undefined) launched.MetadataOptions = l.metadataOptions;
  if (l.userData) launched.UserDataSummary = l.userData.summary as unknown as JsonObject;
  const resource: Resource = { type: 'ec2:container-instance', id: l.id, name: l.name, data: { LaunchTemplateData: launched }, origin: l.origin };
  // findings name the instance, not what it launches
  if (l.oneInstance) resource.data.WrittenInstance = true;
  if (l.userData?.undecided) resource.gaps = { userData: `${l.userDataField}: ${l.userData.undecided}` };
  else if (!l.userData) resource.gaps = { userData: l.unreadable() };
  return resource;
}
