import { randomFillSync } from 'node:crypto';
import { ulid } from 'ulid';

/**
 * ULIDs for sessions, messages and spool files. The ulid package asks the system for one random
 * byte per character (16 calls per id); on the mail path that showed up in profiles, so the
 * randomness comes from a pool refilled 4 KiB at a time instead. Same format, same entropy.
 */
const pool = Buffer.alloc(4096);
let offset = pool.length;

function pooledPrng(): number {
  if (offset >= pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  return pool[offset++]! / 256;
}

export function newId(): string {
  return ulid(undefined, pooledPrng);
}
