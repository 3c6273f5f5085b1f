import type { Finding } from '../types.js';
import { hits as lureHits, type Hit } from './lure.js';
import { mobileNumberHits } from './sms.js';
import { negatedAt } from './negation.js';
import { wordList } from './word-list.js';

/**
 * The shape of a scam offer, read on folded text (foldText after deobfuscate: lower case, no
 * diacritics): something too good or not lawful to offer by mail (an easy job paid by the day, a
 * loan with no checks, an investment with promised returns, gambling, sex or dating bait, a sale of personal data,
 * forged diplomas and papers) AND a way to answer it outside mail: a messaging app (Zalo, Telegram,
 * WhatsApp...), a link to one (t.me, zalo.me, wa.me) or a mobile number, close together. Fraud that
 * reaches Vietnamese offices runs on this pair: the mail only brings the victim to a private chat.
 * Phrase lists catch the sentences someone wrote down; this catches the next wording of the same
 * offer. English and Vietnamese.
 *
 * Official mail has neither half: a recruitment notice or a bank's loan offer names a hotline and a
 * web site, not a private chat, and promises no daily pay. The anti-fraud advisories that offices
 * forward ("cảnh báo thủ đoạn lừa đảo việc nhẹ lương cao qua Zalo") name both halves, so a text
 * that speaks of fraud is not read as an offer.
 *
 * At most one content.scam-offer per message, tagged with what is offered ('job', 'loan',
 * 'investment', 'gambling', 'adult', 'personal-data', 'forged-papers', 'prize') and how to answer it
 * ('messaging-app', 'phone'). The policy holds a loan, betting, a prize or easy pay with a phone
 * number too (scam-offer-clear): nobody makes those offers by mail to a stranger.
 */

/** Only the start of subject + text is read: an offer states itself at once. */
export const OFFER_WINDOW = 5000;
/** Offer and contact must stand this close (characters): one short message or one paragraph. */
export const OFFER_SPAN = 600;
/** Matches of one group looked at, at most. */
const MAX_MATCHES = 40;

type Offer = 'job' | 'loan' | 'investment' | 'gambling' | 'adult' | 'personal-data' | 'forged-papers' | 'prize';

const w = (alternatives: readonly string[]): RegExp => wordList(alternatives);

/** An amount of money: 500k, 1,5 trieu, 300.000d, $500, 200 usd. */
const MONEY = String.raw`(?:\$ ?\d[\d.,]*|\d[\d.,]* ?(?:k|tr|trieu|nghin|ngan|d|dong|vnd|usd|\$|euro?s?))`;

