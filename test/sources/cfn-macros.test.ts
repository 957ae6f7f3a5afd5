// CloudFormation macros and whole-Properties conditions: what the template does not show is
// never a pass, what it does show is still checked, at its lines.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load, runCli, tempDir } from '../helpers.js';

const TEMPLATE = (transform: string) => [
  'AWSTemplateFormatVersion: "2010-09-09"',
  transform,
  'Resources:',
  '  Td:',
  '    Type: AWS::ECS::TaskDefinition',
  '    Properties:',
  '      ContainerDefinitions:',
  '        - { Name: web, Image: nginx:1.25, Privileged: true }',
  '',
].join('\n');

function verdicts(dir: string, rule: string): string[] {
  const r = runCli(['scan', dir, '--no-config', '--format', 'json', '--check', rule]);
  return (JSON.parse(r.stdout).results as Array<{ status: string; reason?: string }>).map((x) => `${x.status}${x.reason ? `: ${x.reason}` : ''}`);
}

describe('CloudFormation macros', () => {
  it("a template's own macro leaves passes unknown and keeps what the written properties fail", () => {
    const d = tempDir({ 'custom.yaml': TEMPLATE('Transform: [AWS::Serverless-2016-10-31, AddSidecars]') });
    expect(verdicts(d, 'ecs-no-privileged')).toEqual(['fail']);
    expect(verdicts(d, 'ecs-no-host-network')).toEqual(["unknown: the template's macro AddSidecars may rewrite it at deploy time, which the template does not show"]);
  });
  it("AWS's own transforms rewrite no ECS properties: a pass is a pass", () => {
    const d = tempDir({ 'sam.yaml': TEMPLATE('Transform: [AWS::Serverless-2016-10-31, AWS::LanguageExtensions]') });
    expect(verdicts(d, 'ecs-no-host-network')).toEqual(['pass']);
  });
  it('a macro name that is not plain text is not repeated', () => {
    const d = tempDir({ 'odd.yaml': TEMPLATE('Transform: { Name: "x y$(z)" }') });
    expect(verdicts(d, 'ecs-no-host-network')).toEqual(["unknown: the template's macro (a macro) may rewrite it at deploy time, which the template does not show"]);
  });
  it('Properties: !If becomes each property under the condition, located inside its branch', () => {
    const [td] = load(join('fixtures/inputs/cfn-macros.yaml')).resources.filter((r) => r.origin.address === 'Branches');
    expect(td!.data.family).toEqual({ 'Fn::If': ['IsProd', 'web-prod', 'web-dev'] });
    expect(td!.origin.locate('/family/Fn::If/2')).toMatchObject({ line: 20 });
    expect(td!.origin.locate('/containerDefinitions/Fn::If/1/0/privileged')).toMatchObject({ line: 17 });
  });
});
