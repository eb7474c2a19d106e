// The descriptor of one ITCare kind: everything particular to the kind, behind one object that the
// provider's registry (../index.ts) lists, one line per kind. Shared code never names a kind: it reads
// what the descriptors give (how a list item shows its kind, where pre-checks are asked, farm sizes…).
import type { ExportRules, ExportedResource, DesiredResource, KindHandler, Observation } from '../../../engine/provider.js';
import type { HttpClient } from '../../../http/types.js';
import { withCatalogues } from './catalogues.js';
import type { Json, VendorTyped } from './client.js';
import { withExport } from './export.js';
import { historyFields, type HistoryFieldTable } from './history-fields.js';
import { withRelease } from './tags.js';

/**
 * How a list item (the generic `GET /itcare/compute/resources`, the aggregate lists such as
 * `GET /itcare/databases`) shows that it is a resource of a kind.
 */
export interface ItemSign {
  /**
   * The tail of the item's `path`, relative to `/itcare` (the path "tells where to get details",
   * `001:2449`, `001:7957`): `/databases/redis`. When an item has a path, the path alone decides.
   */
  path: string;
  /** Else a word of its `family`, `technology`, `type` or `category`: `/redis/i`. */
  word: RegExp;
}

/**
 * Whether `item` is a resource of the kind that `sign` describes: by `path` when the item has one
 * (so that a PostgreSQL named like a Redis is never taken for it), else by a word of its family,
 * technology, type or category.
 */
export function itemHasSign(item: Json, sign: ItemSign): boolean {
  if (typeof item.path === 'string' && item.path !== '') return item.path.replace(/\/+$/, '').toLowerCase().endsWith(sign.path);
  return [item.family, item.technology, item.type, item.category].some((v) => typeof v === 'string' && sign.word.test(v));
}

/** What the registry knows of every kind, for code that meets resources of any kind (lookups, governance). */
export interface KindDirectory {
  /** Whether a list item is a resource of `kind` (a kind without a sign never matches). */
  isOfKind(item: Json, kind: string): boolean;
  /** The kind a list item is a resource of, among the kinds with a sign; undefined for any other resource. */
  kindOf(item: Json): string | undefined;
  /** The fewest members a farm of the item's kind always has (`ItcareKind.minFarmMembers`), when one is known. */
  minFarmMembers(item: Json): number | undefined;
}

/** What every descriptor's code is given: the HTTP client and the directory of all kinds. */
export interface ItcareContext {
  http: HttpClient;
  kinds: KindDirectory;
}

/** Observes many desired resources at once, with the same reads as refresh (the kind's `observeAll`). */
export type ObserveMany = (desired: readonly DesiredResource[]) => Promise<Map<string, Observation>>;

/** What `caretaker export` needs of a kind: its reads, and the rules the engine applies (`ExportRules`). */
export interface ItcareExport extends ExportRules {
  /**
   * Every live resource of the kind in a service, in spec shape. `observe` is the kind's own observe
   * (observeAll when it has one), so that exported documents plan no change. Never writes.
   */
  read(ctx: ItcareContext, observe: ObserveMany): (serviceId: number) => Promise<ExportedResource[]>;
}

/** Advisory notes and refusals that a live-catalogue check collects (see common/catalogues.ts). */
export interface CatalogueFindings {
  notes: string[];
  refusals: string[];
}

/**
 * Checks the spec's values against the catalogues ITCare lists, at plan time (only what a create or
 * a change needs). Reads through `readCatalogue` (advisory: a failed read is a note, never an error).
 */
export type CatalogueCheck = (ctx: ItcareContext, desired: DesiredResource, observed: Observation, out: CatalogueFindings) => Promise<void>;

/**
 * One ITCare kind. Everything is optional but `kind` and `handler`; the registry turns a descriptor into
 * the engine's KindHandler (`kindHandler`), adding the catalogue checks and the export.
 */
export interface ItcareKind {
  /** The manifest kind, as its schema names it (`Redis`). */
  readonly kind: string;
  /** How a list item is recognised as this kind. Absent (governance kinds): no list item ever is. */
  readonly sign?: ItemSign;
  /**
   * Where the operation pre-check lists the available actions (`?resourceId=&type=list-available-actions`).
   * Default `/itcare/compute/resources/operations` (`001:9263-9297`).
   */
  readonly operationsPath?: string;
  /**
   * The kind's own calls that the docs sample with the vendor content type (ITCARE-API §1.3), when
   * common/client.ts's shared rows (PaaS creates, tags, patch policies) do not cover them.
   */
  readonly vendorTyped?: readonly VendorTyped[];
  /** The fewest members a farm of this kind always has (KubernetesCluster: 2, `001:16644`), for the patch-group rule. */
  readonly minFarmMembers?: number;
  /** The handler: observe, observeAll, listOwned and the pure operation builders (see KindHandler). */
  handler(ctx: ItcareContext): KindHandler;
  /** Plan-time checks against live catalogues. Absent: only the schema's offline lists. */
  readonly catalogue?: CatalogueCheck;
  /** What export needs. Absent: the kind cannot be exported. */
  readonly export?: ItcareExport;
  /**
   * The kind's own history operations (`UPGRADE`…) -> the spec fields they can change, for drift
   * attribution; the operations every ITCare kind shares (tags, monitoring, patch party, start, stop,
   * resize) are in common/history-fields.ts. Absent: the shared ones only.
   */
  readonly history?: HistoryFieldTable;
}

/** The directory of `kinds`. */
export function kindDirectory(kinds: readonly ItcareKind[]): KindDirectory {
  const signed = kinds.filter((k) => k.sign !== undefined).sort((a, b) => (a.kind < b.kind ? -1 : 1));
  const byKind = new Map(signed.map((k) => [k.kind, k]));
  return {
    isOfKind: (item, kind) => {
      const sign = byKind.get(kind)?.sign;
      return sign !== undefined && itemHasSign(item, sign);
    },
    kindOf: (item) => signed.find((k) => itemHasSign(item, k.sign!))?.kind,
    minFarmMembers: (item) => signed.find((k) => k.minFarmMembers !== undefined && itemHasSign(item, k.sign!))?.minFarmMembers,
  };
}

/**
 * The engine's KindHandler of a descriptor: its handler, with export (which reads through the plain
 * handler: no catalogue is read for export), the live-catalogue checks when it has them, the release
 * call every ITCare kind shares (the ownership tag pair deleted, `withRelease`), and the history
 * operations' fields for drift attribution (the shared table and the kind's `history`).
 */
export function kindHandler(k: ItcareKind, ctx: ItcareContext): KindHandler {
  const h = k.handler(ctx);
  const exported = k.export ? withExport(ctx, h, k.export) : h;
  return { ...withRelease(k.catalogue ? withCatalogues(ctx, exported, k.catalogue) : exported), historyFields: historyFields(k.history) };
}
