import { describe, expect, it } from 'vitest';
import { shippedPolicyVerdicts, singlePartMail } from './shipped-verdict.js';

/**
 * Crypto wallet-drainer lures (content.crypto-claim) through the real parser, the scanners and the
 * shipped policy: a brand's "coin", a free NFT mint or an airdrop to claim by connecting a wallet
 * gets a warning on its own; a wallet-safety tip and a police fraud warning are not read as one.
 */
const verdict = shippedPolicyVerdicts();

describe('crypto wallet-drainer lures under the shipped policy', () => {
  it('warns on a brand "coin" to collect by connecting a wallet, sent through a marketing platform', async () => {
    const v = await verdict(
      singlePartMail(
        { From: 'Acme Motors Rewards <rewards@acme-motors.example>', Subject: 'Make every trip rewarding with $ACME coins' },
        '<h1>Introducing $ACME Coin</h1><p>Our exclusive digital currency on the blockchain rewards loyal drivers.</p>' +
          '<p>Connect your email and wallet to collect $ACME Coins with every drive. If you owned a car since 2010 you may claim your $ACME Coin rewards!</p>' +
          '<p><a href="https://acme-motors.example/rewards">Reward Dashboard</a></p>',
        'text/html',
      ),
    );
    expect(v.kinds).toContain('content.crypto-claim');
    expect(v.rules).toContain('crypto-wallet-claim');
    expect(v).toMatchObject({ action: 'deliver', warning: true });
  });

  it('warns on a free NFT mint from a bulk-mail sender with an unsubscribe footer', async () => {
    const v = await verdict(
      singlePartMail(
        { From: 'Exclusive PixelFox NFT <hello@pixelfox.example>', Subject: "Don't miss out: own one of only 1,000 PixelFox NFTs" },
        'We are thrilled to share an incredible opportunity to mint exclusive PixelFox NFTs. The first 500 are available for FREE!\r\n' +
          'Free mint: https://mint.pixelfox.example/\r\n\r\nIf you no longer wish to receive emails from us, unsubscribe.',
      ),
    );
    expect(v.rules).toContain('crypto-wallet-claim');
    expect(v.warning).toBe(true);
  });

  it('holds an airdrop claim with two weaker signs that alone only make two (replies elsewhere, a link under an abused TLD)', async () => {
    const airdrop = (text: string) =>
      verdict(
        singlePartMail(
          { From: 'Swap Rewards <news@swap-rewards.example>', 'Reply-To': 'claims@swap-payouts.example', Subject: 'Season 2 rewards' },
          `${text} Details: https://season2.swap-rewards.xyz/info`,
        ),
      );
    const claim = await airdrop('Season 2 is here. Eligible users have 60 days to claim the airdrop: connect your ETH wallet on the claim page.');
    expect(claim.kinds).toEqual(expect.arrayContaining(['content.crypto-claim', 'sender.reply-to-other-domain', 'url.abused-tld']));
    expect(claim.rules).toContain('several-phishing-signals');
    expect(claim.action).toBe('quarantine');
    const news = await airdrop('Season 2 is here. Trading fees are lower for all users from Monday.');
    expect(news.action).toBe('deliver');
  });

  it('leaves a wallet-safety tip from an exchange alone', async () => {
    const v = await verdict(
      singlePartMail(
        { From: 'Coin Exchange Security <security@coin-exchange.example>', Subject: 'Three habits that keep your crypto safe' },
        'Never connect your wallet to a site you do not know. Never share your seed phrase: support will not ask for it. Keep your tokens in a hardware wallet.',
      ),
    );
    expect(v.kinds).not.toContain('content.crypto-claim');
    expect(v.rules).not.toContain('crypto-wallet-claim');
  });

  it('leaves a police warning about wallet-drainer scams alone', async () => {
    const v = await verdict(
      singlePartMail(
        { From: 'Phong An ninh mang <pa05@congan-tinh.example>', Subject: 'Cảnh báo thủ đoạn lừa đảo tiền mã hóa' },
        'Thời gian gần đây, các đối tượng lừa đảo gửi thư dụ người dân kết nối ví tiền mã hóa để nhận airdrop, sau đó chiếm đoạt tài sản. ' +
          'Người dân tuyệt đối không kết nối ví với các trang web lạ.',
      ),
    );
    expect(v.kinds).not.toContain('content.crypto-claim');
    expect(v.warning).toBe(false);
  });
});
