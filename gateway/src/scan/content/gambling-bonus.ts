import type { ParsedMessage, UrlRef } from '../../parse/types.js';
import type { Policy } from '../../policy/types.js';
import type { Finding } from '../types.js';
import { claimSiteElsewhere } from './claim-elsewhere.js';
import { hits, type Hit } from './lure.js';
import { wordList } from './word-list.js';

/**
 * A casino's bonus offer, read on folded text (foldText after deobfuscate: lower case, no
 * diacritics): a bonus, free spins or a welcome pack beside words only gambling uses (casino, slot
 * games, free spins, roulette, sportsbook, "nhà cái"...), or a bonus tied to a deposit ("50%
 * bonus on every deposit", "no deposit", "bonus de dépôt"). Casino spam ("C$7,500 BONUS + 400 FS",
 * "10 000 € + 525 tours gratuits", "4500€ + 350 Freispiele") comes from free hosting, a hijacked
 * mailbox or a throw-away address with its links on yet another site; government mail has no reason
 * to carry it. A year-end or salary bonus ("thưởng Tết", "bonus for the project team") has no
 * gambling word beside it, and a bank's "bonus with direct deposit" is not a deposit bonus.
 *
 * One content.gambling-bonus per message; tagged 'claim-elsewhere' when the message's links lead
 * to another site than the sender's (claim-elsewhere.ts, the same test as for a money lure).
 */

/** Only the start of subject + text is read: the offer is the point of the message. */
export const GAMBLING_WINDOW = 6000;
/** A bonus word and a gambling word this close (characters): one or two sentences. */
const SPAN = 300;

const w = (alternatives: readonly string[]): RegExp => wordList(alternatives, 'g', 'a-z0-9');

/**
 * Words only gambling uses (a plain "slot" is a hardware slot, a plain "bet" an ordinary word, and
 * "we hit the jackpot with this year's bonus" is a figure of speech).
 */
const GAMBLING = w([
  'casinos?', 'online casino', 'slot (?:games?|machines?)', 'machines? a sous', 'spielautomaten', 'tragamonedas', 'caca-niqueis',
  'free ?spins?', 'freispiele', 'tours gratuits', 'giros gratis', 'rodadas gratis', 'roulette', 'blackjack',
  'sportsbook', 'bookmakers?', 'wagering', 'sports betting', 'paris sportifs', 'apuestas', 'apostas', '\\d+ fs',
  // vi
  'nha cai', 'ca cuoc', 'no hu', 'game bai', 'tai xiu', 'ca do bong da', 'quay hu',
]);

/** What is offered. */
const BONUS = w([
  'bonus(?:es)?', 'welcome (?:pack|package|offer|bonus)', 'free ?spins?', 'free bets?', 'freispiele', 'tours gratuits',
  'giros gratis', 'rodadas gratis', 'gratuits?', 'gratis', 'kostenlos',
  // vi
  'khuyen mai', 'thuong nap', 'tien thuong', 'tang \\d+ ?%',
]);

/** A bonus tied to a deposit: casino and betting wording whatever the game words. */
const DEPOSIT_BONUS = w([
  '(?:\\d+ ?% |welcome |match |reload )bonus (?:on|at|with|for) (?:every |each |your |the )?(?:first |next )?deposits?',
  'deposit bonus(?:es)?', 'bonus (?:de )?(?:deposito|depot)', 'einzahlungsbonus', 'no deposit', 'sans depot', 'ohne einzahlung',
  'sin deposito', 'sem deposito', 'khuyen mai nap (?:dau|lan dau)', 'thuong nap (?:dau|lan dau)',
]);

const near = (a: Hit[], b: Hit[]): [Hit, Hit] | undefined => {
  for (const x of a) {
    const y = b.find((h) => Math.abs(h.at - x.at) <= SPAN);
    if (y) return [x, y];
  }
  return undefined;
};

/** The words of a casino bonus offer in the folded text, if any. */
export function gamblingBonusWords(folded: string): string | undefined {
  const text = folded.length > GAMBLING_WINDOW ? folded.slice(0, GAMBLING_WINDOW) : folded;
  const deposit = hits(DEPOSIT_BONUS, text)[0];
  if (deposit) return deposit.text;
  const gambling = hits(GAMBLING, text);
  if (gambling.length === 0) return undefined;
  const pair = near(hits(BONUS, text), gambling);
  return pair ? `${pair[0].text} … ${pair[1].text}` : undefined;
}

export function gamblingBonusFinding(folded: string, message: ParsedMessage, policy: Policy, urls: readonly UrlRef[]): Finding | undefined {
  const words = gamblingBonusWords(folded);
  if (words === undefined) return undefined;
  const site = claimSiteElsewhere(message, policy, urls);
  return {
    scanner: 'content',
    kind: 'content.gambling-bonus',
    detail: `the text offers a casino bonus ("${words}")` + (site !== undefined ? `; the links lead to ${site}, not to the sender's site` : ''),
    subject: words,
    ...(site !== undefined ? { tags: ['claim-elsewhere'] } : {}),
  };
}
