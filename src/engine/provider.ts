// THE SEAM between the provider-agnostic engine and the API-specific providers. The engine calls
// these interfaces and nothing else; providers know no output formats and no other provider.
import { createMemo } from '../core/memo.js';
import type { FieldDiff, Operation } from './plan.js';

/** A pending asynchronous action. `id` is opaque to the engine. */
export interface ActionRef {
  id: string;
  /** Hints that let a provider batch polls (one query for several actions). */
  serviceId?: number;
  resourceName?: string;
  resourceId?: string | number;
}

export type ActionState = 'IN_PROGRESS' | 'SUCCESS' | 'ERROR';

/** An action in progress on the provider's side, as listed by `actionsInProgress`. */
export interface RunningAction extends ActionRef {
  /** What it does, in the API's words (e.g. `CREATE_NODES: Add 1 node on shop-k8s`). */
  description?: string;
}

export interface ActionStatus {
  id: string;
  state: ActionState;
  message?: string;
  /** The API's own final status when it failed (`ERROR`, `FAILED`, `CANCELED`…), for the message. */
  status?: string;
}

/** The live state of one resource, already normalised to the spec's shape. */
export interface Observation {
  exists: boolean;
  id?: string | number;
  /**
   * Live values in spec shape (field names and units of the manifest): `nodeSizing`, `redisVersion`,
   * `tags` (without the ownership tag), `patchParty`, `state`… Fields the API does not return are absent.
   */
  spec: Record<string, unknown>;
  /** Value of the ownership tag (`caretaker-stack`), if any. */
  owner?: string;
  /** Value of the origin tag (`caretaker-origin`): the manifest set the resource was created from, if recorded. */
  origin?: string;
  /**
   * Set when the API cannot return the ownership tag (e.g. SCP Cache Store never returns tags): the
   * text says so. Such a resource is never pruned; destroy and replace act on it only because the
   * manifests name it, and the plan shows this text as the reason.
   */
  ownershipUnverifiable?: string;
  /** Asynchronous actions already running on the resource. */
  pending?: ActionRef[];
  /** The API's own representation, for debugging only. Never printed in plans. */
  raw?: unknown;
  /**
   * Plan-time lookups a handler made while observing (e.g. pool members given by name resolved to
   * resource ids), available to the pure operation builders even when the resource does not exist.
   */
  lookups?: Record<string, unknown>;
  /** Advisory plan-time notes (a live catalogue that could not be read…), copied to `Change.notes`. */
  notes?: string[];
}

/** A live resource found by its ownership tag (for prune and destroy). */
export interface OwnedResource {
  kind: string;
  name: string;
  id: string | number;
  serviceId?: number;
  observation: Observation;
}

/** What a handler needs to know about the desired resource. */
export interface DesiredResource {
  address: string;
  kind: string;
  name: string;
  /** Spec with defaults merged; may contain Secrets and `{ref}` objects. */
  spec: Record<string, unknown>;
}

/** Context passed to the pure operation builders. */
export interface OperationContext {
  /** Stack name: value of the ownership tag. */
  stack: string;
  /** Sent where ITCare accepts a changeReference. */
  changeReference?: string;
  /**
   * The manifest set's origin (repository and path of the Stack, when known): written at create as the
   * `caretaker-origin` tag beside the ownership tag, where the API keeps tags.
   */
  origin?: string;
  /** Live id of a referenced resource when it already exists; undefined when it will be created. */
  resolveRef(address: string): string | number | undefined;
}

export const OWNER_TAG = 'caretaker-stack';

/** The tag written at create beside the ownership tag: which manifest set (repository and Stack path) made it. */
export const ORIGIN_TAG = 'caretaker-origin';

/**
 * The reads of one refresh, shared by every handler it calls: a read asked again under the same key
 * (the same list of the same service, wanted by two kinds or by refresh and the ownership listing)
 * is sent once and its answer shared. Answers are shared as read: callers must not modify them. It
 * lives as long as one refresh; after a write nothing read through it may be reused.
 */
export interface ReadScope {
  once<T>(key: string, read: () => Promise<T>): Promise<T>;
}

/** A new, empty ReadScope (one per refresh). */
export function createReadScope(): ReadScope {
  return createMemo();
}

/**
 * One resource kind of one provider. Contract:
 * - `observe` and `listOwned` never modify anything and are safe to call any number of times.
 * - the `*Operations` builders are pure: same input, same operations; they perform no I/O.
 * - every operation they return is safe to re-run after a crash once re-planned (creates are
 *   preceded by a lookup by name in `observe`, so a re-run never creates a duplicate).
 * - throw core `RefusedError` for a change the API cannot make (e.g. a version downgrade).
 */
