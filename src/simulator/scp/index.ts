// The SCP Cache Store route files. Adding an area means one `register…(router)` file here.
import type { Router } from '../router.js';
import { registerBackups } from './backups.js';
import { registerCatalogue } from './catalogue-routes.js';
import { registerClusters } from './clusters.js';
import type { ScpContext } from './context.js';
import { registerOps } from './ops.js';
import { registerParameters } from './parameters.js';

export type ScpRouteFile = (router: Router<ScpContext>) => void;

export const scpRouteFiles: readonly ScpRouteFile[] = [registerClusters, registerCatalogue, registerOps, registerParameters, registerBackups];

export function registerScpRoutes(router: Router<ScpContext>): void {
  for (const register of scpRouteFiles) register(router);
}
