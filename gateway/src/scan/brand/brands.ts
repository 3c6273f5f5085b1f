import { getDomain, getPublicSuffix } from 'tldts';
import type { Policy } from '../../policy/types.js';
import { foldText, INVISIBLE } from '../content/fold.js';
import { skeleton } from '../urls/confusables.js';
import { DomainSet, normaliseDomainEntry } from '../urls/domains.js';

/** Conventional name of the brand list in the policy (type phrase, one brand per line). */
export const BRAND_LIST = 'brands';

/** Words that may stand beside a short brand name ("=UPS") in a sender name: "UPS Support Team". */
const GENERIC_WORDS = new Set(
  [
    'team', 'support', 'service', 'services', 'customer', 'customers', 'care', 'security', 'account', 'accounts',
    'notification', 'notifications', 'notice', 'alert', 'alerts', 'billing', 'online', 'no', 'reply', 'noreply',
    'donotreply', 'info', 'help', 'helpdesk', 'center', 'centre', 'official', 'express', 'delivery', 'update',
    'updates', 'mail', 'email', 'admin', 'department', 'dept', 'desk', 'group', 'id', 'bank', 'banking', 'pay',
    'wallet', 'live', 'app', 'inc', 'ltd', 'llc', 'corp', 'the', 'from', 'via', 'and', 'of', 'de', 'do', 'da',
    'le', 'la', 'der', 'die', 'das', 'kundenservice', 'kundendienst', 'atendimento', 'suporte', 'servicio',
    'cliente', 'clientes', 'assistance', 'equipe', 'team', 'cskh', 'ho', 'tro', 'thong', 'bao', 'cham', 'soc',
    'khach', 'hang', 'dich', 'vu', 'tong', 'dai', 'ngan', 'vi',
    // the words of affiliate mail around a short brand name ("Costco Rewards", "Hims Affiliate", "Apple Gift Thank You")
    'rewards', 'reward', 'deal', 'deals', 'offer', 'offers', 'affiliate', 'partner', 'partners', 'quote', 'survey',
    'member', 'members', 'membership', 'promo', 'promotion', 'promotions', 'gift', 'gifts', 'thank', 'you', 'thanks',
    // the service a post, a courier or a tax office names after itself ("DHL Paket", "UPS Tracking", "Correos Paquetería", "IRS Tax Refund")
    'paket', 'pakete', 'parcel', 'parcels', 'package', 'packages', 'tracking', 'shipping', 'shipment', 'shipments', 'logistics',
    'courier', 'post', 'sendung', 'sendungsverfolgung', 'versand', 'zustellung', 'colis', 'suivi', 'livraison', 'paqueteria',
    'paquete', 'paquetes', 'envio', 'envios', 'seguimiento', 'spedizioni', 'pacchi', 'encomendas', 'rastreamento',
    'tax', 'taxes', 'refund', 'refunds',
  ],
);

export interface Brand {
  /** The brand's first name as written in the list: what a banner shows. */
  name: string;
  /** Stable id for tags: the folded first name with '-' for spaces ('banco-do-brasil'). */
  id: string;
  domains: DomainSet;
  /** Registrable labels of its domains ('netflix'): the same name under another suffix is the brand too. */
  labels: Set<string>;
  /** Folded aliases without spaces, 5+ letters: looked for in link host names. */
  compact: string[];
}

interface Alias {
  brand: Brand;
  /** '=name': only when the rest of the sender name is generic words. */
  exact: boolean;
  words: number;
}

export interface BrandMatcher {
  brands: Brand[];
  aliases: Map<string, Alias>;
  /** The same aliases by confusable skeleton ('paypal' → 'paypal', 'microsoft' → 'mlcrosoft'). */
  skeletons: Map<string, Alias>;
  /** Every domain of every brand. */
  allDomains: DomainSet;
  maxWords: number;
  /** Aliases of 4+ letters by look-alike key (lookalikeKey of each word): candidates for findLookalikeBrand. */
  lookalikes: Map<string, LookalikeAlias[]>;
  /** Index of the first brand (in list order) listing each domain, and owning each label: see brandOwning. */
  firstByDomain: Map<string, number>;
  firstByLabel: Map<string, number>;
}

/** Invisible and format characters imitators put between letters ("Mi\u200Bcrosoft"), variation selectors included. */
export const INVISIBLE_CHARS = new RegExp(INVISIBLE.source, 'gu');
/** Greek or Cyrillic letters, or digits inside Latin words: worth a skeleton comparison. */
const MIXED = /[\u0370-\u03FF\u0400-\u04FF]|\p{L}[01]|[01]\p{L}/u;
const GENERIC_SKELETONS = new Set([...GENERIC_WORDS].map((w) => skeleton(w, false)));

