// Load-balancer URLs (`004:154-233`, `004:809-850`, `004:1971-2050`, `004:2475-2550`): list, add,
// delete and update_monitoring. Writes are 202 actions on the LB, applied when they complete; the
// LB's own url (the first one) is listed too and can only go with the LB.
import { fieldError, json, notFound, type RouteContext } from '../../../reply.js';
import type { Router } from '../../../router.js';
import { allocateResourceId, type ResourceRecord } from '../../../state.js';
import { assertIdle, iso } from '../../common/actions.js';
import { accepted, loadResource } from '../../common/paas.js';
import { asObject, optionalBool, optionalString, parseId, requireBool, requireString } from '../../common/validate.js';
import { checkDns, checkUrl, checkUrlFree, LB_BASE, LB_KIND, LB_LABEL, lbUrls, type UrlRecord } from './model.js';
import { urlView } from './views.js';

export function registerLoadBalancerUrls(router: Router): void {
  router.get(`${LB_BASE}/:id/urls`, (ctx) => {
    const lb = loadResource(ctx, LB_KIND);
    return json(200, lbUrls(lb).map((u) => urlView(ctx.state, lb, u)));
  });
  /**
   * `{name, monitoringEnabled?, onCallSupervision?, setUpDNSEnabled?, sslProfile?}`; name as the LB
   * url (pattern, unique). monitoringEnabled has no documented default: false (choice).
   */
  router.post(`${LB_BASE}/:id/urls`, (ctx) => {
    const lb = loadResource(ctx, LB_KIND);
    const body = asObject(ctx.body);
    const name = checkUrl(body, 'name');
    const url: UrlRecord = {
      id: 0, name, monitoringEnabled: optionalBool(body, 'monitoringEnabled') ?? false,
      monitoringOnCallEnabled: optionalBool(body, 'onCallSupervision') ?? false, setUpDNSEnabled: checkDns(body, name),
      sslProfile: optionalString(body, 'sslProfile') ?? null, creationTime: iso(ctx.now), creationUser: ctx.principal,
    };
    checkUrlFree(ctx.state, name, 'name');
    assertIdle(ctx.state, lb.id);
    url.id = allocateResourceId(ctx.state);
    return accepted(ctx, {
      resource: lb, operation: 'create_url', message: `Create url ${name} on ${LB_LABEL} ${lb.name}`,
      effect: { type: 'merge', patch: { attrs: { urls: [...lbUrls(lb), url] } } },
    });
  });
  router.delete(`${LB_BASE}/:id/urls/:urlId`, (ctx) => {
    const { lb, url } = loadUrl(ctx);
    if (lbUrls(lb)[0]?.id === url.id) {
      throw fieldError('urlId', `Error on field 'urlId': ${url.name} is the url of the load balancer; delete the load balancer instead`);
    }
    assertIdle(ctx.state, lb.id);
    return accepted(ctx, {
      resource: lb, operation: 'delete_url', message: `Delete url ${url.name} on ${LB_LABEL} ${lb.name}`,
      effect: { type: 'merge', patch: { attrs: { urls: lbUrls(lb).filter((u) => u.id !== url.id) } } },
    });
  });
  /**
   * Only `update_monitoring` `{state, onCall}` (`004:2491-2501`). The LB-level operation spells it
   * `on_call` (ITCARE-API §13.6): both spellings are accepted here, `onCall` first.
   */
  router.patch(`${LB_BASE}/:id/urls/:urlId`, (ctx) => {
    const { lb, url } = loadUrl(ctx);
    const body = asObject(ctx.body);
    const operation = requireString(body, 'operation');
    if (operation !== 'update_monitoring') throw fieldError('operation', `Error on field 'operation': unknown operation ${operation}`);
    const o = body.options === undefined || body.options === null ? {} : asObject(body.options, 'options');
    const state = requireBool(o, 'state', 'options.state');
    const onCall = optionalBool(o, 'onCall', 'options.onCall') ?? optionalBool(o, 'on_call', 'options.on_call');
    assertIdle(ctx.state, lb.id);
    const urls = lbUrls(lb).map((u) => (u.id === url.id
      ? { ...u, monitoringEnabled: state, monitoringOnCallEnabled: onCall ?? u.monitoringOnCallEnabled } : u));
    return accepted(ctx, {
      resource: lb, operation: 'update_url_monitoring', message: `Update monitoring of url ${url.name} on ${LB_LABEL} ${lb.name}`,
      effect: { type: 'merge', patch: { attrs: { urls } } },
    });
  });
}

/** The LB `:id` and its URL `:urlId`; 404 when either is unknown. */
function loadUrl(ctx: RouteContext): { lb: ResourceRecord; url: UrlRecord } {
  const lb = loadResource(ctx, LB_KIND);
  const urlId = parseId(ctx.params.urlId, 'urlId');
  const url = lbUrls(lb).find((u) => u.id === urlId);
  if (!url) throw notFound();
  return { lb, url };
}
