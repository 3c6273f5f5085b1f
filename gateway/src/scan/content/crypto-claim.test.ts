import { describe, expect, it } from 'vitest';
import { addr, makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import { cryptoClaimFinding } from './crypto-claim.js';
import { foldText } from './fold.js';
import { scanContent } from './index.js';

const claim = (text: string) => cryptoClaimFinding(foldText(text));

describe('content.crypto-claim: a wallet-drainer request', () => {
  it('finds "connect your wallet" to collect a brand coin, with the request as tag', () => {
    const f = claim('Introducing $ACME Coin. Connect your email and wallet to collect $ACME Coins with every purchase. Claim your $ACME Coin rewards!');
    expect(f).toMatchObject({ kind: 'content.crypto-claim', scanner: 'content' });
    expect(f?.tags).toEqual(expect.arrayContaining(['connect-wallet', 'claim-tokens']));
    expect(f?.detail).toContain('connect a crypto wallet');
  });

  it('finds a free NFT mint and an airdrop claim', () => {
    expect(claim('Only 1,000 unique NFTs, the first 500 available for FREE! Free mint')?.tags).toEqual(['mint']);
    expect(claim('Season 2 rewards: eligible users have 60 days to claim the airdrop. Connect your ETH wallet.')?.tags).toEqual(['connect-wallet', 'airdrop']);
  });

  it('finds a request for the seed phrase even without other crypto words', () => {
    expect(claim('To restore access, enter your 12-word recovery phrase on the page below.')?.tags).toEqual(['seed-phrase']);
  });

  it('reads Vietnamese requests', () => {
    expect(claim('Chương trình tặng token: kết nối ví Web3 của bạn để nhận airdrop ngay hôm nay.')?.tags).toEqual(
      expect.arrayContaining(['connect-wallet', 'airdrop']),
    );
  });

  it('leaves mint, coins and AirDrop outside the crypto world alone', () => {
    expect(claim('Our mint tea is back. Mint your own blend in the shop: two flavours, one price.')).toBeUndefined();
    expect(claim('Share photos with AirDrop: open the share sheet and choose a nearby iPhone.')).toBeUndefined();
    expect(claim('Add your boarding pass to Apple Wallet and connect your wallet app to the airline account.')).toBeUndefined();
  });

  it('leaves advice alone: a negated request and one quoted in a warning about scams', () => {
    expect(claim('Security tip: never connect your wallet to a site you do not know, and never share your seed phrase with anyone. Tokens stay safe.')).toBeUndefined();
    expect(claim('Beware of drainer scams: the fake site asks you to connect your wallet to claim free tokens.')).toBeUndefined();
    expect(claim('Cảnh báo lừa đảo: đối tượng dụ nạn nhân kết nối ví tiền mã hóa để nhận airdrop.')).toBeUndefined();
  });

  it('is reported by the content scanner for an outside sender, not for the province', () => {
    const policy = makePolicy({ localDomains: ['lachan.test'] });
    const text = 'Exclusive NFT drop for our community. Connect your wallet and mint for free before midnight.';
    const outside = makeMessage({ from: [addr('drops@nft-club.example')], subject: 'Free mint', visibleText: text, text });
    const inside = makeMessage({ from: [addr('it@lachan.test')], subject: 'Free mint', visibleText: text, text });
    expect(scanContent(outside, makeContext(policy)).filter((f) => f.kind === 'content.crypto-claim')).toHaveLength(1);
    expect(scanContent(inside, makeContext(policy)).some((f) => f.kind === 'content.crypto-claim')).toBe(false);
  });
});