export interface BrandHit {
  brand: Brand;
  alias: string;
  /** The words as written when the brand was disguised with look-alike letters ("PAYPA1", "Arnazon"). */
  lookalike?: string;
}

interface LookalikeAlias {
  alias: Alias;
  /** The alias's folded words ('wells', 'fargo'). */
  words: string[];
}

/** Splits folded text into word tokens (letters and digits). */
export function tokens(folded: string): string[] {
  return folded.split(/[^\p{L}\p{N}]+/u).filter((t) => t !== '');
}

/** 'Name, =Short | a.example b.example' → the brand; undefined when the line has no name or domain. */
export function parseBrandEntry(entry: string): { names: { text: string; exact: boolean }[]; domains: string[] } | undefined {
  const bar = entry.indexOf('|');
  if (bar === -1) return undefined;
  const names = entry
    .slice(0, bar)
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '' && n !== '=')
    .map((n) => (n.startsWith('=') ? { text: n.slice(1).trim(), exact: true } : { text: n, exact: false }));
  const domains = entry
    .slice(bar + 1)
    .split(/[\s,]+/)
    .map(normaliseDomainEntry)
    .filter((d) => d !== '');
  if (names.length === 0 || domains.length === 0) return undefined;
  return { names, domains };
}

function labelOf(domain: string): string {
  const registrable = getDomain(domain);
  const suffix = getPublicSuffix(domain);
  if (!registrable || !suffix || registrable.length <= suffix.length) return '';
  return registrable.slice(0, -(suffix.length + 1));
}

export function compileBrands(entries: Iterable<string>): BrandMatcher {
  const brands: Brand[] = [];
  const aliases = new Map<string, Alias>();
  const skeletons = new Map<string, Alias>();
  const lookalikes = new Map<string, LookalikeAlias[]>();
  let maxWords = 1;
  for (const entry of entries) {
    const parsed = parseBrandEntry(entry);
    if (!parsed) continue;
    const first = tokens(foldText(parsed.names[0]!.text));
    const brand: Brand = {
      name: parsed.names[0]!.text,
      id: first.join('-'),
      domains: new DomainSet(parsed.domains),
      labels: new Set(parsed.domains.map(labelOf).filter((l) => l.length >= 4)),
      compact: [],
    };
    for (const n of parsed.names) {
      const words = tokens(foldText(n.text));
      if (words.length === 0) continue;
      const key = words.join(' ');
      const alias: Alias = { brand, exact: n.exact, words: words.length };
      if (!aliases.has(key)) aliases.set(key, alias);
      const skel = words.map((w) => skeleton(w, false)).join(' ');
      if (!skeletons.has(skel)) skeletons.set(skel, alias);
      if (words.join('').length >= LOOKALIKE_MIN_LETTERS) {
        const loose = words.map(lookalikeKey).join(' ');
        const list = lookalikes.get(loose) ?? [];
        if (!list.some((l) => l.words.join(' ') === key)) list.push({ alias, words });
        lookalikes.set(loose, list);
      }
      maxWords = Math.max(maxWords, words.length);
      const compact = words.join('');
      if (!n.exact && compact.length >= 5 && !brand.compact.includes(compact)) brand.compact.push(compact);
    }
    brands.push(brand);
  }
  const allDomains = new DomainSet(brands.flatMap((b) => [...b.domains.entries()]));
  const firstByDomain = new Map<string, number>();
  const firstByLabel = new Map<string, number>();
  brands.forEach((b, i) => {
    for (const d of b.domains.entries()) if (!firstByDomain.has(d)) firstByDomain.set(d, i);
    for (const l of b.labels) if (!firstByLabel.has(l)) firstByLabel.set(l, i);
  });
  return { brands, aliases, skeletons, lookalikes, allDomains, maxWords, firstByDomain, firstByLabel };
}

const cache = new WeakMap<Policy, BrandMatcher>();

/** The brand matcher of a policy (list 'brands'), built once per Policy object. */
export function brandMatcher(policy: Policy): BrandMatcher {
  let m = cache.get(policy);
  if (!m) {
    m = compileBrands(policy.lists.get(BRAND_LIST)?.entries ?? []);
    cache.set(policy, m);
  }
  return m;
}

