// What `caretaker export` writes of a Matomo: its sizing and state, and region (write-only, returned
// nowhere) guessed from the service's instances, with a note. The default site's name and URL are
// never returned: left out, a re-create would configure the docs' dummy site (`001:7161-7167`).
import { NOT_READABLE_REGION, regionOfService } from '../../common/export.js';
import { paasExport } from '../../common/paas/export.js';
import { MATOMO } from './observe.js';

export const MATOMO_EXPORT = paasExport(MATOMO, {
  fileStem: 'matomo',
  probe: (serviceId) => ({ serviceId }),
  async finish(ctx, _r, obs, _raw, spec, notes) {
    delete spec.patchParty; // not a spec field: no update_patch_party (a PatchPolicy sets it)
    const region = await regionOfService(ctx.http, obs.spec.serviceId as number);
    if (region === undefined) return;
    spec.region = region;
    notes['spec.region'] = NOT_READABLE_REGION;
  },
});
