// RabbitMQ, Kafka, GlusterFS, OverDrive and Matomo (issue 26) end to end through the CLI against the
// simulator, all five in each run to keep it short: create -> converge; every in-place change ->
// converge; an immutable change refused without --allow-replace (and made with it); the plan-time
// refusals and bad input, with no write; export -> a plan with no change; destroy. Every output and
// file is grepped for the passwords (test/support/cli.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, harness, type Harness } from '../support/cli.js';

const KINDS = ['rabbitmq', 'kafka', 'glusterfs', 'overdrive', 'matomo'] as const;
const SECRETS = {
  ESTATE_RABBITMQ_PASSWORD: 'Estate#Mq-2026', ESTATE_KAFKA_PASSWORD: 'Estate#Kafka-26', ESTATE_GLUSTERFS_PASSWORD: 'Estate#Files-26',
  ESTATE_GLUSTERFS_REPORTS_PASSWORD: 'Reports#Vol-2026', ESTATE_OVERDRIVE_PASSWORD: 'Estate#Drive-26', ESTATE_MATOMO_PASSWORD: 'Estate#Stats-26',
};
const NAMES = ['estatemq', 'estate_events', 'estate-files', 'estate-drive', 'estate-stats'];

/** The example documents of examples/estate, by kind folder name. */
const example = (kind: string) => readFileSync(join(ROOT, 'examples', 'estate', `${kind}.yaml`), 'utf8');

/** Replaces each `[from, to]` once in `text`; a `from` that is not there is a broken test. */
function edit(text: string, ...pairs: Array<[string, string]>): string {
  for (const [from, to] of pairs) {
    if (!text.includes(from)) throw new Error(`the example no longer contains ${JSON.stringify(from)}`);
    text = text.replace(from, to);
  }
  return text;
}