interface Variant {
  words: string[];
  aliases: Map<string, Alias>;
  generic: Set<string>;
}

/**
 * Forms of a sender name to look in: as written (folded, invisible characters removed), with
 * capital I read as l ("PayPaI"), and, when it mixes scripts or digits into words ("Αmazοn" with
 * Greek letters, "Micros0ft"), by confusable skeleton.
 */
function variants(m: BrandMatcher, name: string): Variant[] {
  const clean = name.replace(INVISIBLE_CHARS, '');
  const out: Variant[] = [{ words: tokens(foldText(clean)), aliases: m.aliases, generic: GENERIC_WORDS }];
  if (/[\p{Ll}]I|I[\p{Ll}]/u.test(clean)) {
    out.push({ words: tokens(foldText(clean.replace(/I/g, 'l'))), aliases: m.aliases, generic: GENERIC_WORDS });
  }
  if (MIXED.test(clean)) {
    out.push({ words: tokens(foldText(clean)).map((w) => skeleton(w, false)), aliases: m.skeletons, generic: GENERIC_SKELETONS });
  }
  return out;
}

/**
 * The brand a text names, if any. `allowExact`: whether '=' aliases may match (sender names:
 * only when the rest of the name is generic words); subjects pass false and skip them.
 * `lookalike`: when the text does not name a brand as written, look for one disguised with
 * out-of-place look-alike letters (findLookalikeBrand) before the looser readings; such a hit
 * carries `lookalike`.
 */
export function findBrand(m: BrandMatcher, text: string, allowExact: boolean, lookalike = false): BrandHit | undefined {
  if (m.aliases.size === 0 || text.trim() === '') return undefined;
  let first = true;
  for (const v of variants(m, text.slice(0, 300))) {
    if (!first && lookalike) {
      // not named as written: a brand disguised with out-of-place look-alikes says so (hit.lookalike)
      const disguised = findLookalikeBrand(m, text, allowExact);
      if (disguised) return disguised;
      lookalike = false;
    }
    first = false;
    const { words } = v;
    for (let n = Math.min(m.maxWords, words.length); n >= 1; n--) {
      for (let i = 0; i + n <= words.length; i++) {
        const key = words.slice(i, i + n).join(' ');
        const alias = v.aliases.get(key);
        if (!alias) continue;
        if (alias.exact) {
          if (!allowExact) continue;
          const rest = [...words.slice(0, i), ...words.slice(i + n)];
          if (!rest.every((w) => v.generic.has(w))) continue;
        }
        return { brand: alias.brand, alias: key };
      }
    }
  }
  return lookalike ? findLookalikeBrand(m, text, allowExact) : undefined;
}

/** Aliases shorter than this (letters, words joined) are not looked for in disguise: "UP5", "1RS" are too short to tell. */
const LOOKALIKE_MIN_LETTERS = 4;
const MARK_RUNS = /\p{M}+/gu;
/** Digits read as the letter they resemble inside a word ("PAYPA1", "G00GLE", "8IDV", "F3DEX"). */
const DIGIT_LETTER: Record<string, string> = { '0': 'o', '1': 'l', '3': 'e', '5': 's', '8': 'b' };

/** A folded word with every look-alike written the same way: confusable skeleton, digits read as letters, rn as m, vv as w. */
function lookalikeKey(word: string): string {
  return skeleton(word, false)
    .replace(/[358]/g, (d) => DIGIT_LETTER[d]!)
    .replace(/rn/g, 'm')
    .replace(/vv/g, 'w');
}

