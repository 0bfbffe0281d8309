/**
 * Puts the signer's headers on a request, first removing any header of the same name in another
 * letter case (for instance `x-sdk-date` from a caller) so that exactly one copy goes on the wire.
 */
export function applySignedHeaders(target: Record<string, string>, added: Record<string, string>): void {
  const addedLower = new Set(Object.keys(added).map((name) => name.toLowerCase()));
  for (const name of Object.keys(target)) {
    if (addedLower.has(name.toLowerCase()) && !Object.hasOwn(added, name)) delete target[name];
  }
  Object.assign(target, added);
}
