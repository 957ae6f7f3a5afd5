// ECS Express Mode services: the primary container each source writes is the container ECS puts
// in the task definition it builds, checked as a deploy step's changes are.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load, runCli, tempDir } from '../helpers.js';

const statuses = (dir: string) => {
  const r = runCli(['scan', dir, '--no-config', '--format', 'json', '--check', 'ecs-deploy-step-no-plaintext-secrets']);
  return (JSON.parse(r.stdout).results as Array<{ resource: { id: string }; status: string; location: { line: number } }>).map((x) => [x.resource.id, x.status, x.location.line]);
};

describe('ECS Express Mode services', () => {
  it('CloudFormation: the primary container in API names, located at its properties; one set at deploy time is unknown', () => {
    const [web] = load('fixtures/inputs/cfn-express-service.yaml').resources.filter((r) => r.id === 'Web');
    expect(web!.type).toBe('ecs:deploy-step');
    expect(web!.data.containerDefinitions).toMatchObject([{ name: 'web', environment: [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'STRIPE_SECRET_KEY' }], secrets: [{ name: 'DB_PASSWORD' }] }]);
    expect(web!.origin.locate('/containerDefinitions/0/environment/1/value')).toMatchObject({ line: 15 });
    const d = tempDir({ 't.yaml': ['Parameters:', '  Container: { Type: String }', 'Resources:', '  S:', '    Type: AWS::ECS::ExpressGatewayService', '    Properties:', '      PrimaryContainer: !Ref Container', ''].join('\n') });
    expect(statuses(d)).toEqual([['S', 'unknown', 7]]);
  });
  it('Terraform: a primary container known only after apply is unknown, never a pass', () => {
    const d = tempDir({ 'main.tf': ['variable "pc" {}', 'resource "aws_ecs_express_gateway_service" "s" {', '  service_name = "s"', '  dynamic "primary_container" {', '    for_each = var.pc', '    content {', '      image = primary_container.value.image', '    }', '  }', '}', ''].join('\n') });
    expect(statuses(d).map(([, status]) => status)).not.toContain('pass');
  });
  it('the AWS CLI: the container is the --primary-container option, at its lines', () => {
    expect(statuses(join('fixtures/inputs/scripts'))).toContainEqual(['aws ecs create-express-gateway-service of web', 'fail', 11]);
  });
});
