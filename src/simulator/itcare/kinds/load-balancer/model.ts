// The load balancer as stored (ITCARE-API §7, `004:154-2624`): URL, pool member and bot-defense
// records kept in the resource's `attrs`, the protocol catalogue, and the URL rules (pattern,
// uniqueness, DNS support) shared by the LB create and the URL create.
import { fieldError } from '../../../reply.js';
import type { ResourceRecord, SimulatorState } from '../../../state.js';
import { optionalBool, requireString, type Body } from '../../common/validate.js';

export const LB_KIND = 'loadbalancer';
export const LB_LABEL = 'Load Balancer';
export const LB_BASE = '/itcare/networking/loadbalancers';

/** One URL of a load balancer; the first one is the LB's own url (its `name`). */
export interface UrlRecord {
  id: number;
  name: string;
  monitoringEnabled: boolean;
  monitoringOnCallEnabled: boolean;
  setUpDNSEnabled: boolean;
  sslProfile: string | null;
  creationTime: string;
  creationUser: string;
}

/** One pool member: a resource on a port. Name and address are copied when the member is added. */
export interface MemberRecord {
  resourceId: number;
  port: number;
  state: MemberState;
  name: string;
  address: string;
  networkId: number | null;
}

export type MemberState = 'enabled' | 'disabled' | 'offline';
export const MEMBER_STATES: readonly MemberState[] = ['enabled', 'disabled', 'offline'];

/** Bot defense settings (`004:2312-2395`); absent when bot defense is not enabled. */
export interface BotDefense {
  template: 'strict' | 'standard';
  mode: 'transparent' | 'blocking';
}

export function lbUrls(r: ResourceRecord): UrlRecord[] {
  return Array.isArray(r.attrs.urls) ? (r.attrs.urls as UrlRecord[]) : [];
}

export function lbMembers(r: ResourceRecord): MemberRecord[] {
  return Array.isArray(r.attrs.members) ? (r.attrs.members as MemberRecord[]) : [];
}

export function lbBot(r: ResourceRecord): BotDefense | undefined {
  const b = r.attrs.bot;
  return typeof b === 'object' && b !== null ? (b as BotDefense) : undefined;
}

export function lbWhiteList(r: ResourceRecord): string[] {
  return Array.isArray(r.attrs.whiteList) ? (r.attrs.whiteList as string[]) : [];
}

/**
 * Protocol catalogue (`004:1013-1033`): the names of the prose (`HTTP, HTTPS, TCP`, `004:1738`) and
 * of the list filter (`MYSQL`, `004:1126`). Only HTTPS needs a certificate (choice).
 */
export const PROTOCOLS = [
  { name: 'HTTP', port: 80, order: 1, cert: false, persistence: true, redirect: false },
  { name: 'HTTPS', port: 443, order: 2, cert: true, persistence: true, redirect: true },
  { name: 'TCP', port: 0, order: 3, cert: false, persistence: false, redirect: false },
  { name: 'MYSQL', port: 3306, order: 4, cert: false, persistence: false, redirect: false },
].map((p) => {
  const lower = p.name.toLowerCase();
  return {
    comment: '', isCertificateRequired: p.cert, name: p.name, order: p.order, persistence: p.persistence, port: p.port,
    profileNoPersistenceNoRedirect: `${lower}_nopersist_noredirect`, profileNoPersistenceOnly: `${lower}_nopersist`,
    profileNoPersistenceRedirect: `${lower}_nopersist_redirect`, profilePersistenceNoRedirect: `${lower}_persist_noredirect`,
    profilePersistenceOnly: `${lower}_persist`, profilePersistenceRedirect: `${lower}_persist_redirect`,
    protocol: lower, redirectToHttps: p.redirect,
  };
});

export type Protocol = (typeof PROTOCOLS)[number];

/**
 * The url pattern (`004:1897`, `001:20118`) in JavaScript form: the doubled backslashes are JSON
 * escaping and Java's possessive `{2,63}+` becomes `{2,63}` (ITCARE-API §3.2).
 */
export const URL_PATTERN = /^(https?:\/\/)?(www\.)?[a-zA-Z][a-zA-Z0-9.-]{2,63}$/;

/** The host a url names, for comparisons: no scheme, lower case. */
export function urlKey(url: string): string {
  return url.replace(/^https?:\/\//i, '').toLowerCase();
}

/** A url field that fits the pattern. */
export function checkUrl(o: Body, field: string, path = field): string {
  const url = requireString(o, field, path);
  if (!URL_PATTERN.test(url)) throw fieldError(path, `Error on field '${path}': must respect the URL naming convention (e.g. url.cegedim.com)`);
  return url;
}

/** "Must be unique" (`004:1895`): across every URL of every load balancer (choice: global, case-insensitive). */
export function checkUrlFree(state: SimulatorState, url: string, path: string): void {
  const key = urlKey(url);
  const taken = state.resources.some((r) => r.kind === LB_KIND && lbUrls(r).some((u) => urlKey(u.name) === key));
  if (taken) throw fieldError(path, `Error on field '${path}': url ${url} already exists`);
}

/**
 * `setUpDNSEnabled: true` needs a domain that supports DNS setup, else 400 (`004:1747`). Choice:
 * only the `cegedim.cloud` domain supports it (the docs list no such domains).
 */
export function checkDns(o: Body, url: string): boolean {
  const dns = optionalBool(o, 'setUpDNSEnabled') ?? false;
  const host = urlKey(url);
  if (dns && !(host === 'cegedim.cloud' || host.endsWith('.cegedim.cloud'))) {
    throw fieldError('setUpDNSEnabled', `Error on field 'setUpDNSEnabled': the domain of ${url} does not support DNS setup`);
  }
  return dns;
}
