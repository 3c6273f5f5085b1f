import { domainToUnicode } from 'node:url';
import { getDomain, getPublicSuffix } from 'tldts';
import { editDistance, skeleton } from './confusables.js';
import { DomainSet } from './domains.js';
import { setBounded } from '../../bounded.js';

/** Why a host was taken for an imitation of a protected domain. */
export type LookalikeReason = 'homoglyph' | 'edit-distance' | 'embedded' | 'tld-swap';

export interface LookalikeHit {
  /** The protected domain imitated, as written in the list (ASCII). */
  imitated: string;
  reason: LookalikeReason;
}

interface ProtectedDomain {
  ascii: string;
  /** Skeleton of the whole domain in Unicode form. */
  skel: string;
  /** Public suffix ('com.vn', 'gov.vn', 'com'); the whole domain when it is itself a suffix (gov.vn). */
  suffix: string;
  /** The label before the suffix ('vietcombank'); '' for a bare suffix such as gov.vn. */
  label: string;
  skelLabel: string;
  /** Matches the domain written into another host: dots swapped for '-' or dropped, on label edges. */
  embedded: RegExp;
  /** The same over the single-character skeleton (so 'govvn' is not read as 'gown'). */
  embeddedPlain: RegExp;
  vietnamese: boolean;
}

/** Hosts whose answer is remembered per matcher (one matcher per policy). */
export const LOOKALIKE_CACHE_SIZE = 20_000;

/** Brand labels that are ordinary words or families of legitimate domains: no token/subdomain test. */
const GENERIC_LABELS = new Set(['office', 'live', 'apple', 'outlook', 'google', 'mail', 'login', 'online']);
/** Top-level domains treated as one family when comparing near-miss labels. */
const GENERIC_TLDS = new Set(['com', 'net', 'org', 'info', 'biz', 'co']);

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function family(suffix: string): string {
  const last = suffix.slice(suffix.lastIndexOf('.') + 1);
  return GENERIC_TLDS.has(last) ? 'generic' : last;
}

/** How far a label may be from a protected label to count as a typo of it: scaled by length. */
function allowedDistance(length: number): number {
  if (length >= 9) return 2;
  if (length >= 6) return 1;
  return 0;
}

function unicodeOf(ascii: string): string {
  return (ascii.includes('xn--') ? domainToUnicode(ascii) : ascii) || ascii;
}

function compile(ascii: string): ProtectedDomain {
  const unicode = unicodeOf(ascii);
  const suffix = getPublicSuffix(ascii) ?? ascii.slice(ascii.lastIndexOf('.') + 1);
  const registrable = getDomain(ascii);
  const label = registrable && suffix !== ascii ? unicodeOf(registrable.slice(0, -(suffix.length + 1))) : '';
  const skel = skeleton(unicode);
  const embedding = (sk: string): RegExp =>
    new RegExp(`(?:^|[.\\-_])${sk.split('.').map(escape).join('[.\\-_]?')}(?:$|[.\\-_])`);
  return {
    ascii,
    skel,
    suffix,
    label,
    skelLabel: skeleton(label),
    embedded: embedding(skel),
    embeddedPlain: embedding(skeleton(unicode, false)),
    vietnamese: suffix === 'vn' || suffix.endsWith('.vn'),
  };
}

/**
 * Recognises host names that imitate one of a set of protected domains (confusable characters,
 * near-miss spelling, the protected name written into another domain, the same name under another
 * top-level domain for Vietnamese domains). A host that is a protected domain or one of its
 * subdomains never matches. Build once per list (lists.ts caches one per Policy), call per host.
 */
export class LookalikeMatcher {
  readonly owned: DomainSet;
  private readonly domains: ProtectedDomain[];
  private readonly seen = new Map<string, LookalikeHit | null>();

  constructor(protectedDomains: Iterable<string>) {
    this.owned = new DomainSet(protectedDomains);
    // Longest first: the most specific imitated domain is named (dichvucong.gov.vn before gov.vn).
    this.domains = [...this.owned.entries()].sort((a, b) => b.length - a.length).map(compile);
  }

  get size(): number {
    return this.domains.length;
  }

  /** `host`: ASCII (punycode) lower-case host name. Undefined when it imitates nothing. */
  check(host: string): LookalikeHit | undefined {
    // The same hosts come back message after message (the province's own, its correspondents');
    // the answer depends on the host alone, so it is kept, in a bounded map (oldest out first).
    const cached = this.seen.get(host);
    if (cached !== undefined) return cached ?? undefined;
    const hit = this.compute(host);
    setBounded(this.seen, host, hit ?? null, LOOKALIKE_CACHE_SIZE);
    return hit;
  }

  private compute(host: string): LookalikeHit | undefined {
    if (host === '' || this.domains.length === 0 || this.owned.match(host) !== undefined) return undefined;
    const unicode = unicodeOf(host);
    const skelHost = skeleton(unicode);
    // Without the multi-letter rules too: 'govvn' must still read as gov+vn, not 'gown'.
    const plainSkel = skeleton(unicode, false);
    const registrable = getDomain(host) ?? host;
    const suffix = getPublicSuffix(host) ?? '';
    const labelAscii = suffix && registrable.length > suffix.length ? registrable.slice(0, -(suffix.length + 1)) : registrable;
    const label = unicodeOf(labelAscii);
    const skelLabel = skeleton(label);
    const skelLabelJoined = skelLabel.replace(/[-_]/g, '');
    const subLabels = host.length > registrable.length ? unicodeOf(host.slice(0, -(registrable.length + 1))).split(/[.\-_]/) : [];
    const tokens = label.split(/[-_]/);

    for (const p of this.domains) {
      if (skelHost === p.skel || skelHost.endsWith(`.${p.skel}`)) return { imitated: p.ascii, reason: 'homoglyph' };
    }
    for (const p of this.domains) {
      if (p.label !== '' && label === p.label) {
        // Same name under another suffix: global brands own many (google.com.vn), Vietnamese ones
        // rarely; three-letter names (acb, vib) are other organisations' names elsewhere.
        if (p.vietnamese && suffix !== p.suffix && (p.label.length >= 4 || p.suffix === 'gov.vn')) return { imitated: p.ascii, reason: 'tld-swap' };
        continue;
      }
      if (p.embedded.test(skelHost) || p.embeddedPlain.test(plainSkel)) return { imitated: p.ascii, reason: 'embedded' };
      if (p.label === '') continue;
      if (skelLabel === p.skelLabel || skelLabelJoined === p.skelLabel) return { imitated: p.ascii, reason: 'homoglyph' };
      const max = allowedDistance(p.label.length);
      if (max > 0 && (p.label.length >= 8 || family(suffix) === family(p.suffix))) {
        if (editDistance(skelLabelJoined, p.skelLabel, max) <= max) return { imitated: p.ascii, reason: 'edit-distance' };
      }
      if (p.label.length >= 5 && !GENERIC_LABELS.has(p.label)) {
        if (tokens.length > 1 && tokens.includes(p.label)) return { imitated: p.ascii, reason: 'embedded' };
        if (p.label.length >= 6 && subLabels.includes(p.label)) return { imitated: p.ascii, reason: 'embedded' };
      }
    }
    return undefined;
  }
}
