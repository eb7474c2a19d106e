// Resource addresses `Kind/name`: the one key used to sort and reference resources everywhere.

export type Address = string;

export function formatAddress(kind: string, name: string): Address {
  return `${kind}/${name}`;
}

/** Splits `Kind/name` at the first slash (names may contain dots, not slashes). */
export function parseAddress(address: string): { kind: string; name: string } | undefined {
  const i = address.indexOf('/');
  if (i <= 0 || i === address.length - 1) return undefined;
  return { kind: address.slice(0, i), name: address.slice(i + 1) };
}

export function compareAddress(a: Address, b: Address): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
