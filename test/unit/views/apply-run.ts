// A recorded-looking apply event stream shared by the progress and JSON event tests.
import type { EngineEvent } from '../../../src/engine/events.js';

export const RESIZE = 'resize 2cpu4gb -> 4cpu8gb';
export const API_ERROR = '400 POST /itcare/databases/redis: networkId 1234511 does not exist';

/** A run with a long async resize, a failed create and its skipped dependent, and a delete. */
export const applyRun: EngineEvent[] = [
  { type: 'apply_start', changes: 4, operations: 5 },
  { type: 'change_start', address: 'Redis/sessions', action: 'update' },
  { type: 'operation_start', address: 'Redis/sessions', index: 0, summary: RESIZE, method: 'PATCH', path: '/itcare/databases/redis/500059535' },
  { type: 'action_progress', address: 'Redis/sessions', index: 0, actionId: '900012', state: 'IN_PROGRESS', elapsedMs: 2_000 },
  { type: 'action_progress', address: 'Redis/sessions', index: 0, actionId: '900012', state: 'IN_PROGRESS', elapsedMs: 10_000 },
  { type: 'action_progress', address: 'Redis/sessions', index: 0, actionId: '900012', state: 'IN_PROGRESS', elapsedMs: 15_000 },
  { type: 'action_progress', address: 'Redis/sessions', index: 0, actionId: '900012', state: 'IN_PROGRESS', elapsedMs: 20_500 },
  { type: 'action_progress', address: 'Redis/sessions', index: 0, actionId: '900012', state: 'IN_PROGRESS', elapsedMs: 80_000 },
  { type: 'change_start', address: 'Redis/orders-cache', action: 'create' },
  { type: 'operation_start', address: 'Redis/orders-cache', index: 0, summary: 'create Redis orders-cache (2cpu4gb, 1 node)', method: 'POST', path: '/itcare/databases/redis' },
  { type: 'operation_errored', address: 'Redis/orders-cache', index: 0, summary: 'create Redis orders-cache (2cpu4gb, 1 node)', error: API_ERROR, code: 'ERR_API' },
  { type: 'change_errored', address: 'Redis/orders-cache', action: 'create', error: API_ERROR },
  { type: 'change_skipped', address: 'Tags/orders-cache-tags', reason: 'upstream failed: Redis/orders-cache' },
  { type: 'operation_complete', address: 'Redis/sessions', index: 0, summary: RESIZE, elapsedMs: 85_300 },
  { type: 'operation_start', address: 'Redis/sessions', index: 1, summary: 'monitoring on, on-call on', method: 'PATCH', path: '/itcare/databases/redis/500059535' },
  { type: 'operation_complete', address: 'Redis/sessions', index: 1, summary: 'monitoring on, on-call on', elapsedMs: 1_240 },
  { type: 'change_complete', address: 'Redis/sessions', action: 'update', id: 500059535 },
  { type: 'change_start', address: 'Redis/old-cache', action: 'delete' },
  { type: 'operation_start', address: 'Redis/old-cache', index: 0, summary: 'delete Redis old-cache', method: 'DELETE', path: '/itcare/databases/redis/500059999' },
  { type: 'operation_complete', address: 'Redis/old-cache', index: 0, summary: 'delete Redis old-cache', elapsedMs: 12_000 },
  { type: 'change_complete', address: 'Redis/old-cache', action: 'delete' },
  { type: 'apply_summary', succeeded: 2, failed: 1, skipped: 1, operations: 3, requests: 52, elapsedMs: 98_200 },
];
