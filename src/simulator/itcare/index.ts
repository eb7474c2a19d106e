// The list of ITCare route files. Adding an area (Kubernetes, load balancers …) means writing one
// `register…(router)` file in this folder and adding it to `itcareRouteFiles`.
import type { Router } from '../router.js';
import { registerActions } from './common/action-routes.js';
import { registerDatabases } from './common/databases.js';
import { registerKubernetes } from './kinds/kubernetes-cluster/routes.js';
import { registerLoadBalancers } from './kinds/load-balancer/routes.js';
import { registerPatchPolicies } from './common/patch-policies.js';
import { registerPostgresql } from './kinds/postgresql/routes.js';
import { registerRedis } from './kinds/redis/routes.js';
import { registerResources } from './common/resources.js';
import { registerServices } from './common/services.js';
import { registerTags } from './common/tags.js';
import { registerOperations } from './common/operations.js';

/** A route file: registers its handlers on the router. */
export type RouteFile = (router: Router) => void;

export const itcareRouteFiles: readonly RouteFile[] = [
  registerActions,
  registerServices,
  registerResources,
  registerTags,
  registerPatchPolicies,
  registerDatabases,
  registerRedis,
  registerPostgresql,
  registerKubernetes,
  registerLoadBalancers,
  registerOperations,
];

/** Registers every ITCare route file on `router`. */
export function registerItcareRoutes(router: Router): void {
  for (const register of itcareRouteFiles) register(router);
}
