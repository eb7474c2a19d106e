// What `caretaker export` writes of a SQL Server farm: everything its list item gives, region (write-only)
// from the item's region with a note, and the required `collation`, which no read returns, as the docs'
// example with a note saying it is a guess. customerPassword becomes a `${env:}` placeholder (common code).
import { WRITE_ONLY } from '../../common/export.js';
import { paasExport } from '../../common/paas/export.js';
import { SQLSERVER } from './observe.js';

export const SQLSERVER_EXPORT = paasExport(SQLSERVER, {
  fileStem: 'sqlserver',
  probe: (serviceId) => ({ serviceId }),
  finish(_ctx, _r, _obs, _raw, spec, notes) {
    if (spec.region !== undefined) notes['spec.region'] = `${WRITE_ONLY}; read from the farm's region`;
    spec.collation = 'French_BIN';
    notes['spec.collation'] = `${WRITE_ONLY}; NOT READABLE from the API: the docs' example (ITCare 001:13250), check it before any re-create`;
  },
});
