// Issue 25's four kinds through the real CLI against the simulator on 127.0.0.1, all four in each run:
// create -> converge, every in-place change -> converge, an immutable change refused without
// --allow-replace (and applied with it), the bad input of the issue before any request, destroy (the
// running VM stopped before its DELETE).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../support/cli.js';
import { stackYaml } from '../support/manifests.js';
import { changesOf, parseStream, reportOf } from '../support/stream.js';

/** Someone working on the VM through the API, beside caretaker: their changes are in its history. */
const USER_TOKEN = 'ops-token-25';
const SECRETS = { E2E_MARIA_PW: 'E2e#MariaPass42', E2E_SQL_PW: 'E2e#SqlPass42', E2E_SEARCH_PW: 'E2e#SearchPass42' };

interface Knobs {
  maria?: string;
  sql?: string;
  search?: string;
  vm?: string;
  lb?: string;
}

/** The four kinds (plus a load balancer with the VM as its member, by ref); `k` adds spec lines. */
function kinds(k: Knobs = {}, base: Record<string, string> = {}): string {
  const b = { mariaSizing: '2cpu4gb', sqlSizing: '2cpu8gb', count: '3', searchSizing: '2cpu4gb', vmSizing: '1cpu2gb', sqlOnCall: 'false', ...base };
  return `apiVersion: caretaker/v1
kind: MariaDB
metadata: { name: e2e-maria }
spec:
  nodeSizing: ${b.mariaSizing}
  diskSize: 40
  instanceCount: 1
  topology: SINGLE
  version: "10.6"
  admPassword: \${env:E2E_MARIA_PW}
  monitoringEnabled: true
  onCallSupervision: false
  tags: { app: e2e }
${k.maria ?? ''}---
apiVersion: caretaker/v1
kind: SQLServer
metadata: { name: e2esql01 }
spec:
  nodeSizing: ${b.sqlSizing}
  edition: STD
  collation: French_BIN
  customerPassword: \${env:E2E_SQL_PW}
  volumes: [{ id: disk0, sizeGb: 70 }, { id: disk1, sizeGb: 30 }, { id: disk2, sizeGb: 30 }, { id: disk3, sizeGb: 10 }, { id: disk4, sizeGb: 10 }]
  monitoringEnabled: true
  onCallSupervision: ${b.sqlOnCall}
${k.sql ?? ''}---
apiVersion: caretaker/v1
kind: OpenSearch
metadata: { name: e2e-search }
spec:
  nodeSizing: ${b.searchSizing}
  diskSize: 40
  instanceCount: ${b.count}
  clusterVersion: "2.11.1"
  nodePrefix: E2ESRCH
  admPassword: \${env:E2E_SEARCH_PW}
  monitoringEnabled: true
${k.search ?? ''}---
apiVersion: caretaker/v1
kind: VirtualMachine
metadata: { name: PEB4E2E01 }
spec:
  platform: deb12
  resourceId: ${b.vmSizing}
  monitoringEnabled: true
  monitoringAlerting: false
  backupEnabled: false
  replicationEnabled: false
  patchParty: { excluded: false, patchGroup: 1 }
${k.vm ?? ''}---
apiVersion: caretaker/v1
kind: LoadBalancer
metadata: { name: e2e.cegedim.cloud }
spec:
  healthcheck: http
  portMembers: 80
  profileName: HTTP
  members:
    - { ref: VirtualMachine/PEB4E2E01, port: 80 }
${k.lb ?? ''}`;
}

type Planned = { address: string; action: string; operations: Array<{ method: string; path: string; body?: { operation?: string; options?: Record<string, unknown> } }>; dependsOn: string[] };

