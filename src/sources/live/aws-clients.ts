// The AWS SDK v3 clients a collection uses, created per region and account with the SDK's own
// credential chain (or an assumed role), adaptive retries and timeouts. Imported only by live
// commands: a file scan never loads the SDK.
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { ECSClient } from '@aws-sdk/client-ecs';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

export interface ClientSettings {
  profile?: string;
  endpointUrl?: string;
  /** Explicit credentials (tests); otherwise the default provider chain. */
  credentials?: AwsCredentialIdentity;
  maxAttempts: number;
  /**
   * standard (default): bounded retries with backoff. adaptive also rate-limits the client after
   * throttling, for the rest of the run (an account throttled once can take four times as long).
   */
  retryMode: 'standard' | 'adaptive';
  /** Per-request timeout, milliseconds. */
  timeoutMs: number;
}

export interface Clients {
  ecs: ECSClient;
  iam: IAMClient;
  ssm: SSMClient;
  kms: KMSClient;
  ec2: EC2Client;
  elbv2: ElasticLoadBalancingV2Client;
  cloudtrail: CloudTrailClient;
  logs: CloudWatchLogsClient;
  sts: STSClient;
  secrets: SecretsManagerClient;
  events: EventBridgeClient;
  scheduler: SchedulerClient;
  sfn: SFNClient;
  organizations: OrganizationsClient;
}

export function baseCredentials(settings: ClientSettings): AwsCredentialIdentity | AwsCredentialIdentityProvider {
  if (settings.credentials) return settings.credentials;
  return fromNodeProviderChain(settings.profile ? { profile: settings.profile } : {});
}

/**
 * Credentials of a role assumed from the base credentials (one per audited account), shared by
 * all of that account's clients: each client would otherwise assume the role itself (a dozen
 * AssumeRole calls per region). Renewed five minutes before they expire; a refusal is kept, so
 * an account whose role is missing is asked once.
 */
export function assumedCredentials(settings: ClientSettings, roleArn: string, externalId: string | undefined, region: string, base: AwsCredentialIdentity | AwsCredentialIdentityProvider = baseCredentials(settings)): AwsCredentialIdentityProvider {
  const assume = fromTemporaryCredentials({
    params: { RoleArn: roleArn, RoleSessionName: 'ecsguard-audit', ...(externalId ? { ExternalId: externalId } : {}) },
    masterCredentials: base,
    clientConfig: { region, ...(settings.endpointUrl ? { endpoint: settings.endpointUrl } : {}) },
  });
  let current: Promise<AwsCredentialIdentity> | undefined;
  let expires = Infinity;
  return () => {
    if (!current || Date.now() > expires - 300_000) {
      current = assume().then((c) => {
        expires = c.expiration?.getTime() ?? Infinity;
        return c;
      });
      expires = Infinity; // callers meanwhile share the call in flight
    }
    return current;
  };
}

/** Called once per command sent (each page of a paginated listing), and once per attempt after the first. */
export interface CommandCounter {
  command(service: string, command: string): void;
  retry(service: string, command: string): void;
  /**
   * A slot among the requests in flight, held from when a signed request is sent until its
   * response arrives: the limit is on requests at AWS, and serializing, signing and parsing run
   * outside it (they are CPU the other requests' waiting can overlap).
   */
  inFlight?(): Promise<() => void>;
}

export function createClients(region: string, credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider, settings: ClientSettings, count?: CommandCounter): Clients {
  const config = {
    region,
    credentials,
    maxAttempts: settings.maxAttempts,
    retryMode: settings.retryMode,
    // throwOnRequestTimeout: without it the SDK only logs a warning and the call hangs on
    requestHandler: { connectionTimeout: Math.min(settings.timeoutMs, 10_000), requestTimeout: settings.timeoutMs, throwOnRequestTimeout: true },
    ...(settings.endpointUrl ? { endpoint: settings.endpointUrl } : {}),
  };
  const clients: Clients = {
    ecs: new ECSClient(config),
    iam: new IAMClient(config),
    ssm: new SSMClient(config),
    kms: new KMSClient(config),
    ec2: new EC2Client(config),
    elbv2: new ElasticLoadBalancingV2Client(config),
    cloudtrail: new CloudTrailClient(config),
    logs: new CloudWatchLogsClient(config),
    sts: new STSClient(config),
    secrets: new SecretsManagerClient(config),
    events: new EventBridgeClient(config),
    scheduler: new SchedulerClient(config),
    sfn: new SFNClient(config),
    organizations: new OrganizationsClient(config),
  };
  if (count) {
    const names: Record<keyof Clients, string> = { ecs: 'ecs', iam: 'iam', ssm: 'ssm', kms: 'kms', ec2: 'ec2', elbv2: 'elasticloadbalancing', cloudtrail: 'cloudtrail', logs: 'logs', sts: 'sts', secrets: 'secretsmanager', events: 'events', scheduler: 'scheduler', sfn: 'states', organizations: 'organizations' };
    type Stack = { add: (m: unknown, o: unknown) => void; addRelativeTo: (m: unknown, o: unknown) => void };
    for (const [key, client] of Object.entries(clients) as Array<[keyof Clients, { middlewareStack: Stack }]>) {
      const op = (context: { commandName?: string }) => (context.commandName ?? 'Unknown').replace(/Command$/, '');
      client.middlewareStack.add(
        (next: (a: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => {
          count.command(names[key], op(context));
          return next(args);
        },
        { step: 'initialize', name: 'ecsguardCallCounter' },
      );
      const slot = count.inFlight;
      if (slot) {
        // innermost: around the HTTP handler only, once per attempt
        client.middlewareStack.addRelativeTo(
          (next: (a: unknown) => Promise<unknown>) => async (args: unknown) => {
            const release = await slot();
            try {
              return await next(args);
            } finally {
              release();
            }
          },
          { relation: 'after', toMiddleware: 'deserializerMiddleware', name: 'ecsguardInFlight' },
        );
      }
      // below the retry middleware: runs once per attempt, so attempts after the first are retries
      client.middlewareStack.addRelativeTo(
        (next: (a: unknown) => Promise<unknown>, context: { commandName?: string; ecsguardAttempts?: number }) => (args: unknown) => {
          context.ecsguardAttempts = (context.ecsguardAttempts ?? 0) + 1;
          if (context.ecsguardAttempts > 1) count.retry(names[key], op(context));
          return next(args);
        },
        { relation: 'after', toMiddleware: 'retryMiddleware', name: 'ecsguardRetryCounter' },
      );
    }
  }
  return clients;
}

export function destroyClients(c: Clients): void {
  for (const client of Object.values(c)) (client as { destroy(): void }).destroy();
}
