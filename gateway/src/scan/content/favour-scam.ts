import type { ParsedMessage } from '../../parse/types.js';
import type { Finding } from '../types.js';
import { FREEMAIL } from '../identity/freemail.js';
import { domainOfAddress } from '../urls/domains.js';
import { foldText } from './fold.js';
import { hits, type Hit } from './lure.js';
import { negatedAt } from './negation.js';
import { wordList } from './word-list.js';

/**
 * Three scams that need no link and no attachment, only words, read on folded text (foldText after
 * deobfuscate: lower case, no diacritics; Japanese kana lose their voicing marks, so the Japanese
 * words below are folded the same way when the module loads):
 *
 *  - content.extortion: "I hacked your device, recorded you through the webcam, pay in Bitcoin to
 *    this address or your contacts get the video" (sextortion). A crypto address written out in the
 *    text (bc1…, a legacy 1…/3… Bitcoin address, 0x… Ethereum) beside Bitcoin/crypto words and two
 *    or more of: an intrusion (hacked, malware, access to your device), a recording (webcam, video,
 *    recorded), an exposure (your contacts, family, colleagues), adult sites — the intrusion or the
 *    adult sites among them. No genuine mail
 *    demands crypto under such a threat.
 *  - content.gift-card-request: "buy Apple gift cards for a few clients, scratch the back and send
 *    me pictures of the codes" (the gift-card step of CEO fraud). Gift cards beside a request for
 *    their codes (send me the codes, pictures of the cards, scratch the back). A shop selling gift
 *    cards never asks for the codes back.
 *  - content.bec-opener: "Are you at your desk? I need you to handle a task discreetly, I'm in a
 *    meeting and can't talk" — the first message of business e-mail compromise, short, no link:
 *    an availability question beside secrecy or "can't take calls". A colleague's "are you at your
 *    desk? could you send the minutes" has no secrecy and is left alone.
 *
 * English, Vietnamese, Spanish, Portuguese, German, French, Italian, Chinese, Japanese (deobfuscate turns
 * hyphens into spaces: "êtes-vous" is read as "etes vous"). The gift-card request and the BEC opener
 * are not read for mail from the local or allowed domains; extortion is read for all mail (it often
 * comes with the reader's own address forged as the sender) except a fraud-awareness notice (the
 * caller). At most one finding of each kind per message.
 */

/** Only the start of subject + text is read. */
export const FAVOUR_WINDOW = 6000;
/** A BEC opener is a short note: longer mail is a conversation, a newsletter or a thread. */
export const BEC_MAX_LENGTH = 1200;
/** The two parts of a request stand this close (characters). */
const SPAN = 400;

/** Japanese (and any) literals folded as the text is: ギフトカード → キフトカート. */
const folded = (words: readonly string[]): string[] => words.map((x) => (/[\u3040-\u30ff]/.test(x) ? foldText(x) : x));
const w = (words: readonly string[]): RegExp => wordList(folded(words));

const BTC_WORDS = w(['bitcoins?', 'btc', 'crypto(?:currency)?', 'ethereum', 'usdt', 'wallet', 'carteira', 'cartera', 'portefeuille', 'portafoglio', 'vi bitcoin', '比特币', '钱包', 'ビットコイン', 'ウォレット']);

/** A Bitcoin (bech32 or legacy base58) or Ethereum address, on the text before folding (base58 is case-sensitive). */
const CRYPTO_ADDRESS = /(?<![A-Za-z0-9])(?:bc1[02-9ac-hj-np-z]{25,62}|[13][1-9A-HJ-NP-Za-km-z]{25,34}|0x[0-9a-fA-F]{40})(?![A-Za-z0-9])/;

const THREATS: ReadonlyArray<[string, RegExp]> = [
  [
    'intrusion',
    w([
      'hacked', 'hacker', 'malware', 'trojan', 'spyware', 'virus', 'rat', 'keylogger', '(?:full |remote )?access to (?:your|all your) (?:device|computer|operating system|system|account|phone)s?',
      'bi hack', 'ma doc', 'xam nhap', 'hackeado', 'hackeei', 'hackeado', 'invadi', 'gehackt', 'schadsoftware', 'pirate', 'piratage', 'logiciel malveillant',
      'hackerato', 'violato', '黑客', '入侵', '木马', 'ハッキング', 'マルウェア', 'ウイルス',
    ]),
  ],
  [
    'recording',
    w([
      'webcam', 'camera', 'recorded', 'video', 'footage', 'filmed', 'screenshots?', 'quay phim', 'ghi hinh', 'grabado', 'gravei', 'gravado',
      'aufgenommen', 'kamera', 'enregistre', 'registrato', 'registrazione', '视频', '摄像头', '录像', '動画', 'カメラ', '録画',
    ]),
  ],
  [
    'exposure',
    w([
      'contacts', 'your family', 'colleagues', 'friends', 'danh ba', 'nguoi than', 'contactos', 'contatos', 'kontakte', 'kontakten', 'familie', 'collegues',
      'contatti', '联系人', '亲友', '連絡先', '家族',
    ]),
  ],
  [
    'adult',
    w(['adult', 'porn(?:ographic|o)?', 'xxx', 'masturbat(?:e|ing|ion)', 'nguoi lon', 'adultos', 'erwachsene', 'adultes', 'per adulti', '成人', '色情', 'アダルト']),
  ],
];