const OFFERS: ReadonlyArray<[Offer, RegExp]> = [
  [
    'job',
    w([
      'viec nhe luong cao', 'lam viec tai nha', 'viec lam (?:tai nha|online)', 'lam (?:them )?online tai nha',
      // "cộng tác viên" alone is an office word (cộng tác viên dư luận xã hội, dân số): only the online kind counts
      'tuyen (?:gap )?(?:(?:ctv|cong tac vien) (?:online|ban hang|tai nha)|nhan vien (?:online|lam viec tai nha|binh luan|tha tim|xu ly don hang))',
      // not "nhân viên xử lý đơn thư": the officer who handles citizens' complaints
      'nhan vien (?:binh luan|tha tim|xu ly don(?! (?:thu|khieu nai|to cao)))', 'tha tim (?:nhan|kiem) tien', 'xem video (?:nhan|kiem) tien', 'lam them tai nha', 'ctv (?:online|ban hang)', '(?:nap tien )?lam nhiem vu (?:nhan|an|huong) (?:hoa hong|tien|thuong)',
      'nhan (?:tien|luong) (?:trong|cuoi) ngay',
      `thu nhap (?:tu )?${MONEY}(?: ?(?:-|den) ?${MONEY})? ?(?:/ ?|moi |mot )(?:ngay|gio|buoi)`, 'kiem tien (?:online|tai nha)',
      'hoa hong (?:cao|hap dan|len den)',
      'work from home and earn', 'earn (?:up to )?\\$ ?\\d[\\d,]*', '(?:daily|weekly) (?:income|pay(?:out)?)', 'no experience (?:needed|required)',
    ]),
  ],
  [
    'loan',
    w([
      // not "vay vốn", "cho vay không cần thế chấp": the social policy bank's own words for its loans to the poor
      'vay (?:tien )?(?:nhanh|nong|online|qua app|qua icloud)', 'vay tien mat', 'vay tin chap (?:nhanh|online)', 'ho tro no xau',
      'giai ngan (?:nhanh|trong ngay|sau \\d+ phut|trong \\d+ (?:phut|gio))', 'vay bang (?:cccd|can cuoc|cmnd)', 'khong can chung minh thu nhap', 'duyet vay nhanh', 'bao no xau', 'no xau (?:van )?vay', 'khong (?:can )?tham dinh', 'chi can (?:cccd|can cuoc|cmnd)',
      // not "cho vay không cần thế chấp" (above); a loan "without meeting", "on your salary" or "up to N million" is not a bank's
      'vay (?:tien )?khong (?:can )?(?:gap mat|ho so|giay to|chung minh)', 'vay theo (?:luong|hoa don dien|sim|cavet xe)', 'ho tro vay (?:tien|nhanh|online|von nhanh)',
      'vay (?:tien )?(?:len den|den|toi) \\d+ ?(?:trieu|tr)', 'vay (?:qua|bang) (?:app|sim|dien thoai|zalo)',
      'quick loans?', 'loan offer', 'no credit check', 'bad credit',
    ]),
  ],
  [
    'investment',
    w([
      // not "lợi nhuận cao": reports on farming models say so
      'sieu loi nhuan', 'loi nhuan (?:khung|moi ngay|(?:(?:co dinh|on dinh|len (?:den|toi)|toi|tu) )?\\d+(?:[.,]\\d+)? ?% ?(?:/ ?|moi |mot )(?:ngay|tuan|thang))', 'cam ket (?:loi nhuan|hoan von)', 'dau tu (?:sinh loi|tien ao|tien so|tien ma hoa|coin|usdt|crypto|forex|vang online)',
      'san (?:forex|coin|tien ao|giao dich quoc te)', '(?:nhom keo|keo|tin hieu) coin', 'dao coin', 'nhan doi (?:tai khoan|so von|so tien)',
      'guaranteed (?:returns?|profits?)', '(?:daily|weekly) profits?', '\\d+ ?% (?:per|a|each|every) (?:day|week)', 'investment (?:plan|platform)',
      'trading signals?', 'double your (?:money|bitcoin|crypto)',
    ]),
  ],
  [
    'gambling',
    w([
      'nha cai', 'ca cuoc', 'ca do (?:bong da|online)', 'casino', 'no hu', 'tai xiu', '(?:choi|danh|soi cau) lo(?: de)?', 'lo de online',
      'ban ca doi thuong', 'soi keo', 'danh de', 'bao lo', 'cau lo', 'dat cuoc', 'keo (?:bong da|the thao|chau a|tai xiu)', 'link vao (?:nha cai|game)', 'game (?:bai|slot)', '(?:bach|song) thu lo', 'nap rut nhanh', 'code tan thu', 'game bai doi thuong', 'da ga (?:online|truc tiep)', 'xoc dia', 'keo nha cai',
      'free spins', 'welcome bonus', 'deposit bonus', 'sportsbook', 'online betting', 'slot machines?',
    ]),
  ],
  [
    'adult',
    w([
      'gai goi', 'tinh mot dem', 'chat sex', 'phim sex', 'clip nong', 'ban tinh', 'tim ban tinh', 'massage (?:kich duc|tan noi)', 'em gai xinh', 'sugar (?:baby|daddy)',
      // dating bait ("who wants to date me", "looking for a boyfriend") before a private chat handle
      'ai (?:tan|yeu) em', 'tim (?:nguoi yeu|ban trai|ban gai|nguoi tam su)', 'can (?:nguoi yeu|ban trai|nguoi tam su)',
      'hookups?', 'sex dating', 'adult dating', 'lonely (?:girls|women|wives|housewives)', 'looking for (?:a )?(?:lover|sex)', 'nudes?',
    ]),
  ],
  [
    'personal-data',
    w([
      'ban (?:data|du lieu|thong tin ca nhan)', 'mua ban (?:data|du lieu)', 'data (?:khach hang|so dien thoai|sdt)',
      'du lieu khach hang (?:gia re|moi nhat)', 'email lists? for (?:sale|sell)', 'sell(?:ing)? (?:email lists?|leads|databases?)', 'b2b (?:data|leads)',
      '(?:database|data|leads) for (?:sale|sell)', 'leak(?:ed)? (?:database|data)',
    ]),
  ],
  [
    'prize',
    w([
      // the reader "won" what they never entered for, or must pay to receive it; not "trúng thưởng" alone (lottery
      // results, contests) nor "giải thưởng trị giá" (a province's writing contest names its prizes and a contact)
      // not "chúc mừng anh được nhận học bổng": only a win, a gift or a lucky draw the reader is told of
      'chuc mung (?:ban|quy khach|anh chi|thue bao|so thue bao|so dien thoai)(?: da)? (?:may man )?(?:trung (?:thuong|giai)|nhan duoc (?:phan qua|qua tang|giai thuong)|duoc chon (?:nhan|la khach hang may man)|tro thanh khach hang may man)',
      '(?:ban|quy khach|thue bao|so dien thoai cua ban)(?: da)? (?:may man )?trung (?:thuong|giai)(?: (?:dac biet|nhat))? (?:01 |1 |mot )?(?:xe|iphone|sh|laptop|tivi|tien mat|so tien|\\d)',
      'nhan qua tri an', 'qua tri an (?:khach hang|tu)', 'quay so (?:may man|trung thuong) (?:tri an|danh cho)', 'phi (?:nhan thuong|nhan giai|lam thu tuc nhan)',
      // not "thủ tục nhận thưởng", "mã dự thưởng", "nộp thuế": a lottery company and a real promotion say so
      '(?:nop|dong|chuyen) (?:phi|tien) (?:de )?nhan (?:thuong|giai|qua)', 'ma nhan qua',
      'you (?:have )?won', 'claim your (?:prize|reward|winnings)', 'winning notification',
    ]),
  ],
  [
    'forged-papers',
    w([
      // "nhanlam": spam glues words together to slip past word filters
      'nhan ?lam (?:bang|giay to|ho so|cccd|can cuoc)', 'lam bang (?:dai hoc|cao dang|cap 3|lai xe|gia)', 'lam giay to (?:gia|nhanh)',
      'bang (?:dai hoc|cap) (?:gia|phoi that)', 'fake (?:diplomas?|passports?|id cards?)',
    ]),
  ],
];

