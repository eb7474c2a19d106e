// SCP request signing (digest §2, SDK client/signature_generator.go): HMAC-SHA256 over
// METHOD + absolute URL + timestamp (ms) + access key + account id + client type, Base64.
import { createHmac } from 'node:crypto';
import { registerSecret } from '../../../core/secret.js';
import type { RequestSigner } from '../../../http/types.js';

export const SCP_CLIENT_TYPE = 'Openapi';
export const SCP_API_VERSION = 'cachestore 1.0';

export interface SignInput {
  method: string;
  url: string;
  timestamp: string;
  accessKey: string;
  secretKey: string;
  accountId?: string;
}

/** The string that is signed: plain concatenation, no separators. */
export function signatureMessage(i: Omit<SignInput, 'secretKey'>): string {
  return `${i.method.toUpperCase()}${i.url}${i.timestamp}${i.accessKey}${i.accountId ?? ''}${SCP_CLIENT_TYPE}`;
}

export function scpSignature(i: SignInput): string {
  return createHmac('sha256', Buffer.from(i.secretKey, 'utf8')).update(signatureMessage(i), 'utf8').digest('base64');
}

/**
 * The per-attempt `Scp-*` headers, as the SDK's `SetupRequestHeader` sets them (a fresh timestamp on
 * every attempt, so a retry is signed anew). `accountId` (SCP_ACCOUNT_ID, default empty) is signed and
 * sent as `Scp-AccountId`, which the SDK sends even when empty.
 */
export function scpSigner(accessKey: string, secretKey: string, now: () => number = Date.now, accountId = ''): RequestSigner {
  // Scrubbed from every output like every other credential.
  registerSecret(secretKey);
  return {
    sign(method, url) {
      const timestamp = String(now());
      const signature = scpSignature({ method, url, timestamp, accessKey, secretKey, accountId });
      return {
        headers: {
          'Scp-AccessKey': accessKey,
          'Scp-Signature': signature,
          'Scp-Timestamp': timestamp,
          'Scp-ClientType': SCP_CLIENT_TYPE,
          'Scp-AccountId': accountId,
          'Scp-API-Version': SCP_API_VERSION,
          'Accept-Language': 'en-US',
          accept: 'application/json',
        },
        secrets: [signature, secretKey],
      };
    },
  };
}

/**
 * Why a value cannot be sent as the header `name` (undefined when it can): only visible ASCII, no
 * space, as a server could otherwise trim or refuse it and then check another signature. The message
 * names the position and code point, never the value (an access key is a credential).
 */
export function headerValueProblem(variable: string, name: string, value: string): string | undefined {
  for (let i = 0; i < value.length; i++) {
    const c = value.codePointAt(i)!;
    if (c < 0x21 || c > 0x7e) {
      const cp = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
      return `${variable} cannot be sent as the ${name} header: character ${i + 1} (${cp}) is not visible ASCII (a space, a control character or a non-ASCII letter)`;
    }
  }
  return undefined;
}
