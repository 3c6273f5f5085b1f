import type { ParsedMessage } from '../../parse/types.js';
import type { Policy } from '../../policy/types.js';
import type { Finding } from '../types.js';
import { brandMatcher, findBrand, ownedBy, tokens, type Brand, type BrandMatcher } from '../brand/brands.js';
import { domainOfAddress } from '../urls/domains.js';
import { walletUpdateFinding } from './crypto-claim.js';

/**
 * A crypto wallet or exchange impostor: the message speaks as a brand of the policy's brand list
 * (lists/brands.txt: Ledger, MetaMask, Rabby, PancakeSwap...) that it is not sent by, and asks what
 * a wallet-drainer asks (crypto-claim.ts: connect the wallet, claim an airdrop or tokens, type the
 * seed phrase — or, here only, update, verify, synchronise or scan the wallet or device, download
 * "the new version" of the wallet app). The crypto-claim finding gets the tag 'brand-elsewhere';
 * a wallet-update request alone becomes one with tags 'wallet-update' and 'brand-elsewhere'.
 *
 * "Speaks as" means the brand is named where a sender names itself: the From name, the subject,
 * or a sign-off or greeting of the text ("The Rabby Team", "MetaMask Wallet Support", "© 2020
 * Ledger", "Dear PancakeSwap users", "thank you for using ..."). A news item or a forum post that
 * merely mentions Ledger or MetaMask does not speak as it. The sender is "elsewhere" when its
 * From domain belongs to none of the brands the message speaks as: a wallet maker's real
 * newsletter comes from its own domain (or the same name under another suffix), and a wallet app's
 * newsletter that thanks "the Ledger support team" is sent by a brand it names.
 */

/**
 * One to three words where a sender names itself, a word being letters and digits with at most one
 * inner dot, '&' or '-' ("crypto.com", "at&t"): so a run of "a.a.a.a…" (each dot a place a match may
 * start) is read in linear time, not once from every dot.
 */
const WORD = '[a-z0-9]+(?:[.&-][a-z0-9]+)?';
const SPAN = `((?:${WORD} ){0,2}${WORD})`;
const POSING: readonly RegExp[] = [
  new RegExp(`(?:^|[^a-z0-9])(?:the|your) ${SPAN} (?:support |security |wallet )?team(?![a-z0-9])`, 'g'),
  new RegExp(`(?:^|[^a-z0-9])${SPAN} (?:wallet )?support(?: team)?(?![a-z0-9])`, 'g'),
  new RegExp(`(?:©|\\(c\\)|copyright)(?: \\d{4}(?: ?- ?\\d{4})?)? ${SPAN}`, 'g'),
  new RegExp(`(?:^|[^a-z0-9])dear ${SPAN} (?:users?|community|customers?|members?|holders?|clients?)(?![a-z0-9])`, 'g'),
  new RegExp(`(?:^|[^a-z0-9])(?:for using|for choosing|welcome to) ${SPAN}`, 'g'),
];
/** Sign-off and greeting matches looked at, per expression. */
const MAX_SPANS = 20;
/** Only the start of subject + text is read, as crypto-claim.ts does. */
const WINDOW = 8000;

/** The brands a span of words names (any alias, '=' ones included: the span is where a sender names itself). */
function brandsIn(m: BrandMatcher, span: string, out: Set<Brand>): void {
  const words = tokens(span);
  for (let i = 0; i < words.length; i++) {
    for (let n = 1; n <= m.maxWords && i + n <= words.length; n++) {
      const alias = m.aliases.get(words.slice(i, i + n).join(' '));
      if (alias) out.add(alias.brand);
    }
  }
}

/** The brands the message speaks as: From name, subject, sign-offs and greetings of the folded text. */
export function posedBrands(message: ParsedMessage, policy: Policy, folded: string): Brand[] {
  const m = brandMatcher(policy);
  if (m.brands.length === 0) return [];
  const out = new Set<Brand>();
  const fromName = findBrand(m, message.from[0]?.name ?? '', true);
  if (fromName) out.add(fromName.brand);
  const subject = findBrand(m, message.subject, false);
  if (subject) out.add(subject.brand);
  const text = folded.length > WINDOW ? folded.slice(0, WINDOW) : folded;
  for (const re of POSING) {
    let seen = 0;
    for (const match of text.matchAll(re)) {
      brandsIn(m, match[1] ?? '', out);
      if (++seen >= MAX_SPANS) break;
    }
  }
  return [...out];
}

/**
 * The crypto-claim finding (or the wallet-update request `update`, crypto-claim.ts cryptoRequests) tagged 'brand-elsewhere' when the message
 * speaks as a brand whose domains the From address is not on; `claim` as it was otherwise.
 */
export function withWalletBrand(
  claim: Finding | undefined,
  update: string | undefined,
  message: ParsedMessage,
  policy: Policy,
  folded: string,
): Finding | undefined {
  if (!claim && update === undefined) return claim;
  const brands = posedBrands(message, policy, folded);
  if (brands.length === 0) return claim;
  const fromDomain = domainOfAddress(message.from[0]?.address);
  if (fromDomain !== '' && brands.some((b) => ownedBy(b, fromDomain))) return claim;
  const base = claim ?? walletUpdateFinding(update!);
  const tags = [...(base.tags ?? [])];
  if (claim && update !== undefined) tags.push('wallet-update');
  tags.push('brand-elsewhere');
  const names = brands.slice(0, 3).map((b) => b.name).join(', ');
  return {
    ...base,
    detail: `${base.detail}; the message speaks as ${names} but is sent from ${fromDomain || '(no domain)'}, not from its domains`,
    tags,
  };
}
