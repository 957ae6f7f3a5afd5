import { describe, expect, it } from 'vitest';
import { evaluateCondition, pointerOf, RegexCache, unsafeRegexReason } from '../../src/engine/conditions.js';
import { both, contradicts, listItemsOf } from '../../src/inventory/intrinsic-values.js';
import type { Condition } from '../../src/engine/rule-types.js';

const data = {
  networkMode: 'awsvpc',
  cpu: '512',
  containerDefinitions: [
    { name: 'web', privileged: false, image: 'nginx:1.27', logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': 'g' } } },
    { name: 'side', privileged: true, image: { Ref: 'SideImage' } },
  ],
};
const valueAt = (segs: string[]) => segs.reduce<any>((v, s) => v?.[s], data);
const ev = (c: Condition, base: string[] = []) => {
  const r = evaluateCondition(c, { root: data, base, value: valueAt(base) }, new RegexCache());
  return { ...r, pointer: pointerOf(r) };
};

describe('conditions', () => {
  it('compare, test existence and match', () => {
    expect(ev({ path: 'networkMode', equals: 'awsvpc' }).value).toBe(true);
    expect(ev({ path: 'networkMode', equals: 'AWSVPC', ignoreCase: true }).value).toBe(true);
    expect(ev({ path: 'networkMode', in: ['bridge', 'host'] }).value).toBe(false);
    expect(ev({ path: 'pidMode', notEquals: 'host' }).value).toBe(true);
    expect(ev({ path: 'cpu', gte: 256 }).value).toBe(true);
    expect(ev({ path: 'cpu', lt: 256 }).value).toBe(false);
    expect(ev({ path: 'family', exists: false }).value).toBe(true);
    expect(ev({ path: 'containerDefinitions/0/image', matches: '^nginx:[0-9.]+$' }).value).toBe(true);
  });
  it('report the pointer of the place tested and the keys missing', () => {
    const r = ev({ path: 'containerDefinitions/0/logConfiguration/options', hasKeys: ['awslogs-group', 'awslogs-region'] });
    expect(r).toMatchObject({ value: false, pointer: '/containerDefinitions/0/logConfiguration/options', data: { missing: 'awslogs-region' } });
  });
  it('quantify over lists, with the element as the base of relative paths', () => {
    expect(ev({ path: 'containerDefinitions', forAll: { path: 'privileged', equals: false } })).toMatchObject({ value: false, pointer: '/containerDefinitions/1/privileged' });
    expect(ev({ path: 'containerDefinitions', forAny: { path: 'name', equals: 'side' } }).value).toBe(true);
    expect(ev({ path: 'containerDefinitions', forNone: { path: 'name', equals: 'db' } }).value).toBe(true);
    expect(ev({ path: 'missingList', forAll: { path: 'x', exists: true } }).value).toBe(true);
    expect(ev({ path: 'missingList', forAny: { path: 'x', exists: true } }).value).toBe(false);
    expect(ev({ path: '/networkMode', equals: 'awsvpc' }, ['containerDefinitions', '0']).value).toBe(true);
  });
  it('are unknown, with the reason, when a value is computed at deploy time', () => {
    const r = ev({ path: 'containerDefinitions/1/image', matches: '^nginx' });
    expect(r).toMatchObject({ value: 'unknown', reason: 'containerDefinitions.1.image is !Ref SideImage, set at deploy time' });
    expect(ev({ path: 'containerDefinitions/1/image', exists: true }).value).toBe(true);
    expect(ev({ path: 'containerDefinitions', forAll: { path: 'image', matches: '^nginx' } }).value).toBe('unknown');
  });
  it('read a field an Fn::If leaves out as absent there, and a computed block above a field as unknown', () => {
    const at = (v: any, c: Condition) => evaluateCondition(c, { root: v, base: [], value: v }, new RegexCache());
    const optional = { config: { key: { 'Fn::If': ['Encrypt', { Ref: 'Key' }, { Ref: 'AWS::NoValue' }] } } };
    expect(at(optional, { path: 'config/key', exists: true })).toMatchObject({ value: false, when: 'condition Encrypt is false' });
    expect(at(optional, { path: 'config/key', exists: false })).toMatchObject({ value: false, when: 'condition Encrypt is true' });
    const block = { config: { Ref: 'Config' } };
    expect(at(block, { path: 'config/key', exists: true })).toMatchObject({ value: 'unknown', reason: 'config is !Ref Config, set at deploy time' });
    expect(at(block, { path: 'config', exists: true }).value).toBe(true);
  });
  it('combine in three-valued logic', () => {
    const unknown: Condition = { path: 'containerDefinitions/1/image', equals: 'x' };
    expect(ev({ all: [{ path: 'cpu', equals: '1' }, unknown] }).value).toBe(false);
    expect(ev({ all: [{ path: 'cpu', equals: '512' }, unknown] }).value).toBe('unknown');
    expect(ev({ any: [{ path: 'cpu', equals: '512' }, unknown] }).value).toBe(true);
    expect(ev({ any: [{ path: 'cpu', equals: '1' }, unknown] }).value).toBe('unknown');
    expect(ev({ not: unknown }).value).toBe('unknown');
    expect(ev({ not: { path: 'cpu', equals: '1' } }).value).toBe(true);
  });
  it('never reach inherited members', () => {
    expect(ev({ path: 'constructor', exists: true }).value).toBe(false);
    expect(ev({ path: '__proto__/toString', exists: true }).value).toBe(false);
  });
});

describe('rule regexes', () => {
  it.each(['^[a-z]+$', '^(ecr|public)\\.example\\.com/', '^[0-9]{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com/', '(?:ab)?c', '^(?<registry>[^/]+)/'])('accepts %s', (p) => expect(unsafeRegexReason(p)).toBeUndefined());
  it.each(['(a+)+$', '(a|aa)*', '^(\\w+\\s?)*$', '(.*a){12}', '(a)\\1', '[', '(x+x+)+y'])('refuses %s', (p) => expect(unsafeRegexReason(p)).toBeDefined());
});

describe('list items', () => {
  it('are given again for the same list at the same place, and made anew when either changes', () => {
    const list: any[] = [{ name: 'a' }, { 'Fn::If': ['UseB', { name: 'b' }, { Ref: 'AWS::NoValue' }] }];
    const first = listItemsOf(list, ['containerDefinitions'])!;
    expect(first.map((i) => [i.segments.join('/'), i.condition ?? ''])).toEqual([
      ['containerDefinitions/0', ''],
      ['containerDefinitions/1/Fn::If/1', 'condition UseB is true'],
    ]);
    expect(listItemsOf(list, ['containerDefinitions'])).toBe(first);
    // another place (an alias of the same list elsewhere): its own segments
    expect(listItemsOf(list, ['other'])!.map((i) => i.segments.join('/'))).toEqual(['other/0', 'other/1/Fn::If/1']);
    // an element replaced in place (a snapshot's redaction): the new element, not the kept one
    list[0] = { name: 'replaced' };
    expect(listItemsOf(list, ['containerDefinitions'])![0]!.value).toEqual({ name: 'replaced' });
    list.push({ name: 'c' });
    expect(listItemsOf(list, ['containerDefinitions'])).toHaveLength(3);
  });
});

describe('branch conditions', () => {
  it('join once, and say a clause already said once', () => {
    expect(both('condition A is true', 'condition A is true')).toBe('condition A is true');
    expect(both('condition A is true and condition B is false', 'condition B is false and condition C is true')).toBe('condition A is true and condition B is false and condition C is true');
    expect(both(undefined, 'condition A is true')).toBe('condition A is true');
  });
  it('contradict when one names a condition true and the other false, or one says both', () => {
    expect(contradicts('condition A is true', 'condition A is false')).toBe(true);
    expect(contradicts('condition A is true and condition B is true', 'condition B is false')).toBe(true);
    expect(contradicts('var.host is false and condition C is true')).toBe(false);
    expect(contradicts('var.host is true and var.host is false')).toBe(true);
    expect(contradicts('condition A is true', 'condition B is false')).toBe(false);
    expect(contradicts(undefined, 'condition A is false')).toBe(false);
  });
  it('never contradict on conditions named too vaguely to be the same one', () => {
    expect(contradicts('var.env == … is true', 'var.env == … is false')).toBe(false);
    expect(contradicts('the condition of a Terraform conditional is true', 'the condition of a Terraform conditional is false')).toBe(false);
    expect(contradicts('condition a condition is true', 'condition a condition is false')).toBe(false);
    expect(contradicts('!FindInMap Sizes gives value 1', '!FindInMap Sizes gives value 2')).toBe(false);
  });
});
