// Load-balancer PATCH operations (`004:2269-2473`): start, stop, bot defense (activate, update,
// delete, whitelist add/remove) and update_monitoring of the LB and its URLs. Every option set
// takes an optional `changeReference` (<= 10 characters); effects apply when the action completes.
import { fieldError } from '../../../reply.js';
import type { ResourceRecord } from '../../../state.js';
import { checkChangeReference, optionalBool, optionalString, requireBool, requireString, type Body } from '../../common/validate.js';
import { lbBot, lbUrls, lbWhiteList, type BotDefense, type UrlRecord } from './model.js';
import type { OpHandler } from '../../common/kind.js';
import { commonOps } from '../../common/paas.js';

const TEMPLATES: readonly BotDefense['template'][] = ['strict', 'standard'];
const MODES: readonly BotDefense['mode'][] = ['transparent', 'blocking'];

function pick<T extends string>(o: Body, field: string, allowed: readonly T[]): T | undefined {
  const raw = optionalString(o, field, `options.${field}`);
  if (raw === undefined) return undefined;
  const v = allowed.find((a) => a === raw.toLowerCase());
  if (!v) throw fieldError(`options.${field}`, `Error on field 'options.${field}': must be one of ${allowed.join(', ')}`);
  return v;
}

function requireBot(r: ResourceRecord): BotDefense {
  const bot = lbBot(r);
  if (!bot) throw fieldError('operation', "Error on field 'operation': bot defense is not enabled on this load balancer");
  return bot;
}

/** An IPv4 address, optionally with a /prefix (the docs' example is `10.0.3.40`). */
function requireIp(o: Body): string {
  const ip = requireString(o, 'ip', 'options.ip');
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(\/(\d{1,2}))?$/.exec(ip);
  const ok = m !== null && m.slice(1, 5).every((x) => Number(x) <= 255) && (m[6] === undefined || Number(m[6]) <= 32);
  if (!ok) throw fieldError('options.ip', "Error on field 'options.ip': must be an IPv4 address");
  return ip;
}

/** Checks `changeReference` before running the operation. */
function withChangeRef(op: OpHandler): OpHandler {
  return (ctx, r, o) => {
    checkChangeReference(o, 'options.changeReference');
    return op(ctx, r, o);
  };
}

const ops: Record<string, OpHandler> = {
  start: commonOps.start!,
  stop: commonOps.stop!,
  /** Defaults: template standard, mode blocking (`004:2314`). Refused when already enabled (use update_bot). */
  activate_bot: (_ctx, r, o) => {
    if (lbBot(r)) throw fieldError('operation', "Error on field 'operation': bot defense is already enabled (use update_bot)");
    const bot: BotDefense = { template: pick(o, 'template', TEMPLATES) ?? 'standard', mode: pick(o, 'mode', MODES) ?? 'blocking' };
    return { effect: { type: 'merge', patch: { attrs: { bot, whiteList: [] } } } };
  },
  /** An absent template or mode keeps the current one (the mode-only example, `004:2344-2353`; choice). */
  update_bot: (_ctx, r, o) => {
    const cur = requireBot(r);
    const bot: BotDefense = { template: pick(o, 'template', TEMPLATES) ?? cur.template, mode: pick(o, 'mode', MODES) ?? cur.mode };
    return { effect: { type: 'merge', patch: { attrs: { bot } } } };
  },
  /** Removes the security profile, whitelist included. */
  delete_bot: (_ctx, r) => {
    requireBot(r);
    return { effect: { type: 'merge', patch: { attrs: { bot: null, whiteList: [] } } } };
  },
  /** "update/add IP to whitelist": adding a listed IP is accepted and changes nothing. Needs bot defense (choice). */
  edit_bot_whitelist: (_ctx, r, o) => {
    requireBot(r);
    const ip = requireIp(o);
    const list = lbWhiteList(r);
    return { effect: { type: 'merge', patch: { attrs: { whiteList: list.includes(ip) ? list : [...list, ip] } } } };
  },
  /** An IP that is not listed is a 400 (choice). */
  delete_bot_whitelist: (_ctx, r, o) => {
    requireBot(r);
    const ip = requireIp(o);
    const list = lbWhiteList(r);
    if (!list.includes(ip)) throw fieldError('options.ip', `Error on field 'options.ip': ${ip} is not in the whitelist`);
    return { effect: { type: 'merge', patch: { attrs: { whiteList: list.filter((x) => x !== ip) } } } };
  },
  /**
   * `{state, on_call, updateUrls?}` (`004:2401-2430`): the LB and all its URLs, or the LB and the
   * URLs named in `updateUrls` (URL names, case-insensitive; an unknown name is a 400).
   */
  update_monitoring: (_ctx, r, o) => {
    const state = requireBool(o, 'state', 'options.state');
    const onCall = optionalBool(o, 'on_call', 'options.on_call');
    const urls = lbUrls(r);
    let targets = urls;
    if (o.updateUrls !== undefined && o.updateUrls !== null) {
      if (!Array.isArray(o.updateUrls)) throw fieldError('options.updateUrls', "Error on field 'options.updateUrls': a list of URL names is required");
      const names = o.updateUrls.map((n, i) => {
        const u = typeof n === 'string' ? urls.find((x) => x.name.toLowerCase() === n.toLowerCase()) : undefined;
        if (!u) throw fieldError(`options.updateUrls[${i}]`, `Error on field 'options.updateUrls[${i}]': not a URL of this load balancer`);
        return u;
      });
      targets = names;
    }
    const next = urls.map((u): UrlRecord => (targets.includes(u)
      ? { ...u, monitoringEnabled: state, monitoringOnCallEnabled: onCall ?? u.monitoringOnCallEnabled } : u));
    const patch: Record<string, unknown> = { monitoringEnabled: state, attrs: { urls: next } };
    if (onCall !== undefined) patch.monitoringOnCallEnabled = onCall;
    return { effect: { type: 'merge', patch } };
  },
};

export const lbOps: Record<string, OpHandler> = Object.fromEntries(Object.entries(ops).map(([k, op]) => [k, withChangeRef(op)]));