describe('RabbitMQ, Kafka, GlusterFS, OverDrive, Matomo through the CLI', () => {
  let h: Harness;
  const docs: Record<string, string> = {};
  const writeAll = () => {
    h.write('set/stack.yaml', example('stack'));
    for (const k of KINDS) h.write(`set/${k}.yaml`, docs[k]!);
  };
  const live = () => h.sim.state.resources.filter((r) => NAMES.includes(r.name));

  beforeAll(async () => {
    h = await harness({ secrets: SECRETS });
    for (const k of KINDS) docs[k] = example(k);
    writeAll();
  });
  afterAll(async () => h?.close());

  it('creates the five from examples/estate, then plans no change', async () => {
    const r = await h.run(['apply', '--auto-approve', 'set']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Apply complete: 5 succeeded, 0 failed');
    expect(r.stdout).toContain('reconfigure log.retention.hours: 168');
    expect(r.stdout).toContain('add volume reports (10 GB)');
    expect(live().map((x) => x.name).sort()).toEqual([...NAMES].sort());
    const again = await h.run(['plan', '--detailed-exitcode', 'set']);
    expect(again.stdout).toContain('No changes.');
    expect(again.code).toBe(0);
  });

  it('makes every in-place change, then converges', async () => {
    docs.rabbitmq = edit(docs.rabbitmq!, ['nodeSizing: 2cpu4gb', 'nodeSizing: 4cpu8gb'], ['monitoringEnabled: true ', 'monitoringEnabled: false'],
      ['state: running', 'state: stopped'], ['excluded: false ', 'excluded: true\n    exclusionReason: handled by the team\n   ']);
    docs.kafka = edit(docs.kafka!, ['nodeSizing: 2cpu4gb', 'nodeSizing: 4cpu8gb'], ['log.retention.hours: 168', 'log.retention.hours: 72\n    num.partitions: 6'],
      ['monitoringEnabled: true', 'monitoringEnabled: true\n  onCallSupervision: true\n  state: stopped']);
    docs.glusterfs = edit(docs.glusterfs!, ['diskSize: 20 ', 'diskSize: 30 '], ['      diskSize: 10', '      diskSize: 20'],
      ['  monitoringEnabled: true', '    - { name: audit, diskSize: 15, userPass: "${env:ESTATE_GLUSTERFS_REPORTS_PASSWORD}" }\n  monitoringEnabled: true\n  nodeSizing: 4cpu8gb']);
    docs.overdrive = edit(docs.overdrive!, ['sizing: XS', 'sizing: XS\n  state: stopped']);
    docs.matomo = edit(docs.matomo!, ['sizing: XS', 'sizing: M']);
    writeAll();
    const r = await h.run(['apply', '--auto-approve', 'set']);
    expect(r.code, r.stderr).toBe(0);
    for (const line of [
      'RabbitMQ/estatemq: resize 2cpu4gb -> 4cpu8gb: done', 'RabbitMQ/estatemq: patch party: exclude: done', 'RabbitMQ/estatemq: stop: done',
      'Kafka/estate_events: reconfigure log.retention.hours: 168 -> 72: done', 'Kafka/estate_events: reconfigure num.partitions: 6: done',
      'Kafka/estate_events: update monitoring: enabled, on-call on: done',
      'GlusterFS/estate-files: resize volume estate 20 -> 30 GB: done', 'GlusterFS/estate-files: resize volume reports 10 -> 20 GB: done',
      'GlusterFS/estate-files: add volume audit (15 GB): done', 'GlusterFS/estate-files: resize 2cpu4gb -> 4cpu8gb: done',
      'OverDrive/estate-drive: stop: done', 'Matomo/estate-stats: extend XS -> M: done',
    ]) expect(r.stdout).toContain(line);
    expect((await h.run(['plan', '--detailed-exitcode', 'set'])).code).toBe(0);

    // Back: start what was stopped, drop a volume (delete_volume), and converge again.
    docs.rabbitmq = edit(docs.rabbitmq!, ['state: stopped', 'state: running']);
    docs.glusterfs = edit(docs.glusterfs!, ['    - { name: audit, diskSize: 15, userPass: "${env:ESTATE_GLUSTERFS_REPORTS_PASSWORD}" }\n', '']);
    writeAll();
    const back = await h.run(['apply', '--auto-approve', 'set']);
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toContain('RabbitMQ/estatemq: start: done');
    expect(back.stdout).toContain('GlusterFS/estate-files: delete volume audit: done');
    expect((await h.run(['plan', '--detailed-exitcode', 'set'])).code).toBe(0);
  });

  it('refuses an immutable change without --allow-replace and writes nothing; makes it with the flag', async () => {
    const before = { ...docs };
    docs.rabbitmq = edit(docs.rabbitmq!, ['brokerCount: 3 ', 'brokerCount: 1 ']);
    docs.overdrive = edit(docs.overdrive!, ['sizing: XS', 'sizing: S']);
    writeAll();
    const since = h.sim.requests.length;
    const r = await h.run(['apply', '--auto-approve', 'set']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('re-run with --allow-replace to accept');
    expect(r.stdout).toMatch(/RabbitMQ\/estatemq must be replaced[\s\S]*brokerCount: 3 -> 1/);
    expect(h.writes(since)).toEqual([]);
    const ok = await h.run(['apply', '--auto-approve', '--allow-replace', 'set']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('RabbitMQ/estatemq: replaced');
    expect(ok.stdout).toContain('OverDrive/estate-drive: replaced');
    expect((await h.run(['plan', '--detailed-exitcode', 'set'])).code).toBe(0);
    Object.assign(docs, before);
    writeAll();
  });

  it('refuses at plan time, naming them, a volume shrink, a removed or platform Kafka key and a smaller Matomo; nothing is written', async () => {
    const saved = { ...docs };
    docs.glusterfs = edit(docs.glusterfs!, ['      diskSize: 20', '      diskSize: 15']);
    docs.kafka = edit(docs.kafka!, ['    num.partitions: 6', '    log.dirs: /data']);
    docs.matomo = edit(docs.matomo!, ['sizing: M', 'sizing: S']);
    writeAll();
    const since = h.sim.requests.length;
    const r = await h.run(['plan', 'set']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('GlusterFS/estate-files: volumes.reports.diskSize: cannot shrink volume reports from 20 GB to 15 GB');
    expect(r.stderr).toContain('Kafka/estate_events: overloadedParams: num.partitions is set live but not desired');
    expect(r.stderr).toContain('Matomo/estate-stats: sizing: cannot reduce Matomo from M to S');
    docs.kafka = edit(saved.kafka!, ['    num.partitions: 6', '    num.partitions: 6\n    broker.id: 7']);
    writeAll();
    const key = await h.run(['plan', 'set']);
    expect(key.code).toBe(1);
    expect(key.stderr).toContain('overloadedParams.broker.id: the platform sets broker.id when it is created');
    expect(h.writes(since)).toEqual([]);
    Object.assign(docs, saved);
    writeAll();
  });

  it('reports bad input at file:line:col before any request', async () => {
    h.write('bad/stack.yaml', example('stack'));
    h.write('bad/kafka.yaml', edit(example('kafka'), ['brokerCount: 3 ', 'brokerCount: 2 '], ['nodePrefix: ESTKF', 'nodePrefix: estkf']));
    h.write('bad/glusterfs.yaml', edit(example('glusterfs'), ['      userPass: ${env:ESTATE_GLUSTERFS_REPORTS_PASSWORD}', '    - { name: reports, diskSize: 12 }']));
    h.write('bad/rabbitmq.yaml', edit(example('rabbitmq'), ['diskSize: 40 ', 'diskSize: 4096 ']));
    h.write('bad/overdrive.yaml', edit(example('overdrive'), ['drive.estate.cegedim.cloud', 'not a uri'], ['sizing: XS', 'sizing: XXS']));
    h.write('bad/matomo.yaml', edit(example('matomo'), ['name: estate-stats', 'name: Estate Stats']));
    const since = h.sim.requests.length;
    const r = await h.run(['plan', 'bad']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      'bad/glusterfs.yaml:15:15: spec.volumes.1: name "reports" is already used by item 0; each item of spec.volumes needs its own name',
      'bad/kafka.yaml:10:16: spec.brokerCount: must be >= 3 (got 2)',
      'bad/kafka.yaml:13:15: spec.nodePrefix: must be 5 to 12 uppercase letters or digits (got "estkf")',
      'bad/matomo.yaml:6:9: metadata.name: must be 4 to 60 lowercase letters, digits or \'-\' (got "Estate Stats")',
      'bad/overdrive.yaml:8:11: spec.sizing: must be one of XS, S, M, L, XL (got "XXS")',
      'bad/overdrive.yaml:9:17: spec.driveSiteUri: must be a web address such as demo.mydrive.cegedim.cloud (got "not a uri")',
      'bad/rabbitmq.yaml:10:13: spec.diskSize: must be <= 2048 (got 4096)',
      '7 errors',
    ]);
    expect(h.sim.requests.length).toBe(since);
  });

  it('exports the five, and the plan of the export shows no change', async () => {
    const r = await h.run(['export', '--service', '46922', '--kind', 'RabbitMQ', '--kind', 'Kafka', '--kind', 'GlusterFS', '--kind', 'OverDrive', '--kind', 'Matomo', '-o', 'exp']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('Warning');
    const env = {
      RABBITMQ_ESTATEMQ_ADMPASSWORD: SECRETS.ESTATE_RABBITMQ_PASSWORD, KAFKA_ESTATE_EVENTS_ADMPASSWORD: SECRETS.ESTATE_KAFKA_PASSWORD,
      GLUSTERFS_ESTATE_FILES_ADMPASSWORD: SECRETS.ESTATE_GLUSTERFS_PASSWORD, OVERDRIVE_ESTATE_DRIVE_PASSWORD: SECRETS.ESTATE_OVERDRIVE_PASSWORD,
      MATOMO_ESTATE_STATS_PASSWORD: SECRETS.ESTATE_MATOMO_PASSWORD,
    };
    for (const v of Object.keys(env)) expect(r.stdout).toContain(v);
    const plan = await h.run(['plan', '--detailed-exitcode', 'exp'], { env });
    expect(plan.stdout).toContain('No changes.');
    expect(plan.code).toBe(0);
  });

  it('destroys the five; a running Matomo is stopped first (001:1599)', async () => {
    const r = await h.run(['destroy', '--auto-approve', 'set']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Matomo/estate-stats: stop (a Matomo instance is deleted once stopped): done');
    expect(r.stdout).toContain('Destroy complete: 5 succeeded, 0 failed');
    expect(live()).toEqual([]);
  });
});