/** A private chat outside mail: the apps scams move their victims to, their handles and links. */
const MESSAGING = w([
  'zalo', 'telegram', 'tele', 'whatsapp', 'whats app', 'viber', 'wechat', 'kakao(?:talk)?', 'line id', 'signal app',
  'kb (?:zalo|tele|fb|facebook)', 'ib (?:ngay|em|minh|shop|zalo)', 'inbox (?:ngay|em|minh|shop)',
  't\\.me', 'zalo\\.me', 'wa\\.me',
]);

/** International numbers as WhatsApp scams write them: +44 7911 123456, +1 (555) 010-7788. */
const INTL_NUMBER = /(?:^|[^\d+])\+\d{1,3}[ .-]?(?:\(?\d{1,4}\)?[ .-]?){2,5}\d{2,4}(?!\d)/g;

/** Talk about fraud: an advisory forwarded by an office, or a police report on a ring it broke up, not an offer. */
const ABOUT_FRAUD = new RegExp(
  w(['lua dao', 'canh bao', 'thu doan', 'mao danh', 'gia mao', 'triet pha', 'cac doi tuong', 'khoi to', 'scams?', 'scammers?', 'fraud(?:sters?|ulent)?', 'phishing', 'beware']).source,
);

/** A match as quoted in the detail: without the boundary character the pattern starts with. */
const quote = (match: string): string => match.replace(/^[^a-z0-9$+]/, '').trim().slice(0, 40);

/** Matches, without those a negation governs ("Ngân hàng không cho vay online", "không kết bạn Zalo": negation.ts). */
const hits = (re: RegExp, text: string): Hit[] => lureHits(re, text, quote).filter((h) => !negatedAt(text, h.at));

/** Positions of Vietnamese mobile numbers and international numbers in the text. */
function phoneHits(text: string): Hit[] {
  const out: Hit[] = [];
  for (const n of mobileNumberHits(text)) {
    out.push({ at: n.at, text: n.number });
    if (out.length >= MAX_MATCHES) return out;
  }
  for (const m of text.matchAll(INTL_NUMBER)) {
    out.push({ at: m.index ?? 0, text: m[0].trim().slice(0, 30) });
    if (out.length >= MAX_MATCHES) break;
  }
  return out;
}

const near = (a: Hit, b: Hit): boolean => Math.abs(a.at - b.at) <= OFFER_SPAN;

/** content.scam-offer when the start of the (folded) text makes a scam offer with a private contact near it. */
export function scamOfferFinding(folded: string): Finding | undefined {
  const text = folded.length > OFFER_WINDOW ? folded.slice(0, OFFER_WINDOW) : folded;
  const messaging = hits(MESSAGING, text);
  const phones = messaging.length > 0 ? [] : phoneHits(text);
  if (messaging.length === 0 && phones.length === 0) return undefined;
  if (ABOUT_FRAUD.test(text)) return undefined;
  const offers: Offer[] = [];
  let said: [Hit, Hit] | undefined;
  for (const [offer, re] of OFFERS) {
    for (const o of hits(re, text)) {
      const contact = messaging.find((c) => near(o, c)) ?? phones.find((c) => near(o, c));
      if (!contact) continue;
      offers.push(offer);
      said ??= [o, contact];
      break;
    }
  }
  if (!said) return undefined;
  const how = messaging.length > 0 ? 'messaging-app' : 'phone';
  return {
    scanner: 'content',
    kind: 'content.scam-offer',
    detail: `the text offers ${offers.join('/')} and asks to answer outside mail (${how}: "${said[0].text}" … "${said[1].text}")`,
    subject: `${said[0].text} … ${said[1].text}`,
    tags: [...offers, how],
  };
}
