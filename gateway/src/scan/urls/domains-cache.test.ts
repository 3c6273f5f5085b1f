import { describe, expect, it } from 'vitest';
import { getDomain } from 'tldts';
import { bareHost, canonicalHost, ipFamily, registrableDomain } from './domains.js';

/**
 * canonicalHost and registrableDomain keep their answers by the string given (a bounded cache):
 * the answers, first asked or cached, are what the uncached forms (written out here as they were)
 * give. A difference here is a change of output.
 */

function oldCanonicalHost(host: string): string {
  const bare = bareHost(host.trim());
  if (bare === '') return '';
  try {
    const wrapped = bare.includes(':') ? `[${bare}]` : bare;
    return bareHost(new URL(`http://${wrapped}/`).hostname);
  } catch {
    return '';
  }
}

function oldRegistrableDomain(host: string): string {
  if (host === '' || ipFamily(host) !== 0) return host;
  return getDomain(host) ?? host;
}

/** A fixed-seed generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PIECES = ['a', 'B', 'xn--', 'bü', '.', '.', '-', '0', '1', '192', '0x1f', ':', '[', ']', ' ', '%', '_', 'com', 'vn', 'gov', 'co.uk', 'ｅ', '\u200b', '@', '/'];

describe('canonicalHost and registrableDomain with their caches', () => {
  it('answer as the uncached forms, the first time and when cached', () => {
    const next = random(7);
    const hosts: string[] = ['', 'Example.COM.', '[::1]', '3232235777', 'bücher.de', 'a'.repeat(300) + '.com', 'x.github.io'];
    for (let i = 0; i < 6000; i++) {
      let h = '';
      const n = 1 + Math.floor(next() * 8);
      for (let k = 0; k < n; k++) h += PIECES[Math.floor(next() * PIECES.length)]!;
      hosts.push(h);
    }
    for (let round = 0; round < 2; round++) {
      for (const h of hosts) {
        const canonical = oldCanonicalHost(h);
        expect(canonicalHost(h), JSON.stringify(h)).toBe(canonical);
        expect(registrableDomain(canonical), JSON.stringify(canonical)).toBe(oldRegistrableDomain(canonical));
        expect(registrableDomain(h), JSON.stringify(h)).toBe(oldRegistrableDomain(h));
      }
    }
  });
});
