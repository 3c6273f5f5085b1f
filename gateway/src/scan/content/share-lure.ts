import type { ParsedMessage, UrlRef } from '../../parse/types.js';
import type { Policy } from '../../policy/types.js';
import type { Finding } from '../types.js';
import { DomainFamilies } from '../links/families.js';
import { FREEMAIL } from '../identity/freemail.js';
import { canonicalHost, domainOfAddress, DomainSet } from '../urls/domains.js';
import { wrappedUrls } from '../urls/index.js';
import { SHARE_SERVICES_LIST, urlPolicy } from '../urls/lists.js';
import { deobfuscate } from './deobfuscate.js';
import { foldText } from './fold.js';
import { alternativesOf, wordList } from './word-list.js';
import { ownWebLinks } from './own-links.js';

/**
 * The fake "document shared with you" notice: "X đã chia sẻ một tài liệu với bạn", "X shared a file
 * with you", "You have received a secure document", whose button leads to a sign-in page on an
 * ordinary or hacked site instead of the service it imitates. A real notice links to the service
 * (Google Drive, OneDrive/SharePoint, Dropbox, DocuSign, ...) or to the sender's own document
 * system; the fake one cannot, since the phishing page is elsewhere.
 *
 * content.share-lure when all of:
 *  - the start of the folded text (or of the calendar invitation's text) says a document was shared
 *    with or sent to the reader (SHARE: Vietnamese with or without diacritics, English, and the
 *    languages mass phishing arrives in);
 *  - the sender is not one of the sharing services itself (policy list 'share_services', a
 *    free-mail domain never counts as a service) and not on the allowed list;
 *  - the message's action links (a web link whose text is "Open", "View document", "Xem tài liệu",
 *    a file name ...; every web link of the body and of its calendar invitations when none reads so;
 *    a meeting's join link is not judged, own-links.ts) lead elsewhere: no action link
 *    goes to the sender's own site, and some action link goes to a host that is neither on the
 *    services list nor the province's, an allowed or a Vietnamese protected domain (a redirector's
 *    destination counts, not the redirector). Mail without an action-worded link passes when any of
 *    its links goes to a service: "I shared the folder on Drive: https://drive.google.com/..." is
 *    ordinary mail.
 * Without the list (a policy that does not declare 'share_services') nothing is reported: no
 * service would be known, and every genuine notice would look fake.
 *
 * Tags: 'link-elsewhere', 'action-link' when an action-worded link was judged (else 'any-link'),
 * and the host the button leads to. At most one per message.
 */

/** The policy list of document-sharing and e-signature services (and the province's own document systems). */
export { SHARE_SERVICES_LIST };
/** Only the start of subject + text is read: a notice says what was shared at once. */
export const SHARE_WINDOW = 5000;
/** Web links judged at most. */
const MAX_LINKS = 200;
/** Link texts longer than this are sentences, not buttons. */
const MAX_BUTTON_TEXT = 80;

const w = (alternatives: string): RegExp => wordList(alternativesOf(alternatives), '');
/** A few words of any kind (a sharer's file name, "a new"): no '|' (subject | body) in between. */
const FEW = '(?:[^ |]+ ){0,6}';

const DOC_EN = '(?:files?|documents?|docs?|folders?|items?|spreadsheets?|presentations?|pdfs?|contracts?|agreements?|proposals?|invoices?|statements?|reports?|faxe?s?)';
const DOC_VI = '(?:tai lieu|tep tin|tep|file|thu muc|van ban|ho so|bang tinh|hop dong|hoa don)';
const READER_VI = '(?:ban|anh|chi|em|anh/chi|anh chi|anh/ chi|quy vi|quy khach|quy co quan|quy don vi|dong chi|ong/ba|ong ba)';

/**
 * "A document was shared with you / sent to you", as folded text (lower case, no diacritics). Each
 * says that a sharer made a file available to the reader; a bare "view document" is not enough
 * (a council's notice "the session papers are posted on the portal, log in to view them" says that).
 */
