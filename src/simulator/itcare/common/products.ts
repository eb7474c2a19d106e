// `GET /itcare/compute/platform/products?type=` (ITCARE-API §10.5, `001:4336-4400`): the product
// catalogue, made of the products the registered kinds declare. A `type` (case-insensitive) keeps
// the products of that type; a type no kind declares answers an empty list.
import { json } from '../../reply.js';
import type { Router } from '../../router.js';
import type { ItcareKind } from './kind.js';

export function registerProducts(router: Router, kinds: readonly ItcareKind[]): void {
  router.get('/itcare/compute/platform/products', (ctx) => {
    const type = ctx.query.get('type');
    const offered = kinds.filter((k) => k.products && (!type || k.products.type === type.toUpperCase()));
    return json(200, offered.flatMap((k) => k.products!.list()));
  });
}
