import { describe, expect, it } from 'vitest';
import { isSecretName, splitWords } from '../../src/predicates/secret-names.js';
import { isHighEntropyToken, isNonSecretValue, isPlaceholder, matchCredentialFormat, matchSecretValue } from '../../src/predicates/secret-values.js';
import { plaintextSecrets } from '../../src/predicates/plaintext-secrets.js';
import type { Resource } from '../../src/inventory/resource.js';
import { Inventory } from '../../src/inventory/inventory.js';

describe('secret names', () => {
  it('splits snake, kebab, dotted and camelCase names into words', () => {
    expect(splitWords('dbPassword')).toEqual(['db', 'password']);
    expect(splitWords('APIKey')).toEqual(['api', 'key']);
    expect(splitWords('splunk-token')).toEqual(['splunk', 'token']);
    expect(splitWords('AWS_SECRET_ACCESS_KEY')).toEqual(['aws', 'secret', 'access', 'key']);
  });
  it.each(['DB_PASSWORD', 'dbPassword', 'MYSQL_ROOT_PASSWORD', 'API_KEY', 'apiKey', 'GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'JWT_SECRET', 'SECRET_KEY_BASE', 'client_secret', 'splunk-token', 'PRIVATE_KEY', 'ENCRYPTION_KEY', 'Http_Passwd', 'DB_PASS', 'SENTRY_DSN', 'CREDENTIALS', 'passphrase'])(
    '%s names a secret',
    (name) => expect(isSecretName(name)).toBe(true),
  );
  it.each(['PASSWORD_MIN_LENGTH', 'TOKEN_TTL_SECONDS', 'DB_PASSWORD_FILE', 'SECRET_ARN', 'SECRET_NAME', 'API_KEY_ID', 'AWS_ACCESS_KEY_ID', 'PASSPORT_STRATEGY', 'TOKENIZER_MODEL', 'BYPASS_CACHE', 'SECRETARY_EMAIL', 'USE_TOKEN_AUTH', 'REQUIRE_PASSWORD', 'TOKEN_ENDPOINT', 'PASSWORD_RESET_URL', 'CSRF_TOKEN_HEADER', 'PUBLIC_KEY', 'CACHE_KEY', 'PARTITION_KEY', 'KEY'])(
    '%s does not',
    (name) => expect(isSecretName(name)).toBe(false),
  );
});

describe('secret values', () => {
  it.each([
    ['AKIAQYLPMN5HHHFPZAM2', 'AWS access key ID'],
    ['ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'GitHub token'],
    ['github_pat_11ABCDEFG0abcdefghijklmnopqrstuvwxyz', 'GitHub token'],
    ['xoxb-123456789012-abcdefghijkl', 'Slack token'],
    ['sk_live_abcdefghijklmnopqrstuvwx', 'Stripe secret key'],
    ['AIzaSyA1234567890abcdefghijklmnopqrstuv', 'Google API key'],
    ['-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n-----END OPENSSH PRIVATE KEY-----', 'private key'],
    ['mysql://root:r00tpw@db:3306/app', 'password in a URL'],
    ['https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX', 'Slack webhook URL'],
    ['Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'JSON Web Token'],
    // one of each format, so the table of first characters the patterns are filed under misses none
    ['ASIAQYLPMN5HHHFPZAM2', 'AWS access key ID'],
    ['glpat-abcdefghij0123456789', 'GitLab token'],
    ['rk_test_abcdefghijklmnopqrstuvwx', 'Stripe secret key'],
    ['SG.abcdefghijklmnop.abcdefghijklmnopqrstuvwxyz0123456789', 'SendGrid API key'],
    ['npm_abcdefghijklmnopqrstuvwxyz0123456789', 'npm access token'],
    ['sk-proj-abcdefghijklmnopqrstuvwxyz0123456789', 'OpenAI API key'],
    ['sk-ant-abcdefghijklmnopqrstuvwxyz0123456789', 'Anthropic API key'],
    ['SK0123456789abcdef0123456789abcdef', 'Twilio API key'],
    ['token=ghs_abcdefghijklmnopqrstuvwxyz0123456789.', 'GitHub token'],
    ['Basic dXNlcjpwYXNzd29yZA==', 'HTTP Basic credentials'],
    ["curl -fsS -H 'Authorization: Basic YWRtaW46czNjcjN0' http://localhost/health", 'HTTP Basic credentials'],
    ['Authorization: Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0xyz', 'bearer token'],
    ['bearer   abcDEF123ghiJKL456mnoPQR', 'bearer token'],
  ])('%s is a %s', (value, kind) => expect(matchCredentialFormat(value)?.kind).toBe(kind));
  it.each([
    'AKIAIOSFODNN7EXAMPLE',
    'pk_live_abcdefghijklmnopqrstuvwx',
    'https://user@example.com/path',
    'redis://:${REDIS_PASSWORD}@cache:6379',
    '-----BEGIN CERTIFICATE-----',
    'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 user@host',
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf',
    // the schemes named without credentials, with placeholders, or inside other words
    'Basic authentication is enabled',
    'Basic dXNlcm5hbWU=', // "username": no password
    'Basic JHtVU0VSfToke1BBU1NXT1JEfQ==', // "${USER}:${PASSWORD}"
    'Authorization: Bearer ${API_TOKEN}',
    'Authorization: Bearer YOUR_ACCESS_TOKEN_HERE',
    'Authorization: Bearer $(cat /run/secrets/token)',
    'sendBearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0xyz',
  ])('%s is not a credential by format', (value) => expect(matchCredentialFormat(value)).toBeUndefined());
  it('finds long random base64 tokens by entropy, not hex ids, paths or words', () => {
    expect(isHighEntropyToken('Zq8vR2mT4xK9pL1wN7bY3cF6hJ0dS5gA/uE+iO2k')).toBe(true);
    expect(isHighEntropyToken('9fceb02d0ae598e95dc970b74767f19372d61af8')).toBe(false);
    expect(isHighEntropyToken('/usr/local/lib/node_modules/Some1Package/dist')).toBe(false);
    expect(isHighEntropyToken('ThisIsAVeryLongIdentifierName2024Version')).toBe(false);
    expect(matchSecretValue('short')).toBeUndefined();
  });
  it.each(['', '${DB_PASSWORD}', '$DB_PASSWORD', '{{ .Values.x }}', '<password>', '********', 'xxxx', 'changeme', 'REDACTED', '%PASSWORD%', '__PASSWORD__'])(
    '%j is a placeholder',
    (v) => expect(isPlaceholder(v)).toBe(true),
  );
  it.each(['42', '3.14', 'true', 'off', '30s', '15m', '1h', 'PT15M', 'P1D', 'arn:aws:ssm:us-east-1:1:parameter/x', '/shop/db/password', 'https://vault.internal:8200', 'ssm:/a/b', '{{resolve:ssm:/app/plain}}'])(
    '%j is a setting or reference, never a secret',
    (v) => expect(isNonSecretValue(v)).toBe(true),
  );
  it.each(['hunter2', 'password', 'P@ss w0rd', 'postgres://u:pw@h/db', 'P1Dx'])('%j under a secret name is a literal secret', (v) => expect(isNonSecretValue(v)).toBe(false));
});

describe('crafted values cannot make detection backtrack', () => {
  // A regex that backtracks without bound would hang these calls (and the test would time out).
  const crafted = [
    'a'.repeat(200_000),
    'eyJ' + 'a'.repeat(100_000) + '.',
    'eyJaaaaaaaa.eyJ' + 'b'.repeat(100_000),
    'xoxb-' + '-'.repeat(100_000) + '!',
    '://' + '@'.repeat(50_000) + ':'.repeat(50_000),
    ('P1' + 'Y'.repeat(10)).repeat(5000),
    '<' + '<'.repeat(100_000),
    'Server=db;' + 'Password=;'.repeat(20_000),
    '-'.repeat(100_000) + '=',
  ];
  it.each(crafted.map((c, i) => [i, c]))('crafted value %i', (_, value) => {
    expect(typeof isNonSecretValue(value)).toBe('boolean');
    matchSecretValue(value);
    const td: Resource = {
      type: 'ecs:task-definition',
      id: 't',
      name: 't',
      data: { containerDefinitions: [{ name: 'c', environment: [{ name: 'DB_PASSWORD', value }, { name: 'X', value }], command: [value, '--password', value] }] },
      origin: { kind: 'file', file: 'f', shape: 'register-task-definition', locate: () => ({ line: 1, column: 1 }) },
    };
    const out = plaintextSecrets.evaluate({ resource: td, inventory: new Inventory([td]), parameters: {} });
    expect(out.violations.length).toBeGreaterThan(0);
  });
});

describe('environment files', () => {
  const evaluate = (containers: unknown[]) => {
    const td = {
      type: 'ecs:task-definition',
      id: 't',
      name: 't',
      data: { containerDefinitions: containers },
      origin: { kind: 'file', file: 'f', shape: 'register-task-definition', locate: () => ({ line: 1, column: 1 }) },
    } as Resource;
    return plaintextSecrets.evaluate({ resource: td, inventory: new Inventory([td]), parameters: {} });
  };
  it('are out of sight: unknown at the container that loads them, naming how many', () => {
    const out = evaluate([{ name: 'web', environmentFiles: [{ value: 'bucket/a.env', type: 's3' }, { value: 'bucket/b.env', type: 's3' }] }, { name: 'side' }]);
    expect(out.violations).toEqual([]);
    expect(out.unknowns).toEqual([{ pointer: '/containerDefinitions/0/environmentFiles', reason: expect.stringContaining('container "web" loads variables from 2 environment files in Amazon S3') }]);
  });
  it('an empty list or none loads nothing', () => {
    expect(evaluate([{ name: 'web', environmentFiles: [] }, { name: 'side', environmentFiles: null }]).unknowns).toEqual([]);
  });
});
