import { describe, expect, it } from 'vitest';
import { empty } from '../../../src/simulator/reply.js';
import { Router } from '../../../src/simulator/router.js';

describe('simulator router', () => {
  const literal = () => empty(200);
  const param = () => empty(201);
  const router = new Router()
    .get('/itcare/compute/containers/kubernetes/:id', param)
    .get('/itcare/compute/containers/kubernetes/ingress-providers', literal)
    .head('/itcare/compute/resources/:name', literal);

  it.each(Object.entries({
    'literal beats parameter': { reason: '§12.1 ordering rule', method: 'GET', path: '/itcare/compute/containers/kubernetes/ingress-providers', want: 200 },
    'parameter otherwise': { reason: 'ids are parameters', method: 'GET', path: '/itcare/compute/containers/kubernetes/42', want: 201 },
  }))('%s', (_name, { method, path, want }) => {
    const m = router.match(method, path);
    expect(m.kind).toBe('found');
    if (m.kind === 'found') expect(m.handler({} as never).status).toBe(want);
  });

  it('decodes parameters and tells 405 from 404', () => {
    const m = router.match('HEAD', '/itcare/compute/resources/a%20b');
    expect(m).toMatchObject({ kind: 'found', params: { name: 'a b' } });
    expect(router.match('DELETE', '/itcare/compute/resources/x')).toEqual({ kind: 'method-not-allowed', allow: ['HEAD'] });
    expect(router.match('GET', '/itcare/nothing')).toEqual({ kind: 'not-found' });
  });
});
