// The descriptor of one SCP kind: its handler and when a tracked change of it has become visible,
// behind one object the provider's registry (../index.ts) lists, one line per kind.
import type { KindHandler } from '../../../engine/provider.js';
import type { HttpClient } from '../../../http/types.js';
import type { ChangeVisible } from './requests.js';

export interface ScpKind {
  /** The manifest kind, as its schema names it. */
  readonly kind: string;
  /** The handler: observe, listOwned and the pure operation builders (see KindHandler). */
  handler(http: HttpClient): KindHandler;
  /** Whether the settled cluster shows the change a tracked call of this kind asked for. */
  readonly changeVisible: ChangeVisible;
}
