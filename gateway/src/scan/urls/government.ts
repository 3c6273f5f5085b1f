import { getDomain } from 'tldts';
import { publicBodyName } from './public-body.js';

/**
 * Host names dressed up as government domains: a government suffix (gov.vn, gov.uk, gouv.fr, go.jp,
 * ...) or a bare ".gov" spelled into a domain that is not under it — `bhxh.gov-vn.top`,
 * `dichvucong-govvn.net`, `thuedientu.gov.vn.example`, `hmrc-gov-uk.example`, `noivu-gov.online`,
 * `irs.gov.refund-claim.example`. No government publishes under another registry's name, so the
 * spelling itself is the sign; it needs no list of agencies.
 *
 * Not read as a disguise: the real government domains and their subdomains; "gov" inside a word
 * (govtech, governance, egov, mygov); e-government vendors ("e-gov", "egov-solutions.vn": the
 * token before "gov" is "e"); a "gov" department subdomain of a university (gov.harvard.edu,
 * cs.gov.example.edu) or a leading "gov" label (gov.example.com, a department's own host).
 *
 * A name that spells a Vietnamese public body with a place or a ministry (ubnd-thanhhoa.info,
 * tinhuy-thanhhoa.org) is read too, as the form 'public-body' (public-body.ts): weaker alone, since
 * it takes a word list, so the policy holds it only beside an attachment or link sign.
 */

/** Government second-level labels and the country codes each is a real suffix under. */
const GOVERNMENT_SUFFIXES: Record<string, readonly string[]> = {
  gov: ['vn', 'uk', 'au', 'cn', 'in', 'sg', 'my', 'ph', 'za', 'br', 'hk', 'tw', 'il', 'ie', 'ng', 'pk', 'bd', 'lk', 'kh', 'la', 'us', 'sa', 'ae', 'tr', 'it', 'pl'],
  govt: ['nz'],
  gouv: ['fr', 'qc', 'ci', 'sn', 'ma'],
  gob: ['es', 'mx', 'ar', 'cl', 'pe'],
  // 'go' is an everyday word: only the countries whose pairing reads as nothing else
  go: ['jp', 'kr', 'th'],
};

/** The same suffixes written as one word (govvn): only those that are no ordinary word ("goth", "gobes"). */
const JOINED = new Map<string, string>([
  ...GOVERNMENT_SUFFIXES.gov!.map((cc) => [`gov${cc}`, `gov.${cc}`] as const),
  ['govtnz', 'govt.nz'],
  ...GOVERNMENT_SUFFIXES.gouv!.map((cc) => [`gouv${cc}`, `gouv.${cc}`] as const),
  ['gojp', 'go.jp'],
  ['gokr', 'go.kr'],
]);

/** Top-level domains only governments hold. */
const GOVERNMENT_TLDS = new Set(['gov', 'mil']);

/** Real government suffixes (host is one of them or under one): never a disguise. */
const REAL = new Set<string>([
  ...Object.entries(GOVERNMENT_SUFFIXES).flatMap(([label, ccs]) => ccs.map((cc) => `${label}.${cc}`)),
  'gc.ca',
]);

/** Labels that only name a server of the domain: 'mail.gov.example.com' is the domain's own gov host. */
const HOST_WORDS = new Set(['www', 'mail', 'smtp', 'mx', 'webmail', 'email', 'm']);

/** Registrable domains of universities: their "gov" (government department) subdomains are theirs. */
const EDUCATION = /(?:^|\.)(?:edu|ac)(?:\.[a-z]{2})?$/;

/**
 * How the government suffix was written into the host; 'public-body': no suffix, but the name spells
 * a Vietnamese public body and a place or ministry (ubnd-thanhhoa.info: public-body.ts).
 */
export type GovernmentForm = 'pair' | 'joined' | 'dash-gov' | 'gov-label' | 'public-body';

export interface GovernmentDisguise {
  /** The government suffix spelled ('gov.vn', 'gov.uk', 'gov' for a bare .gov). */
  imitated: string;
  form: GovernmentForm;
}

function isReal(host: string): boolean {
  const labels = host.split('.');
  if (GOVERNMENT_TLDS.has(labels[labels.length - 1]!)) return true;
  for (let i = 0; i < labels.length - 1; i++) {
    if (REAL.has(labels.slice(i).join('.'))) return true;
  }
  return false;
}

/**
 * `host`: ASCII lower-case host name; `registrable`: its registrable domain (tldts getDomain), or
 * '' when unknown. Undefined when the host does not dress itself as a government domain: neither
 * spells a government suffix nor names a Vietnamese public body (public-body.ts) outside gov.vn.
 */
export function governmentDisguise(host: string, registrable: string): GovernmentDisguise | undefined {
  const suffix = suffixDisguise(host, registrable);
  if (suffix || host === '' || isReal(host)) return suffix;
  // the name under free hosting counts as the registrable one (ubnd-thanhhoa.pages.dev): private suffixes included
  return publicBodyName(getDomain(host, { allowPrivateDomains: true }) ?? registrable) ? { imitated: 'gov.vn', form: 'public-body' } : undefined;
}

function suffixDisguise(host: string, registrable: string): GovernmentDisguise | undefined {
  if (host === '' || !host.includes('go') || isReal(host)) return undefined;
  const labels = host.split('.');
  // 1. a government label followed by its country code, across a dot, hyphen or underscore: gov-vn, gov.vn.xyz, gouv_fr
  const tokens = host.split(/[.\-_]/);
  for (let i = 0; i + 1 < tokens.length; i++) {
    const ccs = GOVERNMENT_SUFFIXES[tokens[i]!];
    if (ccs?.includes(tokens[i + 1]!)) return { imitated: `${tokens[i]}.${tokens[i + 1]}`, form: 'pair' };
  }
  // 2. the suffix written as one word, as a whole token: dichvucong-govvn.net, govuk.example
  for (const t of tokens) {
    const joined = JOINED.get(t);
    if (joined) return { imitated: joined, form: 'joined' };
  }
  const reg = registrable !== '' && host.endsWith(registrable) ? registrable : labels.slice(-2).join('.');
  const regLabel = reg.split('.')[0]!;
  // 3. ".gov" as the last hyphen part of the registrable name: irs-gov.help reads "irs.gov"
  const parts = regLabel.split(/[-_]/);
  if (parts.length > 1 && parts[parts.length - 1] === 'gov' && parts[parts.length - 2] !== 'e' && parts[parts.length - 2] !== '') {
    return { imitated: 'gov', form: 'dash-gov' };
  }
  // 4. a 'gov' label above the registrable domain, after a name: irs.gov.refund-claim.example
  if (EDUCATION.test(reg)) return undefined;
  const sub = host.length > reg.length ? host.slice(0, -(reg.length + 1)).split('.') : [];
  for (let i = 1; i < sub.length; i++) {
    if (sub[i] === 'gov' && sub.slice(0, i).some((l) => !HOST_WORDS.has(l))) return { imitated: 'gov', form: 'gov-label' };
  }
  return undefined;
}
