import { domainToASCII } from 'node:url';

/** The domain part of an address, lower-case ASCII (IDN → punycode); '' when there is none. */
export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 0) return '';
  const domain = address.slice(at + 1).replace(/\.$/, '').toLowerCase();
  return domainToASCII(domain) || '';
}

/**
 * Whether mail for `address` may enter: its domain is one of the local domains, or falls under a
 * wildcard entry ('*.tinh.gov.vn' accepts every subdomain of tinh.gov.vn, not tinh.gov.vn itself).
 * Anything else is refused: the gateway is never an open relay.
 */
export function isLocalRecipient(address: string, localDomains: readonly string[]): boolean {
  const domain = domainOf(address);
  if (!domain) return false;
  for (const entry of localDomains) {
    if (entry.startsWith('*.')) {
      if (domain.endsWith(entry.slice(1))) return true;
    } else if (domain === entry) {
      return true;
    }
  }
  return false;
}