const GIFT_CARDS = w([
  '(?:apple|itunes|google play|steam|amazon|ebay|visa|razer|sephora|target|walmart) (?:gift )?cards?', 'gift ?cards?', 'e[ -]?gift cards?',
  'the qua tang', 'the cao', 'the itunes', 'tarjetas? (?:de )?regalo', 'cart(?:ao|oes) (?:de )?presente', 'vale[ -]?presente', 'gutscheine?', 'gutscheinkarten?',
  'geschenkkarten?', 'cartes? cadeaux?', 'buoni regalo', 'carte regalo', 'gift card', '礼品卡', '购物卡', '充值卡', 'ギフトカード', 'プリペイドカード',
]);

/** Asking for the codes: send them, photograph them, scratch the back. */
const CODE_REQUEST = w([
  '(?:send|email|text|forward|give) me (?:the |all the |pictures of the |photos of the |images of the )?(?:codes|pins|pictures|photos|images|card numbers)',
  '(?:pictures?|photos?|images?|snapshots?) of (?:the )?(?:codes?|cards?|back)', 'scratch(?: off)?',
  'gui (?:cho )?(?:anh|chi|toi|em) (?:ma|anh|hinh)', 'cao lop bac', 'ma the',
  'envia(?:me|rme)? (?:los|las) (?:codigos|fotos)', 'rasca', 'fotos? de los codigos', 'me envie (?:os|as) (?:codigos|fotos)', 'raspe', 'fotos? dos codigos',
  'fotos der codes', 'codes? (?:per mail )?(?:schicken|senden)', 'freirubbeln', 'rubbeln', 'schicken sie mir (?:die |fotos der )?codes',
  'envoyez[ -]moi (?:les )?(?:codes|photos)', 'grattez', 'photos? des codes', 'inviami (?:i )?(?:codici|foto)', 'gratta', 'foto dei codici',
  '卡密', '卡号', '刮开', '拍照发给我', 'コードを送', 'コートを送', '写真を送', '番号を送',
]);

const AVAILABLE = w([
  'are you (?:at|on|near) your desk', 'are you (?:available|free|around|in the office|busy)', 'do you have a (?:moment|minute)', 'let me know if you(?:\'re| are) available',
  '(?:ban|anh|chi|em|dong chi) (?:co )?(?:dang )?o (?:van phong|co quan)', '(?:anh|chi|em|ban) co ranh', 'co ranh khong',
  'estas en la oficina', 'estas disponible', 'esta disponible', 'tienes un momento', 'esta no escritorio', 'esta disponivel', 'voce esta disponivel',
  'sind sie (?:im buro|verfugbar|erreichbar|am platz)', 'bist du (?:im buro|verfugbar|erreichbar)', 'haben sie (?:kurz )?(?:zeit|einen moment)',
  'etes[ -]vous disponible', 'es[ -]tu disponible', 'etes[ -]vous au bureau', 'avez-vous un moment', 'sei in ufficio', 'sei disponibile', 'e disponibile', 'hai un minuto',
  '你在办公室吗', '在吗', '你现在有空吗', '有空吗', '今お時間', '席にいますか', '今大丈夫',
]);

const SECRECY = w([
  'discreet(?:ly)?', 'confidential(?:ly)?', 'keep (?:it|this) (?:between us|to yourself|private)', 'can(?:\'t|not) (?:talk|take (?:a )?calls?|speak)',
  'in a meeting', 'reply (?:by|via|to this) e[ -]?mail', 'urgent task', 'need (?:a|you to do me a) (?:quick )?favou?r',
  'bi mat', 'kin dao', 'giu kin', 'dang hop', 'khong nghe (?:may|dien thoai) duoc', 'dung goi (?:dien|dien thoai|lai)',
  'khong trao doi (?:voi|cho) (?:ai|nguoi khac)', 'nhan (?:tin )?rieng (?:cho|voi) (?:anh|chi|toi)',
  'discreto', 'discrecion', 'confidencial', 'no puedo hablar', 'estoy en una reunion', 'sigilo', 'nao posso falar', 'estou em reuniao', 'favor urgente',
  'vertraulich', 'diskret', 'in einer besprechung', 'kann nicht telefonieren', 'dringende aufgabe',
  'discretion', 'confidentiel', 'en reunion', 'ne peux pas (?:prendre d\'appel|parler|telephoner)', 'tache urgente',
  'riservat[oa]', 'discrezione', 'in riunione', 'non posso parlare', 'favore urgente',
  '保密', '在开会', '不方便接电话', '内密', '会議中', '電話に出られない',
]);

