import { describe, expect, it } from 'vitest';
import { broadResources, grantedSensitiveActions, isBroadArn } from '../../src/predicates/execution-role-scope.js';
import { wildcardMatch } from '../../src/predicates/iam-wildcards.js';
import { decodePolicyDocument } from '../../src/predicates/role-policies.js';

describe('IAM wildcards', () => {
  it('match * and ? like IAM, actions case-insensitively', () => {
    expect(wildcardMatch('ssm:Get*', 'ssm:GetParameters', true)).toBe(true);
    expect(wildcardMatch('SSM:getparameter?', 'ssm:GetParameters', true)).toBe(true);
    expect(wildcardMatch('ssm:Get*', 'ssm:PutParameter', true)).toBe(false);
    expect(wildcardMatch('*', 'kms:Decrypt', true)).toBe(true);
    expect(wildcardMatch('kms:*crypt', 'kms:Decrypt', true)).toBe(true);
    expect(wildcardMatch('*a*a*a*a*a*a*a*a*b', 'a'.repeat(5000), false)).toBe(false);
  });
});

describe('sensitive actions an Allow statement grants', () => {
  it('through Action and wildcard actions', () => {
    expect(grantedSensitiveActions({ Action: 'ssm:GetParameter*' })).toEqual(['ssm:GetParameters', 'ssm:GetParameter', 'ssm:GetParametersByPath']);
    expect(grantedSensitiveActions({ Action: ['secretsmanager:*', 'logs:*'] })).toEqual(['secretsmanager:GetSecretValue']);
    expect(grantedSensitiveActions({ Action: '*' })).toHaveLength(5);
    expect(grantedSensitiveActions({ Action: ['ssm:DescribeParameters', 'kms:Encrypt'] })).toEqual([]);
  });
  it('through NotAction', () => {
    expect(grantedSensitiveActions({ NotAction: ['ssm:*', 'secretsmanager:*'] })).toEqual(['kms:Decrypt']);
  });
});

describe('broad resources', () => {
  it.each(['*', 'arn:aws:ssm:*:*:*', 'arn:aws:ssm:us-east-1:123456789012:*', 'arn:aws:ssm:us-east-1:123456789012:parameter/*', 'arn:aws:ssm:us-east-1:123456789012:parameter*', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:*', 'arn:aws:kms:us-east-1:123456789012:key/*', 'arn:aws:*:us-east-1:123456789012:*', 'arn:aws-us-gov:kms:*:*:key/*'])(
    '%s reaches everything',
    (arn) => expect(isBroadArn(arn)).toBe(true),
  );
  it.each(['arn:aws:ssm:us-east-1:123456789012:parameter/shop/*', 'arn:aws:ssm:*:123456789012:parameter/shop/db/password', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/*', 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'])(
    '%s is specific',
    (arn) => expect(isBroadArn(arn)).toBe(false),
  );
  it('renders CloudFormation intrinsics: substitutions are single values, Fn::If gives both branches', () => {
    expect(broadResources({ Resource: { 'Fn::Sub': 'arn:aws:ssm:${AWS::Region}:${AWS::AccountId}:parameter/app/*' } }).resources).toEqual([]);
    expect(broadResources({ Resource: { 'Fn::Sub': 'arn:aws:ssm:${AWS::Region}:${AWS::AccountId}:parameter/*' } }).resources).toEqual(['arn:aws:ssm:${...}:${...}:parameter/*']);
    expect(broadResources({ Resource: { 'Fn::Join': [':', ['arn:aws:secretsmanager', { Ref: 'AWS::Region' }, { Ref: 'AWS::AccountId' }, 'secret', '*']] } }).resources).toHaveLength(1);
    expect(broadResources({ Resource: { 'Fn::If': ['UseCmk', { 'Fn::GetAtt': ['Key', 'Arn'] }, '*'] } }).resources).toEqual(['*']);
    expect(broadResources({ Resource: { Ref: 'SecretArn' } }).resources).toEqual([]);
    expect(broadResources({ Resource: { 'Fn::Base64': 'x' } }).unknown).toBe('a !Base64 expression');
    expect(broadResources({ NotResource: 'arn:aws:kms:::key/x' }).resources).toEqual(['NotResource (everything not listed)']);
  });
});

describe('policy documents', () => {
  it('are read URL-encoded (IAM API), as JSON text, or as objects', () => {
    const doc = { Version: '2012-10-17', Statement: [] };
    expect(decodePolicyDocument(encodeURIComponent(JSON.stringify(doc)))).toEqual(doc);
    expect(decodePolicyDocument(JSON.stringify(doc))).toEqual(doc);
    expect(decodePolicyDocument(doc)).toEqual(doc);
    expect(decodePolicyDocument('%7Bnot json')).toBeUndefined();
  });
});
