// When a tracked Cache Store call is done (digest §8): what Show Cluster (and its parameters) must show
// for each kind of change the operation builders ask to wait for (`track.wait`).
import { isObject } from '../../../../core/objects.js';
import { getJson, type ChangeVisible } from '../../common/requests.js';
import { scpPath } from '../../common/go-url.js';
import { specOf } from './observe.js';

type Json = Record<string, unknown>;

const norm = (v: unknown): string => JSON.stringify(v ?? null);

/** Whether Show Cluster (and the parameters) show the change the call asked for. */
export const changeVisible: ChangeVisible = async (http, c, t, signal) => {
  const spec = specOf(c);
  const state = String(c.service_state);
  switch (t.wait) {
    case 'running':
      return state === 'RUNNING';
    case 'stopped':
      return state === 'STOPPED';
    case 'ips': {
      const live = new Set(Array.isArray(c.allowable_ip_addresses) ? c.allowable_ip_addresses.map(String) : []);
      return (t.add as string[]).every((x) => live.has(x)) && !(t.del as string[]).some((x) => live.has(x));
    }
    case 'backup':
      return norm((spec.init_config_option as Json).backup_option) === norm(t.backup);
    case 'maintenance':
      return norm(spec.maintenance_option) === norm(t.maintenance);
    case 'server_type': {
      const g = (spec.instance_groups as Json[] | undefined)?.find((x) => x.role_type === t.group);
      return g?.server_type_name === t.value;
    }
    case 'disk': {
      const g = (spec.instance_groups as Json[] | undefined)?.find((x) => x.role_type === t.group);
      const b = (g?.block_storage_groups as Json[] | undefined)?.find((x) => x.role_type === t.disk);
      return b?.size_gb === t.value;
    }
    case 'parameters': {
      const p = await getJson(http, scpPath('/v1/clusters/{cluster_id}/parameters', { cluster_id: String(c.id) }), signal);
      const contents = p && Array.isArray(p.contents) ? p.contents.filter(isObject) : [];
      const expect = isObject(t.expect) ? t.expect : {};
      return Object.entries(expect).every(([k, v]) => String(contents.find((x) => x.name === k)?.applied_value) === v);
    }
    default:
      return true; // 'settled': a transitional state left by an earlier run
  }
};
