import { createHash } from 'node:crypto';

/** steward's namespace for the ids it derives (a UUID v4 picked once; never change it, or re-runs get new ids). */
const STEWARD_NAMESPACE = Buffer.from('4f1c2a7e9b3d4e5fa6c7d8e9f0a1b2c3', 'hex');

/**
 * A UUID v5 (RFC 9562: SHA-1 of a namespace and a name): the same name always gives the same id, so a re-run of
 * a migration writes the same ids and upserts instead of adding rows.
 */
export function uuidV5(name: string, namespace: Buffer = STEWARD_NAMESPACE): string {
  const hash = createHash('sha1').update(namespace).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
