import type { ParsedMessage, UrlRef } from '../../parse/types.js';
import type { Policy } from '../../policy/types.js';
import type { Finding } from '../types.js';
import { siteHost } from '../urls/domains.js';
import { sentFromKnownDomain } from '../urls/lists.js';
import { hits, LURE_SPAN, LURE_WINDOW } from './lure.js';
import { negatedAt } from './negation.js';
import { alternativesOf, wordList } from './word-list.js';

/**
 * A password asked for through a form builder: "verify your email address and password in the form
 * below" with a link to Google Forms, Microsoft Forms, Jotform or Typeform. The page is the real
 * service's, so no hosting or lookalike check sees it, and the form holds no password field the
 * body's form check could read; but no one collects passwords with a survey tool.
 *
 * content.form-password when a message from outside (not the province's own, an allowed or a
 * protected domain) links to a form builder and its folded text asks, within LURE_SPAN, to give,
 * verify, confirm or update a password or a mailbox (negated clauses, "we will never ask for your
 * password", do not count). Tags: form-builder and the form's host. At most one per message.
 */

/** Form builders: the host (www. dropped) and, where the host serves other things too, the path of its forms. */
const FORM_BUILDERS: ReadonlyArray<[RegExp, RegExp]> = [
  [/^docs\.google\.com$/, /^\/forms\//],
  [/^forms\.gle$/, /^\//],
  [/^forms\.(?:office|microsoft)\.com$/, /^\//],
  [/^(?:[a-z0-9-]+\.)?jotform\.(?:com|me)$/, /^\//],
  [/^(?:[a-z0-9-]+\.)?typeform\.com$/, /^\/(?:to|forms?)\//],
];

const w = (alternatives: string): RegExp => wordList(alternativesOf(alternatives));

/** A password or a mailbox (folded: lower case, no diacritics). */
const SECRET = w(
  [
    'passwords?', 'passcode', 'login details', 'sign-?in details', 'credentials', 'mailbox', 'e-?mail account', 'webmail',
    // vi
    'mat khau', 'hop thu', 'tai khoan thu',
    // de, fr, es, it, pt, nl
    'passwort', 'kennwort', 'postfach', 'mot de passe', 'identifiants', 'boite (?:mail|aux lettres)', 'contrasena', 'buzon',
    'parola d\'accesso', 'credenziali', 'casella (?:di posta|e-?mail)', 'senha', 'caixa de correio', 'wachtwoord', 'postvak',
  ].join('|'),
);

/** Asked to give, check or renew it. */
const ASK = w(
  [
    'verify', 'confirm', 'validate', 'update', 'provide', 'enter', 're-?enter', 'submit', 'fill in', 'type in',
    // vi
    'xac minh', 'xac nhan', 'xac thuc', 'cap nhat', 'cung cap', 'nhap', 'dien (?:vao|thong tin|day du)', 'khai bao',
    // de, fr, es, it, pt, nl
    'bestatigen', 'verifizieren', 'aktualisieren', 'eingeben', 'angeben', 'confirmez', 'verifiez', 'saisissez', 'indiquez', 'mettez a jour',
    'confirme', 'verifique', 'ingrese', 'introduzca', 'actualice', 'conferma', 'verifica', 'inserisci', 'aggiorna', 'informe', 'digite',
    'atualize', 'bevestig', 'verifieer', 'vul (?:uw|je)',
  ].join('|'),
);

const MAX_LINKS = 100;

/** The host of the first link to a form builder, if any. */
function formBuilderHost(urls: readonly UrlRef[]): string | undefined {
  for (const link of urls.slice(0, MAX_LINKS)) {
    if (link.scheme !== 'http' && link.scheme !== 'https') continue;
    const host = siteHost(link.host);
    // the host first: only a form builder's link is parsed for its path (most mail has none)
    const paths = FORM_BUILDERS.filter(([h]) => h.test(host)).map(([, p]) => p);
    if (paths.length === 0) continue;
    let path: string;
    try {
      path = new URL(link.url).pathname;
    } catch {
      continue;
    }
    if (paths.some((p) => p.test(path))) return host;
  }
  return undefined;
}

/**
 * content.form-password for a message (`folded`: its folded subject + text, as the content scanner
 * builds it; `urls`: its links) that links to a form builder and asks for a password there.
 */
export function formPasswordFinding(message: ParsedMessage, policy: Policy, folded: string, urls: readonly UrlRef[]): Finding | undefined {
  const host = formBuilderHost(urls);
  if (host === undefined || sentFromKnownDomain(message, policy)) return undefined;
  const text = folded.length > LURE_WINDOW ? folded.slice(0, LURE_WINDOW) : folded;
  const secrets = hits(SECRET, text).filter((h) => !negatedAt(text, h.at));
  if (secrets.length === 0) return undefined;
  const asks = hits(ASK, text).filter((h) => !negatedAt(text, h.at));
  const pair = secrets.map((s) => [s, asks.find((a) => Math.abs(a.at - s.at) <= LURE_SPAN)] as const).find(([, a]) => a !== undefined);
  if (!pair) return undefined;
  const said = [pair[1]!.text, pair[0].text];
  return {
    scanner: 'content',
    kind: 'content.form-password',
    detail: `the text asks for a password or mailbox ("${said.join('" … "')}") and links to a form on ${host}: no one collects passwords with a form builder`,
    subject: host,
    tags: ['form-builder', host],
  };
}
