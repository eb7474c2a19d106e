// The CacheStore kind (SCP Cache Store API 1.0, seed `003`): Redis/Valkey clusters with their
// per-change endpoints, parameters and commands, backups and restore, the read-only catalogue and
// the request registry that tracks every 202.
import type { ScpKind } from '../../context.js';
import { registerBackups } from './backups.js';
import { registerCatalogue } from './catalogue-routes.js';
import { registerClusters } from './clusters.js';
import { registerOps } from './ops.js';
import { registerParameters } from './parameters.js';
import { advanceRequests } from './requests.js';

export const cacheStore: ScpKind = {
  name: 'CacheStore',
  routes: (router) => {
    for (const register of [registerClusters, registerCatalogue, registerOps, registerParameters, registerBackups]) register(router);
  },
  advance: advanceRequests,
};
