// SCP request signing as the simulator checks it (SCP-CACHESTORE-API.md §2; the seed `003` shows the
// six `Scp-*` headers on every operation, e.g. `003:88-94`, but does not explain the signature):
// Base64(HMAC-SHA256(secret, METHOD + absoluteUrl + timestamp + accessKey + accountId + clientType)).
// Written from the digest's description, sharing no code with the provider.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { withCanonicalQuery } from './canonical.js';

/** Demo key pair the simulator accepts by default (`--simulator` signs with these). Not a secret. */
export const SCP_SIM_ACCESS_KEY = 'caretaker-sim-access-key';
export const SCP_SIM_SECRET_KEY = 'caretaker-sim-secret-key';
/** The `Scp-ClientType` value the SDK always sends (`003:92`). */
export const SCP_CLIENT_TYPE = 'Openapi';
/** The only API version of the seed (`003:94`, "cachestore 1.0"). */
export const SCP_API_VERSION = 'cachestore 1.0';

export interface SignatureInput {
  method: string;
  /** The absolute URL exactly as sent: scheme://host/path[?rawQuery]. */
  url: string;
  /** Epoch milliseconds as a decimal string (the `Scp-Timestamp` value). */
  timestamp: string;
  accessKey: string;
  /** `Scp-AccountId`; the SDK sends the empty string. */
  accountId?: string;
  clientType?: string;
  secretKey: string;
}

/** The message that is signed: plain concatenation, no separators (digest §2 step 3). */
export function signatureMessage(i: Omit<SignatureInput, 'secretKey'>): string {
  return `${i.method.toUpperCase()}${i.url}${i.timestamp}${i.accessKey}${i.accountId ?? ''}${i.clientType ?? SCP_CLIENT_TYPE}`;
}

/** The `Scp-Signature` value: standard Base64 of the 32-byte HMAC-SHA256 digest. */
export function scpSignature(i: SignatureInput): string {
  return createHmac('sha256', Buffer.from(i.secretKey, 'utf8')).update(signatureMessage(i), 'utf8').digest('base64');
}

export interface VerifyOptions {
  /** Accepted key pairs: access key -> secret key. */
  keys: ReadonlyMap<string, string>;
  /** Reject timestamps further than this from `now` (ms); undefined or 0 = no skew check (digest ⚠A5). */
  maxSkewMs?: number;
  /**
   * Check the signature over the URL with its query in canonical form (canonical.ts), as a server that
   * rebuilds the query before checking would: a client that signs another form of the query is refused.
   */
  canonicalQuery?: boolean;
  now: number;
}

/** `20 min 3 s`: a skew for a message. */
function minutes(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)} min${s % 60 === 0 ? '' : ` ${s % 60} s`}` : `${s} s`;
}

export type VerifyResult = { ok: true; accessKey: string } | { ok: false; reason: string };

type HeaderBag = Record<string, string | string[] | undefined>;

function header(h: HeaderBag, name: string): string | undefined {
  const v = h[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Verifies a request: the four signed headers present, `Scp-ClientType: Openapi`, the access key known,
 * the timestamp a decimal epoch-ms (within the skew when one is configured), and the signature equal to
 * the one rebuilt from `method`, `http://<Host><rawPathAndQuery>` (its query canonical with
 * `canonicalQuery`) and the headers. The reason never contains the secret or the expected signature.
 */
export function verifyScpRequest(method: string, absoluteUrl: string, headers: HeaderBag, opts: VerifyOptions): VerifyResult {
  const accessKey = header(headers, 'scp-accesskey');
  const signature = header(headers, 'scp-signature');
  const timestamp = header(headers, 'scp-timestamp');
  const clientType = header(headers, 'scp-clienttype');
  const missing = [['Scp-AccessKey', accessKey], ['Scp-Signature', signature], ['Scp-Timestamp', timestamp], ['Scp-ClientType', clientType]]
    .filter(([, v]) => v === undefined || v === '').map(([n]) => n);
  if (missing.length > 0) return { ok: false, reason: `missing header(s): ${missing.join(', ')}` };
  // The SDK's only client type (`003:92`); a value is named only when it is a plain word.
  if (clientType !== SCP_CLIENT_TYPE) {
    return { ok: false, reason: `Scp-ClientType must be ${SCP_CLIENT_TYPE}${/^[\w.-]{1,32}$/.test(clientType!) ? ` (got ${clientType})` : ''}` };
  }
  const secret = opts.keys.get(accessKey!);
  if (secret === undefined) return { ok: false, reason: 'unknown access key' };
  if (!/^\d{1,16}$/.test(timestamp!)) return { ok: false, reason: 'Scp-Timestamp must be epoch milliseconds' };
  const skew = Number(timestamp) - opts.now;
  if (opts.maxSkewMs && Math.abs(skew) > opts.maxSkewMs) {
    return {
      ok: false,
      reason: `Scp-Timestamp is ${minutes(Math.abs(skew))} ${skew > 0 ? 'ahead of' : 'behind'} the server clock (allowed ±${minutes(opts.maxSkewMs)}): ` +
        'check the clock of the machine that signs (NTP)',
    };
  }
  const signed = opts.canonicalQuery ? withCanonicalQuery(absoluteUrl) : absoluteUrl;
  if (signed === undefined) return { ok: false, reason: 'the query string cannot be parsed (a malformed % escape or a ;)' };
  const expected = scpSignature({
    method, url: signed, timestamp: timestamp!, accessKey: accessKey!,
    accountId: header(headers, 'scp-accountid') ?? '', clientType: clientType!, secretKey: secret,
  });
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(signature!, 'utf8');
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    const why = signed !== absoluteUrl ? ': this server checks the query in canonical form (keys sorted, form-encoded as Go\'s url.Values.Encode), and the request\'s query is not in that form' : '';
    return { ok: false, reason: `signature mismatch${why}` };
  }
  return { ok: true, accessKey: accessKey! };
}
