// The ECS security runbook (../shared/reference/ecs-security-runbook.md): its control statements
// with their text, its sections, and the NIST CSF subcategories and control statements it
// declares not applicable to ECS (its Overview).

export const RUNBOOK_SOURCE = 'Amazon Elastic Container Service (ECS) - Security Runbook, Capgroup Cybersecurity Control Alignment, last update 08/21/2021';

/** Control statements as the runbook writes them (sections 3, 5, 6, 8 and operational practice 2). */
export const CONTROL_STATEMENTS: Readonly<Record<number, string>> = {
  1: 'All Data at rest must be encrypted and use a CG BYOK encryption key.',
  2: 'All Data in transit must be encrypted using certificates using CG Certificate Authority.',
  3: 'Keys storied in a Key Management System (KMS) should be created by Capital Groups hardware security module (HSM) and are a minimum of AES-256.',
  4: 'AWS services should have logging enabled and those logs delivered to CloudTrail or Cloud Watch.',
  6: 'Any AWS service used by CG should not be directly available to the Internet and the default route is always the CG gateway.',
};

/** "These capital group control statements are not applicable to the ECS service: 5,7,8,9,10." */
export const CONTROLS_NOT_APPLICABLE = [5, 7, 8, 9, 10] as const;

export const SECTIONS: Readonly<Record<string, string>> = {
  '1': 'Implement least privilege IAM Roles for Tasks',
  '2': 'Using Elastic Container Registry (ECR) for storing and retrieving Docker images',
  '3': 'Configuring VPC endpoints for ECS',
  '4': 'Configuring AWS Systems Manager Parameter Store or AWS Secrets Manager for reference of secrets into Container Definitions',
  '5': 'Specifying sensitive data using AWS secrets manager',
  '6': 'Using the awslogs Log Driver',
  '7': 'Creating a Trail to log ECS API calls',
  '8': 'Enable VPC Flow Logs for ECS Cluster VPC (EC2 Launch Types Only)',
  'ops-1': 'Operational best practice 1: Utilizing AWS CloudWatch Container Insights',
  'ops-2': 'Operational best practice 2: Utilize Amazon ECS Events and EventBridge',
  'ops-3': 'Operational best practice 3: Running the X-Ray Daemon',
};

/**
 * "These NIST Controls and Subcategories are not applicable to this service: PR.AT, PR.MA, PR.IP
 * (Unless stated), PR.AC-2, PR.AC-3, PR.DS-3, PR.DS-8, PR.PT-2, PR.PT-5, DE.DP1, DE.DP-2. DE.DP-3,
 * DE.CM-3, DE.AE-5, RC, RS.MI." (CSF 1.1 identifiers; DE.DP1 read as DE.DP-1.)
 */
export const CSF11_NOT_APPLICABLE = {
  categories: ['PR.AT', 'PR.MA', 'PR.IP', 'RS.MI'],
  functions: ['RC'],
  subcategories: ['PR.AC-2', 'PR.AC-3', 'PR.DS-3', 'PR.DS-8', 'PR.PT-2', 'PR.PT-5', 'DE.DP-1', 'DE.DP-2', 'DE.DP-3', 'DE.CM-3', 'DE.AE-5'],
} as const;

export function isCsf11NotApplicable(id: string): boolean {
  const category = id.split('-')[0]!;
  const fn = id.split('.')[0]!;
  return (
    (CSF11_NOT_APPLICABLE.subcategories as readonly string[]).includes(id) ||
    (CSF11_NOT_APPLICABLE.categories as readonly string[]).includes(category) ||
    (CSF11_NOT_APPLICABLE.functions as readonly string[]).includes(fn)
  );
}
