// What `caretaker export` writes of a virtual machine: everything its list item gives, region and area
// (write-only) from the item with a note, and the required `platform`, which the GET does not return
// under that name, from its imageCode with a note saying so.
import { isObject } from '../../../../core/objects.js';
import { WRITE_ONLY } from '../../common/export.js';
import { toText } from '../../common/normalize.js';
import { paasExport } from '../../common/paas/export.js';
import { VIRTUAL_MACHINE } from './observe.js';

export const VIRTUAL_MACHINE_EXPORT = paasExport(VIRTUAL_MACHINE, {
  fileStem: 'virtual-machine',
  probe: (serviceId) => ({ serviceId, region: null, area: null }),
  finish(_ctx, _r, _obs, raw, spec, notes) {
    for (const k of ['region', 'area'] as const) if (spec[k] !== undefined) notes[`spec.${k}` as const] = `${WRITE_ONLY}; read from the instance's ${k}`;
    const item = isObject(raw.item) ? raw.item : {};
    const image = toText(item.imageCode);
    spec.platform = image ?? 'unknown-platform';
    notes['spec.platform'] = image !== undefined
      ? `${WRITE_ONLY}; read from imageCode (not documented to echo the create's platform), check it before any re-create`
      : `${WRITE_ONLY}; NOT READABLE from the API: write the instance's platform (image id) before any re-create`;
  },
});
