// The Matomo kind (ITCARE-API §11, `001:6961-7532`; tutorials `001:1527-1640`): a web-analytics
// instance of a t-shirt sizing, with its own paged list, start, stop and extend (a larger sizing
// only, while started), and a DELETE that takes no body and needs the instance stopped.
import type { ItcareKind } from '../../common/kind.js';
import { matomoOps, requireStopped } from './operations.js';
import { matomoRoutes } from './routes.js';
import { matomoView } from './views.js';

export const matomo: ItcareKind = {
  kind: 'matomo',
  label: 'Matomo',
  resource: { category: 'ANALYTICS', type: 'MATOMO', family: 'MATOMO', technology: 'MATOMO', path: '/analytics/matomo' },
  operations: matomoOps,
  deletion: { body: false, check: requireStopped },
  lists: [],
  view: matomoView,
  routes: matomoRoutes,
};
