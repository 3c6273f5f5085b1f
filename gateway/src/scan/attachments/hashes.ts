import type { Policy } from '../../policy/types.js';

/**
 * SHA-256 lookups in the policy's hash lists. Entries may be written in any case and carry a
 * trailing name after whitespace ("<sha256>  invoice.exe"); only 64-hex entries count.
 */
export interface HashIndex {
  /** Names of the lists that hold this SHA-256. */
  lookup(sha256: string): string[];
}

const cache = new WeakMap<Policy, HashIndex>();

export function hashIndex(policy: Policy): HashIndex {
  const cached = cache.get(policy);
  if (cached) return cached;
  const byHash = new Map<string, string[]>();
  for (const list of policy.lists.values()) {
    if (list.type !== 'hash') continue;
    for (const entry of list.entries) {
      const hex = entry.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
      if (!/^[0-9a-f]{64}$/.test(hex)) continue;
      const names = byHash.get(hex) ?? [];
      if (!names.includes(list.name)) names.push(list.name);
      byHash.set(hex, names);
    }
  }
  const index: HashIndex = { lookup: (sha) => byHash.get(sha.toLowerCase()) ?? [] };
  cache.set(policy, index);
  return index;
}
