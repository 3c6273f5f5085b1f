import { describe, expect, it } from 'vitest';
import { shippedPolicyVerdicts, singlePartMail } from './shipped-verdict.js';

/**
 * Hand-written messages through the real parser, the scanners (no sender authentication: no DNS
 * here) and the shipped policy: lures typed into a genuine service's form (content.link-in-name),
 * requests to write to another free-mail mailbox (sender.reply-to-mismatch, in-text), crypto wallet
 * names in the From name; and the ordinary mail each of them must leave alone.
 */
const verdict = shippedPolicyVerdicts();

describe('lures typed into forms, replies asked elsewhere, wallet names', () => {
  it('warns about a newsletter whose subscriber name is a lure with a link', async () => {
    const v = await verdict(
      singlePartMail(
        {
          From: 'Craft Corner <hello@craft-corner.example>',
          To: '"New transfer 0.42 BTC pending. Confirm the payout -> payout-desk.net/r/8812" <an.nguyen@lachan.test>',
          Subject: 'Five things for your weekend project',
        },
        'Hi there,\nHere are five things you need for your next paper project.\nUnsubscribe: https://craft-corner.example/u',
      ),
    );
    expect(v.kinds).toContain('content.link-in-name');
    expect(v).toMatchObject({ action: 'deliver', warning: true });
    expect(v.rules).toContain('link-in-recipient-name');
  });

  it('warns about a sign-up confirmation greeting the reader with a link', async () => {
    const v = await verdict(
      singlePartMail(
        { From: 'Webinars <no-reply@events.webinar-host.example>', Subject: 'Confirm your registration' },
        'Hi ✅ +$3,150 ➡️ cl.im/Zk9q,\nOne last step to confirm your registration. Your code: 7Q2-91X.\nThe Webinar team',
      ),
    );
    expect(v.kinds).toContain('content.link-in-name');
    expect(v).toMatchObject({ action: 'deliver', warning: true });
  });

  it('warns about an advance-fee letter asking for answers at another free-mail mailbox', async () => {
    const v = await verdict(
      singlePartMail(
        { From: 'Administrator <administrator@resort-hotels.example>', Subject: 'RE' },
        'Greetings,\nI am reaching out about a promising opportunity. Kindly respond to this email and I will furnish full details.\nEmail: w.harlan.private@outlook.com\nWarm regards',
      ),
    );
    expect(v.kinds).toContain('sender.reply-to-mismatch');
    expect(v).toMatchObject({ action: 'deliver', warning: true });
    expect(v.rules).toContain('reply-to-freemail');
  });

  it('holds a wallet name in the From name with crypto waiting to be claimed', async () => {
    const v = await verdict(
      singlePartMail(
        { From: 'Exodus <news@garden-tools.example>', Subject: 'Your airdrop is ready' },
        '<p>Your airdrop tokens are now live and waiting for you.</p><p><a href="https://claim-portal.example/x">Claim your tokens</a> before Friday.</p>',
        'text/html',
      ),
    );
    expect(v.kinds).toEqual(expect.arrayContaining(['sender.brand-impersonation', 'content.lure']));
    expect(v.action).toBe('quarantine');
  });

  it('leaves ordinary mail alone: a colleague with a link, a list post with a gmail signature, a wallet\'s own mail', async () => {
    const colleague = await verdict(
      singlePartMail(
        { From: 'Trần Bình <binh.tran@so-tttt.lachan.test>', To: 'Nguyễn An <an.nguyen@lachan.test>', Subject: 'Tài liệu họp' },
        'Chào anh An,\nTài liệu họp ở https://tinh.gov.vn/tai-lieu/hop-12.pdf, anh xem trước giúp em.\nBình',
      ),
    );
    expect(colleague).toMatchObject({ action: 'deliver', warning: false });
    const list = await verdict(
      singlePartMail(
        {
          From: 'Peter K <peter.k@gmail.com>',
          To: 'users@lists.example.org',
          'List-Id': '<users.lists.example.org>',
          Subject: 'Re: B210 firmware',
        },
        'Hi Jan, www.ettus.example/manual is outdated; see https://files.example.org/b210/ instead.\n\n> Anyone with a B210, please contact me at jan.h@gmail.com\n\n--\nPeter\npeter.k@gmail.com',
      ),
    );
    expect(list).toMatchObject({ action: 'deliver', warning: false });
    const wallet = await verdict(
      singlePartMail(
        { From: 'Exodus <hello@exodus.com>', Subject: 'Release notes' },
        'Hello,\nThe new version is out: faster swaps and clearer fees. Read the notes at https://www.exodus.com/releases\nThe Exodus team',
      ),
    );
    expect(wallet).toMatchObject({ action: 'deliver', warning: false });
  });
});
