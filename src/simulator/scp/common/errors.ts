// The SCP error answers. The seed documents no error body ("None" in every error row, e.g.
// `003:82-84`); for 400 we answer the SDK's `ValidationErrorModel[]` (`{loc, msg, type_, ctx}`, digest
// §1.4), for 401/403/404 a small `{code, message}` object so that a client log says why (choice [SIM]).
// No message ever contains a secret.
import { SimHttpError, type Reply } from '../../reply.js';

export interface ValidationErrorItem {
  loc: string[] | null;
  msg: string | null;
  type_: string | null;
  ctx: Record<string, unknown> | null;
}

/** 400 with one or more ValidationErrorModel items. */
export function invalid(items: ValidationErrorItem[]): SimHttpError {
  return new SimHttpError(400, items, items.map((i) => i.msg).join('; '));
}

/** 400 for one field: `loc` is the path, e.g. ['body', 'instance_groups', '0', 'role_type']. */
export function fieldInvalid(loc: (string | number)[], msg: string, type = 'value_error'): SimHttpError {
  return invalid([{ loc: loc.map(String), msg, type_: type, ctx: null }]);
}

export function scpNotFound(what: string, id: string): SimHttpError {
  return new SimHttpError(404, { code: 'NOT_FOUND', message: `${what} ${id} not found` });
}

export const JSON_TYPE = { 'content-type': 'application/json' };

export function ok(body: unknown, status = 200): Reply {
  return { status, body, headers: JSON_TYPE };
}
