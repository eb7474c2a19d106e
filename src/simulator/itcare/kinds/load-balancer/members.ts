// Load-balancer pool members (`004:235-269`, `004:852-887`, `004:2052-2224`, `004:2552-2624`):
// synchronous calls answering 200 with the member list (add, delete) or the member (set state).
// A member is keyed by its resource id; `{resourceId}:{port}` picks one port of a resource.
import { fieldError, json, notFound, type RouteContext } from '../../../reply.js';
import type { Router } from '../../../router.js';
import { findResource, type ResourceRecord, type SimulatorState } from '../../../state.js';
import { loadResource } from '../../common/paas.js';
import { asObject, requireInt, requireString } from '../../common/validate.js';
import { INSTANCE_KIND } from '../virtual-machine/routes.js';
import { LB_BASE, LB_KIND, lbMembers, MEMBER_STATES, type MemberRecord } from './model.js';
import { memberView } from './views.js';

/**
 * The resource a new member refers to. It must exist, be a VM (choice: the docs only say "a valid
 * ITCare resource"), belong to the LB's service (choice) and share the network of the members
 * already in the pool (`004:2058`). Every failure is a 400 on `field`.
 */
export function checkMemberResource(
  state: SimulatorState, serviceId: number, others: readonly MemberRecord[], resourceId: number, field: string,
): ResourceRecord {
  const vm = findResource(state, resourceId);
  if (!vm) throw fieldError(field, `Error on field '${field}': resource ${resourceId} does not exist`);
  if (vm.kind !== INSTANCE_KIND) throw fieldError(field, `Error on field '${field}': resource ${resourceId} is not an instance`);
  if (vm.serviceId !== serviceId) throw fieldError(field, `Error on field '${field}': resource ${resourceId} is not in service ${serviceId}`);
  const network = vm.attrs.networkId ?? null;
  const other = others.find((m) => m.networkId !== network);
  if (other) {
    throw fieldError(field, `Error on field '${field}': resource ${resourceId} is not in the same network as the other members (${other.name})`);
  }
  return vm;
}

/** A new member: always `enabled` (`004:2113`), whatever the request says. */
export function newMember(vm: ResourceRecord, port: number): MemberRecord {
  const networkId = typeof vm.attrs.networkId === 'number' ? vm.attrs.networkId : null;
  return { resourceId: vm.id, port, state: 'enabled', name: vm.name, address: String(vm.attrs.ipAddress ?? ''), networkId };
}

/** Port of a member: 0..65535 (`004:2074`, schema max 65535). Numeric strings are accepted like other integers. */
export function memberPort(o: Record<string, unknown>, field: string, path = field): number {
  return requireInt(o, field, { min: 0, max: 65535 }, path);
}

export function registerLoadBalancerMembers(router: Router): void {
  router.get(`${LB_BASE}/:id/members`, (ctx) => {
    const lb = loadResource(ctx, LB_KIND);
    return json(200, lbMembers(lb).map((m) => memberView(ctx.state, lb, m)));
  });
  /** Only `resourceId` and `port` are read; "Other field will be ignored" (`004:2076`). */
  router.post(`${LB_BASE}/:id/members`, (ctx) => {
    const lb = loadResource(ctx, LB_KIND);
    const body = asObject(ctx.body);
    const resourceId = requireInt(body, 'resourceId');
    const port = memberPort(body, 'port');
    const members = lbMembers(lb);
    if (members.some((m) => m.resourceId === resourceId && m.port === port)) {
      throw fieldError('resourceId', `Error on field 'resourceId': resource ${resourceId} is already a member on port ${port}`);
    }
    const vm = checkMemberResource(ctx.state, lb.serviceId, members, resourceId, 'resourceId');
    setMembers(lb, [...members, newMember(vm, port)]);
    return json(200, lbMembers(lb).map((m) => memberView(ctx.state, lb, m)));
  });
  /** `{"operation": "enabled" | "disabled" | "offline"}` (`004:2556-2571`); answers the (first) member. */
  router.patch(`${LB_BASE}/:id/members/:memberId`, (ctx) => {
    const lb = loadResource(ctx, LB_KIND);
    const selected = select(ctx, lb);
    const op = requireString(asObject(ctx.body), 'operation').toLowerCase();
    const state = MEMBER_STATES.find((s) => s === op);
    if (!state) throw fieldError('operation', `Error on field 'operation': must be one of ${MEMBER_STATES.join(', ')}`);
    setMembers(lb, lbMembers(lb).map((m) => (selected.includes(m) ? { ...m, state } : m)));
    const first = lbMembers(lb).find((m) => m.resourceId === selected[0]!.resourceId && m.port === selected[0]!.port)!;
    return json(200, memberView(ctx.state, lb, first));
  });
  /** Removes the member (every port of the resource without `:port`); answers the remaining list. */
  router.delete(`${LB_BASE}/:id/members/:memberId`, (ctx) => {
    const lb = loadResource(ctx, LB_KIND);
    const selected = select(ctx, lb);
    setMembers(lb, lbMembers(lb).filter((m) => !selected.includes(m)));
    return json(200, lbMembers(lb).map((m) => memberView(ctx.state, lb, m)));
  });
}

/**
 * The members `memberId` names: the member's resourceId (the docs' example, `004:2568`), optionally
 * `:port`. A malformed id is 400; an id that is not a member of this LB is 404 (choice).
 */
function select(ctx: RouteContext, lb: ResourceRecord): MemberRecord[] {
  const raw = ctx.params.memberId ?? '';
  const m = /^(\d{1,18})(?::(\d{1,5}))?$/.exec(raw);
  if (!m) throw fieldError('memberId', "Error on field 'memberId': must be a resource id, optionally followed by :port");
  const resourceId = Number(m[1]);
  const port = m[2] === undefined ? undefined : Number(m[2]);
  const found = lbMembers(lb).filter((x) => x.resourceId === resourceId && (port === undefined || x.port === port));
  if (found.length === 0) throw notFound();
  return found;
}

/** Members change synchronously; nodeCount follows the number of members. */
function setMembers(lb: ResourceRecord, members: MemberRecord[]): void {
  lb.attrs.members = members;
  lb.nodeCount = members.length;
}
