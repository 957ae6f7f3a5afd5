// Ansible playbooks and task files: tasks of community.aws.ecs_taskdefinition (or its short name)
// are task definitions at their lines, in plays and blocks, with arguments under the module or
// under `args`; a revision being deregistered is not one. Other lists of named things (Ansible's
// own tasks among them) are not bare container definitions.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lineOf, load, tempDir } from '../helpers.js';

const PLAYBOOK = `- hosts: localhost
  pre_tasks:
    - name: first
      ecs_taskdefinition:
        family: pre
        containers: [{ name: a, image: nginx }]
        state: present
  tasks:
    - block:
        - name: in a block
          community.aws.ecs_taskdefinition:
            family: blocked
            launch_type: FARGATE
            task_role_arn: "{{ task_role }}"
            containers:
              - name: b
                image: nginx
            state: present
      always:
        - name: gone
          community.aws.ecs_taskdefinition:
            family: gone
            containers: [{ name: c, image: nginx }]
            state: absent
`;

describe('Ansible task definitions', () => {
  const dir = tempDir({
    'play.yml': PLAYBOOK,
    'tasks.yml': '- name: install nginx\n  apt: name=nginx state=present\n- name: build\n  command: make all\n- name: add a user\n  user:\n    name: app\n',
    'labels.yml': '- name: bug\n  color: d73a4a\n- name: docs\n  color: 0075ca\n',
    'team.json': JSON.stringify([{ name: 'Ada', image: 'ada.png', role: 'maintainer', bio: 'Writes the parser' }]),
    // a stray key beside container fields (Terraform's provider drops it) is still a container
    'containers.json': JSON.stringify([{ name: 'app', image: 'nginx', compatibilities: ['FARGATE'] }]),
  });
  const read = (name: string) => load(join(dir, name), false, name);

  it('are read from plays and blocks, in file order, at their lines, each named by its task', () => {
    const r = read('play.yml');
    expect(r.errors).toEqual([]);
    expect(r.resources.map((x) => [x.id, x.name, x.origin.shape])).toEqual([
      ['first', 'pre', 'ansible'],
      ['in a block', 'blocked', 'ansible'],
    ]);
    const blocked = r.resources[1]!;
    expect(blocked.data.requiresCompatibilities).toEqual(['FARGATE']);
    // a Jinja expression is a placeholder Ansible fills in, located where the argument is written
    expect(blocked.data.taskRoleArn).toEqual({ $placeholder: '{{ task_role }}' });
    expect(blocked.origin.locate('/taskRoleArn').line).toBe(lineOf(PLAYBOOK, 'task_role_arn'));
    expect(blocked.origin.locate('/requiresCompatibilities/0').line).toBe(lineOf(PLAYBOOK, 'launch_type'));
    expect(blocked.origin.locate('/containerDefinitions/0/image').line).toBe(lineOf(PLAYBOOK, 'image: nginx', lineOf(PLAYBOOK, 'in a block')));
  });

  it('are read however deeply blocks nest', () => {
    // 45 blocks deep: each is two levels of the document, within the parser's 100
    let tasks = '- name: deep\n  community.aws.ecs_taskdefinition:\n    family: deep\n    state: present\n    containers:\n      - { name: app, image: nginx, privileged: true }\n';
    for (let i = 0; i < 45; i++) tasks = `- block:\n${tasks.replace(/^/gm, '    ')}`;
    const dir = tempDir({ 'deep.yml': `- hosts: localhost\n  tasks:\n${tasks.replace(/^/gm, '    ')}` });
    const r = load(join(dir, 'deep.yml'), false, 'deep.yml');
    expect(r.errors).toEqual([]);
    expect(r.resources.map((x) => [x.id, (x.data.containerDefinitions as any)[0].privileged])).toEqual([['deep', true]]);
  });

  it('read yes/no/on/off as PyYAML does (booleans), where YAML 1.2 gives text', () => {
    const dir = tempDir({ 'old.yml': '- hosts: localhost\n  tasks:\n    - community.aws.ecs_taskdefinition:\n        family: old\n        state: present\n        containers:\n          - { name: app, image: nginx, essential: yes, privileged: YES, readonlyRootFilesystem: off }\n' });
    const r = load(join(dir, 'old.yml'), false, 'old.yml');
    expect(r.errors).toEqual([]);
    const c = (r.resources[0]!.data.containerDefinitions as any[])[0];
    expect([c.essential, c.privileged, c.readonlyRootFilesystem]).toEqual([true, true, false]);
  });

  it('leave Ansible tasks and other lists of named things alone', () => {
    expect(read('containers.json').resources.map((r) => r.origin.shape)).toEqual(['container-definitions']);
    for (const name of ['tasks.yml', 'labels.yml', 'team.json']) {
      const r = read(name);
      expect(r.resources, name).toEqual([]);
      expect(r.skipped, name).toBe('not a task definition');
    }
  });
});

describe('Ansible services and tasks', () => {
  it('ecs_service is the service it creates, ecs_task run or start the tasks it starts; stop, state absent and no task definition are none', () => {
    const d = tempDir({
      'play.yml': [
        '- hosts: localhost',
        '  tasks:',
        '    - name: svc',
        '      community.aws.ecs_service: { state: present, name: web, task_definition: web:1, network_configuration: { subnets: [s], assign_public_ip: yes } }',
        '    - name: gone',
        '      community.aws.ecs_service: { state: absent, name: old }',
        '    - name: stop',
        '      community.aws.ecs_task: { operation: stop, cluster: c, task: t, task_definition: x:1 }',
        '    - name: start',
        '      ecs_task: { operation: start, task_definition: job:3, container_instances: [i], overrides: { containerOverrides: [] } }',
        '    - name: nothing to start',
        '      ecs_task: { operation: run }',
        '',
      ].join('\n'),
    });
    const resources = load(join(d, 'play.yml')).resources;
    expect(resources.map((r) => [r.type, r.id])).toEqual([['ecs:service', 'svc'], ['ecs:scheduled-task', 'start']]);
    expect(resources[0]!.data.networkConfiguration).toEqual({ awsvpcConfiguration: { subnets: ['s'], assignPublicIp: 'ENABLED' } });
    expect(resources[0]!.origin.locate('/networkConfiguration/awsvpcConfiguration/assignPublicIp')).toMatchObject({ line: 4 });
    expect(resources[1]!.data).toMatchObject({ taskDefinition: 'job:3', launcher: 'Ansible task "start" (ecs_task start)' });
  });
  it('two tasks of one name are two resources, the second numbered', () => {
    const d = tempDir({ 'p.yml': ['- hosts: h', '  tasks:', '    - name: deploy', '      ecs_service: { name: a }', '    - name: deploy', '      ecs_service: { name: b }', '    - name: deploy', '      ecs_taskdefinition: { family: f, containers: [{ name: c, image: nginx }] }', ''].join('\n') });
    expect(load(join(d, 'p.yml')).resources.map((r) => [r.type, r.id])).toEqual([['ecs:service', 'deploy'], ['ecs:service', 'deploy #2'], ['ecs:task-definition', 'deploy #3']]);
  });
});
