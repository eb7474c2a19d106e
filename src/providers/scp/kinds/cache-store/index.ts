// The CacheStore kind: an SCP Cache Store (Redis) cluster (digest §5-§8, seed 003). Its descriptor:
// the handler (handler.ts over observe.ts, catalogue.ts, operations.ts) and when a tracked change shows
// (tracking.ts). Export reads the account's clusters (export.ts, through the handler's exportAccount).
import type { ScpKind } from '../../common/kind.js';
import { createCacheStoreHandler } from './handler.js';
import { KIND } from './observe.js';
import { changeVisible } from './tracking.js';

export const cacheStore: ScpKind = {
  kind: KIND,
  handler: createCacheStoreHandler,
  changeVisible,
};