const SHARE = w(
  [
    // en
    `shared ${FEW}with you`,
    `(?:has|have|just) shared (?:a |an |the |this |these |some |\\d+ )?(?:[^ |]+ )?${DOC_EN}`,
    `${DOC_EN} (?:has|have) been shared`,
    `wants? to share (?:a |an |the )?(?:[^ |]+ )?${DOC_EN}`,
    'invited you to (?:view|edit|comment|collaborate|access|sign|review)',
    `sent you (?:a |an |\\d+ )?(?:new |secure |shared |encrypted |important |confidential |private )?${DOC_EN}`,
    `you(?: have|'ve) (?:received|been sent) (?:a |an |\\d+ )?(?:new )?(?:secure |shared |encrypted |important |confidential |private )?(?:[^ |]+ )?${DOC_EN}`,
    `(?:secure|encrypted|shared|confidential) ${DOC_EN} (?:is |are |has been )?(?:waiting|available|ready|awaiting|pending)`,
    `${DOC_EN} (?:is |are )?(?:ready|waiting|available) (?:for you|to (?:view|download|review|sign))`,
    'review and sign', 'awaiting your signature', 'ready for (?:your )?signature',
    // vi
    `chia se ${FEW}voi ${READER_VI}`,
    `da chia se (?:mot |\\d+ |cac |nhung )?${DOC_VI}`,
    `${DOC_VI} (?:da )?(?:duoc )?chia se (?:voi|cho)`,
    `${DOC_VI} (?:bao mat|ma hoa) (?:dang cho|da duoc gui|duoc gui)`,
    `(?:gui|chuyen) (?:cho )?${READER_VI} (?:mot |\\d+ )?${DOC_VI} (?:bao mat|ma hoa|duoc chia se)`,
    `${READER_VI} (?:da )?(?:co|nhan duoc) (?:mot |\\d+ )?${DOC_VI} (?:moi )?(?:duoc chia se|bao mat|ma hoa|can ky)`,
    // pt, es, de, fr, nl
    `compartilh(?:ou|ado|ada|ados|adas) ${FEW}com (?:voce|vc)`,
    'compartilhou (?:um |uma |o |a )?(?:arquivo|documento|pasta)',
    '(?:arquivo|documento|pasta) compartilhad[oa]',
    `compartio ${FEW}contigo`,
    'ha compartido (?:un |una |el |la )?(?:archivo|documento|carpeta)',
    '(?:archivo|documento|carpeta) compartid[oa] contigo',
    `hat ${FEW}(?:mit (?:ihnen|dir) geteilt|fur (?:sie|dich) freigegeben)`,
    '(?:datei|dokument|ordner) (?:wurde )?(?:mit (?:ihnen|dir) )?geteilt',
    `a partage ${FEW}avec vous`,
    '(?:fichier|document|dossier) partage avec vous',
    `heeft ${FEW}met (?:u|je|jou) gedeeld`,
    '(?:bestand|document|map) (?:is )?(?:met u )?gedeeld',
  ].join('|'),
);

/** The text of a button or link that opens the shared thing (folded). */
const ACTION_TEXT = w(
  [
    'open', 'view', 'download', 'access', 'review', 'preview', 'read', 'sign', 'click here', 'get (?:the )?(?:file|document)',
    'xem', 'mo', 'tai ve', 'tai xuong', 'truy cap', 'ky', 'bam vao day', 'nhan vao day', 'an vao day',
    'abrir', 'ver', 'visualizar', 'baixar', 'acessar', 'descargar', 'acceder', 'offnen', 'anzeigen', 'ansehen', 'herunterladen',
    'ouvrir', 'afficher', 'telecharger', 'consulter', 'openen', 'bekijken', 'downloaden',
  ].join('|'),
);
/** A link whose text is a file name ("Ho_so_thanh_toan.pdf") is the button too. */
const FILE_NAME_TEXT = /\.(?:pdf|docx?|xlsx?|pptx?|odt|ods|zip|rar|7z)(?![a-z0-9])/;

const caches = new WeakMap<Policy, DomainSet>();

/** The policy's sharing services as a domain set (empty without the list). */
export function shareServices(policy: Policy): DomainSet {
  let set = caches.get(policy);
  if (!set) {
    set = new DomainSet(policy.lists.get(SHARE_SERVICES_LIST)?.entries ?? []);
    caches.set(policy, set);
  }
  return set;
}

