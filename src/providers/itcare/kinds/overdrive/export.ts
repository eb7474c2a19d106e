// What `caretaker export` writes of an OverDrive: its sizing and state, driveSiteUri (write-only) from
// the GET's `url`, and region (write-only, returned nowhere) guessed from the service's instances; each
// with a note.
import { NOT_READABLE_REGION, WRITE_ONLY, regionOfService } from '../../common/export.js';
import { toText } from '../../common/normalize.js';
import { paasExport } from '../../common/paas/export.js';
import { OVERDRIVE } from './observe.js';

export const OVERDRIVE_EXPORT = paasExport(OVERDRIVE, {
  fileStem: 'overdrive',
  probe: (serviceId) => ({ serviceId }),
  async finish(ctx, _r, obs, raw, spec, notes) {
    delete spec.patchParty; // not a spec field: no update_patch_party (a PatchPolicy sets it)
    const region = await regionOfService(ctx.http, obs.spec.serviceId as number);
    if (region !== undefined) {
      spec.region = region;
      notes['spec.region'] = NOT_READABLE_REGION;
    }
    const url = toText((raw.item as Record<string, unknown> | undefined)?.url);
    if (url !== undefined) {
      spec.driveSiteUri = url.replace(/^https?:\/\//, '').replace(/\/+$/, '');
      notes['spec.driveSiteUri'] = `${WRITE_ONLY}; read from the GET's url (the docs do not say it is the drive URL), check it before any re-create`;
    }
  },
});
