import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { startSimulator } from '../../../src/simulator/start.js';
import { client, redisBody, start, waitAction } from './support.js';

describe('simulator state file', () => {
  const dirs: string[] = [];
  const tmp = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'caretaker-sim-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('continues across two simulator processes: an action submitted in one completes in the next', async () => {
    const file = join(tmp(), 'nested', '.caretaker', 'simulator.json');
    const first = await start({ stateFile: file, actionMs: 40 });
    const res = await client(first).post('/itcare/databases/redis', redisBody({ name: 'persisted1', admPassword: 'Pers1st@Secret' }));
    expect(res.status).toBe(202);
    await first.close();

    const raw = readFileSync(file, 'utf8');
    expect(raw).not.toContain('Pers1st@Secret');
    expect(readdirSync(join(file, '..'))).toEqual(['simulator.json']);

    const second = await start({ stateFile: file, actionMs: 40 });
    try {
      const c = client(second);
      const done = await waitAction(c, res.body.id);
      expect(done.status).toBe('SUCCESS');
      expect((await c.get(`/itcare/databases/redis/${res.body.internalId}`)).body.status).toBe('ACTIVE');
      const next = await c.post('/itcare/databases/redis', redisBody({ name: 'persisted2' }));
      expect(next.body.internalId).toBeGreaterThan(res.body.internalId);
      expect(next.body.id).toBeGreaterThan(res.body.id);
    } finally {
      await second.close();
    }
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.resources.find((r: any) => r.name === 'persisted1').status).toBe('ACTIVE');
  });

  it('starts from the seed when the file is absent and refuses a corrupt file', async () => {
    const dir = tmp();
    const fresh = await startSimulator({ stateFile: join(dir, 'absent.json') });
    expect(fresh.state.services.map((s) => s.id)).toEqual([46922, 46923, 46924]);
    await fresh.close();
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"not": "a state"}');
    await expect(startSimulator({ stateFile: bad })).rejects.toBeInstanceOf(ConfigError);
    writeFileSync(bad, '{');
    await expect(startSimulator({ stateFile: bad })).rejects.toMatchObject({ code: 'ERR_CONFIG' });
  });
});
