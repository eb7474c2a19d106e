// The simulator's whole world as plain JSON: services, networks, resources of every kind and the
// action history. Persisted atomically (tmp + rename) so separate processes can continue it.
// No secret is ever stored: passwords are validated and dropped, tokens live only in memory.
import { readFileSync, existsSync } from 'node:fs';
import { ConfigError } from '../core/errors.js';
import { writeFileAtomic } from '../core/files.js';
import { seedScpState, type ScpState } from './scp/kinds/cache-store/state.js';

export type ResourceStatus = 'PREPARATION' | 'ACTIVE' | 'INACTIVE';
export type ActionStatus = 'IN_PROGRESS' | 'SUCCESS' | 'ERROR';

export interface Tag {
  tagKey: string;
  tagValue: string;
}

/** The stored part of the `patchParty` object (`001:8230-8240`); `id`/`name` are added on output. */
export interface PatchPartyRecord {
  excluded: boolean;
  patchGroup: string;
  exclusionReason: string;
  excludedBy: string;
  exclusionDate: string | null;
  patchDate: string | null;
  patchTag: string;
}

/** A patch party for a resource never excluded and with no group preference. */
export function newPatchParty(): PatchPartyRecord {
  return { excluded: false, patchGroup: '', exclusionReason: '', excludedBy: '', exclusionDate: null, patchDate: null, patchTag: '' };
}

export interface ServiceRecord {
  id: number;
  name: string;
  key: string;
  environment: string;
  status: 'ACTIVE' | 'PREPARATION';
  cloud: string;
  cloudId: number;
  comment: string;
  tags: Tag[];
}

export interface NetworkRecord {
  id: number;
  region: string;
  area: string;
  cidr: string;
  gateway: string;
  mask: string;
  scope: string;
  description: string;
  environment: string;
}

/**
 * One resource of any kind. Generic fields are used by the shared lookups (resources, databases,
 * tags, patch policies); `attrs` holds what only the kind's own route file reads.
 */
export interface ResourceRecord {
  id: number;
  /** Route-file kind: `redis`, `postgresql`, `instance`, `sqlserver`, `mariadb`, … */
  kind: string;
  name: string;
  serviceId: number;
  category: string;
  type: string;
  family: string;
  technology: string;
  /** Relative to /itcare, e.g. `/databases/redis` (`001:7957`). */
  path: string;
  status: ResourceStatus;
  version: string;
  sizing: string;
  topology: string;
  nodeCount: number;
  monitoringEnabled: boolean;
  monitoringOnCallEnabled: boolean;
  monitoringAlerting: boolean;
  patchParty: PatchPartyRecord;
  tags: Tag[];
  creationTime: string;
  creationUser: string;
  attrs: Record<string, unknown>;
}

/**
 * What happens to the resource when its action succeeds. Data only, so a pending action survives a
 * restart: `create` turns PREPARATION into ACTIVE (a failed create removes the resource), `delete`
 * removes it, `merge` applies an RFC 7386 merge patch to the record, `custom` calls an effect that a
 * route file registered with `registerEffect`.
 */
export type Effect =
  | { type: 'create' }
  | { type: 'delete' }
  | { type: 'merge'; patch: Record<string, unknown> }
  | { type: 'custom'; name: string; args?: unknown };

export interface ActionRecord {
  id: number;
  /** The resource concerned (answered as `internalId` in the 202 body). */
  resourceId: number;
  serviceId: number;
  resourceName: string;
  resourceType: string;
  family: string;
  category: string;
  /** Operation as sent (`create`, `resize`, …), matched by failActions. */
  operation: string;
  process: string;
  message: string;
  status: ActionStatus;
  submittedAt: string;
  submittedBy: string;
  /** Epoch ms at which the action completes. */
  dueAt: number;
  completedAt: string | null;
  lastUpdatedAt: string;
  effect: Effect;
  /** Set at submission when a failActions rule matched: the action ends in ERROR with this message. */
  failWith?: string;
  /** Final status of a failed action when a rule asks for another than ERROR (e.g. `CANCELED`, a fault). */
  failStatus?: string;
}

export interface SimulatorState {
  formatVersion: 1;
  nextResourceId: number;
  nextActionId: number;
  services: ServiceRecord[];
  networks: NetworkRecord[];
  resources: ResourceRecord[];
  actions: ActionRecord[];
  /** The SCP Cache Store side (`scp/`); added to state files written before it existed. */
  scp: ScpState;
}

/** Reads a state file; undefined when absent. A corrupt file is a ConfigError (never silently reset). */
export function loadState(file: string): SimulatorState | undefined {
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`cannot load simulator state ${file}: ${(err as Error).message}`);
  }
  const s = parsed as Partial<SimulatorState> | null;
  if (!s || s.formatVersion !== 1 || !Array.isArray(s.resources) || !Array.isArray(s.actions)) {
    throw new ConfigError(`cannot load simulator state ${file}: not a simulator state (formatVersion 1)`);
  }
  if (s.scp === undefined) s.scp = seedScpState();
  else if (s.scp === null || typeof s.scp !== 'object' || !Array.isArray(s.scp.clusters) || !Array.isArray(s.scp.requests)) {
    throw new ConfigError(`cannot load simulator state ${file}: its scp part is not a simulator state`);
  }
  return s as SimulatorState;
}

/**
 * Writes the state atomically (temporary file, then rename; the folder is created). Rewritten after
 * every change, so not fsynced. Throws FileWriteError naming the path and the cause.
 */
export function saveState(file: string, state: SimulatorState): void {
  writeFileAtomic(file, `${JSON.stringify(state, null, 1)}\n`, { mkdir: true, durable: false });
}

/** Replaces the content of `target` in place (tests hold a reference to the live state object). */
export function replaceState(target: SimulatorState, source: SimulatorState): void {
  Object.assign(target, structuredClone(source));
}

/**
 * Position of each resource id in `state.resources`, per resources array. Routes change the array in
 * place (push, splice), so an entry is trusted only after checking the record at that position still
 * has the id; any miss rebuilds the index (linear, like the search it replaces).
 */
const POSITIONS = new WeakMap<ResourceRecord[], Map<number, number>>();

export function findResource(state: SimulatorState, id: number): ResourceRecord | undefined {
  const list = state.resources;
  const at = POSITIONS.get(list)?.get(id);
  if (at !== undefined && list[at]?.id === id) return list[at];
  const index = new Map<number, number>();
  list.forEach((r, i) => {
    if (!index.has(r.id)) index.set(r.id, i);
  });
  POSITIONS.set(list, index);
  const i = index.get(id);
  return i === undefined ? undefined : list[i];
}

export function findService(state: SimulatorState, id: number): ServiceRecord | undefined {
  return state.services.find((s) => s.id === id);
}

/** Allocates the next 9-digit resource id (also used for node ids). */
export function allocateResourceId(state: SimulatorState): number {
  return state.nextResourceId++;
}
