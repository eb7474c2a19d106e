// What `caretaker export` writes of a MariaDB: every sub-read asked for (disk and network come from the
// nodes), region and area (write-only) from the nodes with a note, and no `az` (a Galera cluster spans
// the zones; the create chooses them).
import { WRITE_ONLY } from '../../common/export.js';
import { paasExport } from '../../common/paas/export.js';
import { MARIADB } from './observe.js';

export const MARIADB_EXPORT = paasExport(MARIADB, {
  fileStem: 'mariadb',
  probe: (serviceId) => ({ serviceId, region: null, area: null, diskSize: null, networkId: null, version: null }),
  finish(_ctx, _r, _obs, _raw, spec, notes) {
    delete spec.az;
    for (const k of ['region', 'area'] as const) if (spec[k] !== undefined) notes[`spec.${k}` as const] = `${WRITE_ONLY}; read from the nodes' ${k}`;
  },
});
