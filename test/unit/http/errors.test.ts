import { describe, expect, it } from 'vitest';
import { ApiError, NetworkError, TimeoutError } from '../../../src/core/errors.js';
import { apiError, extractApiMessage, transportError } from '../../../src/http/errors.js';

const noScrub = (t: string): string => t;
// The docs' error sample, verbatim: the errorMessage string is never closed (seed 001:22641-22646).
const DOC_SAMPLE = `{
    "status": "BAD_REQUEST",
    "errorCode": "INVALID_FIELD_VALUE",
    "errorDesc": "name",
    "errorMessage": "Error on field 'name'
}`;

describe('extractApiMessage', () => {
  const cases: Record<string, { reason: string; body: unknown; want: object }> = {
    itcare: {
      reason: 'ITCare error object',
      body: { status: 'BAD_REQUEST', errorCode: 'INVALID_FIELD_VALUE', errorDesc: 'name', errorMessage: "Error on field 'name'" },
      want: { apiMessage: "Error on field 'name'", apiCode: 'INVALID_FIELD_VALUE' },
    },
    descOnly: { reason: 'errorDesc is the fallback', body: { errorCode: 'X', errorDesc: 'name' }, want: { apiMessage: 'name', apiCode: 'X' } },
    docSample: { reason: 'invalid JSON sample from the docs', body: DOC_SAMPLE, want: { apiMessage: "Error on field 'name'", apiCode: 'INVALID_FIELD_VALUE' } },
    jsonText: { reason: 'JSON served as text', body: '{"errorMessage":"boom","errorCode":"E1"}', want: { apiMessage: 'boom', apiCode: 'E1' } },
    keycloak: {
      reason: 'token endpoint error',
      body: { error: 'invalid_client', error_description: 'Invalid client credentials' },
      want: { apiMessage: 'Invalid client credentials', apiCode: 'invalid_client' },
    },
    spring: { reason: 'Spring default body', body: { error: 'Bad Request', message: 'size must be > 0' }, want: { apiMessage: 'size must be > 0' } },
    text: { reason: 'plain text body, one line', body: 'service\n  unavailable ', want: { apiMessage: 'service unavailable' } },
    html: { reason: 'HTML pages are not messages', body: '<html><body>502</body></html>', want: {} },
    empty: { reason: 'no body', body: undefined, want: {} },
  };
  it.each(Object.entries(cases))('%s', (_name, { body, want }) => {
    expect(JSON.parse(JSON.stringify(extractApiMessage(body)))).toEqual(want);
  });
  it('truncates very long text', () => {
    expect(extractApiMessage('x'.repeat(1000)).apiMessage?.length).toBeLessThan(310);
  });
});

describe('apiError', () => {
  it('carries method, path, status, ITCare message and request id', () => {
    const err = apiError(
      { method: 'PATCH', path: '/itcare/databases/redis/42', status: 409, headers: { 'x-request-id': 'req-1' }, body: { errorCode: 'C', errorMessage: 'busy' } },
      noScrub,
    );
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'ERR_API', method: 'PATCH', path: '/itcare/databases/redis/42', status: 409, apiMessage: 'busy', apiCode: 'C', requestId: 'req-1' });
    expect(err.message).toBe('409 PATCH /itcare/databases/redis/42: busy');
  });
  it('falls back to the reason phrase and appends a hint', () => {
    expect(apiError({ method: 'GET', path: '/x', status: 404, headers: {}, body: undefined }, noScrub).apiMessage).toBe('Not Found');
    expect(apiError({ method: 'GET', path: '/x', status: 401, headers: {}, body: undefined }, noScrub, 'check it').apiMessage).toBe('Unauthorized; check it');
  });
  it('scrubs secrets echoed by the API', () => {
    const err = apiError({ method: 'POST', path: '/x', status: 400, headers: {}, body: { errorMessage: 'bad password s3cr3t!' } }, (t) => t.replace('s3cr3t!', '(sensitive)'));
    expect(err.message).not.toContain('s3cr3t!');
  });
});

describe('transportError', () => {
  const ctx = { method: 'GET', path: '/itcare/x', timedOut: false, timeoutMs: 1000 };
  it('maps coded errors to NetworkError', () => {
    const err = transportError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), ctx, noScrub);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err).toMatchObject({ code: 'ERR_NETWORK', method: 'GET', path: '/itcare/x' });
    expect((err as Error).message).toBe('GET /itcare/x: connection reset (ECONNRESET)');
  });
  it('maps our timeout and undici timeouts to TimeoutError', () => {
    expect(transportError(new Error('aborted'), { ...ctx, timedOut: true }, noScrub)).toBeInstanceOf(TimeoutError);
    const headers = transportError(Object.assign(new Error('x'), { code: 'UND_ERR_HEADERS_TIMEOUT' }), ctx, noScrub);
    expect(headers).toMatchObject({ code: 'ERR_TIMEOUT' });
    expect((headers as Error).message).toContain('GET /itcare/x');
  });
  it('names the server: host:port for a connection, the host name for a failed lookup', () => {
    const at = { ...ctx, host: 'api.example.com:443', hostname: 'api.example.com' };
    const refused = transportError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), at, noScrub) as Error;
    expect(refused.message).toBe('GET /itcare/x: connection refused (ECONNREFUSED) at api.example.com:443');
    const lookup = transportError(Object.assign(new Error('x'), { code: 'ENOTFOUND' }), at, noScrub) as Error;
    expect(lookup.message).toBe('GET /itcare/x: host not found (ENOTFOUND): api.example.com');
    const slow = transportError(new Error('aborted'), { ...at, timedOut: true }, noScrub) as Error;
    expect(slow.message).toBe('GET /itcare/x: no response from api.example.com:443 within 1000 ms');
  });
  it('returns uncoded errors (bugs) unchanged', () => {
    const bug = new TypeError('oops');
    expect(transportError(bug, ctx, noScrub)).toBe(bug);
  });
});
