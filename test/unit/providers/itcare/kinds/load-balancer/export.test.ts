// The LoadBalancer export against the simulator: URLs with their live monitoring, members by VM name,
// the parent cluster as a {ref} (and a reference) when it is in the service, and the write-only fields
// the create requires from the closest live field, each with a note saying which (or that it is a guess).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simLibrary, stackIn46922, type SimLibrary } from '../../../../../support/sim-library.js';
import { exportOf, writeOnly } from '../../export-support.js';

const CLUSTER = `apiVersion: caretaker/v1
kind: KubernetesCluster
metadata: { name: shop-k8s }
spec: { ingressProvider: NGINX, nodeSizing: 4cpu16gb, instanceCount: 2 }
`;
const IN_CLUSTER = `apiVersion: caretaker/v1
kind: LoadBalancer
metadata: { name: shop.cegedim.cloud }
spec:
  cluster: { ref: KubernetesCluster/shop-k8s }
  healthcheck: http
  portMembers: 443
  profileName: HTTPS
  sslProfile: profile_wildcard.cegedim.cloud_secure
  certificateName: wildcard_cegedim.cloud
  urls: [{ name: api.shop.cegedim.cloud, monitoringEnabled: true, onCallSupervision: false }]
`;
const WITH_MEMBERS = `apiVersion: caretaker/v1
kind: LoadBalancer
metadata: { name: backoffice.shop.cegedim.cloud }
spec:
  healthcheck: http
  portMembers: 80
  profileName: HTTP
  persistence: true
  botDefense: { enabled: true, whitelist: [10.0.3.40] }
  members: [{ name: PEB4APP01, port: 80 }, { name: PEB4APP02, port: 80 }]
`;

describe('LoadBalancer export', () => {
  let lib: SimLibrary;
  beforeAll(async () => {
    lib = await simLibrary();
    const files = { 'stack.yaml': stackIn46922('shop-qa'), 'k8s.yaml': CLUSTER, 'a.yaml': IN_CLUSTER, 'b.yaml': WITH_MEMBERS };
    await (await lib.planFiles(files)).run();
  });
  afterAll(async () => lib?.close());

  it('writes the parent cluster as a ref, the URLs with their monitoring, and guesses nothing silently', async () => {
    const { rules, resources } = await exportOf(lib, 'LoadBalancer');
    expect(rules).toEqual({ fileStem: 'load-balancer' });
    expect(resources.map((r) => r.name)).toEqual(['backoffice.shop.cegedim.cloud', 'shop.cegedim.cloud']);
    const lb = resources[1]!;
    expect(lb.spec).toMatchObject({
      cluster: { ref: 'KubernetesCluster/shop-k8s' }, profileName: 'HTTPS', sslProfile: 'unknown-ssl-profile', portMembers: 80,
      urls: [{ name: 'api.shop.cegedim.cloud', monitoringEnabled: true, onCallSupervision: false }],
    });
    expect(lb.references).toEqual(['KubernetesCluster/shop-k8s']);
    expect(lb.notes).toMatchObject({
      'spec.sslProfile': writeOnly('NOT READABLE from the API (required with HTTPS): write the real SSL profile before any re-create'),
      'spec.portMembers': writeOnly('NOT READABLE from the API (no pool member): 80 is a guess, check it before any re-create'),
    });
  });

  it('writes the members by name, the pool port, and the bot defaults ITCare applied, each with a note', async () => {
    const lb = (await exportOf(lib, 'LoadBalancer')).resources[0]!;
    expect(lb.spec).toMatchObject({
      members: [{ name: 'PEB4APP01', port: 80, state: 'enabled' }, { name: 'PEB4APP02', port: 80, state: 'enabled' }],
      botDefense: { enabled: true, template: 'standard', mode: 'blocking', whitelist: ['10.0.3.40'] },
      healthcheck: 'http', portMembers: 80, persistence: true, region: 'EB', area: 'EB-QA',
    });
    expect(lb.spec).not.toHaveProperty('cluster');
    expect(lb.notes).toMatchObject({
      'spec.portMembers': writeOnly('the port of the first live pool member'),
      'spec.region': writeOnly('read from network.region'),
      'spec.botDefense.template': "ITCare's default template (activate_bot)",
      'spec.botDefense.mode': "ITCare's default mode (activate_bot)",
    });
  });
});
