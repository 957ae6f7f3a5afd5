// Step Functions states that run ECS tasks: each ecs:runTask Task state is read as the tasks it
// starts (RunTask's request in the API's names), wherever its definition is written.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lineOf, load, tempDir } from '../helpers.js';
import { runTaskStates } from '../../src/inventory/state-machine-tasks.js';
import { jsonFromTemplateText } from '../../src/sources/files/json-holes.js';

const state = (parameters: unknown, resource = 'arn:aws:states:::ecs:runTask.sync') => ({ Type: 'Task', Resource: resource, Parameters: parameters, End: true });
const machine = (states: Record<string, unknown>) => JSON.stringify({ StartAt: Object.keys(states)[0], States: states }, null, 2);
const PUBLIC = { NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-1'], AssignPublicIp: 'ENABLED' } } };

describe('state machine definition files', () => {
  const dir = tempDir({
    'etl.asl.json': machine({ Run: state(PUBLIC), Notify: state({ FunctionName: 'f' }, 'arn:aws:states:::lambda:invoke') }),
    'gov.asl.json': machine({ Run: state(PUBLIC, 'arn:aws-us-gov:states:::ecs:runTask.waitForTaskToken') }),
    'lookalike.asl.json': machine({ Run: state(PUBLIC, 'arn:aws:states:::ecs:runTaskSomething'), Stop: state(PUBLIC, 'arn:aws:states:::aws-sdk:ecs:stopTask') }),
    'sdk.asl.json': machine({ Run: state(PUBLIC, 'arn:aws:states:::aws-sdk:ecs:runTask') }),
    'inputs.asl.yaml': [
      'StartAt: Run',
      'States:',
      '  Run:',
      '    Type: Task',
      '    Resource: arn:aws:states:::ecs:runTask',
      '    Parameters:',
      '      Launcher: written by the file',
      '      NetworkConfiguration:',
      '        AwsvpcConfiguration:',
      '          AssignPublicIp.$: $.public',
      '      Overrides:',
      '        ContainerOverrides:',
      '          - Name: app',
      '            Command.$: $.command',
      '            Environment:',
      '              - { Name: MODE, "Value.$": "hunter2-not-a-path" }',
      '    End: true',
      '',
    ].join('\n'),
    'proto.asl.json': '{"StartAt":"__proto__","States":{"__proto__":{"Type":"Task","Resource":"arn:aws:states:::ecs:runTask","Parameters":{"__proto__":{"polluted":true},"LaunchType":"FARGATE"},"End":true}}}',
    'describe.json': JSON.stringify({ stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:m', name: 'm', definition: machine({ Run: state(PUBLIC) }) }),
    'templated-cli.json': JSON.stringify({ name: 't', roleArn: 'r', definition: machine({ Run: state({ NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['${SUBNET}'], AssignPublicIp: '${PUBLIC_IP}' } } }) }) }),
    'not-a-machine.json': JSON.stringify({ name: 'x', roleArn: 'r', definition: '{"StartAt": 1}' }),
    'jsonata.asl.json': JSON.stringify({ QueryLanguage: 'JSONata', StartAt: 'Run', States: { Run: { Type: 'Task', Resource: 'arn:aws:states:::ecs:runTask', Arguments: '{% $states.input.request %}', End: true } } }),
  });
  const read = (name: string) => load(join(dir, name), false, name);

  it('reads each RunTask state as the tasks it starts, in any partition, and no other Task state', () => {
    const r = read('etl.asl.json');
    expect(r.errors).toEqual([]);
    expect(r.resources.map((x) => [x.type, x.id, x.name])).toEqual([['ecs:scheduled-task', 'etl/Run', 'Step Functions state machine etl (state Run)']]);
    expect((r.resources[0]!.data as any).networkConfiguration.awsvpcConfiguration.assignPublicIp).toBe('ENABLED');
    expect(read('gov.asl.json').resources).toHaveLength(1);
    // the AWS SDK integration's RunTask takes the same request
    expect(read('sdk.asl.json').resources).toHaveLength(1);
    expect(read('lookalike.asl.json').resources).toEqual([]);
  });

  it('reads what a state takes from its input as placeholders, located at the `.$` field', () => {
    const text = load(join(dir, 'inputs.asl.yaml'), false, 'inputs.asl.yaml');
    const [task] = text.resources;
    const data = task!.data as any;
    expect(data.networkConfiguration.awsvpcConfiguration.assignPublicIp).toEqual({ $runTime: '$.public' });
    expect(data.overrides.containerOverrides[0].command).toEqual({ $runTime: '$.command' });
    // a `.$` value that is no path is unseen, and its text goes nowhere
    expect(JSON.stringify(data)).not.toContain('hunter2');
    // the launcher is the loader's, whatever the request writes
    expect(data.launcher).toBe('Step Functions state machine inputs (state Run)');
    const source = [
      'StartAt: Run', 'States:', '  Run:', '    Type: Task', '    Resource: arn:aws:states:::ecs:runTask', '    Parameters:', '      Launcher: written by the file',
      '      NetworkConfiguration:', '        AwsvpcConfiguration:', '          AssignPublicIp.$: $.public',
    ].join('\n');
    expect(task!.origin.locate('/networkConfiguration/awsvpcConfiguration/assignPublicIp').line).toBe(lineOf(source, 'AssignPublicIp.$'));
  });

  it('the CLI\'s input or output holding a definition as text: named as the CLI names it', () => {
    expect(read('describe.json').resources.map((x) => x.id)).toEqual(['m/Run']);
    expect(read('not-a-machine.json')).toMatchObject({ resources: [], skipped: 'not a task definition' });
    // placeholders a deploy step fills in, inside the definition text
    const [templated] = read('templated-cli.json').resources;
    expect((templated!.data as any).networkConfiguration.awsvpcConfiguration.assignPublicIp).toEqual({ $placeholder: '${PUBLIC_IP}' });
  });

  it('keeps keys like __proto__ as data', () => {
    const r = read('proto.asl.json');
    expect(r.resources).toHaveLength(1);
    expect(({} as any).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(r.resources[0]!.data)).toBe(Object.prototype);
  });

  it('a request one JSONata expression builds is unseen as a whole', () => {
    const [task] = read('jsonata.asl.json').resources;
    expect(task!.unseen).toMatch(/JSONata/);
  });
});

describe('definitions written in templates', () => {
  it('a DefinitionString !Join keeps its deploy-time parts where the text puts them', () => {
    const text = jsonFromTemplateText({ 'Fn::Join': ['', ['{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:', { Ref: 'AWS::Partition' }, ':states:::ecs:runTask","Parameters":{"Cluster":', { 'Fn::GetAtt': ['C', 'Arn'] }, '}}}}']] });
    const states = runTaskStates(text!);
    expect(states).toHaveLength(1);
    expect((states[0]!.request as any).Cluster).toEqual({ 'Fn::GetAtt': ['C', 'Arn'] });
  });

  it('a !Sub binds its variables as text, escaped inside strings', () => {
    const text = jsonFromTemplateText({ 'Fn::Sub': ['{"StartAt":"A","States":{"A":{"Type":"Pass","Comment":"${Note}","Next":"${Next}"}}}', { Note: 'say "hi"', Next: 'B' }] });
    expect((text as any).States.A).toEqual({ Type: 'Pass', Comment: 'say "hi"', Next: 'B' });
  });

  it('text that is not JSON is no definition', () => {
    expect(jsonFromTemplateText('StartAt: A')).toBeUndefined();
    expect(jsonFromTemplateText({ 'Fn::GetAtt': ['X', 'Y'] })).toBeUndefined();
  });

  it('walks Parallel branches and Map processors, to a bounded depth', () => {
    let inner: any = { StartAt: 'R', States: { R: state(PUBLIC) } };
    for (let i = 0; i < 100; i++) inner = { StartAt: 'P', States: { P: { Type: 'Parallel', Branches: [inner], End: true } } };
    expect(runTaskStates(inner)).toEqual([]);
    const shallow = { StartAt: 'M', States: { M: { Type: 'Map', Iterator: { StartAt: 'R', States: { R: state(PUBLIC) } }, End: true } } };
    expect(runTaskStates(shallow).map((s) => s.at)).toEqual([['States', 'M', 'Iterator', 'States', 'R', 'Parameters']]);
  });
});
