import { getPublicSuffix } from 'tldts';
import type { Policy } from '../../policy/types.js';
import { canonicalHost } from '../urls/domains.js';
import { urlPolicy } from '../urls/lists.js';

/**
 * A QR code that leads to the province's own domains, to the allowed list, or to a host under a
 * protected zone whose registrations are restricted to one kind of organisation (a protected-list
 * entry that is itself a public suffix, such as gov.vn: only state bodies get names there) is what
 * official invitations print next to the text ("quét mã để xem tài liệu, đăng ký dự họp"), not a
 * quishing lure: the lure needs a page of the attacker's. Protected entries that are ordinary
 * domains (google.com, sharepoint.com) do not count: anyone can publish a form or a redirect there.
 * The link itself still goes through every URL check (lookalikes, lists) like any other.
 */
export function isKnownQrDestination(host: string, policy: Policy): boolean {
  const h = canonicalHost(host);
  if (h === '') return false;
  const p = urlPolicy(policy);
  if (p.local.match(h) !== undefined || p.allowed.match(h) !== undefined) return true;
  const suffix = getPublicSuffix(h) ?? '';
  return suffix.includes('.') && suffix !== h && p.protectedDomains.owned.match(suffix) === suffix;
}
