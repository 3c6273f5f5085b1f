import type { Finding } from '../types.js';
import { hits, type Hit } from './lure.js';
import { negatedAt } from './negation.js';
import { wordList } from './word-list.js';

/**
 * A crypto "claim" (wallet-drainer) lure, read on folded text (foldText after deobfuscate: lower case,
 * no diacritics): the text asks the reader to connect a crypto wallet, to claim an airdrop, tokens or
 * coins, to mint an NFT, or to type a wallet's seed phrase. Each of these hands a stranger's site the
 * power to sign for the wallet (a "connect" and a signature empty it) or the wallet itself (the seed
 * phrase). The wording changes with every brand it borrows ("$TOYOTA Coin rewards", "Season 2
 * airdrop", "free mint for early users"), the request does not.
 *
 * Ordinary mail has no such request: offices, banks and shops never ask for a crypto wallet, and an
 * e-wallet (MoMo, ZaloPay) is "liên kết", not "connect your web3 wallet". Each request except the
 * seed phrase counts only in a crypto context (NFT, token, coin, airdrop, web3, blockchain, a
 * "$TICKER"...), so "mint tea", the US Mint's coins or Apple's AirDrop are left alone. A request in a
 * negated clause ("never connect your wallet to unknown sites", negation.ts) or next to talk of
 * scams ("scammers ask you to connect your wallet") is an advice, not a lure.
 *
 * At most one content.crypto-claim per message, tagged with the requests found ('connect-wallet',
 * 'claim-tokens', 'airdrop', 'mint', 'seed-phrase'; 'wallet-update' only from wallet-brand.ts, which
 * also adds 'brand-elsewhere' when the message poses as a wallet or exchange brand it is not sent by).
 */

/** Only the start of subject + text is read: the request is the point of the message. */
export const CRYPTO_CLAIM_WINDOW = 8000;
/** Characters before a request searched for talk of scams. */
const ADVICE_REACH = 200;

type Request = 'connect-wallet' | 'claim-tokens' | 'airdrop' | 'mint' | 'seed-phrase' | 'wallet-update';

const w = (alternatives: readonly string[]): RegExp => wordList(alternatives, 'g', 'a-z0-9$');

/** Up to three words of any kind between a verb and its object ("your ETH", "your email and"). */
const FEW = '(?:[a-z0-9$]+ ){0,3}';

const REQUESTS: ReadonlyArray<[Request, RegExp]> = [
  [
    'connect-wallet',
    w([
      `(?:connect|sync|synchroni[sz]e)(?:ing)? (?:your |the |a )?${FEW}wallets?`,
      'ket noi vi (?:web3|crypto|tien ma hoa|tien dien tu|metamask|trust wallet)',
    ]),
  ],
  [
    'claim-tokens',
    w([
      `claim(?:ing)? (?:your |the |free |an? )?${FEW}(?:tokens?|coins?|nfts?|eth|usdt|usdc|btc)`,
      'nhan (?:mien phi )?(?:token|coin|nft)',
    ]),
  ],
  [
    'airdrop',
    w([
      `(?:claim|receive|get|collect) (?:your |the |an |our |free )?${FEW}airdrops?`,
      'airdrops? (?:is live|is now live|rewards?|allocation|claim|campaign)',
      `eligible for (?:the |an |our )?${FEW}airdrops?`,
      'nhan airdrop',
    ]),
  ],
  [
    'mint',
    w([
      'free mints?', 'mint (?:your|an?|one|for free|now|exclusive)', 'mint(?:ing)? (?:is )?(?:now )?live', `mint(?:ing)? ${FEW}nfts?`,
    ]),
  ],
  [
    'seed-phrase',
    w([
      `(?:enter|provide|confirm|import|submit|verify|validate|type|input|restore) (?:your |the )?(?:\\d+[ -]words? )?(?:wallet )?(?:seed|recovery|secret|mnemonic|backup) (?:phrase|words)`,
      'nhap (?:cum tu|ma) (?:khoi phuc|bi mat)',
    ]),
  ],
];

/**
 * What a wallet maker's impostor asks for: update, verify, synchronise or scan the wallet or the
 * hardware device, download "the new version" of the wallet app or its firmware. A wallet maker's own
 * newsletter asks the same, so this request is reported only for a message posing as a brand it is
 * not sent by (wallet-brand.ts), never by cryptoClaimFinding alone.
 */
const WALLET_UPDATE = w([
  `(?:update|upgrade|verify|validate|synchroni[sz]e|sync|scan|secure|protect|check|restore|reconnect|migrate|re-?activate|unlock) ${FEW}(?:your|the) (?:ledger |trezor |nano |metamask |hardware |crypto |web3 |existing |current )?(?:wallets?|devices?|nano|seed|firmware|assets|funds)`,
  `download(?: and install| or update)? (?:the |our )?(?:new|latest|updated|upgraded) ${FEW}(?:version|app|application|desktop|extension|firmware|release)`,
  '(?:download|update|upgrade)(?: or (?:download|update|upgrade))? to the (?:latest|newest|new) (?:version|firmware|release)',
]);

