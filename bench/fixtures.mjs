// Manifests the benchmarks read: one Stack and N Redis with every required create field (ITCARE-API §4)
// plus the managed fields a real stack sets. Shared by bench/run.mjs and bench/manifest-scale.mjs.
export const SERVICE = 46922;

export const STACK_YAML = `apiVersion: caretaker/v1
kind: Stack
metadata: { name: bench }
spec:
  defaults: { serviceId: ${SERVICE}, region: EB, area: EB-QA, networkId: 1234511 }
`;

export const benchName = (i) => `benchcache${String(i).padStart(5, '0')}`;

/** The i-th Redis document; `admPassword` and the `tags` flow map are written as given. */
export function redisYaml(i, { admPassword, tags }) {
  return `apiVersion: caretaker/v1
kind: Redis
metadata: { name: ${benchName(i)} }
spec:
  nodeSizing: 2cpu4gb
  diskSize: 40
  redisVersion: "7.2"
  instanceCount: 1
  persistenceMode: PERSISTENT
  admPassword: ${admPassword}
  monitoringEnabled: true
  tags: ${tags}
`;
}
