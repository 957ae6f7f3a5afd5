// What a failed AWS call is recorded as: its code names the cause the gap reports, by the error's
// name first (AWS answers an expired token or a disabled region with a 403 too), then its status.
import { describe, expect, it } from 'vitest';
import { classifyError } from '../../src/sources/live/calls.js';

const aws = (name: string, status?: number, message = 'from AWS') => Object.assign(new Error(message), { name, ...(status ? { $metadata: { httpStatusCode: status } } : {}) });

describe('classifyError', () => {
  it.each([
    [aws('AccessDeniedException', 400), 'access-denied'],
    [aws('UnauthorizedOperation', 403), 'access-denied'],
    [aws('ThrottlingException', 400, 'Rate exceeded'), 'throttled'],
    [aws('RequestLimitExceeded', 503), 'throttled'],
    [aws('ExpiredTokenException', 403, 'The security token included in the request is expired'), 'expired-credentials'],
    [aws('RequestExpired', 400), 'expired-credentials'],
    [aws('UnrecognizedClientException', 400), 'region-not-enabled'],
    [aws('InvalidClientTokenId', 403), 'region-not-enabled'],
    [aws('AuthFailure', 401), 'region-not-enabled'],
    [aws('NoSuchEntity', 404), 'not-found'],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }), 'unreachable'],
    [Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'timeout'],
    [aws('TimeoutError'), 'timeout'],
    [aws('CredentialsProviderError', undefined, 'Could not load credentials from any providers'), 'no-credentials'],
    [aws('SomethingElse', 403), 'access-denied'],
    [aws('SomethingElse', 429), 'throttled'],
    [aws('InternalFailure', 500), 'error'],
    ['not an error at all', 'error'],
  ])('%s is %s', (err, code) => {
    expect(classifyError(err).code).toBe(code);
  });

  it('keeps the message short and names the error', () => {
    const { message } = classifyError(aws('AccessDeniedException', 400, 'x'.repeat(1000)));
    expect(message.startsWith('AccessDeniedException: x')).toBe(true);
    expect(message.length).toBe(300);
  });
});
