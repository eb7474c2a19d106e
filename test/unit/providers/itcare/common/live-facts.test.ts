// What `caretaker list` shows of an ITCare resource by default (issue 24 item 9): the status word and the
// endpoints of the reads refresh made (detail GET, list item, a urls list), never a monitoring page.
import { describe, expect, it } from 'vitest';
import { itcareLiveFacts } from '../../../../../src/providers/itcare/common/live-facts.js';

describe('itcareLiveFacts', () => {
  it('reads the status and the endpoints of the detail, the list item and a urls list, once each', () => {
    const facts = itcareLiveFacts({
      exists: true, id: 1, spec: {},
      raw: {
        detail: { status: 'ACTIVE', url: 'orders.redis.cegedim.cloud', ipAddress: '10.0.0.4', metrologyUrl: 'https://grafana/x' },
        item: { status: 'ignored: the detail comes first', ipAddress: '10.0.0.4', fqdn: 'orders.cegedim.cloud' },
        urls: [{ url: 'api.shop.cegedim.cloud' }, { name: 'static.shop.cegedim.cloud' }, 'not an object'],
      },
    });
    expect(facts).toEqual({
      status: 'ACTIVE',
      endpoints: ['orders.redis.cegedim.cloud', '10.0.0.4', 'orders.cegedim.cloud', 'api.shop.cegedim.cloud', 'static.shop.cegedim.cloud'],
    });
  });

  it('has no status and no endpoint when the reads returned none', () => {
    expect(itcareLiveFacts({ exists: true, id: 1, spec: {}, raw: { detail: { status: '' } } })).toEqual({ endpoints: [] });
    expect(itcareLiveFacts({ exists: true, id: 1, spec: {} })).toEqual({ endpoints: [] });
  });
});
