// Bot Defense of a LoadBalancer (ITCARE-API §7.4): the live security profile -> spec `botDefense`, and
// the activate_bot / update_bot / delete_bot / edit_bot_whitelist / delete_bot_whitelist PATCHes.
import { own } from '../../../../core/dict.js';
import { type Json } from '../../common/client.js';
import { isObject } from '../../../../core/objects.js';
import { addToPhase } from '../../common/phases.js';
import { lbPatch, type LbPhased, type LbTarget } from './base.js';
import { toBool, toText } from '../../common/normalize.js';

/**
 * `{enabled, template, mode, whitelist}` from the LB GET (mapping undocumented, ITCARE-API §7.3):
 * enabled <- `botDefenseEnabled`; while enabled, template <- `securityProfile.template`, mode <-
 * `securityProfile.enforcement` (both lower-cased), whitelist <- `securityProfile.whiteList[].ip`
 * (sorted; `[]` when the profile has no list). Absent when the GET has no `botDefenseEnabled`.
 */
export function botDefenseOf(detail: Json): Record<string, unknown> | undefined {
  const enabled = toBool(detail.botDefenseEnabled);
  if (enabled === undefined) return undefined;
  if (!enabled) return { enabled: false };
  const out: Record<string, unknown> = { enabled: true };
  const sp = detail.securityProfile;
  if (!isObject(sp)) return out;
  const template = toText(sp.template)?.toLowerCase();
  const mode = toText(sp.enforcement)?.toLowerCase();
  if (template !== undefined) out.template = template;
  if (mode !== undefined) out.mode = mode;
  const list = Array.isArray(sp.whiteList) ? sp.whiteList : [];
  out.whitelist = list.map((w) => (isObject(w) ? toText(w.ip) : undefined)).filter((ip): ip is string => ip !== undefined).sort();
  return out;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const same = (a: unknown, b: unknown) => String(a ?? '').toLowerCase() === String(b ?? '').toLowerCase();

/** `(template strict, mode blocking)` for the options that are set. */
function describe(o: Record<string, unknown>): string {
  const parts = (['template', 'mode'] as const).filter((k) => o[k] !== undefined).map((k) => `${k} ${String(o[k])}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/**
 * The bot-defense calls that turn `have` into `want` (spec shapes; `have` undefined = off). Turning
 * on sends the template and mode the spec sets (ITCare defaults: standard, blocking); a template or
 * mode change is one update_bot with every managed option; the whitelist, when managed, is converged
 * one IP per call, additions before removals. Every call carries the changeReference when set.
 */
export function botOperations(t: LbTarget, want: unknown, have: unknown, phased: LbPhased): void {
  if (!isObject(want)) return;
  const live = isObject(have) ? have : { enabled: false };
  if (want.enabled !== true) {
    if (live.enabled === true) addToPhase(phased, 'bot', lbPatch(t, 'delete_bot', {}, 'delete bot defense'));
    return;
  }
  const options: Record<string, unknown> = {};
  if (want.template !== undefined) options.template = want.template;
  if (want.mode !== undefined) options.mode = want.mode;
  const activating = live.enabled !== true;
  if (activating) addToPhase(phased, 'bot', lbPatch(t, 'activate_bot', options, `activate bot defense${describe(options)}`));
  else if (Object.keys(options).some((k) => !same(own(options, k), own(live, k)))) {
    addToPhase(phased, 'bot', lbPatch(t, 'update_bot', options, `update bot defense${describe(options)}`));
  }
  if (want.whitelist === undefined) return;
  const wanted = strings(want.whitelist);
  const current = activating ? [] : strings(live.whitelist);
  for (const ip of wanted.filter((x) => !current.includes(x)).sort()) {
    addToPhase(phased, 'bot', lbPatch(t, 'edit_bot_whitelist', { ip }, `whitelist ${ip}`));
  }
  for (const ip of current.filter((x) => !wanted.includes(x)).sort()) {
    addToPhase(phased, 'bot', lbPatch(t, 'delete_bot_whitelist', { ip }, `remove ${ip} from whitelist`));
  }
}
