// Response shapes: ClusterResponse of List Clusters (`003:289-311`) and RedisClusterDetailResponse
// of Show Cluster (`003:1028-1090`). The detail returns neither the password, the engine version id,
// the instance name prefix, the replica count nor the tags (digest §6.1).
import type { ClusterRecord } from './state.js';

export function clusterSummary(c: ClusterRecord): Record<string, unknown> {
  return {
    account_id: c.account_id, created_at: c.created_at, created_by: c.created_by, ha_enabled: c.ha_enabled, id: c.id,
    instance_count: instanceCount(c), modified_at: c.modified_at, modified_by: c.modified_by, name: c.name,
    role_type: c.role_type, service_state: c.service_state,
  };
}

export function clusterDetail(c: ClusterRecord): Record<string, unknown> {
  return {
    account_id: c.account_id,
    allowable_ip_addresses: [...c.allowable_ip_addresses],
    created_at: c.created_at,
    created_by: c.created_by,
    dbaas_engine: c.dbaas_engine,
    dbaas_engine_version_name: c.dbaas_engine_version_name,
    ha_enabled: c.ha_enabled,
    id: c.id,
    init_config_option: structuredClone(c.init_config_option),
    instance_count: instanceCount(c),
    instance_groups: structuredClone(c.instance_groups),
    maintenance_option: { ...c.maintenance_option },
    modified_at: c.modified_at,
    modified_by: c.modified_by,
    name: c.name,
    nat_enabled: c.nat_enabled,
    product_image_type: c.product_image_type,
    product_type: c.product_type,
    role_type: c.role_type,
    service_state: c.service_state,
    software_version: c.software_version,
    subnet_id: c.subnet_id,
    timezone: c.timezone,
  };
}

function instanceCount(c: ClusterRecord): number {
  return c.instance_groups.reduce((n, g) => n + g.instances.length, 0);
}
