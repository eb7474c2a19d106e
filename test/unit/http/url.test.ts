import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { buildQuery, buildUrl, displayPath, isLoopbackHost, parseSafeUrl } from '../../../src/http/url.js';

describe('isLoopbackHost', () => {
  it.each([
    ['localhost', true],
    ['127.0.0.1', true],
    ['127.10.20.30', true],
    ['[::1]', true],
    ['::1', true],
    ['128.0.0.1', false],
    ['127.0.0.1.evil.com', false],
    ['localhost.evil.com', false],
    ['api.cegedim.cloud', false],
  ])('%s -> %s', (host, want) => expect(isLoopbackHost(host)).toBe(want));
});

describe('parseSafeUrl', () => {
  it.each(['https://api.cegedim.cloud', 'http://127.0.0.1:8080', 'http://localhost:3000/base', 'http://[::1]:9000'])(
    'accepts %s',
    (url) => expect(parseSafeUrl(url, 'API endpoint').href).toContain(new URL(url).host),
  );

  const refused: Record<string, { reason: string; url: string; message: RegExp }> = {
    plainHttp: { reason: 'token would travel in clear', url: 'http://api.cegedim.cloud', message: /refusing plain http:\/\/.*loopback/ },
    ftp: { reason: 'unsupported scheme', url: 'ftp://example.com', message: /unsupported scheme/ },
    relative: { reason: 'not absolute', url: '/itcare', message: /not an absolute URL/ },
    userinfo: { reason: 'credentials in the URL', url: 'https://user:hunter22@api.test', message: /credentials in the URL/ },
  };
  it.each(Object.entries(refused))('refuses %s', (_name, { url, message }) => {
    const err = (() => {
      try {
        parseSafeUrl(url, 'API endpoint');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).code).toBe('ERR_CONFIG');
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('hunter22');
  });
});

describe('buildQuery / buildUrl', () => {
  it('joins arrays with commas, drops undefined, encodes values', () => {
    const q = buildQuery({ names: ['a b', 'c,d'], page: 0, on: true, skip: undefined, from: '2016-06-01T12:27:19.000+0200' });
    expect(q).toBe('?names=a%20b,c%2Cd&page=0&on=true&from=2016-06-01T12%3A27%3A19.000%2B0200');
  });
  it('is empty without parameters', () => {
    expect(buildQuery(undefined)).toBe('');
    expect(buildQuery({ x: undefined })).toBe('');
  });
  it('keeps the base URL path prefix', () => {
    expect(buildUrl(new URL('https://h.test/api/'), '/itcare/x', { a: 1 })).toBe('https://h.test/api/itcare/x?a=1');
    expect(buildUrl(new URL('https://h.test'), 'itcare/x', undefined)).toBe('https://h.test/itcare/x');
  });
  it('displayPath drops any query string', () => {
    expect(displayPath('/itcare/x?token=abc')).toBe('/itcare/x');
    expect(displayPath('/itcare/x')).toBe('/itcare/x');
  });
});
