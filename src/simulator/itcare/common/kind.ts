// The descriptor of an ITCare simulator kind: what its folder under `itcare/kinds/<kind>/` exports from
// `index.ts`, what the registry (`itcare/registry.ts`) lists, and all the shared routes know of a kind
// (which PATCH operations it has, which aggregate lists show it, its catalogue products, its effects).
import type { RouteContext } from '../../reply.js';
import type { Router } from '../../router.js';
import type { Effect, ResourceRecord, SimulatorState } from '../../state.js';
import type { CustomEffect, SubmitInput } from './actions.js';
import type { Body } from './validate.js';

/** What an operation handler decides; the resource and a default message are filled in. */
export type OpResult = Omit<SubmitInput, 'resource' | 'operation' | 'message'> & { message?: string };
/** Validates `options` for one PATCH operation (throwing 400s) and describes its effect. */
export type OpHandler = (ctx: RouteContext, r: ResourceRecord, options: Body) => OpResult;

/**
 * The lists that gather several kinds (`common/aggregates.ts`): `databases` is `GET /itcare/databases`
 * with `/compute/services/{id}/managed-databases`, `message-brokers` is `GET /itcare/message-brokers`
 * with `/compute/services/{id}/brokers`.
 */
export type AggregateName = 'databases' | 'message-brokers';

/** The generic fields every record of a kind carries (`GET /itcare/compute/resources` items, `001:8138-8173`). */
export interface ResourceType {
  /** `MANAGED_DATABASES`, `CONTAINERS`, `LOAD_BALANCERS`…: decides which aggregate list shows the records. */
  readonly category: string;
  /** `resourceType`/`type` of the records, matched by `HEAD /compute/resources/{name}?type=` and `types` filters. */
  readonly type: string;
  readonly family: string;
  readonly technology: string;
  /** The API path under `/itcare`, e.g. `/databases/redis` (`001:7957`): the record's `path` and the base of its routes. */
  readonly path: string;
}

/** One catalogue entry of `GET /itcare/compute/platform/products` (`001:4336-4400`). */
export type Product = Record<string, unknown>;

/**
 * Everything the simulator knows of one ITCare kind. The descriptor is data plus one `routes`
 * function: the shared routes (`common/`) read it and never name a kind.
 */
export interface ItcareKind {
  /** `ResourceRecord.kind` of the kind's records (`redis`); unique in the registry. */
  readonly kind: string;
  /** The word of its action messages: `Resize Redis orderscache`, `Delete Load Balancer shop.cegedim.cloud`. */
  readonly label: string;
  /** Generic fields given to every record it creates (`newRecord`). */
  readonly resource: ResourceType;
  /**
   * `PATCH {path}/{id}` with `{operation, options}` dispatches here (`patchResource`), and
   * `GET /itcare/operations` lists these names plus `delete`. Empty: the kind has no PATCH operation.
   */
  readonly operations: Readonly<Record<string, OpHandler>>;
  /**
   * `DELETE {path}/{id}` (`deleteResource`): `body` says whether the optional `{changeReference}`
   * body is documented (otherwise a body is refused); `check` may refuse the resource as it is, with
   * a 400 (`fieldError`), e.g. a state the docs require; `effect` is what its action does on success
   * (default: the resource is removed).
   */
  readonly deletion: { readonly body: boolean; readonly check?: (r: ResourceRecord) => void; readonly effect?: Effect };
  /** The aggregate lists (`common/aggregates.ts`) its records appear in, e.g. `['databases']`. */
  readonly lists: readonly AggregateName[];
  /** The body of `GET {path}/{id}`, also used by the kind's own lists. */
  readonly view?: (state: SimulatorState, r: ResourceRecord) => Record<string, unknown>;
  /** Named effects of its actions (`{type: 'custom', name}`), registered when the simulator starts. */
  readonly effects?: Readonly<Record<string, CustomEffect>>;
  /** Its products in the catalogue, listed for `?type=<type>` (case-insensitive) or without a type. */
  readonly products?: { readonly type: string; list(): Product[] };
  /** Registers the kind's routes; `self` is this descriptor, so route files need not import it. */
  routes(router: Router, self: ItcareKind): void;
}

/** A shared route file: registers its handlers, reading the registered kinds where it needs them. */
export type CommonRoutes = (router: Router, kinds: readonly ItcareKind[]) => void;

/** The kind of a record, or undefined for the seeded records of kinds the simulator does not model. */
export function kindOf(kinds: readonly ItcareKind[], r: ResourceRecord): ItcareKind | undefined {
  return kinds.find((k) => k.kind === r.kind);
}
