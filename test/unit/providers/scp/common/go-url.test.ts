// Go's net/url rules as the SCP SDK applies them: QueryEscape, PathEscape, Values.Encode (with the SDK's
// `[`/`]` in keys). Vectors computed by hand from Go's documented rules (net/url: unreserved bytes kept,
// a space as `+` in a query and `%20` in a path, every other byte `%XX` in upper case).
import { describe, expect, it } from 'vitest';
import { goPathEscape, goQueryEscape, goValuesEncode, scpPath } from '../../../../../src/providers/scp/common/go-url.js';

describe('goQueryEscape (url.QueryEscape)', () => {
  it.each([
    ['', ''],
    ['abc', 'abc'],
    ['Redis OSS Sentinel', 'Redis+OSS+Sentinel'],
    ['a*b', 'a%2Ab'],
    ['~user', '~user'],
    ['-_.', '-_.'],
    ['10%', '10%25'],
    ['a+b', 'a%2Bb'],
    ['é', '%C3%A9'],
    ['日本', '%E6%97%A5%E6%9C%AC'],
    // Go's own table (net/url url_test.go queryEscapeTests): every reserved byte is escaped.
    [" ?&=#+%!<>#\"{}|\\^[]`☺\t:/@$'()*,;", '+%3F%26%3D%23%2B%25%21%3C%3E%23%22%7B%7D%7C%5C%5E%5B%5D%60%E2%98%BA%09%3A%2F%40%24%27%28%29%2A%2C%3B'],
  ])('%j -> %s', (input, want) => expect(goQueryEscape(input)).toBe(want));
});

describe('goPathEscape (url.PathEscape)', () => {
  it.each([
    ['109a585ae67b4e8482fdafc8a4a5be74', '109a585ae67b4e8482fdafc8a4a5be74'],
    ['a/b', 'a%2Fb'],
    ['one two', 'one%20two'],
    ['a+b=c:d@e$f&g', 'a+b=c:d@e$f&g'],
    ['a;b,c?d', 'a%3Bb%2Cc%3Fd'],
    ['~x*', '~x%2A'],
    ['é', '%C3%A9'],
    [" ?&=#+%!<>#\"{}|\\^[]`☺\t:/@$'()*,;", '%20%3F&=%23+%25%21%3C%3E%23%22%7B%7D%7C%5C%5E%5B%5D%60%E2%98%BA%09:%2F@$%27%28%29%2A%2C%3B'],
  ])('%j -> %s', (input, want) => expect(goPathEscape(input)).toBe(want));
});

describe('goValuesEncode (url.Values.Encode as the SDK sends it)', () => {
  it('sorts keys, keeps each key\'s values in order, form-encodes both', () => {
    expect(goValuesEncode({ size: 20, page: 0, name: 'demo' })).toBe('name=demo&page=0&size=20');
    expect(goValuesEncode({ product_image_type: 'Redis OSS Sentinel' })).toBe('product_image_type=Redis+OSS+Sentinel');
    expect(goValuesEncode({ z: ['b', 'a'], a: 'x y', skip: undefined })).toBe('a=x+y&z=b&z=a');
    expect(goValuesEncode({ name: 'c*~é', sort: 'name,asc' })).toBe('name=c%2A~%C3%A9&sort=name%2Casc');
    expect(goValuesEncode({ on: true })).toBe('on=true');
    expect(goValuesEncode({})).toBe('');
    expect(goValuesEncode(undefined)).toBe('');
  });
  it('sorts by bytes (upper case before lower case, ASCII before other letters)', () => {
    expect(goValuesEncode({ b: 1, B: 2, é: 3, a_: 4, a: 5 })).toBe('B=2&a=5&a_=4&b=1&%C3%A9=3');
  });
  it('turns %5B/%5D back into brackets in keys only (the SDK\'s prepareRequest)', () => {
    expect(goValuesEncode({ 'filter[name]': '[x]' })).toBe('filter[name]=%5Bx%5D');
  });
});

describe('scpPath', () => {
  it('escapes each parameter as url.PathEscape, leaves the template alone', () => {
    expect(scpPath('/v1/clusters/{cluster_id}/start', { cluster_id: 'a/b c' })).toBe('/v1/clusters/a%2Fb%20c/start');
    expect(scpPath('/v1/requests/{request_id}', { request_id: 'req-4f668846' })).toBe('/v1/requests/req-4f668846');
  });
});
