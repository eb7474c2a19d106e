// What `caretaker export` writes of a GlusterFS cluster: every sub-read asked for (nodes, volumes),
// region and area (write-only) from its nodes, and the create's own volume guessed as the first one
// listed: its name becomes the write-only user_name (never returned), its size diskSize, with a note.
import { isObject } from '../../../../core/objects.js';
import { WRITE_ONLY } from '../../common/export.js';
import { paasExport } from '../../common/paas/export.js';
import { GLUSTERFS } from './observe.js';
import { splitVolumes } from './volumes.js';

export const GLUSTERFS_EXPORT = paasExport(GLUSTERFS, {
  fileStem: 'glusterfs',
  // No user_name: observe then takes the first listed volume as the create's own (volumes.ts).
  probe: (serviceId) => ({ serviceId, region: null, area: null, networkId: null, diskSize: null, volumes: null }),
  finish(_ctx, _r, _obs, raw, spec, notes) {
    for (const k of ['region', 'area'] as const) if (spec[k] !== undefined) notes[`spec.${k}`] = `${WRITE_ONLY}; read from the nodes' ${k}`;
    const { first } = splitVolumes((Array.isArray(raw.volumes) ? raw.volumes : []).filter(isObject), undefined);
    if (first !== undefined) {
      spec.user_name = first.name;
      notes['spec.user_name'] = `${WRITE_ONLY}; NOT READABLE from the API: the first volume listed (${first.name}) is taken for the one the create made, check it`;
    }
    if (Array.isArray(spec.volumes) && spec.volumes.length === 0) delete spec.volumes;
  },
});
