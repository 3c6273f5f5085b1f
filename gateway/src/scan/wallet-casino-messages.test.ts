import { describe, expect, it } from 'vitest';
import { shippedPolicyVerdicts, singlePartMail } from './shipped-verdict.js';

/**
 * Crypto-wallet impostors (content.crypto-claim tagged brand-elsewhere: content/wallet-brand.ts),
 * casino bonus spam (content.gambling-bonus: content/gambling-bonus.ts) and French "débloquer les
 * fonds" transfer lures, through the real parser, the scanners and the shipped policy; and the mail
 * that looks like them and must not be held: a wallet maker's own newsletter, crypto news, an
 * office's bonus announcement, a bank's direct-deposit offer.
 */
const verdict = shippedPolicyVerdicts();

const html = (from: string, subject: string, body: string, extra: Record<string, string> = {}): string =>
  singlePartMail({ From: from, Subject: subject, ...extra }, body, 'text/html');

const tagsOf = (v: { findings: { kind: string; tags?: string[] }[] }, kind: string): string[] => v.findings.find((f) => f.kind === kind)?.tags ?? [];

describe('crypto-wallet impostors under the shipped policy', () => {
  it('holds a "Ledger Live" device update sent from another domain', async () => {
    const v = await verdict(
      html(
        'Ledger Live <support@ledgerlive-cloud.example>',
        'Secure access to your wallet',
        '<p>THE MOST SECURE CRYPTOCURRENCY &amp; NFT WALLET</p><p>Our support team has noticed that your Ledger device is due for an update. ' +
          'To ensure your device remains secure, we kindly ask that you update it using the button below.</p>' +
          '<p><a href="https://ledger-live-web3.example/update">Update my Ledger device</a></p><p>Best regards, Ledger Support Team</p>',
      ),
    );
    expect(tagsOf(v, 'content.crypto-claim')).toEqual(expect.arrayContaining(['wallet-update', 'brand-elsewhere']));
    expect(v.rules).toContain('crypto-wallet-impostor');
    expect(v.action).toBe('quarantine');
  });

  it('holds a Ledger "security scan" signed © Ledger, from a hijacked newsletter account whose From name says nothing', async () => {
    const v = await verdict(
      singlePartMail(
        { From: 'Amie from Iedger <ordini@coop-trentino.example>', Subject: 'Security notification' },
        "We're notifying you of a recent breach impacting all Nano device models. Scan on a MacOS or Windows device with your Ledger plugged in " +
          'to verify how secure your assets are on your current Ledger version.\r\n1. Open a secure web browser\r\n2. Visit https://nano-checker.example\r\n\r\n' +
          '© Ledger SAS 2020. All rights reserved.',
      ),
    );
    expect(tagsOf(v, 'content.crypto-claim')).toContain('brand-elsewhere');
    expect(v.action).toBe('quarantine');
  });

  it('holds a wallet app "download the new version" signed by the wallet team from a stranger', async () => {
    const v = await verdict(
      singlePartMail(
        { From: 'Rabby <servicio@escuela.example>', Subject: 'Important: New Rabby Desktop Upgrade' },
        'The backend API supporting the current Rabby Desktop application will be discontinued on December 31. Improved support for DeFi and hardware wallets.\r\n' +
          'Action required: please download and install the new version before December 31: https://download.rabby-desktop.example\r\n— The Rabby Team',
      ),
    );
    expect(v.rules).toContain('crypto-wallet-impostor');
    expect(v.action).toBe('quarantine');
  });

  it('holds an airdrop in the name of a decentralised exchange sent through a helpdesk mailer', async () => {
    const v = await verdict(
      singlePartMail(
        { From: 'PANCAKESWAP <notifications@mailer.helpdesk.example>', Subject: 'Join the airdrop now' },
        "Dear PancakeSwap User, we're launching an exclusive airdrop for our community. Claim your airdrop: finish the steps and get ready to receive it.\r\n" +
          'https://click.tracker.example/abc\r\nThe PancakeSwap Team',
      ),
    );
    expect(tagsOf(v, 'content.crypto-claim')).toEqual(expect.arrayContaining(['airdrop', 'brand-elsewhere']));
    expect(v.action).toBe('quarantine');
  });

  it('holds a "verify your wallet" signed MetaMask Wallet Support from a ticket address', async () => {
    const v = await verdict(
      singlePartMail(
        { From: 'Customer Info <teque@ur.photo-shop.example>', Subject: 'Re: Ticket 766877' },
        'Withdrawals have been temporarily suspended for your MetaMask wallet account until our identity verification is complete.\r\n' +
          'Verify your wallet: https://kyc.wallet-check.example\r\nThank you for using MetaMask wallet.\r\nMetaMask Wallet Support',
      ),
    );
    expect(v.rules).toContain('crypto-wallet-impostor');
    expect(v.action).toBe('quarantine');
  });

  it("leaves a wallet maker's own firmware newsletter clean", async () => {
    const v = await verdict(
      html(
        'Ledger <hello@ledger.com>',
        'Firmware 2.3 is here',
        '<p>Update your Ledger device to firmware 2.3 in Ledger Live: download the latest version of the app first.</p>' +
          '<p><a href="https://www.ledger.com/ledger-live">Get Ledger Live</a></p><p>The Ledger Team · © 2024 Ledger SAS</p>',
      ),
    );
    expect(v.kinds).not.toContain('content.crypto-claim');
    expect(v.warning).toBe(false);
    expect(v.action).toBe('deliver');
  });

  it('does not hold a wallet app newsletter that thanks another wallet maker by name', async () => {
    const v = await verdict(
      singlePartMail(
        { From: 'MetaMask <news@metamask.io>', Subject: 'MetaMask 12 is out' },
        'Update your MetaMask extension to the latest version for faster swaps on Ethereum. Hardware wallet users: thanks to the Ledger team, signing is smoother.\r\n' +
          'https://metamask.io/news\r\nThe MetaMask Team',
      ),
    );
    expect(tagsOf(v, 'content.crypto-claim')).not.toContain('brand-elsewhere');
    expect(v.action).toBe('deliver');
  });

  it('does not hold a crypto news digest that reports a wallet maker urging updates', async () => {
    const v = await verdict(
      singlePartMail(
        { From: 'The Crypto Brief <news@cryptobrief.example>', Subject: 'Ledger patches Connect Kit; bitcoin above $90k' },
        'Ledger urged users to update their devices after a supply-chain attack on its Connect Kit library. MetaMask said users can download the latest version from its site. ' +
          'Bitcoin traded above $90,000 on Monday.\r\nRead more: https://cryptobrief.example/daily\r\n© 2024 The Crypto Brief',
      ),
    );
    expect(v.kinds).not.toContain('content.crypto-claim');
    expect(v.action).toBe('deliver');
    expect(v.warning).toBe(false);
  });

  it('leaves an office message mentioning bitcoin and a ledger alone', async () => {
    const v = await verdict(
      singlePartMail(
        { From: 'Tran Van Binh <binh.tv@sotaichinh.example>', Subject: 'So cai du an' },
        'Anh gui lai so cai (ledger) du an quy 3. Nhan tien, bao ve bitcoin tang gia hom qua chi la tin tuc, khong lien quan. Update the ledger file before Friday please.',
      ),
    );
    expect(v.kinds).not.toContain('content.crypto-claim');
    expect(v.warning).toBe(false);
  });
});