export interface KindHandler {
  readonly kind: string;
  /** Finds the live resource by its identity (name, serviceId…) through list endpoints. */
  observe(desired: DesiredResource): Promise<Observation>;
  /**
   * Optional: observes many desired resources of this kind at once, from shared list reads (one paged
   * list per scope, embedded tags, running actions once per scope), with per-resource reads only for
   * managed fields no list carries. Same identity, ownership, refusals and normalisation as `observe`;
   * the answer has one observation per desired `address`. The engine uses it when present and falls
   * back to `observe` per resource otherwise. A refusal is thrown as RefusedError naming its address.
   * `reads` (one per refresh) shares identical list reads between handlers and with `listOwned`.
   */
  observeAll?(desired: readonly DesiredResource[], reads?: ReadScope): Promise<Map<string, Observation>>;
  /**
   * Lists live resources carrying `caretaker-stack=<stack>` within the scope of the manifests. With
   * `reads`, list reads the refresh already made (or makes at the same time) are shared, not repeated.
   */
  listOwned(stack: string, scope: OwnedScope, reads?: ReadScope): Promise<OwnedResource[]>;
  /**
   * Optional: every live resource of this kind in the scoped services, owned or not, with its
   * ownership tag, read only from service-wide lists (the ones refresh reads, shared through `reads`):
   * never one request per resource. For `drift --unmanaged`. Never writes.
   */
  inventory?(scope: OwnedScope, reads?: ReadScope): Promise<LiveResource[]>;
  /**
   * Calls that create the resource (POST), then bring it to the desired spec (tags, patch party, state).
   * `observed` is the (non-existing, or replaced) observation, carrying plan-time `lookups`.
   */
  createOperations(desired: DesiredResource, ctx: OperationContext, observed?: Observation): Operation[];
  /** Calls that turn `observed` into `desired`, given the field differences of managed fields. */
  updateOperations(desired: DesiredResource, observed: Observation, diff: FieldDiff[], ctx: OperationContext): Operation[];
  /** Calls that delete the resource. */
  deleteOperations(address: string, observed: Observation, ctx: OperationContext): Operation[];
  /**
   * Optional: the one call that releases the resource (DESIGN §2, `lifecycle.release`): it removes the
   * ownership tag (`caretaker-stack`) and nothing else. Absent: the kind cannot be released (the API
   * cannot remove that tag) and the plan refuses a release.
   */
  releaseOperations?(address: string, observed: Observation, ctx: OperationContext): Operation[];
  /** Extra ordering edges derived from the spec (besides `{ref}` objects), e.g. a `cluster` by name. */
  dependencies?(desired: DesiredResource): string[];
  /**
   * Every live resource of this kind in the service, in spec shape (the same normalisers as `observe`),
   * for `caretaker export`. Never writes. Absent: the kind cannot be exported.
   */
  exportAll?(serviceId: number): Promise<ExportedResource[]>;
  /** How `caretaker export` writes this kind's documents (absent: every default of ExportRules). */
  exportRules?: ExportRules;
  /**
   * Optional: the spec fields (JSON pointers inside spec, `/nodeSizing`, `/tags`) that the operation of
   * one history entry (`RESIZE`, `ADD_TAG`…) can change; `[]` when it changes none, undefined when the
   * kind does not know the operation. `caretaker drift` blames a drifted field only on entries whose
   * fields cover it, and says "cause unknown" otherwise. Pure.
   */
  historyFields?(entry: HistoryEntry): readonly string[] | undefined;
}

/** One live resource as a service-wide list shows it (`KindHandler.inventory`). */
export interface LiveResource {
  kind: string;
  name: string;
  id: string | number;
  serviceId?: number;
  /** Value of the ownership tag (`caretaker-stack`); absent when the resource carries none. */
  owner?: string;
}

/**
 * What `caretaker export` needs of a kind besides its reads (`KindHandler.exportAll`), so that the
 * engine treats every kind alike. Every member is optional; the defaults are stated on each.
 */
export interface ExportRules {
  /** Stem of the kind's file names: `<fileStem>-<name>.yaml`. Default: the kind in lower case. */
  fileStem?: string;
  /** Exported only when `--kind` names it (not by default). Default: false. */
  onRequestOnly?: boolean;
  /** The document keeps `spec.serviceId` instead of taking it from the Stack's defaults. Default: false. */
  keepsServiceId?: boolean;
  /**
   * The resource as written once the whole selection is known (`selected`: every resource the export
   * would write, this one included), or undefined to leave it out; e.g. a governance kind drops what
   * another exported document already manages. Pure. Default: the resource as read.
   */
  settle?(resource: ExportedResource, selected: readonly ExportedResource[]): ExportedResource | undefined;
}

