import { describe, expect, it } from 'vitest';
import { createJsonEvents } from '../../../../src/views/json/events.js';
import { memoryTerminal } from '../../../../src/views/terminal.js';
import { applyRun } from '../apply-run.js';

describe('createJsonEvents', () => {
  it('writes one JSON object per event: type first, the event fields, then a timestamp', () => {
    const term = memoryTerminal();
    const events = createJsonEvents(term, { now: () => Date.UTC(2025, 0, 15, 10, 0, 0) });
    for (const e of applyRun) events.event(e);
    events.close();
    const lines = term.stdout().trimEnd().split('\n');
    expect(lines).toHaveLength(applyRun.length);
    lines.forEach((line, i) => {
      const parsed = JSON.parse(line);
      expect(Object.keys(parsed)[0]).toBe('type');
      expect(parsed).toEqual({ ...applyRun[i], timestamp: '2025-01-15T10:00:00.000Z' });
    });
  });

  it('stops writing after close', () => {
    const term = memoryTerminal();
    const events = createJsonEvents(term);
    events.close();
    events.event(applyRun[0]!);
    expect(term.stdout()).toBe('');
  });
});
