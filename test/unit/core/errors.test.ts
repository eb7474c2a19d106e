// withContext copies: one error object shared by several waiters (a failed token request, a batched
// read) must not collect every waiter's context ("cannot observe X: cannot observe Y: …").
import { describe, expect, it } from 'vitest';
import { ApiError, AuthError, NetworkError, withContext } from '../../../src/core/errors.js';

describe('withContext', () => {
  it('returns a copy with the context and leaves the shared original untouched', () => {
    const shared = new NetworkError('GET', '/itcare/x', 'connection reset (ECONNRESET) at h:443');
    const a = withContext(shared, 'cannot observe Redis/a');
    const b = withContext(shared, 'cannot observe Redis/b');
    expect(shared.message).toBe('GET /itcare/x: connection reset (ECONNRESET) at h:443');
    expect(a.message).toBe('cannot observe Redis/a: GET /itcare/x: connection reset (ECONNRESET) at h:443');
    expect(b.message).toBe('cannot observe Redis/b: GET /itcare/x: connection reset (ECONNRESET) at h:443');
    expect(a).toBeInstanceOf(NetworkError);
    expect(a).toMatchObject({ code: 'ERR_NETWORK', method: 'GET', path: '/itcare/x' });
    expect(a.stack).toContain('cannot observe Redis/a');
  });

  it('keeps the fields of an ApiError', () => {
    const e = withContext(new ApiError({ method: 'GET', path: '/p', status: 503, apiMessage: 'down' }), 'cannot list');
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 503, apiMessage: 'down', code: 'ERR_API' });
    expect(e.message).toBe('cannot list: 503 GET /p: down');
  });

  it('adds nothing to a login failure, which names its cause on its own', () => {
    const login = new AuthError('https://auth.example/token', '401 POST /token: Unauthorized');
    expect(withContext(login, 'cannot observe Redis/a')).toBe(login);
    expect(login.message).toBe('login failed at the token URL https://auth.example/token: 401 POST /token: Unauthorized');
  });

  it('does not repeat a context already in front', () => {
    const e = new Error('cannot observe X: boom');
    expect(withContext(e, 'cannot observe X')).toBe(e);
  });
});