describe('casino bonus spam under the shipped policy', () => {
  it('holds a casino welcome pack from free hosting whose button leads to another site', async () => {
    const v = await verdict(
      html(
        'Lucky Casino <no-reply@fast-e830e-490810.firebaseapp.com>',
        'Exclusive offer: €10,000 waiting for you',
        '<h1>LUCKY CASINO</h1><p>Exclusive welcome pack: €10,000 + 525 free spins. No deposit required — play and win real money!</p>' +
          '<p><a href="https://offers-sweep.example/play">PLAY NOW</a></p>',
      ),
    );
    expect(tagsOf(v, 'content.gambling-bonus')).toContain('claim-elsewhere');
    expect(v.rules).toContain('gambling-bonus-elsewhere');
    expect(v.action).toBe('quarantine');
  });

  it('holds a bare "50% bonus at every deposit" with a link elsewhere', async () => {
    const v = await verdict(
      singlePartMail({ From: 'support <kobich@school-org.example>', Subject: '' }, 'Today BONUS ! 50% bonus at every deposit just today !! https://t6wer.example'),
    );
    expect(v.rules).toContain('gambling-bonus-elsewhere');
    expect(v.action).toBe('quarantine');
  });

  it('holds German "Freispiele" with the bonus disguised as B0NUS', async () => {
    const v = await verdict(
      singlePartMail(
        { From: '1000Spins <noreply@mail.spins-news.example>', Subject: 'Letzter Schritt, um 4500€ + 350 Freispiele zu erhalten' },
        'B0NUS FÜR SIE RESERVIERT. Ihre exklusive Casino-Belohnung wartet: €4500 + 350 Freispiele ohne Einzahlung.\r\nMEINEN BONUS AKTIVIEREN: https://worldwide-supp.example/x',
      ),
    );
    expect(v.kinds).toContain('content.gambling-bonus');
    expect(v.action).toBe('quarantine');
  });

  it('warns only on a casino newsletter that links to its own site', async () => {
    const v = await verdict(
      singlePartMail(
        { From: 'Grand Casino <news@grandcasino.example>', Subject: 'Weekend at the Grand' },
        'This weekend: 100 free spins on our new slot games for members.\r\nhttps://www.grandcasino.example/weekend',
      ),
    );
    expect(v.rules).toContain('gambling-bonus');
    expect(v).toMatchObject({ action: 'deliver', warning: true });
  });

  it('leaves a Vietnamese year-end bonus announcement clean', async () => {
    const v = await verdict(
      singlePartMail(
        { From: 'Phong To chuc <tochuc@sonoivu.example>', Subject: 'Thông báo chi thưởng Tết năm 2025' },
        'Căn cứ kết quả đánh giá, Sở chi tiền thưởng Tết và thưởng hoàn thành nhiệm vụ cho cán bộ vào ngày 20/01. Chi tiết xem tại https://portal.example/thuong',
      ),
    );
    expect(v.kinds).not.toContain('content.gambling-bonus');
    expect(v.warning).toBe(false);
  });

  it('leaves an English project bonus and a bank direct-deposit bonus clean', async () => {
    const team = await verdict(
      singlePartMail(
        { From: 'HR <hr@partner.example>', Subject: 'Year-end bonus' },
        'The year-end bonus for the project team will be paid with the December salary. Everyone agrees we hit the jackpot with this team. Party schedule: https://intranet.example/party',
      ),
    );
    expect(team.kinds).not.toContain('content.gambling-bonus');
    const bank = await verdict(
      singlePartMail(
        { From: 'Example Bank <offers@examplebank.example>', Subject: 'Earn a $300 bonus' },
        'Open a checking account and get a $300 bonus when you set up direct deposit. Details: https://offers.examplebank-promo.example/300',
      ),
    );
    expect(bank.kinds).not.toContain('content.gambling-bonus');
  });
});

describe('French transfer lures', () => {
  it('reads "confirmer pour débloquer les fonds" as a funds lure and holds it with a link to free hosting', async () => {
    const v = await verdict(
      html(
        'Action Safran | Service des Transferts <no-reply@ebuyer-shop.example>',
        'ALERTE : Votre virement de 12 369,90€ expire dans 2 heures (Action Requise)',
        '<p>Transfert de fonds disponible. Montant à recevoir €12 369,90.</p><p>Félicitations, votre virement est prêt. Veuillez confirmer pour débloquer les fonds.</p>' +
          '<p><a href="https://procdis-f4bqekavgwbdhpbf.canadacentral-01.azurewebsites.net/">CONFIRMER LE VIREMENT</a></p>',
      ),
    );
    expect(tagsOf(v, 'content.lure')).toContain('funds');
    expect(v.action).toBe('quarantine');
  });
});
