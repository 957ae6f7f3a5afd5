// Shared set-up for live tests: a recording server and a collection pointed at it with explicit
// test credentials (never the SDK's default chain, which would probe the metadata service).
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { collectInventory, type CollectRequest } from '../../src/sources/live/collect.js';
import { RecordingServer } from './recording-server.js';

export const TEST_CREDENTIALS = { accessKeyId: 'AKIDTESTTESTTEST', secretAccessKey: 'test-secret' };

/** Environment for CLI runs: credentials from the environment provider, no config files, no IMDS. */
export function liveEnv(): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/nonexistent/ecsguard-test-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/ecsguard-test-credentials',
    AWS_PROFILE: '',
    AWS_REGION: '',
    AWS_DEFAULT_REGION: '',
  };
}

export async function collectFrom(server: RecordingServer, endpoint: string, extra: Partial<CollectRequest> = {}) {
  return collectInventory({
    regions: ['eu-west-1'],
    allRegions: false,
    roleArns: [],
    allRevisions: false,
    concurrency: 8,
    endpointUrl: endpoint,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 4,
    retryMode: 'standard',
    timeoutMs: 5000,
    ...extra,
  });
}

/**
 * A recording server for the tests of one file: fresh for each test (`each`), or one for the
 * whole file. Read `live.server` and `live.endpoint` inside tests.
 */
export function useRecordingServer(scope: 'each' | 'all' = 'each'): { server: RecordingServer; endpoint: string } {
  const live = {} as { server: RecordingServer; endpoint: string };
  const start = async () => {
    live.server = new RecordingServer();
    live.endpoint = await live.server.start();
  };
  const stop = async () => live.server.stop();
  if (scope === 'each') {
    beforeEach(start);
    afterEach(stop);
  } else {
    beforeAll(start);
    afterAll(stop);
  }
  return live;
}

/** The recorded target group (fixtures/aws-recordings/elasticloadbalancing), behind the recorded load balancer. */
export const RECORDED_TARGET_GROUP = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-web/73e2d6bc24d8a067';

/** Registers the recorded service shop-web with the recorded target group, so its listeners are read. */
export function putBehindBalancer(server: RecordingServer): RecordingServer {
  const recorded = server.recordings.find((r) => r.action === 'DescribeServices')!.response;
  const body = JSON.parse(recorded.body);
  body.services[0].loadBalancers = [{ targetGroupArn: RECORDED_TARGET_GROUP, containerName: 'web', containerPort: 8080 }];
  return server.override('ecs:DescribeServices', () => ({ ...recorded, body: JSON.stringify(body) }));
}
