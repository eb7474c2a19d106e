// Types of the desired state read from manifest files. Values interpolated from ${env:…}/${file:…}
// are Secret instances inside `spec` (see core/secret.ts).
import type { SourcePos, SourceRange } from '../core/diagnostics.js';

/** Finds the source range of a value inside one YAML document by JSON pointer (`/spec/diskSize`). */
export interface SourceMap {
  rangeOf(pointer: string): SourceRange | undefined;
  /** Range of the key itself (for unknown-field errors); falls back to the value's range. */
  keyRangeOf(pointer: string): SourceRange | undefined;
  /** Where the character at `offset` of the string value at `pointer` is written (e.g. a CEL error's position). */
  positionIn?(pointer: string, offset: number): SourcePos | undefined;
}

/** One parsed YAML document, before validation. `value` is plain JSON data (no Secrets). */
export interface ManifestDocument {
  file: string;
  /** 0-based index of the document inside its file. */
  index: number;
  value: unknown;
  sourceMap: SourceMap;
}

export interface Lifecycle {
  preventDestroy: boolean;
  /** Spec field paths to never diff, as written: `spec.nodeSizing` (stored as pointers `/nodeSizing`). */
  ignoreChanges: string[];
  /** `lifecycle.release: true`: plan the action `release` (remove the ownership tag, keep the resource). */
  release?: boolean;
  /** `lifecycle.adopt: false`: an untagged live resource is observed, never tagged (default true). */
  adopt?: boolean;
  /** Acknowledged drift: `{path: '/nodeSizing' (pointer in spec), written: 'spec.nodeSizing', reason, until: 'YYYY-MM-DD'}`. */
  ignoreDrift?: IgnoreDrift[];
}

export interface IgnoreDrift {
  /** JSON pointer inside `spec`. */
  path: string;
  /** As written: `spec.nodeSizing`. */
  written: string;
  reason: string;
  /** Last day (UTC) the acknowledgement holds, `YYYY-MM-DD`. */
  until: string;
}

/** A reference from one resource to another: `{ ref: Kind/name }` at `pointer` in the spec. */
export interface Reference {
  target: string;
  /** JSON pointer inside `spec` of the `{ref}` object, e.g. `/cluster`. */
  pointer: string;
  range?: SourceRange;
}

/** A validated resource document with the stack defaults merged under its spec. */
export interface ResourceManifest {
  kind: string;
  name: string;
  /** `Kind/name`. */
  address: string;
  /** Provider that manages the kind (`itcare` | `scp`). */
  provider: string;
  /** Spec with defaults merged; interpolated values are Secrets; `{ref}` objects are kept as is. */
  spec: Record<string, unknown>;
  lifecycle: Lifecycle;
  references: Reference[];
  file: string;
  /** 0-based index of the resource's document inside `file` (every document counted, empty ones too). */
  documentIndex?: number;
  sourceMap: SourceMap;
}

export interface StackManifest {
  name: string;
  provider: { itcare?: { endpoint?: string }; scp?: { endpoint?: string } };
  defaults: Record<string, unknown>;
  prune: boolean;
  changeReference?: string;
  file: string;
  /**
   * Where this manifest set lives: repository and path of the Stack file (`acme/platform:stacks/orders/stack.yaml`),
   * when known. Written at create as the `caretaker-origin` tag.
   */
  origin?: string;
}

export interface ManifestSet {
  stack: StackManifest;
  /** sha256 (hex) of the bytes of every file read, by printed name: what `drift --accept` checks before it writes. */
  digests?: Record<string, string>;
  /** Sorted by address. */
  resources: ResourceManifest[];
  /** Every file read, sorted. */
  files: string[];
  /** Number of non-empty YAML documents read (the Stack included). */
  documentCount: number;
}
