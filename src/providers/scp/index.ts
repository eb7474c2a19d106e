// The `scp` provider (Samsung Cloud Platform Cache Store API 1.0) over one signed HttpClient: its kind
// registry (one descriptor per line, from kinds/<kind>/), the execute and the polls of tracked calls.
import type { ActionStatus, Provider } from '../../engine/provider.js';
import type { HttpClient, HttpClientOptions } from '../../http/types.js';
import { goValuesEncode } from './common/go-url.js';
import { scpHandler, type ScpKind } from './common/kind.js';
import { scpSigner } from './common/signature.js';
import { executeScp, pollOne } from './common/requests.js';
import { cacheStore } from './kinds/cache-store/index.js';

/** The SCP kinds. Adding a kind = its folder kinds/<kind>/ and one line here. */
const KINDS: readonly ScpKind[] = [
  cacheStore,
];

/**
 * How the SCP API's HttpClient sends and signs, as the official SDK does (docs/providers/scp.md): the
 * query in Go's url.Values.Encode() form, the endpoint as configured (host case, explicit port), and the
 * `Scp-*` headers signed over that very URL, `SCP_ACCOUNT_ID` included.
 */
export function scpClientOptions(keys: { accessKey: string; secretKey: string; accountId?: string; now?: () => number }): Pick<HttpClientOptions, 'signer' | 'encodeQuery' | 'verbatimEndpoint'> {
  return {
    signer: scpSigner(keys.accessKey, keys.secretKey, keys.now, keys.accountId ?? ''),
    encodeQuery: goValuesEncode,
    verbatimEndpoint: true,
  };
}

export function createScpProvider(opts: { http: HttpClient }): Provider {
  const { http } = opts;
  const handlers = new Map(KINDS.map((k) => [k.kind, scpHandler(k, http)] as const));
  // A tracked ref names its cluster, not its kind: the Cache Store API has no other resource.
  const visible = cacheStore.changeVisible;
  return {
    name: 'scp',
    kinds: () => [...handlers.keys()],
    handler: (kind) => handlers.get(kind),
    execute: (op, signal) => executeScp(http, op, signal),
    async pollActions(refs, signal) {
      const out = new Map<string, ActionStatus>();
      // One cluster at a time is all the engine ever sends per change; polls stay sequential.
      for (const ref of refs) {
        const s = await pollOne(http, ref, visible, signal);
        if (s) out.set(ref.id, s);
      }
      return out;
    },
    requestCount: () => http.requestCount,
  };
}
