import { describe, expect, it } from 'vitest';
import { seededRandom as random } from '../../../test/support/seeded.js';
import { canonicalHost, domainOf, hostOf, registrableDomain } from './domains.js';

/**
 * canonicalHost and registrableDomain keep their answers by the string given (a bounded cache):
 * the answers, first asked or cached, are what the uncached forms (hostOf, domainOf) give. A
 * difference here is a change of output.
 */

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
        const canonical = hostOf(h);
        expect(canonicalHost(h), JSON.stringify(h)).toBe(canonical);
        expect(registrableDomain(canonical), JSON.stringify(canonical)).toBe(domainOf(canonical));
        expect(registrableDomain(h), JSON.stringify(h)).toBe(domainOf(h));
      }
    }
  });
});
