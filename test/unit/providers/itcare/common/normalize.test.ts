import { describe, expect, it } from 'vitest';
import { toActionState } from '../../../../../src/providers/itcare/common/actions.js';
import { contentTypeFor } from '../../../../../src/providers/itcare/common/client.js';
import { itemHasSign } from '../../../../../src/providers/itcare/common/kind.js';
import { fromNodes, likeDesired, sizingOf, versionLike } from '../../../../../src/providers/itcare/common/normalize.js';
import { POSTGRESQL } from '../../../../../src/providers/itcare/kinds/postgresql/observe.js';
import { REDIS } from '../../../../../src/providers/itcare/kinds/redis/observe.js';

describe('versionLike', () => {
  const cases: Record<string, { reason: string; live: unknown; desired: unknown; want: unknown }> = {
    livePrecise: { reason: 'live patch level under a desired minor', live: '6.2.5', desired: '6.2', want: '6.2' },
    liveCoarse: { reason: 'live minor under a desired patch level', live: '6.2', desired: '6.2.5', want: '6.2.5' },
    numberDesired: { reason: 'a YAML number desired', live: '15.4', desired: 15, want: '15' },
    different: { reason: 'a real difference stays visible', live: '7.2.4', desired: '6.2.5', want: '7.2.4' },
    notDotted: { reason: 'non-numeric versions are left alone', live: '2022 EE', desired: '2022', want: '2022 EE' },
    noDesired: { reason: 'unmanaged: as returned', live: 13, desired: undefined, want: '13' },
  };
  it.each(Object.entries(cases))('%s', (_n, c) => expect(versionLike(c.live, c.desired), c.reason).toBe(c.want));
});

describe('small normalisers', () => {
  it('builds sizings from the API text or cpu + ram', () => {
    expect(sizingOf(['4CPU8GB'], 1, 1)).toBe('4cpu8gb');
    expect(sizingOf(['text', undefined], '2', 4)).toBe('2cpu4gb');
    expect(sizingOf([], undefined, 4)).toBeUndefined();
  });

  it('keeps the desired spelling only for case-only differences', () => {
    expect(likeDesired('eb-qa', 'EB-QA')).toBe('EB-QA');
    expect(likeDesired('EB-INT', 'EB-QA')).toBe('EB-INT');
    expect(likeDesired('', 'EB-QA')).toBeUndefined();
  });

  it('reads placement from nodes', () => {
    const nodes = [
      { storage: 40, region: { id: 'EB' }, area: { id: 'EB-QA' }, availabilityZone: { id: 'EB-QA-A' }, network: { id: '12' } },
      { storage: 40, region: { id: 'EB' }, area: { id: 'EB-QA' }, availabilityZone: { id: 'EB-QA-C' }, network: { id: '12' } },
    ];
    expect(fromNodes(nodes, { az: 'EB-QA-C', networkId: 12 })).toEqual({ region: 'EB', area: 'EB-QA', az: 'EB-QA-C', diskSize: 40, networkId: 12 });
    expect(fromNodes(nodes, { az: 'EB-QA-B' }).az).toBe('EB-QA-A');
    expect(fromNodes([], {})).toEqual({});
  });

  it('tells kinds apart by path, then by family', () => {
    expect(itemHasSign({ path: '/databases/redis' }, REDIS.sign)).toBe(true);
    expect(itemHasSign({ path: '/itcare/databases/postgresql/' }, POSTGRESQL.sign)).toBe(true);
    expect(itemHasSign({ path: '/databases/postgresql', family: 'REDIS' }, REDIS.sign)).toBe(false);
    expect(itemHasSign({ technology: 'PostgreSQL' }, POSTGRESQL.sign)).toBe(true);
    expect(itemHasSign({}, REDIS.sign)).toBe(false);
  });

  it('maps action statuses: FAILED and any unknown final status (CANCELED) count as ERROR', () => {
    expect(['SUCCESS', 'IN_PROGRESS', 'ERROR', 'FAILED', 'success', undefined, 'CANCELED', 'canceled', 'TIMEOUT'].map(toActionState))
      .toEqual(['SUCCESS', 'IN_PROGRESS', 'ERROR', 'ERROR', 'SUCCESS', 'IN_PROGRESS', 'ERROR', 'ERROR', 'ERROR']);
  });

  it('picks content types as the docs sample them (ITCARE-API §1.3)', () => {
    expect(contentTypeFor('POST', '/itcare/databases/postgresql')).toBe('application/vnd.cegedim-it.v1+json');
    expect(contentTypeFor('POST', '/itcare/compute/resources/1/tags')).toBe('application/vnd.cegedim-it.v1+json');
    expect(contentTypeFor('PATCH', '/itcare/databases/redis/1')).toBe('application/json');
    expect(contentTypeFor('DELETE', '/itcare/databases/redis/1')).toBe('application/json');
    expect(contentTypeFor('DELETE', '/itcare/compute/resources/1/tags')).toBe('application/json');
  });
});
