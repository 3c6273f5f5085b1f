import { describe, expect, it } from 'vitest';
import { claimSiteElsewhere } from './content/claim-elsewhere.js';
import { shippedPolicyVerdicts, singlePartMail } from './shipped-verdict.js';
import { makeMessage, makePolicy, addr, urlRef } from './test-helpers.js';

/**
 * Hand-written messages through the real parser, the scanners (no DNS) and the shipped policy:
 * money said to be waiting and claimed on another site than the sender's (content.lure tag
 * claim-elsewhere, rule funds-lure-elsewhere), and a lure typed into the name field of a genuine
 * site's form (content.link-in-name tag form-field). Each with the legitimate mail it resembles.
 */
const verdict = shippedPolicyVerdicts();
/** These notices are HTML mail. */
const mail = (headers: Record<string, string>, body: string, type = 'text/html') => singlePartMail(headers, body, type);

const WITHDRAWAL =
  '<p>Your withdrawal of 0.84 BTC is pending. Confirm the transfer within 24 hours or it will be cancelled.</p>';

describe('money waiting, to be claimed on another site than the sender\u2019s', () => {
  it('warns when a withdrawal lure from a rented sending domain links to a third site', async () => {
    const v = await verdict(
      mail(
        { From: 'Wallet Desk <news@garden-tools-shop.com>', Subject: 'Pending withdrawal' },
        `${WITHDRAWAL}<p><a href="https://secure-payout-center.net/c/8812">Confirm now</a></p>`,
      ),
    );
    expect(v).toMatchObject({ action: 'deliver', warning: true });
    expect(v.rules).toContain('funds-lure-elsewhere');
  });

  it('warns on the same bait in French sent through a mail service', async () => {
    const v = await verdict(
      mail(
        { From: 'Service Client <no-reply@boutique-en-ligne.fr>', Subject: 'Votre solde est prêt' },
        '<p>Votre solde de 1 250 € est prêt à être retiré. Confirmez vos coordonnées pour recevoir le virement.</p>' +
          '<p><a href="https://track.mailer-relay.com/c/aa12?u=https%3A%2F%2Fretrait-rapide.net%2Fx">Confirmez ici</a></p>',
      ),
    );
    expect(v.rules).toContain('funds-lure-elsewhere');
    expect(v.warning).toBe(true);
  });

  it('leaves the exchange\u2019s own notice alone: its button goes to its own site', async () => {
    const v = await verdict(
      mail(
        { From: 'CoinVault <no-reply@coinvault-exchange.com>', Subject: 'Pending withdrawal' },
        `${WITHDRAWAL}<p><a href="https://www.coinvault-exchange.com/account/withdrawals/88">Review it in your account</a></p>` +
          '<p><a href="https://twitter.com/coinvault">Follow us</a></p>',
      ),
    );
    expect(v.kinds).toContain('content.lure');
    expect(v).toMatchObject({ action: 'deliver', warning: false });
  });

  it('leaves a real bank notice and a crypto newsletter alone', async () => {
    const bank = await verdict(
      mail(
        { From: 'Ngân hàng Phương Đông <thongbao@ocb.com.vn>', Subject: 'Biến động số dư' },
        '<p>Tài khoản 0123456789 +5.000.000 VND lúc 08:15 04/11/2024. Số dư khả dụng: 12.450.000 VND.</p>' +
          '<p>Chi tiết giao dịch xem tại <a href="https://omni.ocb.com.vn">OCB OMNI</a>.</p>',
      ),
    );
    expect(bank).toMatchObject({ action: 'deliver', warning: false });
    const news = await verdict(
      mail(
        { From: 'Chain Weekly <editor@chainweekly-news.com>', Subject: 'This week in crypto' },
        '<h1>This week</h1><p>Bitcoin closed the week at $68,000; ETF inflows slowed. Ethereum developers scheduled the next upgrade for March.</p>' +
          '<p>Read the analysis on <a href="https://www.coindesk.com/markets/2024/11/03/weekly">CoinDesk</a> and ' +
          '<a href="https://github.com/ethereum/pm/issues/1">the call notes</a>.</p><p><a href="https://mailer-relay.com/unsub/1">Unsubscribe</a></p>',
      ),
    );
    expect(news.kinds).not.toContain('content.lure');
    expect(news).toMatchObject({ action: 'deliver', warning: false });
  });

  it('finds no claim site when the links go to the sender, to a trusted domain, or nowhere', () => {
    const policy = makePolicy({ localDomains: ['lachan.test'] });
    const from = [addr('Payouts <pay@garden-tools-shop.com>')];
    const site = (...urls: string[]) => claimSiteElsewhere(makeMessage({ from }), policy, urls.map((u) => urlRef(u, { text: 'here' })));
    expect(site('https://secure-payout-center.net/c/1', 'https://mailer-relay.com/unsub')).toBe('secure-payout-center.net');
    expect(site('https://secure-payout-center.net/c/1', 'https://shop.garden-tools-shop.com/account')).toBeUndefined();
    expect(site('https://r.mailer-relay.com/c?url=https%3A%2F%2Fwww.garden-tools-shop.com%2Fw')).toBeUndefined();
    expect(site('https://portal.lachan.test/tien')).toBeUndefined();
    expect(site()).toBeUndefined();
    // pictures are not links to claim anything
    expect(claimSiteElsewhere(makeMessage({ from }), policy, [urlRef('https://cdn.images-host.net/a.png', { source: 'src' })])).toBeUndefined();
  });
});

describe('a lure typed into the name field of a genuine site\u2019s form', () => {
  const form = (name: string) =>
    mail(
      { From: 'Hanoi Prints <orders@hanoiprints.com.vn>', Subject: 'You have submitted the Contact Us form' },
      `<h3>Contact Us</h3><table><tr><td>First Name</td></tr><tr><td>${name}</td></tr>` +
        '<tr><td>E-mail Address</td></tr><tr><td>an.nguyen@lachan.test</td></tr>' +
        '<tr><td>Comment</td></tr><tr><td>Do you print A2 posters? Our artwork is at https://www.dropbox.com/s/abc/poster.pdf</td></tr></table>' +
        '<p>Thank you, Hanoi Prints</p>',
    );

  it('warns when the name field holds a link', async () => {
    const v = await verdict(form('Is it true? You received 1.2 BTC! Withdraw at https://t.me/+Qw8zPayout'));
    expect(v.kinds).toContain('content.link-in-name');
    expect(v).toMatchObject({ action: 'deliver', warning: true });
    expect(v.rules).toContain('link-in-recipient-name');
  });

  it('leaves the same form with a person\u2019s name alone, and a mailing-list post quoting metadata', async () => {
    expect(await verdict(form('Trần Thị Bình'))).toMatchObject({ action: 'deliver', warning: false });
    const post = await verdict(
      mail(
        { From: 'Jan Kiszka <jan.kiszka@siemens.com>', Subject: '[PATCH] ci: add package metadata', 'List-Id': '<jailhouse-dev.googlegroups.com>' },
        'Hi all,\n\nthe spec now reads:\n\nName: jailhouse\nVersion: 0.12\nURL: https://github.com/siemens/jailhouse\n\nJan\n',
        'text/plain',
      ),
    );
    expect(post).toMatchObject({ action: 'deliver', warning: false });
  });
});
