import { describe, expect, it } from 'vitest';
import { shippedPolicyVerdicts, singlePartMail } from './shipped-verdict.js';

/**
 * Pairs of signs that hold a message under the shipped policy, each with the genuine mail that shows
 * one of the two and must not be held: a picture-only body linking under an abused top-level domain
 * (rule picture-only-abused-tld), a request to "verify" a wallet's recovery phrase under pressure
 * (crypto-claim tag seed-phrase, counted by two-strong-signals), and a time-of-day greeting naming
 * the reader by address ("Guten Tag an.nguyen@…", content.recipient-address) beside a link to abused
 * hosting. Messages written for the test (documentation domains), through the real parser and scanners.
 */
const verdict = shippedPolicyVerdicts();
const html = (headers: Record<string, string>, body: string) => singlePartMail(headers, body, 'text/html');

describe('a picture-only body whose links go under an abused top-level domain', () => {
  const pictures = (host: string) =>
    html(
      { From: 'Thank You <rewards@promo-mailer.example>', Subject: 'Rewards have arrived' },
      `<a href="https://${host}/r/8f3k"><img src="https://${host}/i/banner.jpg" width="600"></a>` +
        `<a href="https://${host}/r/9a1z"><img src="https://${host}/i/button.jpg" width="600"></a>`,
    );

  it('is held (picture-only-abused-tld)', async () => {
    const v = await verdict(pictures('win.offers-today.click'));
    expect(v.kinds).toEqual(expect.arrayContaining(['content.image-only', 'url.abused-tld']));
    expect(v.rules).toContain('picture-only-abused-tld');
    expect(v.action).toBe('quarantine');
  });

  it('is not held when the pictures link to an ordinary domain (a shop mailing a banner)', async () => {
    const v = await verdict(pictures('shop.example.com'));
    expect(v.kinds).toContain('content.image-only');
    expect(v.rules).not.toContain('picture-only-abused-tld');
    expect(v.action).toBe('deliver');
  });

  it('is not held when a worded newsletter links under such a domain', async () => {
    const v = await verdict(
      html(
        { From: 'Dev Weekly <news@devweekly.example>', Subject: 'This week in web development' },
        '<h1>This week</h1><p>Three talks from the conference are online, with slides and the speakers\' notes. ' +
          'The new release of the build tool is faster on large projects, and the team explains why in a long post.</p>' +
          '<p><a href="https://conf2024.devtalks.xyz/videos">Watch the talks</a></p>',
      ),
    );
    expect(v.kinds).toContain('url.abused-tld');
    expect(v.kinds).not.toContain('content.image-only');
    expect(v.action).toBe('deliver');
  });
});

describe('a request to type or "verify" a crypto wallet recovery phrase', () => {
  it('is held with a data-breach pressure (two-strong-signals)', async () => {
    const v = await verdict(
      html(
        { From: 'Wallet Recovery Support <noreply@recovery-desk.example>', Subject: 'Action Required: Data Breach – Check Your Recovery Phrase' },
        '<p>Dear Customer, a recent data breach has affected our service. Recovery phrases of some wallets may have been exposed.</p>' +
          '<p>To protect your tokens, verify your recovery phrase immediately with our secure verification tool.</p>' +
          '<p><a href="https://wallet-check.example/verify">Verify My Recovery Phrase</a></p>',
      ),
    );
    expect(v.kinds).toEqual(expect.arrayContaining(['content.crypto-claim', 'content.lure']));
    expect(v.rules).toContain('two-strong-signals');
    expect(v.action).toBe('quarantine');
  });

  it('is not held when an exchange advises never to share it', async () => {
    const v = await verdict(
      html(
        { From: 'Coin Exchange Security <security@coin-exchange.example>', Subject: 'Action required: turn on two-factor sign-in' },
        '<p>Unusual sign-in attempts are rising. Turn on two-factor sign-in for your account today: open Settings and click Security.</p>' +
          '<p>We will never ask you to enter your recovery phrase. Never share your seed phrase with anyone, support included.</p>',
      ),
    );
    expect(v.kinds).not.toContain('content.crypto-claim');
    expect(v.action).toBe('deliver');
  });
});

describe('a time-of-day greeting that names the reader by address', () => {
  const survey = (greeting: string) =>
    html(
      { From: 'Auto Umfrage <info@umfrage-center.example>', Subject: 'Wir gratulieren recht herzlich' },
      `<p>${greeting}, wir gratulieren recht herzlich. Du gehörst zu den Auserwählten für unsere Umfrage.</p>` +
        '<p><img src="https://i.imgur.com/Ab12Cd.png" width="600"></p>' +
        '<p><a href="https://umfrage-center.example/start">Jetzt teilnehmen</a></p>',
    );

  it('is held beside pictures on an image-sharing site (two-strong-signals)', async () => {
    const v = await verdict(survey('Guten Tag an.nguyen@lachan.test'));
    expect(v.kinds).toEqual(expect.arrayContaining(['content.recipient-address', 'url.abused-hosting']));
    expect(v.rules).toContain('two-strong-signals');
    expect(v.action).toBe('quarantine');
  });

  it('only warns for the pictures when the greeting names a person', async () => {
    const v = await verdict(survey('Guten Tag Herr Nguyen'));
    expect(v.kinds).not.toContain('content.recipient-address');
    expect(v.action).toBe('deliver');
    expect(v.rules).toContain('abused-hosting-link');
  });
});
