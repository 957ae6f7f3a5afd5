// Documents of AWS managed policies that execution and task roles commonly carry, so a template that
// attaches them by ARN can still be evaluated. Only policies whose documents are stable and
// published in full are listed; any other managed policy is "not visible" and its checks unknown.
import type { JsonObject } from '../util/json.js';

const allow = (Action: string | string[], Resource: string | string[] = '*'): JsonObject => ({ Effect: 'Allow', Action, Resource });

const DOCUMENTS: Array<[string, JsonObject]> = [
  ['iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy', {
    Version: '2012-10-17',
    Statement: [
      allow([
        'ecr:GetAuthorizationToken',
        'ecr:BatchCheckLayerAvailability',
        'ecr:GetDownloadUrlForLayer',
        'ecr:BatchGetImage',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
      ]),
    ],
  }],
  ['iam::aws:policy/AdministratorAccess', { Version: '2012-10-17', Statement: [allow('*')] }],
  // task roles given these hand over the account (ecs-task-role-no-admin); PowerUserAccess's
  // second statement has grown read actions over its versions, its NotAction never changed
  ['iam::aws:policy/PowerUserAccess', {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
      allow([
        'account:GetAccountInformation',
        'account:GetGovCloudAccountInformation',
        'account:GetPrimaryEmail',
        'account:ListRegions',
        'iam:CreateServiceLinkedRole',
        'iam:DeleteServiceLinkedRole',
        'iam:ListRoles',
        'organizations:DescribeEffectivePolicy',
        'organizations:DescribeOrganization',
      ]),
    ],
  }],
  ['iam::aws:policy/IAMFullAccess', {
    Version: '2012-10-17',
    Statement: [
      allow([
        'iam:*',
        'organizations:DescribeAccount',
        'organizations:DescribeOrganization',
        'organizations:DescribeOrganizationalUnit',
        'organizations:DescribePolicy',
        'organizations:ListChildren',
        'organizations:ListParents',
        'organizations:ListPoliciesForTarget',
        'organizations:ListRoots',
        'organizations:ListPolicies',
        'organizations:ListTargetsForPolicy',
      ]),
    ],
  }],
  ['iam::aws:policy/AmazonSSMReadOnlyAccess', {
    Version: '2012-10-17',
    Statement: [allow(['ssm:Describe*', 'ssm:Get*', 'ssm:List*'])],
  }],
];

/** Keyed by ARN in a Map: an ARN from input such as "__proto__" must find nothing. */
export const AWS_MANAGED_POLICY_DOCUMENTS = new Map(DOCUMENTS);

/** The document of a well-known AWS managed policy, by ARN in any partition. */
export function awsManagedPolicyDocument(arn: string): JsonObject | undefined {
  // keyed without the partition: the same policy in aws, aws-cn and aws-us-gov, and in the one
  // a template decides at deploy time (`${AWS::Partition}`, rendered as DEPLOY_TIME_PART)
  const m = /^arn:(aws(-[a-z-]{1,20})?|\$\{\?\}):(iam::aws:policy\/.{1,200})$/.exec(arn);
  return m ? AWS_MANAGED_POLICY_DOCUMENTS.get(m[3]!) : undefined;
}
