// What `caretaker export` writes of a RabbitMQ: every sub-read asked for (nodes, and the GET for
// tlsEnabled), region and area (write-only) from its nodes, and no `az` (a cluster spreads over zones).
import { WRITE_ONLY } from '../../common/export.js';
import { paasExport } from '../../common/paas/export.js';
import { RABBITMQ } from './observe.js';

export const RABBITMQ_EXPORT = paasExport(RABBITMQ, {
  fileStem: 'rabbitmq',
  probe: (serviceId) => ({ serviceId, region: null, area: null, diskSize: null, networkId: null, tlsEnabled: null }),
  finish(_ctx, _r, _obs, _raw, spec, notes) {
    delete spec.az;
    for (const k of ['region', 'area'] as const) if (spec[k] !== undefined) notes[`spec.${k}`] = `${WRITE_ONLY}; read from the nodes' ${k}`;
  },
});