/**
 * The same opener written as an order to join a chat group: "vào nhóm Zalo này để nhận chỉ đạo … nhắn
 * riêng cho tôi, không trao đổi với người khác". Read like AVAILABLE, beside SECRECY.
 */
const JOIN_CHAT = w([
  '(?:tham gia|vao|join) (?:ngay )?(?:nhom|group) (?:zalo|telegram|tele|whatsapp|viber|signal)', 'ket ban zalo', 'add zalo',
  'join (?:my|our|the) (?:whatsapp|telegram|signal) (?:group|chat)',
]);

/** Hosts of the messaging apps' own invitation links (zalo.me/g/…, t.me/+…): the private chat the opener moves to, not a web link. */
export const MESSAGING_LINK_HOSTS: ReadonlySet<string> = new Set(['zalo.me', 't.me', 'telegram.me', 'wa.me', 'chat.whatsapp.com']);

const near = (a: Hit[], b: Hit[]): [Hit, Hit] | undefined => {
  for (const x of a) for (const y of b) if (Math.abs(x.at - y.at) <= SPAN) return [x, y];
  return undefined;
};
const affirmed = (re: RegExp, text: string): Hit[] => hits(re, text).filter((h) => !negatedAt(text, h.at));

function extortion(text: string, raw: string): Finding | undefined {
  const address = CRYPTO_ADDRESS.exec(raw)?.[0];
  if (address === undefined || hits(BTC_WORDS, text).length === 0) return undefined;
  const found = THREATS.filter(([, re]) => hits(re, text).length > 0).map(([name]) => name);
  // two threats, one of them the break-in or the adult sites: a crypto newsletter's "watch the video, invite friends" is not one
  if (found.length < 2 || !(found.includes('intrusion') || found.includes('adult'))) return undefined;
  return {
    scanner: 'content',
    kind: 'content.extortion',
    detail: `the text demands crypto to the address ${address} under a threat (${found.join(', ')})`,
    subject: address,
    tags: ['crypto-address', ...found],
  };
}

function giftCardRequest(text: string, fromDomain: string): Finding | undefined {
  const pair = near(affirmed(GIFT_CARDS, text), affirmed(CODE_REQUEST, text));
  if (!pair) return undefined;
  const freemail = fromDomain === '' ? undefined : FREEMAIL.match(fromDomain);
  return {
    scanner: 'content',
    kind: 'content.gift-card-request',
    detail: `the text asks for gift cards and their codes ("${pair[0].text}" … "${pair[1].text}")${freemail ? `; sent from a free-mail mailbox (${freemail})` : ''}`,
    subject: `${pair[0].text} … ${pair[1].text}`,
    tags: freemail ? ['gift-card', 'from-freemail'] : ['gift-card'],
  };
}

function becOpener(text: string, hasLink: boolean): Finding | undefined {
  if (hasLink || text.length > BEC_MAX_LENGTH) return undefined;
  const pair = near([...affirmed(AVAILABLE, text), ...affirmed(JOIN_CHAT, text)], affirmed(SECRECY, text));
  if (!pair) return undefined;
  return {
    scanner: 'content',
    kind: 'content.bec-opener',
    detail: `a short note with no link asks whether you are available and wants it kept quiet or off the phone ("${pair[0].text}" … "${pair[1].text}")`,
    subject: `${pair[0].text} … ${pair[1].text}`,
    tags: ['availability', 'secrecy'],
  };
}

/** content.extortion for a message's folded subject + text and the same text before folding (`raw`, for crypto addresses). */
export function extortionFinding(foldedText: string, raw: string): Finding | undefined {
  const text = foldedText.length > FAVOUR_WINDOW ? foldedText.slice(0, FAVOUR_WINDOW) : foldedText;
  return extortion(text, raw.length > FAVOUR_WINDOW * 2 ? raw.slice(0, FAVOUR_WINDOW * 2) : raw);
}

/** content.gift-card-request and content.bec-opener for a message's folded subject + text; `hasLink`: whether it has any link. */
export function favourRequestFindings(message: ParsedMessage, foldedText: string, hasLink: boolean): Finding[] {
  const text = foldedText.length > FAVOUR_WINDOW ? foldedText.slice(0, FAVOUR_WINDOW) : foldedText;
  const out: Finding[] = [];
  const gift = giftCardRequest(text, domainOfAddress(message.from[0]?.address));
  if (gift) out.push(gift);
  const bec = becOpener(text, hasLink);
  if (bec) out.push(bec);
  return out;
}
