// The origin of a manifest set (issue 22 item 8): CARETAKER_ORIGIN, else repository and folder of the
// Stack inside a Git work tree, with no credential of a remote URL ever kept.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { originRemote, repositoryOf, stackOrigin } from '../../../src/manifest/origin.js';

describe('repositoryOf', () => {
  const cases: Record<string, { reason: string; url: string; want: string | undefined }> = {
    Https: { reason: 'host and .git dropped', url: 'https://github.com/acme/platform.git', want: 'acme/platform' },
    Token: { reason: 'a token in the URL is never kept', url: 'https://x-access-token:ghs_SECRET123@github.com/acme/platform', want: 'acme/platform' },
    Scp: { reason: 'scp-like SSH form', url: 'git@gitlab.example.com:group/sub/project.git', want: 'group/sub/project' },
    Ssh: { reason: 'ssh URL with a port', url: 'ssh://git@host:2222/acme/platform.git', want: 'acme/platform' },
    Local: { reason: 'a local path has no repository name', url: '/srv/git/platform', want: undefined },
  };
  it.each(Object.entries(cases))('%s', (_n, c) => expect(repositoryOf(c.url), c.reason).toBe(c.want));
});

describe('originRemote', () => {
  it('reads the url of [remote "origin"] only', () => {
    const config = '[core]\n\tbare = false\n[remote "upstream"]\n\turl = https://github.com/other/x\n[remote "origin"]\n\turl = git@github.com:acme/platform.git\n\tfetch = +refs/heads/*\n';
    expect(originRemote(config)).toBe('git@github.com:acme/platform.git');
    expect(originRemote('[core]\n')).toBeUndefined();
  });
});

describe('stackOrigin', () => {
  const root = mkdtempSync(join(tmpdir(), 'caretaker-origin-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const repo = join(root, 'repo');
  mkdirSync(join(repo, '.git'), { recursive: true });
  mkdirSync(join(repo, 'stacks', 'orders'), { recursive: true });
  writeFileSync(join(repo, '.git', 'config'), '[remote "origin"]\n\turl = https://user:p4ss@github.com/acme/platform.git\n');
  const stack = join(repo, 'stacks', 'orders', 'stack.yaml');

  it('repository (from the origin remote) and folder of the Stack', async () => {
    expect(await stackOrigin(stack, {})).toBe('acme/platform:stacks/orders');
  });
  it('the CI\'s repository variables win over the remote', async () => {
    expect(await stackOrigin(stack, { GITHUB_REPOSITORY: 'acme/gh' })).toBe('acme/gh:stacks/orders');
    expect(await stackOrigin(stack, { CI_PROJECT_PATH: 'acme/gl' })).toBe('acme/gl:stacks/orders');
  });
  it('CARETAKER_ORIGIN wins over everything', async () => {
    expect(await stackOrigin(stack, { CARETAKER_ORIGIN: 'manual', GITHUB_REPOSITORY: 'acme/gh' })).toBe('manual');
  });
  it('the folder alone when no repository is known, and nothing outside a work tree', async () => {
    const bare = join(root, 'bare');
    mkdirSync(join(bare, '.git'), { recursive: true });
    mkdirSync(join(bare, 'a'), { recursive: true });
    expect(await stackOrigin(join(bare, 'a', 'stack.yaml'), {})).toBe('a');
    expect(await stackOrigin(join(bare, 'stack.yaml'), {})).toBe('.');
    const outside = mkdtempSync(join(tmpdir(), 'caretaker-no-git-'));
    expect(await stackOrigin(join(outside, 'stack.yaml'), {})).toBeUndefined();
    rmSync(outside, { recursive: true, force: true });
  });
});
