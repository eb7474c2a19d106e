// Registry of providers: provider name (manifest `provider`, schema `x-provider`) -> factory.
import type { HttpClient } from '../http/types.js';
import type { Provider } from '../engine/provider.js';
import { createItcareProvider } from './itcare/index.js';
import { createScpProvider } from './scp/index.js';

/** Builds a provider over an already configured HttpClient (auth, base URL, retry live there). */
export type ProviderFactories = Record<string, (cfg: { http: HttpClient; batchPolls?: boolean; dryRunHonoured?: readonly string[] }) => Provider>;

export const providerFactories: ProviderFactories = {
  itcare: createItcareProvider,
  scp: createScpProvider,
};
