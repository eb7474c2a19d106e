// The origin of a manifest set: which repository and folder its Stack lives in, written at create as the
// `caretaker-origin` tag beside the ownership tag, so that two manifest sets using one stack name see
// each other's resources as foreign instead of silently undoing each other. Read from the environment
// and the Git work tree only (no network, no git binary); credentials in a remote URL are never kept.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * The repository of a remote URL without host, credentials or `.git`: `https://tok@github.com/acme/p.git`,
 * `git@github.com:acme/p.git` and `ssh://git@host:22/acme/p` all give `acme/p`. Undefined when unreadable.
 */
export function repositoryOf(url: string): string | undefined {
  const u = url.trim();
  let rest: string;
  const scp = /^[^/@\s]+@[^:/\s]+:(.+)$/.exec(u);
  if (scp) rest = scp[1]!;
  else {
    const m = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/.*)?$/i.exec(u);
    if (!m) return undefined;
    rest = m[1] ?? '';
  }
  const repo = rest.replace(/[?#].*$/, '').replace(/^\/+|\/+$/g, '').replace(/\.git$/, '');
  return repo === '' ? undefined : repo;
}

/** The `url` of `[remote "origin"]` in a Git config file's text. */
export function originRemote(config: string): string | undefined {
  let inOrigin = false;
  for (const line of config.split(/\r?\n/)) {
    const section = /^\s*\[\s*([^\]]+?)\s*\]/.exec(line);
    if (section) {
      inOrigin = /^remote\s+"origin"$/.test(section[1]!);
      continue;
    }
    const kv = inOrigin ? /^\s*url\s*=\s*(.+?)\s*$/.exec(line) : null;
    if (kv) return kv[1];
  }
  return undefined;
}

/** The nearest directory at or above `dir` holding `.git` (a work tree root), or undefined. */
async function workTreeRoot(dir: string): Promise<string | undefined> {
  for (let d = dir; ; d = path.dirname(d)) {
    if (await stat(path.join(d, '.git')).catch(() => undefined)) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

/**
 * The origin of the Stack file `stackFile` (absolute): `CARETAKER_ORIGIN` when set; else, inside a Git
 * work tree, `<repository>:<folder of the Stack relative to the work tree>` where the repository is
 * `GITHUB_REPOSITORY`, `CI_PROJECT_PATH` or the `origin` remote (without host or credentials), and the
 * folder alone when none is known; undefined outside a work tree (then no origin tag is written).
 */
export async function stackOrigin(stackFile: string, env: Record<string, string | undefined>): Promise<string | undefined> {
  const explicit = env.CARETAKER_ORIGIN?.trim();
  if (explicit) return explicit;
  const root = await workTreeRoot(path.dirname(stackFile));
  if (!root) return undefined;
  const folder = path.relative(root, path.dirname(stackFile)).split(path.sep).join('/') || '.';
  let repo = env.GITHUB_REPOSITORY?.trim() || env.CI_PROJECT_PATH?.trim() || undefined;
  if (!repo) {
    const config = await readFile(path.join(root, '.git', 'config'), 'utf8').catch(() => '');
    const url = originRemote(config);
    repo = url ? repositoryOf(url) : undefined;
  }
  return repo ? `${repo}:${folder}` : folder;
}
