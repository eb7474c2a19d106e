// The list of ITCare route files. Adding an area (Kubernetes, load balancers …) means writing one
// `register…(router)` file in this folder and adding it to `itcareRouteFiles`.
import type { Router } from '../router.js';
import { registerActions } from './actions.js';
import { registerDatabases } from './databases.js';
import { registerKubernetes } from './kubernetes.js';
import { registerLoadBalancers } from './load-balancer.js';
import { registerPatchPolicies } from './patch-policies.js';
import { registerPostgresql } from './postgresql.js';
import { registerRedis } from './redis.js';
import { registerResources } from './resources.js';
import { registerServices } from './services.js';
import { registerTags } from './tags.js';
import { registerOperations } from './operations.js';

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