/** One entry of a resource's history: an operation or event, by whom, when. */
export interface HistoryEntry {
  /** ISO 8601 time the operation was submitted (else completed). */
  at: string;
  /** Who submitted it (user or OAuth2 client), `unknown` when the API does not say. */
  by: string;
  /** The API's operation name, e.g. `RESIZE`, `ADD_TAG`. */
  operation: string;
  /** The API's message, e.g. `Resize Redis orderscache`. */
  message: string;
  /** `SUCCESS`, `ERROR`, `IN_PROGRESS`… as the API says. */
  status: string;
}

/** One live resource read for `caretaker export`, in the manifest's shape. */
export interface ExportedResource {
  kind: string;
  /** metadata.name (the ITCare name, or the primary URL of a load balancer). */
  name: string;
  id?: string | number;
  /** Live values in spec shape; fields the API does not return are absent. */
  spec: Record<string, unknown>;
  /** Value of the ownership tag, if any. */
  owner?: string;
  /**
   * Comments to write beside a value, by dotted spec path (`spec.healthcheck`): why a value was
   * guessed, read from an undocumented field, or is a server default.
   */
  notes?: Record<string, string>;
  /** Addresses of other exported resources this one points at (`{ref}` objects in `spec`). */
  references?: string[];
}

export interface OwnedScope {
  /** Service ids mentioned by the manifests (spec.serviceId after defaults). */
  serviceIds: number[];
}

/** Result of performing one operation. */
export interface ExecuteResult {
  /** Asynchronous actions the call started, still to track (empty for synchronous calls). */
  actions: ActionRef[];
  /**
   * Actions or items that already ended (SUCCESS or ERROR) in the answer itself, e.g. the per-item
   * `FAILED` answers of a bulk call. Any ERROR here fails the operation with its message.
   */
  finished: ActionStatus[];
  /** Id of the resource the call created, when the answer tells it (a hint; apply re-observes by name). */
  createdId?: string | number;
}

/** What a dry run of one operation told (see `OperationCheck.dryRun`). */
export interface DryRunResult {
  outcome: 'accepted' | 'rejected' | 'not-checked' | 'header-ignored';
  message?: string;
}

/** Whether one operation is currently available on its live resource (see `OperationCheck.availability`). */
export interface AvailabilityResult {
  availability: 'available' | 'unavailable' | 'unknown';
  cause?: string;
}

/** A provider: a set of kinds sharing one API client. */
export interface Provider {
  readonly name: string;
  kinds(): string[];
  handler(kind: string): KindHandler | undefined;
  /** Performs one planned operation (placeholders already resolved). POST and PATCH are never retried blindly. */
  execute(op: Operation, signal?: AbortSignal): Promise<ExecuteResult>;
  /**
   * Optional: sends one operation (placeholders resolved) in the API's dry-run mode, which validates
   * and changes nothing. Must answer `not-checked` without sending anything when the provider cannot
   * be sure the API honours the dry run for that call.
   */
  dryRun?(op: Operation, signal?: AbortSignal): Promise<DryRunResult>;
  /**
   * Optional: asks the API whether `op` is currently available on the live resource `id` of `kind`.
   * Read-only, advisory: an unreadable answer or a failed read is `unknown`, never `unavailable`.
   */
  availability?(kind: string, id: string | number, op: Operation, signal?: AbortSignal): Promise<AvailabilityResult>;
  /** Current status of several actions, in as few requests as the API allows. Missing ids are unknown. */
  pollActions(refs: ActionRef[], signal?: AbortSignal): Promise<Map<string, ActionStatus>>;
  /**
   * Optional: the asynchronous actions in progress in the given scopes (service ids), fresh from the
   * API, whoever started them. Apply reads them before its first write (the concurrent-run guard).
   * Absent: the provider's changes are not guarded.
   */
  actionsInProgress?(serviceIds: number[], signal?: AbortSignal): Promise<RunningAction[]>;
  /** The resource's history (who did what, when), oldest first, for `caretaker drift`. */
  history?(kind: string, id: string | number): Promise<HistoryEntry[]>;
  /**
   * For `caretaker export`: undefined when the service exists, else why not, naming the read that said
   * so (`GET /itcare/compute/services/46922 answered 404`). Never writes. Absent: not checked.
   */
  serviceMissing?(serviceId: number): Promise<string | undefined>;
  /** Number of HTTP requests made so far (for benchmarks and -v). */
  requestCount?(): number;
  close?(): Promise<void>;
}