describe('VirtualMachine, MariaDB, SQLServer and OpenSearch through the CLI', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ secrets: SECRETS, sim: { actionMs: 20, staticTokens: ['sim-token', USER_TOKEN], tokenUsers: { [USER_TOKEN]: 'ops@cegedim.com' } } });
    h.write('stack.yaml', stackYaml({ name: 'kinds-e2e', changeReference: 'RFC25' }));
    h.write('kinds.yaml', kinds());
  });
  afterAll(async () => h?.close());

  const planJson = async (): Promise<Planned[]> => {
    const r = await h.run(['plan', '--json']);
    return changesOf(parseStream(r.stdout)) as Planned[];
  };
  const converged = async () => {
    const r = await h.run(['plan', '--detailed-exitcode']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('No changes.');
    expect(r.code).toBe(0);
  };
  const opsOf = (changes: Planned[], address: string) => changes.find((c) => c.address === address)!.operations.map((o) => o.body?.operation ?? `${o.method}`);

  it('refuses the bad input of the issue at file:line:col, all at once, before any request', async () => {
    const before = h.sim.requests.length;
    h.write('bad.yaml', kinds({}, { count: '4' }).replace('e2e-maria', 'cluster').replace('edition: STD', 'edition: EE').replace('diskSize: 40\n  instanceCount: 1', 'diskSize: 20\n  instanceCount: 1')
      .replace('e2esql01', 'e2esql02').replace('e2e-search', 'e2e-search2').replace('PEB4E2E01 }', 'PEB4E2E02 }').replace('e2e.cegedim.cloud', 'e2e2.cegedim.cloud')
      .replace('VirtualMachine/PEB4E2E01', 'VirtualMachine/PEB4E2E09'));
    const r = await h.run(['plan'], { env: { E2E_MARIA_PW: 'weakpassword' } });
    h.write('bad.yaml', '');
    expect(r.code).toBe(1);
    for (const line of [
      'bad.yaml:3:19: metadata.name: must be 5 to 60 lowercase letters, digits or dashes, and not "cluster" (got "cluster")',
      'bad.yaml:6:13: spec.diskSize: must be >= 40 (got 20)',
      'bad.yaml:10:16: spec.admPassword: does not meet the password rule',
      'bad.yaml:20:12: spec.edition: must be one of STD, ENT (got "EE")',
      'bad.yaml:33:18: spec.instanceCount: must be an odd number from 3 to 51 (ITCare 001:4554) (got 4)',
      'bad.yaml:59:14: reference to VirtualMachine/PEB4E2E09: no such resource in the manifests',
    ]) expect(r.stderr).toContain(line);
    expect(r.stderr).not.toContain('weakpassword');
    expect(h.sim.requests.length).toBe(before);
  });

  it('plans the creates, the VM before the load balancer that has it as a member', async () => {
    const changes = await planJson();
    expect(changes.map((c) => [c.address, c.action])).toEqual([
      ['LoadBalancer/e2e.cegedim.cloud', 'create'], ['MariaDB/e2e-maria', 'create'], ['OpenSearch/e2e-search', 'create'],
      ['SQLServer/e2esql01', 'create'], ['VirtualMachine/PEB4E2E01', 'create'],
    ]);
    expect(changes[0]!.dependsOn).toEqual(['VirtualMachine/PEB4E2E01']);
    expect(changes[0]!.operations.at(-1)).toMatchObject({ method: 'POST', body: { resourceId: '${ref:VirtualMachine/PEB4E2E01}', port: 80 } });
  });

  it('creates them all and converges', async () => {
    const r = await h.run(['apply', '--auto-approve']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Apply complete: 5 succeeded, 0 failed, 0 skipped');
    const vm = h.sim.state.resources.find((x) => x.name === 'PEB4E2E01')!;
    expect(h.sim.state.resources.some((x) => x.name === 'e2e.cegedim.cloud' && JSON.stringify(x).includes(String(vm.id)))).toBe(true);
    await converged();
  });

  /** The base sizings and knobs after every in-place change of the four kinds. */
  const grown = { mariaSizing: '4cpu8gb', sqlSizing: '4cpu16gb', count: '5', searchSizing: '4cpu8gb', vmSizing: '2cpu4gb', sqlOnCall: 'true' };
  const changed = (extra: Knobs = {}) => kinds({
    maria: '  state: stopped\n  patchParty: { excluded: false, patchGroup: "2" }\n' + (extra.maria ?? ''),
    sql: '  state: stopped\n  tags: { app: e2e }\n' + (extra.sql ?? ''),
    search: '  onCallSupervision: true\n  tags: { app: e2e, tier: search }\n' + (extra.search ?? ''),
    vm: '  tags: { app: e2e }\n' + (extra.vm ?? ''),
  }, grown)
    .replace('monitoringAlerting: false\n  backupEnabled: false\n  replicationEnabled: false\n  patchParty: { excluded: false, patchGroup: 1 }',
      'monitoringAlerting: true\n  backupEnabled: true\n  replicationEnabled: true\n  patchParty: { excluded: false, patchGroup: 3 }')
    .replace('  onCallSupervision: false\n  tags: { app: e2e }', '  onCallSupervision: true\n  tags: { app: e2e, tier: db }')
    ;

  it('drift blames an out-of-band VM resize and backup on their operations; --target and a saved plan bring the VM back', async () => {
    const vm = h.sim.state.resources.find((x) => x.name === 'PEB4E2E01')!;
    const patch = async (operation: string, options?: Record<string, unknown>) => {
      const res = await fetch(`${h.sim.url}/itcare/compute/instances/${vm.id}`, {
        method: 'PATCH', headers: { authorization: `Bearer ${USER_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(options ? { operation, options } : { operation }),
      });
      expect(res.status, operation).toBeLessThan(300);
      for (let i = 0; i < 100 && h.sim.state.actions.some((a) => a.status === 'IN_PROGRESS'); i++) {
        await new Promise((r) => setTimeout(r, 20));
        await fetch(`${h.sim.url}/itcare/actions?serviceId=46922`, { headers: { authorization: `Bearer ${USER_TOKEN}` } });
      }
    };
    await patch('stop');
    await patch('resize', { sizing: '4cpu8gb' });
    await patch('start');
    await patch('update_backup', { state: true });
    const drift = await h.run(['drift', '--format', 'json']);
    expect(drift.code, drift.stderr).toBe(2);
    const entry = reportOf(parseStream(drift.stdout)).resources.find((x: { address: string }) => x.address === 'VirtualMachine/PEB4E2E01');
    expect(entry.fields.map((f: { path: string }) => f.path).sort()).toEqual(['spec.backupEnabled', 'spec.resourceId']);
    // The VM's own history tables: its RESIZE changes resourceId (not a nodeSizing), UPDATE_BACKUP backupEnabled.
    expect(entry.causes.map((c: { operation: string; fields: string[] }) => [c.operation, c.fields]).sort()).toEqual([
      ['RESIZE', ['spec.resourceId']], ['UPDATE_BACKUP', ['spec.backupEnabled']],
    ]);
    // A saved plan of the VM alone, applied as saved.
    const saved = await h.run(['plan', '--target', 'VirtualMachine/PEB4E2E01', '-o', 'vm.plan.json']);
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.stdout).toContain('resize 4cpu8gb -> 1cpu2gb');
    expect(saved.stdout).not.toMatch(/MariaDB|SQLServer|OpenSearch|LoadBalancer/);
    const applied = await h.run(['apply', 'vm.plan.json']);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    await converged();
  });

  it('plans and applies every in-place change of the four kinds, then converges', async () => {
    h.write('kinds.yaml', changed());
    const changes = await planJson();
    expect(changes.filter((c) => c.action !== 'no-op').map((c) => [c.address, c.action])).toEqual([
      ['MariaDB/e2e-maria', 'update'], ['OpenSearch/e2e-search', 'update'], ['SQLServer/e2esql01', 'update'], ['VirtualMachine/PEB4E2E01', 'update'],
    ]);
    // Every in-place field maps to its documented operation (a tag is a POST on the generic resource); a stop goes last.
    expect(opsOf(changes, 'MariaDB/e2e-maria')).toEqual(['resize', 'update_monitoring', 'update_patch_party', 'POST', 'stop']);
    expect(opsOf(changes, 'SQLServer/e2esql01')).toEqual(['resize', 'update_monitoring', 'POST', 'stop']);
    expect(opsOf(changes, 'OpenSearch/e2e-search')).toEqual(['add_nodes', 'resize_nodes', 'update_monitoring', 'POST', 'POST']);
    expect(changes.find((c) => c.address === 'OpenSearch/e2e-search')!.operations[0]!.body).toMatchObject({ operation: 'add_nodes', options: { nodeSize: '4cpu8gb', nodesCount: 2 } });
    // The VM's resize is allowed only when it is not running (001:3851): planned between a stop and a start.
    expect(opsOf(changes, 'VirtualMachine/PEB4E2E01')).toEqual(['stop', 'resize', 'start', 'update_monitoring', 'update_backup', 'update_storage_replication', 'update_patch_party', 'POST']);
    const since = h.sim.requests.length;
    const r = await h.run(['apply', '--auto-approve']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(h.writes(since).filter((w) => w.method === 'PATCH')).toHaveLength(17);
    await converged();
  });

  it('refuses at plan time an OpenSearch shrink, naming the rule', async () => {
    h.write('kinds.yaml', changed().replace('instanceCount: 5', 'instanceCount: 3'));
    const since = h.sim.requests.length;
    const r = await h.run(['plan']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('OpenSearch/e2e-search: instanceCount 5 -> 3: an OpenSearch cluster cannot shrink; ITCare only adds nodes (add_nodes, ITCare 001:4913-4927)');
    expect(h.writes(since)).toEqual([]);
  });

  it('refuses an immutable change of each kind without --allow-replace, and replaces with it (the running VM is stopped before its DELETE)', async () => {
    h.write('kinds.yaml', changed().replace('version: "10.6"', 'version: "10.11"').replace('clusterVersion: "2.11.1"', 'clusterVersion: "2.15.0"')
      .replace('edition: STD', 'edition: ENT').replace('patchGroup: 3 }', 'patchGroup: 3 }\n  availabilityZone: EB-QA-B'));
    const since = h.sim.requests.length;
    const refused = await h.run(['apply', '--auto-approve']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the plan replaces MariaDB/e2e-maria, OpenSearch/e2e-search, SQLServer/e2esql01, VirtualMachine/PEB4E2E01 (delete then create); re-run with --allow-replace to accept');
    expect(h.writes(since)).toEqual([]);
    // Only the VM is replaced for real (the others' replace is the same delete then create, seen above).
    h.write('kinds.yaml', changed().replace('patchGroup: 3 }', 'patchGroup: 3 }\n  availabilityZone: EB-QA-B'));
    const changes = await planJson();
    expect(changes.filter((c) => c.action !== 'no-op').map((c) => [c.address, c.action])).toEqual([['VirtualMachine/PEB4E2E01', 'replace']]);
    expect(opsOf(changes, 'VirtualMachine/PEB4E2E01').slice(0, 3)).toEqual(['stop', 'DELETE', 'POST']);
    const r = await h.run(['apply', '--auto-approve', '--allow-replace']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // The pool still holds the old VM's id: the next plan adds the new VM and removes the old member.
    const after = await planJson();
    expect(after.filter((c) => c.action !== 'no-op').map((c) => c.address)).toEqual(['LoadBalancer/e2e.cegedim.cloud']);
    expect(after[0]!.operations.map((o) => o.method)).toEqual(['POST', 'DELETE']);
    expect((await h.run(['apply', '--auto-approve'])).code).toBe(0);
    await converged();
  });

  it('destroys everything, stopping the running VM before its DELETE', async () => {
    const preview = changesOf(parseStream((await h.run(['plan', '--destroy', '--json'])).stdout)) as Planned[];
    expect(opsOf(preview, 'VirtualMachine/PEB4E2E01')).toEqual(['stop', 'DELETE']);
    // SQL Server's DELETE carries its documented body (001:13630-13687).
    expect(preview.find((c) => c.address === 'SQLServer/e2esql01')!.operations.at(-1)).toMatchObject({ method: 'DELETE', body: { changeReference: 'RFC25' } });
    const since = h.sim.requests.length;
    const r = await h.run(['destroy', '--auto-approve']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Destroy complete: 5 succeeded');
    const writes = h.writes(since).map((w) => `${w.method} ${w.path.replace(/\d+/g, 'N')}`);
    expect(writes.filter((w) => w.includes('/compute/instances'))).toEqual(['PATCH /itcare/compute/instances/N', 'DELETE /itcare/compute/instances/N']);
    // The load balancer goes before the VM it has as a member.
    expect(writes.indexOf('DELETE /itcare/networking/loadbalancers/N')).toBeLessThan(writes.indexOf('DELETE /itcare/compute/instances/N'));
    for (const n of ['e2e-maria', 'e2esql01', 'e2e-search', 'PEB4E2E01']) expect(h.sim.state.resources.some((x) => x.name === n)).toBe(false);
  });
});