/** The first share statement in the folded text, or undefined. */
export function shareWording(folded: string): string | undefined {
  const text = folded.length > SHARE_WINDOW ? folded.slice(0, SHARE_WINDOW) : folded;
  const m = SHARE.exec(text);
  return m ? m[0].replace(/^[^a-z0-9]/, '').trim().slice(0, 60) : undefined;
}

/** True when a link's visible text reads as the button that opens the shared thing. */
function isActionLink(link: UrlRef): boolean {
  // a calendar link with a text is an <a> of the invitation's HTML description
  if ((link.source !== 'href' && link.source !== 'calendar') || !link.text) return false;
  const text = foldText(link.text.length > MAX_BUTTON_TEXT * 4 ? link.text.slice(0, MAX_BUTTON_TEXT * 4) : link.text).trim();
  if (text === '' || text.length > MAX_BUTTON_TEXT) return false;
  return ACTION_TEXT.test(text) || FILE_NAME_TEXT.test(text);
}

/** Where a link leads: the sender's own site, a service or trusted site, or elsewhere (and which host). */
type Where = { at: 'sender' | 'known' } | { at: 'elsewhere'; host: string };

/** The hosts a link leads to: what a redirector wraps, else the link's own host. */
function destinations(link: UrlRef): string[] {
  const wrapped = wrappedUrls(link.url).flatMap((u) => (URL.canParse(u) ? [new URL(u).hostname] : []));
  return wrapped.length > 0 ? wrapped : [link.host];
}

/**
 * content.share-lure for a message whose folded subject + text (`folded`, as the content scanner
 * builds it) announces a shared document and whose action links lead elsewhere (see above).
 */
export function shareLureFinding(message: ParsedMessage, policy: Policy, folded: string, urls: readonly UrlRef[]): Finding | undefined {
  const services = shareServices(policy);
  if (services.size === 0) return undefined;
  // an invitation's description past the start of subject + body is read on its own
  const said = shareWording(folded) ?? (message.calendarText ? shareWording(foldText(deobfuscate(message.calendarText.slice(0, SHARE_WINDOW)).text)) : undefined);
  if (said === undefined) return undefined;
  const senderDomain = canonicalHost(domainOfAddress(message.from[0]?.address));
  if (senderDomain !== '' && FREEMAIL.match(senderDomain) === undefined && services.match(senderDomain) !== undefined) return undefined;
  if (senderDomain !== '' && urlPolicy(policy).allowed.match(senderDomain) !== undefined) return undefined;
  // the body's links and its calendar invitations' (own-links.ts), a meeting's join link left out
  const links = ownWebLinks(message, urls).slice(0, MAX_LINKS);
  if (links.length === 0) return undefined;
  const families = new DomainFamilies(policy);
  const sender = families.of(senderDomain);
  const where = (link: UrlRef): Where => {
    const targets = destinations(link);
    if (sender !== '' && [link.host, ...targets].some((h) => families.of(h) === sender)) return { at: 'sender' };
    const away = targets.find((h) => services.match(canonicalHost(h)) === undefined && !families.trusted(h));
    return away === undefined ? { at: 'known' } : { at: 'elsewhere', host: canonicalHost(away) };
  };
  const buttons = links.filter(isActionLink);
  const judged = (buttons.length > 0 ? buttons : links).map((link) => ({ link, where: where(link) }));
  if (judged.some((j) => j.where.at === 'sender')) return undefined;
  if (buttons.length === 0 && judged.some((j) => j.where.at === 'known')) return undefined;
  const away = judged.find((j) => j.where.at === 'elsewhere');
  if (!away || away.where.at !== 'elsewhere') return undefined;
  const host = away.where.host;
  return {
    scanner: 'content',
    kind: 'content.share-lure',
    detail: `the text says a document was shared ("${said}"), but the ${buttons.length > 0 ? `button "${foldText(away.link.text ?? '').slice(0, 40)}"` : 'link'} leads to ${host}, neither a document-sharing service (list ${SHARE_SERVICES_LIST}) nor the sender's site`,
    subject: host,
    tags: ['link-elsewhere', buttons.length > 0 ? 'action-link' : 'any-link', host],
    urls: [away.link.url],
  };
}
