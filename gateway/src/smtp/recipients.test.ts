import { describe, expect, it } from 'vitest';
import { domainOf, isLocalRecipient } from './recipients.js';

describe('isLocalRecipient', () => {
  const local = ['lachan.test', '*.tinh.lachan.test'];
  it('accepts a local domain in any case', () => {
    expect(isLocalRecipient('An@LaChan.Test', local)).toBe(true);
  });
  it('refuses other domains, so the gateway is never an open relay', () => {
    expect(isLocalRecipient('x@example.com', local)).toBe(false);
    expect(isLocalRecipient('x@evil-lachan.test', local)).toBe(false);
    expect(isLocalRecipient('x@sub.lachan.test', local)).toBe(false);
    expect(isLocalRecipient('no-at-sign', local)).toBe(false);
    expect(isLocalRecipient('x@lachan.test@example.com', local)).toBe(false);
  });
  it('accepts subdomains only through a wildcard entry', () => {
    expect(isLocalRecipient('x@so.tinh.lachan.test', local)).toBe(true);
    expect(isLocalRecipient('x@tinh.lachan.test', local)).toBe(false);
  });
  it('compares internationalised domains in punycode', () => {
    expect(domainOf('a@bộ.lachan.test')).toBe('xn--b-8xm.lachan.test');
    expect(isLocalRecipient('a@bộ.lachan.test', ['xn--b-8xm.lachan.test'])).toBe(true);
  });
});