/** A word with its diacritics dropped and its case kept (đ → d): the case tells which letters are out of place. */
function foldKeepCase(word: string): string {
  return word.normalize('NFKD').replace(MARK_RUNS, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

/**
 * How `word` (as written, diacritics dropped, case kept) spells the folded `target` by replacing
 * letters with look-alikes that are out of place where they stand: the number of replacements, or
 * -1 when it does not spell it that way. Replacements: a digit 0/1/3/5/8 in a word of letters
 * ("PAYPA1", "8IDV"); a lowercase l where the brand has i ("Mlcrosoft", "lTAUCARD", "NETFLlX"); a
 * capital I where the brand has l in a word with lowercase letters ("PayPaI"); "rn" for m
 * ("Arnazon"), "vv" for w ("VVells"); a Greek or Cyrillic look-alike in a word with Latin letters.
 * Every other character must be the brand's own letter.
 */
function lookalikeSpelling(word: string, target: string): { subs: number; same: number } | undefined {
  const letters = word.match(/\p{L}/gu)?.length ?? 0;
  const latin = /[A-Za-z]/.test(word);
  const hasLower = /\p{Ll}/u.test(word);
  let subs = 0;
  let same = 0;
  let i = 0;
  let j = 0;
  while (i < word.length && j < target.length) {
    const c = word[i]!;
    const b = target[j]!;
    const pair = word.slice(i, i + 2).toLowerCase();
    if (c.toLowerCase() === b) {
      same++;
      i++;
    } else if ((b === 'm' && pair === 'rn') || (b === 'w' && pair === 'vv')) {
      subs++;
      i += 2;
    } else if (
      (letters >= 2 && (DIGIT_LETTER[c] === b || (c === '1' && b === 'i'))) ||
      (c === 'l' && b === 'i') ||
      (c === 'I' && b === 'l' && hasLower) ||
      (c.charCodeAt(0) >= 0x80 && latin && (skeleton(c, false) === b || (skeleton(c, false) === 'l' && b === 'i')))
    ) {
      subs++;
      i++;
    } else {
      return undefined;
    }
    j++;
  }
  return i === word.length && j === target.length ? { subs, same } : undefined;
}

/**
 * A brand written with look-alike letters out of place in otherwise ordinary words ("PAYPA1",
 * "G00GLE", "NETFLlX", "Arnazon", "VVells Fargo", "Vietcornbank", "8IDV", "Agrlbank"), whole words
 * only, in a text that does not name it as written (check findBrand first). Aliases of 4+ letters;
 * at most one replaced character for two kept. Words where these letters are normal ("Modern",
 * "Bernard", "B2B", "4G") only count when they spell a brand of the list.
 */
export function findLookalikeBrand(m: BrandMatcher, text: string, allowExact: boolean): BrandHit | undefined {
  if (m.lookalikes.size === 0 || text.trim() === '') return undefined;
  const written = text
    .slice(0, 300)
    .replace(INVISIBLE_CHARS, '')
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}\p{M}]+/u)
    .filter((t) => t !== '')
    .map(foldKeepCase)
    .filter((t) => t !== '');
  const keys = written.map(lookalikeKey);
  for (let n = Math.min(m.maxWords, written.length); n >= 1; n--) {
    for (let i = 0; i + n <= written.length; i++) {
      const candidates = m.lookalikes.get(keys.slice(i, i + n).join(' '));
      if (!candidates) continue;
      for (const { alias, words } of candidates) {
        let subs = 0;
        let same = 0;
        let ok = true;
        for (let k = 0; k < n && ok; k++) {
          const s = lookalikeSpelling(written[i + k]!, words[k]!);
          if (s === undefined) ok = false;
          else {
            subs += s.subs;
            same += s.same;
          }
        }
        if (!ok || subs === 0 || same < 2 * subs) continue;
        if (alias.exact) {
          if (!allowExact) continue;
          const rest = [...written.slice(0, i), ...written.slice(i + n)].flatMap((w) => tokens(foldText(w)));
          if (!rest.every((w) => GENERIC_WORDS.has(w))) continue;
        }
        return { brand: alias.brand, alias: words.join(' '), lookalike: written.slice(i, i + n).join(' ') };
      }
    }
  }
  return undefined;
}

/**
 * The first brand (in list order) that owns `domain` (ASCII): the same answer as
 * `m.brands.find((b) => ownedBy(b, domain))`, from two map lookups per label of the domain instead of
 * a tldts parse per brand (that loop was ~4% of the gateway's time under load, run per message for
 * the sender's domain and for every link host).
 */
export function brandOwning(m: BrandMatcher, domain: string): Brand | undefined {
  if (domain === '') return undefined;
  let best = Infinity;
  for (let h = domain; ; ) {
    const i = m.firstByDomain.get(h);
    if (i !== undefined && i < best) best = i;
    const dot = h.indexOf('.');
    if (dot === -1) break;
    h = h.slice(dot + 1);
  }
  const label = labelOf(domain);
  const j = label === '' ? undefined : m.firstByLabel.get(label);
  if (j !== undefined && j < best) best = j;
  return best === Infinity ? undefined : m.brands[best];
}

/** True when `domain` (ASCII) is one of the brand's domains, or the brand's name under another suffix. */
export function ownedBy(brand: Brand, domain: string): boolean {
  if (domain === '') return false;
  if (brand.domains.match(domain) !== undefined) return true;
  const label = labelOf(domain);
  return label !== '' && brand.labels.has(label);
}
