// Test helper: writes a tree of files into a fresh temporary directory (removed by the caller).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestDir {
  dir: string;
  remove(): void;
}

/** `files` maps relative paths to contents; a leading newline in a content is dropped for readability. */
export function testdir(files: Record<string, string>): TestDir {
  const dir = mkdtempSync(path.join(tmpdir(), 'caretaker-manifest-'));
  for (const [rel, content] of Object.entries(files)) {
    const full = path.join(dir, rel);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content.replace(/^\n/, ''));
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
