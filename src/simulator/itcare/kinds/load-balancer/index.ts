// The LoadBalancer kind (ITCARE-API §7, `004:154-2624`): a load balancer named after its url, with
// URLs, pool members and bot defense, its own paged list, and a DELETE that takes an optional
// `{changeReference}`. A Kubernetes cluster's custom load balancers are records of this kind too.
import type { ItcareKind } from '../../common/kind.js';
import { LB_KIND, LB_LABEL } from './model.js';
import { lbOps } from './operations.js';
import { loadBalancerRoutes } from './routes.js';
import { loadBalancerView } from './views.js';

export const loadBalancer: ItcareKind = {
  kind: LB_KIND,
  label: LB_LABEL,
  resource: { category: 'LOAD_BALANCERS', type: 'LOAD_BALANCER', family: 'LOAD_BALANCER', technology: 'LOAD_BALANCER', path: '/networking/loadbalancers' },
  operations: lbOps,
  deletion: { body: true },
  lists: [],
  view: loadBalancerView,
  routes: loadBalancerRoutes,
};
