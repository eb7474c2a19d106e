// What `caretaker export` writes of a Redis: every sub-read asked for, region and area (write-only)
// from its nodes, and no `az` (a farm spreads over several zones; the create chooses them).
import { WRITE_ONLY } from '../../common/export.js';
import { paasExport } from '../../common/paas/export.js';
import { REDIS } from './observe.js';

export const REDIS_EXPORT = paasExport(REDIS, {
  fileStem: 'redis',
  // persistenceMode and tlsEnabled: only the Redis GET has them, so asking for them reads it.
  probe: (serviceId) => ({ serviceId, region: null, area: null, diskSize: null, networkId: null, persistenceMode: null, tlsEnabled: null }),
  finish(_ctx, _r, _obs, _raw, spec, notes) {
    delete spec.az;
    for (const k of ['region', 'area'] as const) if (spec[k] !== undefined) notes[`spec.${k}`] = `${WRITE_ONLY}; read from the nodes' ${k}`;
  },
});