/** Words that place a request in the crypto world. */
const CRYPTO_CONTEXT = new RegExp(w([
  'nfts?', 'web3', 'blockchain', 'crypto(?:currency|currencies)?', 'tokens?', 'coins?', 'airdrops?', 'ethereum', 'eth', 'bitcoin', 'btc',
  'usdt', 'usdc', 'metamask', 'trust wallet', 'ledger', 'dapps?', 'defi', 'solana', 'tien ma hoa', 'tien ao',
  // a ticker as token scams write it: $TOYOTA, $gETH
  '\\$[a-z]{2,12}',
]).source);

/** Talk of scams just before a request: the request is quoted to warn about it. */
const ADVICE = /(?:^|[^a-z0-9])(?:scams?|scammers?|fraud(?:sters?|ulent)?|phishing|drainers?|beware|lua dao|gia mao|mao danh|canh bao)(?![a-z0-9])/;

const quote = (match: string): string => match.replace(/^[^a-z0-9$]/, '').trim().slice(0, 60);

/**
 * A negation right before the request ("never connect your wallet", "đừng kết nối ví"): negation.ts
 * knows the verbs of asking and giving, not "connect" or "mint". Read on the few words before it.
 */
const NEGATED_BEFORE = /(?:^|[^a-z'])(?:never|not|don't|dont|do not|khong|dung|chua bao gio)(?: (?:ever|bao gio|nen|duoc|to))? ?$/;
/** Characters before a request read for a negation. */
const NEGATION_REACH = 30;

/** Requests of this kind that no negation governs and that no talk of scams just before explains. */
function requests(re: RegExp, text: string): Hit[] {
  return hits(re, text, quote).filter((h) => {
    // a hit starts at the boundary character before the verb
    const before = text.slice(Math.max(0, h.at - NEGATION_REACH), h.at + 1);
    if (NEGATED_BEFORE.test(before) || negatedAt(text, h.at)) return false;
    return !ADVICE.test(text.slice(Math.max(0, h.at - ADVICE_REACH), h.at));
  });
}

/** The text of subject + body as cryptoClaimFinding reads it (its window). */
const windowOf = (folded: string): string => (folded.length > CRYPTO_CLAIM_WINDOW ? folded.slice(0, CRYPTO_CLAIM_WINDOW) : folded);

/** A wallet-update request (WALLET_UPDATE) in a crypto context, not negated and not quoted as advice. */
function updateIn(text: string, crypto: boolean): string | undefined {
  return crypto ? requests(WALLET_UPDATE, text)[0]?.text : undefined;
}

/**
 * cryptoClaimFinding and the wallet-update request (updateIn) of one text, its crypto context read once (the content
 * scanner wants both for every message: wallet-brand.ts).
 */
export function cryptoRequests(folded: string): { claim: Finding | undefined; update: string | undefined } {
  const text = windowOf(folded);
  const crypto = CRYPTO_CONTEXT.test(text);
  return { claim: claimIn(text, crypto), update: updateIn(text, crypto) };
}

/** A content.crypto-claim for a wallet-update request alone (wallet-brand.ts: only for a message posing as a brand). */
export function walletUpdateFinding(request: string): Finding {
  return {
    scanner: 'content',
    kind: 'content.crypto-claim',
    detail: `the text asks the reader to ${REQUEST_WORDS['wallet-update']} ("${request}"): the way wallet-drainer scams empty a crypto wallet`,
    subject: request,
    tags: ['wallet-update'],
  };
}

export function cryptoClaimFinding(folded: string): Finding | undefined {
  const text = windowOf(folded);
  return claimIn(text, CRYPTO_CONTEXT.test(text));
}

function claimIn(text: string, crypto: boolean): Finding | undefined {
  const found: Request[] = [];
  let first: Hit | undefined;
  for (const [request, re] of REQUESTS) {
    if (request !== 'seed-phrase' && !crypto) continue;
    // every seed-phrase request ends in "phrase" or "words", or starts with "nhap ": without them, no pass over the text
    if (request === 'seed-phrase' && !text.includes('phrase') && !text.includes('words') && !text.includes('nhap ')) continue;
    const h = requests(re, text)[0];
    if (!h) continue;
    found.push(request);
    first ??= h;
  }
  if (!first) return undefined;
  return {
    scanner: 'content',
    kind: 'content.crypto-claim',
    detail: `the text asks the reader to ${found.map((r) => REQUEST_WORDS[r]).join(', ')} ("${first.text}"): the way wallet-drainer scams empty a crypto wallet`,
    subject: first.text,
    tags: found,
  };
}

const REQUEST_WORDS: Readonly<Record<Request, string>> = {
  'connect-wallet': 'connect a crypto wallet',
  'claim-tokens': 'claim tokens or coins',
  airdrop: 'claim an airdrop',
  mint: 'mint an NFT',
  'seed-phrase': "type a wallet's seed phrase",
  'wallet-update': 'update, verify or synchronise a crypto wallet or download a new wallet app',
};
