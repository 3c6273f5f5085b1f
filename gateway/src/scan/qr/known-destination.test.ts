import { describe, expect, it } from 'vitest';
import { makePolicy } from '../test-helpers.js';
import { isKnownQrDestination } from './known-destination.js';

describe('QR codes to official sites', () => {
  const policy = makePolicy({
    localDomains: ['lachan.test'],
    lists: {
      protected_domains: { type: 'domain', entries: ['gov.vn', 'dichvucong.gov.vn', 'google.com', 'sharepoint.com', 'vietcombank.com.vn'] },
      allowed_domains: { type: 'domain', entries: ['doitac.example'] },
    },
  });

  it('counts the local domains, the allowed list and hosts under a protected public suffix (gov.vn)', () => {
    for (const host of ['mail.lachan.test', 'www.doitac.example', 'dichvucong.gov.vn', 'sotttt.thanhhoa.gov.vn', 'DICHVUCONG.GOV.VN']) {
      expect(isKnownQrDestination(host, policy), host).toBe(true);
    }
  });

  it('does not count protected ordinary domains anyone can publish on, look-alikes, or other hosts', () => {
    for (const host of ['docs.google.com', 'tenant.sharepoint.com', 'vietcombank.com.vn', 'dichvucong-gov.vn', 'gov.vn', 'gov-vn.com', 'login.example', '203.0.113.7', '']) {
      expect(isKnownQrDestination(host, policy), host).toBe(false);
    }
  });
});
