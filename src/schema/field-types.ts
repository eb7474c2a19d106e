// The JSON type a kind's schema wants at a pointer (`/spec/serviceId` -> `integer`), for typed
// interpolation: a `${env:…}` string may fill a number or boolean field. Local `$ref`s are followed;
// a field that also accepts a string (or whose type is unknown) is left alone.
import { hasOwn, own } from '../core/dict.js';

type Schema = Record<string, unknown>;

export type ScalarType = 'integer' | 'number' | 'boolean';

function resolve(root: Schema, node: unknown): Schema | undefined {
  let n = node as Schema | undefined;
  for (let hops = 0; n && typeof n.$ref === 'string' && hops < 16; hops++) {
    const ref = n.$ref as string;
    if (!ref.startsWith('#/')) return undefined;
    n = ref.slice(2).split('/').reduce<unknown>((v, k) => (v && typeof v === 'object' ? own(v as Schema, k.replace(/~1/g, '/').replace(/~0/g, '~')) : undefined), root) as Schema | undefined;
  }
  return n && typeof n === 'object' ? n : undefined;
}

/** The scalar type the schema requires at `pointer` (document pointer), or undefined when it also takes strings or is unknown. */
export function scalarTypeAt(root: Readonly<Schema>, pointer: string): ScalarType | undefined {
  let node: Schema | undefined = root as Schema;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = resolve(root as Schema, node);
    if (!node) return undefined;
    const props = node.properties as Schema | undefined;
    // Own properties only: a manifest key `constructor` is no member of the schema's properties.
    if (props && hasOwn(props, seg)) node = own(props, seg) as Schema;
    else if (/^\d+$/.test(seg) && node.items && typeof node.items === 'object') node = node.items as Schema;
    else if (node.additionalProperties && typeof node.additionalProperties === 'object') node = node.additionalProperties as Schema;
    else return undefined;
  }
  node = resolve(root as Schema, node);
  const t = node?.type;
  const types = Array.isArray(t) ? t : [t];
  if (types.includes('string') || types.some((x) => typeof x !== 'string')) return undefined;
  if (types.every((x) => x === 'integer')) return 'integer';
  if (types.every((x) => x === 'integer' || x === 'number')) return 'number';
  if (types.every((x) => x === 'boolean')) return 'boolean';
  return undefined;
}
