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

/** The per-attempt `Scp-*` headers (a fresh timestamp on every attempt, so a retry is signed anew). */
export function scpSigner(accessKey: string, secretKey: string, now: () => number = Date.now): RequestSigner {
  // Scrubbed from every output like every other credential.
  registerSecret(secretKey);
  return {
    sign(method, url) {
      const timestamp = String(now());
      const signature = scpSignature({ method, url, timestamp, accessKey, secretKey });
      return {
        headers: {
          'Scp-AccessKey': accessKey,
          'Scp-Signature': signature,
          'Scp-Timestamp': timestamp,
          'Scp-ClientType': SCP_CLIENT_TYPE,
          'Scp-AccountId': '',
          'Scp-API-Version': SCP_API_VERSION,
          'Accept-Language': 'en-US',
          accept: 'application/json',
        },
        secrets: [signature, secretKey],
      };
    },
  };
}
