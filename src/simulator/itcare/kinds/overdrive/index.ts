// The OverDrive kind (ITCARE-API §11, `001:6398-6959`): a file-sharing site of a t-shirt sizing, with
// its own paged list, start and stop as its only operations, and a DELETE that takes no body. It has
// no area, network or nodes.
import type { ItcareKind } from '../../common/kind.js';
import { commonOps } from '../../common/paas.js';
import { overdriveRoutes } from './routes.js';
import { overdriveView } from './views.js';

export const overdrive: ItcareKind = {
  kind: 'overdrive',
  label: 'OverDrive',
  resource: { category: 'STORAGE', type: 'OVERDRIVE', family: 'OVERDRIVE', technology: 'OVERDRIVE', path: '/storage/overdrive' },
  operations: { start: commonOps.start!, stop: commonOps.stop! },
  deletion: { body: false },
  lists: [],
  view: overdriveView,
  routes: overdriveRoutes,
};
