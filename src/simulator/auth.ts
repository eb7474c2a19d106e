// OAuth2 client-credentials token endpoint (ITCARE-API §1.2, `001:697-714`) and bearer checks for
// /itcare routes. Tokens are random, kept in memory only (never saved with the state).
import { randomBytes } from 'node:crypto';
import type { Reply } from './reply.js';

export interface AuthOptions {
  clientId: string;
  clientSecret: string;
  tokenTtlSeconds: number;
  staticTokens: string[];
  /** Static tokens that stand for a named user (the principal shown as `submittedBy`). */
  tokenUsers?: Record<string, string>;
}

interface Issued {
  principal: string;
  expiresAt: number;
}

export class TokenStore {
  readonly #opts: AuthOptions;
  readonly #access = new Map<string, Issued>();
  readonly #refresh = new Map<string, Issued>();

  constructor(opts: AuthOptions) {
    this.#opts = opts;
  }

  /**
   * `POST .../openid-connect/token`. Client credentials come from `Authorization: Basic` or, as
   * Keycloak also allows, `client_id`/`client_secret` form fields. Accepted grants:
   * `client_credentials` (also with a `refresh_token` field, exactly as the docs' refresh sample
   * sends it, `001:713`) and the standard `refresh_token`.
   */
  issue(authorization: string | undefined, formBody: string, now: number): Reply {
    const form = new URLSearchParams(formBody);
    const creds = basicCredentials(authorization) ?? {
      id: form.get('client_id') ?? '', secret: form.get('client_secret') ?? '',
    };
    if (creds.id !== this.#opts.clientId || creds.secret !== this.#opts.clientSecret) {
      return { status: 401, body: { error: 'unauthorized_client', error_description: 'Invalid client or Invalid client credentials' } };
    }
    const grant = form.get('grant_type');
    if (grant === 'refresh_token') {
      const rt = this.#refresh.get(form.get('refresh_token') ?? '');
      if (!rt || rt.expiresAt <= now) {
        return { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid refresh token' } };
      }
    } else if (grant !== 'client_credentials') {
      return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'Unsupported grant_type' } };
    }
    this.#purge(now);
    const ttl = this.#opts.tokenTtlSeconds;
    const refreshTtl = ttl * 6; // 1200 s -> 7200 s, the documented pair (`001:703-709`)
    const accessToken = randomBytes(24).toString('base64url');
    const refreshToken = randomBytes(24).toString('base64url');
    this.#access.set(accessToken, { principal: creds.id, expiresAt: now + ttl * 1000 });
    this.#refresh.set(refreshToken, { principal: creds.id, expiresAt: now + refreshTtl * 1000 });
    return {
      status: 200,
      headers: { 'cache-control': 'no-store', 'content-type': 'application/json' },
      body: { access_token: accessToken, expires_in: ttl, refresh_expires_in: refreshTtl, refresh_token: refreshToken, token_type: 'bearer' },
    };
  }

  /** The caller's principal for a valid `Bearer` header, or undefined (-> 401, empty body). */
  authenticate(authorization: string | undefined, now: number): string | undefined {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!m) return undefined;
    const token = m[1]!;
    const user = this.#opts.tokenUsers?.[token];
    if (user !== undefined) return user;
    if (this.#opts.staticTokens.includes(token)) return 'static-token';
    const t = this.#access.get(token);
    return t && t.expiresAt > now ? t.principal : undefined;
  }

  /** Invalidates every issued access and refresh token; static tokens stay valid. */
  expireAll(): void {
    this.#access.clear();
    this.#refresh.clear();
  }

  #purge(now: number): void {
    for (const [k, v] of this.#access) if (v.expiresAt <= now) this.#access.delete(k);
    for (const [k, v] of this.#refresh) if (v.expiresAt <= now) this.#refresh.delete(k);
  }
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const m = /^Basic\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return undefined;
  return { id: decoded.slice(0, i), secret: decoded.slice(i + 1) };
}
