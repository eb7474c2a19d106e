// The simulator's strict checks (issue 21, item 7): Scp-ClientType, the clock skew (±15 min by default,
// an assumption) and, as an option, the signature over the query in the SDK's canonical form.
import { describe, expect, it } from 'vitest';
import { canonicalQuery, withCanonicalQuery } from '../../../../../src/simulator/scp/common/canonical.js';
import { scpClient, sign, signedHeaders, start } from '../support.js';

describe('canonicalQuery (Go ParseQuery, then Values.Encode with the SDK\'s brackets)', () => {
  it.each([
    ['page=0&name=demo&size=20', 'name=demo&page=0&size=20'],
    ['product_image_type=Redis%20OSS%20Sentinel', 'product_image_type=Redis+OSS+Sentinel'],
    ['name=a*b~c', 'name=a%2Ab~c'],
    ['name=%C3%A9t%C3%A9', 'name=%C3%A9t%C3%A9'],
    ['b=2&a=1&b=1', 'a=1&b=2&b=1'],
    ['flag', 'flag='],
    ['filter%5Bname%5D=x', 'filter[name]=x'],
    ['', ''],
  ])('%s -> %s', (raw, want) => expect(canonicalQuery(raw)).toBe(want));
  it('refuses what Go refuses: a bad escape, a semicolon', () => {
    expect(canonicalQuery('a=%zz')).toBeUndefined();
    expect(canonicalQuery('a=1;b=2')).toBeUndefined();
    expect(withCanonicalQuery('http://h/v1/clusters')).toBe('http://h/v1/clusters');
    expect(withCanonicalQuery('http://h/v1/clusters?size=1&page=0')).toBe('http://h/v1/clusters?page=0&size=1');
  });
});

describe('the SCP simulator as strict as a real server could be', () => {
  it('refuses a Scp-ClientType other than Openapi, naming the header', async () => {
    const sim = await start();
    try {
      const url = `${sim.scp.url}/v1/clusters`;
      const ts = String(Date.now());
      const h = signedHeaders(sim, 'GET', url, { 'Scp-ClientType': 'Console', 'Scp-Timestamp': ts, 'Scp-Signature': sign(sim.scp.secretKey, 'GET', url, ts, sim.scp.accessKey, '', 'Console') });
      const res = await scpClient(sim).raw('GET', '/v1/clusters', h);
      expect(res.status).toBe(401);
      expect(res.body.message).toBe('request signature rejected: Scp-ClientType must be Openapi (got Console)');
    } finally {
      await sim.close();
    }
  });

  it('allows ±15 min of clock skew by default and names the skew beyond it', async () => {
    const sim = await start();
    try {
      const url = `${sim.scp.url}/v1/clusters`;
      const at = (offsetMs: number) => {
        const ts = String(Date.now() + offsetMs);
        return signedHeaders(sim, 'GET', url, { 'Scp-Timestamp': ts, 'Scp-Signature': sign(sim.scp.secretKey, 'GET', url, ts, sim.scp.accessKey) });
      };
      expect((await scpClient(sim).raw('GET', '/v1/clusters', at(-14 * 60_000))).status).toBe(200);
      const ahead = await scpClient(sim).raw('GET', '/v1/clusters', at(20 * 60_000 + 30_000));
      expect(ahead.status).toBe(401);
      expect(ahead.body.message).toMatch(/Scp-Timestamp is 20 min (29|30|31) s ahead of the server clock \(allowed ±15 min\)/);
    } finally {
      await sim.close();
    }
    const lax = await start({ scpMaxSkewMs: 0 });
    try {
      const url = `${lax.scp.url}/v1/clusters`;
      const ts = String(Date.now() - 3_600_000);
      const h = signedHeaders(lax, 'GET', url, { 'Scp-Timestamp': ts, 'Scp-Signature': sign(lax.scp.secretKey, 'GET', url, ts, lax.scp.accessKey) });
      expect((await scpClient(lax).raw('GET', '/v1/clusters', h)).status).toBe(200);
    } finally {
      await lax.close();
    }
  });

  it('with scpCanonicalQuery, accepts only a signature over the canonical query', async () => {
    const sim = await start({ scpCanonicalQuery: true });
    try {
      const c = scpClient(sim);
      const target = '/v1/engine-versions?product_image_type=Redis%20OSS%20Sentinel';
      // Signed over what it sends, as caretaker used to: a server that rebuilds the query refuses it.
      const asSent = await c.raw('GET', target, signedHeaders(sim, 'GET', `${sim.scp.url}${target}`));
      expect(asSent.status).toBe(401);
      expect(asSent.body.message).toMatch(/signature mismatch: this server checks the query in canonical form/);
      const canonical = '/v1/engine-versions?product_image_type=Redis+OSS+Sentinel';
      expect((await c.raw('GET', canonical, signedHeaders(sim, 'GET', `${sim.scp.url}${canonical}`))).status).toBe(200);
      const order = '/v1/clusters?size=10&page=0';
      expect((await c.raw('GET', order, signedHeaders(sim, 'GET', `${sim.scp.url}${order}`))).status).toBe(401);
    } finally {
      await sim.close();
    }
    const plain = await start();
    try {
      const target = '/v1/engine-versions?product_image_type=Redis%20OSS%20Sentinel';
      expect((await scpClient(plain).raw('GET', target, signedHeaders(plain, 'GET', `${plain.scp.url}${target}`))).status).toBe(200);
    } finally {
      await plain.close();
    }
  });
});
