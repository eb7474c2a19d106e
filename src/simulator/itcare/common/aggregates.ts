// The lists that gather several kinds by category: `GET /itcare/databases` (ITCARE-API §10.3,
// `001:11910-12121`) with `/compute/services/{id}/managed-databases` (`001:10294-10409`), and
// `GET /itcare/message-brokers` (`001:19534-19735`) with `/compute/services/{id}/brokers`
// (`001:11494-11615`). A kind appears in one by naming it in its descriptor's `lists`; a list's routes
// exist once a registered kind names it (RabbitMQ and Apache Kafka name `message-brokers`).
import { json } from '../../reply.js';
import type { Router } from '../../router.js';
import type { ResourceRecord, SimulatorState } from '../../state.js';
import type { AggregateName, ItcareKind } from './kind.js';
import { byList, resourceFilter, type FilterBuilder, type SharedFilter } from './list-filters.js';
import { pageOf } from './list-query.js';
import { loadService } from './paas.js';
import { managedDbItem, resourceBase, sizingParts } from './views.js';

export interface AggregateList {
  /**
   * The records listed: every record of this category, also the seeded ones of kinds the simulator
   * does not model (the API lists every technology of the category). A kind naming the list must
   * have this category; the registry checks it.
   */
  readonly category: string;
  /** The paged list over every service. */
  readonly path: string;
  /** Its filters, in the order they are parsed (the first malformed one answers 400). */
  readonly filters: ReadonlyArray<SharedFilter | FilterBuilder>;
  /** The unpaged list of one service: `/itcare/compute/services/{id}/<serviceList>`, sorted by id. */
  readonly serviceList: string;
  readonly serviceFilters: ReadonlyArray<SharedFilter | FilterBuilder>;
  /** One item of both lists. */
  item(state: SimulatorState, r: ResourceRecord): Record<string, unknown>;
}

/** `version` (int32, e.g. 11) matches the major version. */
const majorVersion: FilterBuilder = (ctx) => {
  const version = ctx.query.get('version');
  return version ? (r) => Number.parseInt(r.version, 10) === Number(version) : undefined;
};

/** `sizes` (`4cpu8gb`) of the service's brokers list: the record's sizing. */
const sizes = byList('sizes', (r) => r.sizing);

export const AGGREGATE_LISTS: Readonly<Record<AggregateName, AggregateList>> = {
  /** The documented way (with managed-databases) to find a Redis or PostgreSQL by name. */
  databases: {
    category: 'MANAGED_DATABASES',
    path: '/itcare/databases',
    filters: ['services', 'names', 'types', 'families', 'environments', 'statuses', 'tags', 'topologies', 'versions', majorVersion, 'monitoringStatus', 'includedInPatchParty'],
    serviceList: 'managed-databases',
    serviceFilters: ['names', 'statuses'],
    item: managedDbItem,
  },
  /**
   * RabbitMQ and Apache Kafka (`kinds/rabbitmq/`, `kinds/kafka/`) have no list of their own (ITCARE-API §11). Category `MESSAGE_BROKERS`
   * as the nodes `type` example says (`001:8276-8517`); the item is ResourceBase plus cpu, ram,
   * nodeCount, sizing, topology, version (`001:19617-19700`) and `tags`, as the databases list.
   */
  'message-brokers': {
    category: 'MESSAGE_BROKERS',
    path: '/itcare/message-brokers',
    filters: [
      'services', 'names', 'types', 'families', 'environments', 'statuses', 'tags', 'topologies', 'versions', 'monitoringStatus',
      'monitoringOnCallStatus', 'backupStatus', 'recoveryStatus', 'includedInPatchParty',
    ],
    serviceList: 'brokers',
    serviceFilters: ['names', 'statuses', 'versions', sizes],
    item: brokerItem,
  },
};

/** Registers the lists the registered kinds name, each once. */
export function registerAggregates(router: Router, kinds: readonly ItcareKind[]): void {
  const named = new Set(kinds.flatMap((k) => k.lists));
  for (const name of Object.keys(AGGREGATE_LISTS) as AggregateName[]) {
    if (named.has(name)) registerAggregate(router, AGGREGATE_LISTS[name]);
  }
}

function registerAggregate(router: Router, list: AggregateList): void {
  router.get(list.path, (ctx) => {
    const test = resourceFilter(ctx, list.filters);
    const items = ctx.state.resources.filter((r) => r.category === list.category && test(r));
    return json(200, pageOf(items.map((r) => list.item(ctx.state, r)), ctx.query));
  });
  router.get(`/itcare/compute/services/:id/${list.serviceList}`, (ctx) => {
    const s = loadService(ctx);
    const test = resourceFilter(ctx, list.serviceFilters);
    const items = ctx.state.resources
      .filter((r) => r.serviceId === s.id && r.category === list.category && test(r))
      .sort((a, b) => a.id - b.id);
    return json(200, items.map((r) => list.item(ctx.state, r)));
  });
}

/** Item of `/itcare/message-brokers` and `/services/{id}/brokers`, plus `tags`. */
function brokerItem(state: SimulatorState, r: ResourceRecord): Record<string, unknown> {
  const { cpu, ram } = sizingParts(r.sizing);
  return Object.assign(resourceBase(state, r), {
    cpu, nodeCount: r.nodeCount, ram, sizing: r.sizing, topology: r.topology, version: r.version, tags: r.tags.map((t) => ({ ...t })),
  });
}
