// The Cache Store handler: observe through the catalogue check and List/Show Cluster (observe.ts), the
// pure builders of operations.ts, export per account (export.ts). listOwned is empty: this API never
// returns tags (DESIGN §1).
import type { KindHandler } from '../../../../engine/provider.js';
import type { HttpClient } from '../../../../http/types.js';
import { createCatalogueCheck } from './catalogue.js';
import { KIND, observeCluster } from './observe.js';
import { createOps, deleteOps, updateOps } from './operations.js';
import { exportClusters, exportRules } from './export.js';

export function createCacheStoreHandler(http: HttpClient): KindHandler {
  const checkCatalogue = createCatalogueCheck(http);
  return {
    kind: KIND,
    observe: (d) => observeCluster(http, d, checkCatalogue),
    // DESIGN §1: this API cannot read tags, so ownership is not verifiable; prune never deletes a CacheStore.
    listOwned: async () => [],
    createOperations: (d, ctx, observed) => createOps(d, observed?.lookups ?? {}, ctx, observed),
    updateOperations: (d, observed, diff) => updateOps(d, observed, diff),
    deleteOperations: (_address, observed) => deleteOps(observed),
    // No services in this API: export reads every cluster of the access key's account.
    exportAccount: () => exportClusters(http),
    exportRules,
  };
}
