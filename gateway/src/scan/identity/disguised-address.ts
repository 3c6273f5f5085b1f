import { toAsciiHostname } from '../../policy/lists.js';
import { plainOf } from './stylised-name.js';

/**
 * A From *address* (not the name: see stylised-name.ts and display-name-address) written so that
 * the reader sees a domain the message does not come from:
 *  - 'stylised': letters of the address in stylised forms ("no-reply@𝗞𝗶𝗻𝗱𝗲𝗿.𝗱𝗲", full-width
 *    "ｐａｙｐａｌ.com"). Mail programs show them as written, and the host-name mapping (UTS #46)
 *    folds them to a plain name ("kinder.de"), so the message seems to come from the brand's own
 *    domain while no mail system of that brand ever wrote its address that way. Letters with
 *    diacritics of a real internationalised name (münchen.de, tiếng-việt.vn) are not stylised;
 *  - 'quoted': the whole address is a quoted string holding an address of its own
 *    (<"noreply@brand.example">, or <"noreply@brand.example"@elsewhere.example>): mail programs show
 *    "noreply@brand.example", but that is only a name part, with no domain or another one.
 * Mail systems never produce either; they are made by hand to show a domain the sender does not own.
 */

export type DisguiseTag = 'stylised' | 'quoted';

export interface DisguisedAddress {
  tag: DisguiseTag;
  /** The address as the reader is meant to read it, in plain ASCII ("no-reply@kinder.de"). */
  shown: string;
}

/** Fewer stylised letters than this could be a stray character, not a disguised name. */
export const DISGUISED_LETTERS_MIN = 2;
const MAX_ADDRESS = 320;
/** A quoted string that is itself an address: "local@host.tld" (host name characters only). */
const QUOTED_ADDRESS = /^"\s*([^"\s@]{1,64}@([a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})+))\s*"(?:@(.*))?$/i;

export function disguisedAddress(address: string | undefined): DisguisedAddress | undefined {
  const a = (address ?? '').trim().replace(/^<|>$/g, '').slice(0, MAX_ADDRESS);
  if (a === '') return undefined;
  const quoted = QUOTED_ADDRESS.exec(a);
  if (quoted) {
    const shownHost = (quoted[2] ?? '').toLowerCase();
    const realHost = quoted[3] === undefined ? '' : (toAsciiHostname(quoted[3]) ?? '');
    // "a@b.example"@b.example says the same domain twice: odd, but it hides nothing.
    if (realHost !== shownHost) return { tag: 'quoted', shown: (quoted[1] ?? '').toLowerCase() };
  }
  let letters = 0;
  let plain = '';
  for (const ch of a) {
    const p = plainOf(ch, false);
    if (p !== undefined) {
      if (/[a-z]/.test(p)) letters++;
      plain += p;
      continue;
    }
    const cp = ch.codePointAt(0)!;
    // Full-width and small-form signs (＠ ．) belong to the same disguise.
    const nk = cp >= 0x80 ? ch.normalize('NFKC') : ch;
    plain += nk.length === 1 && /^[@.\-_+]$/.test(nk) ? nk : ch.toLowerCase();
  }
  if (letters >= DISGUISED_LETTERS_MIN) return { tag: 'stylised', shown: plain.toLowerCase() };
  return undefined;
}
