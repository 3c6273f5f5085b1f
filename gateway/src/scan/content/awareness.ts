import { isWordUnit } from './fold.js';
import { wordList } from './word-list.js';

/**
 * Fraud-awareness notices: the training notices, police advisories and IT warnings that offices
 * send each other QUOTE the lure phrases ("mật khẩu của bạn sẽ hết hạn", "cập nhật định danh",
 * "lệnh bắt giam") to teach staff what a lure looks like. Read by the phrase lists, such a notice
 * looks like the lure it warns about. This module recognises the notice by how it talks about fraud
 * (on folded text, see fold.ts): the SUBJECT names fraud as its topic, and the text speaks of the
 * fraudsters in the third person with advice, in at least AWARENESS_MIN_GROUPS of the groups below
 * (how they operate, who they are, the warning, what not to do, whom to tell, the case against
 * them, the campaign or training, the lure called fake). Police bulletins on gambling rings and
 * high-tech crime, and anti-phishing trainings, are such notices too.
 *
 * A lure does not read like that: it speaks to the reader about the reader's own account. A lure
 * that copies a bank's genuine safety footer ("không cung cấp OTP", "cảnh giác với thủ đoạn lừa
 * đảo") still lacks fraud as the topic of its subject. Only the phrase lists are set aside for such
 * a notice (content/index.ts); links, sender and attachments are checked as usual.
 */

/** Distinct groups of advisory wording needed (of ADVISORY_GROUPS). */
export const AWARENESS_MIN_GROUPS = 3;
/** The start of the text read: a notice says what it is about early. */
const WINDOW = 20_000;

const w = (alternatives: readonly string[]): RegExp => wordList(alternatives, '');

/**
 * The subject names fraud, impersonation or phishing as its topic, or the crimes police bulletins
 * ("bản tin an ninh trật tự") report (gambling and betting rings, loan sharks, high-tech crime, their methods, their victims),
 * or malicious mail as what a training teaches to recognise. A lure's subject speaks of the
 * reader's account, parcel or prize, never of "thủ đoạn", "tội phạm" or "đường dây đánh bạc".
 */
const FRAUD_TOPIC = w([
  'lua dao', 'gia mao', 'gia danh', 'mao danh', 'phishing', 'chiem doat', 'scams?', 'fraud',
  'thu doan', 'chieu tro', 'canh giac', 'toi pham', 'danh bac', 'co bac', 'ca do', 'lo de', 'tin dung den', 'triet pha',
  'bi hai', 'an ninh trat tu', 'thu (?:dien tu )?doc hai', 'email doc hai',
]);

/** Each group: one way an advisory speaks about fraudsters (Vietnamese and English). */
const ADVISORY_GROUPS: readonly RegExp[] = [
  // how they operate
  w(['thu doan', 'chieu tro', 'chieu thuc', 'kich ban lua dao', 'phuong thuc', 'modus operandi', 'tactics?']),
  // who they are
  w(['cac doi tuong', 'doi tuong (?:lua dao|xau)', 'ke gian', 'ke xau', 'toi pham', 'scammers?', 'fraudsters?', 'criminals?']),
  // the warning itself
  w(['canh bao', 'khuyen cao', 'nang cao canh giac', 'canh giac', 'nhan dien', 'beware', 'be aware']),
  // what not to do
  w([
    'khong cung cap', 'tuyet doi khong', 'khong (?:bam|nhan|click) vao', 'khong truy cap', 'khong cai dat', 'khong mo tep', 'khong chuyen tien',
    'khong ket ban', 'khong bao gio yeu cau', 'khong lam viec qua dien thoai', 'khong (?:lien he|lam viec) qua', 'khong tham gia',
    'khong cho (?:thue|muon|mua ban)', 'never (?:ask|share|give)', 'do not (?:click|share|give)',
  ]),
  // whom to tell
  w(['bao ngay', 'trinh bao', 'to giac', 'co quan cong an gan nhat', 'bo phan an toan thong tin', 'report (?:it|them|suspicious)']),
  // the law at work on them: a police or court bulletin reports the case
  w(['khoi to', 'bi can', 'bi cao', 'bi hai', 'bat giu', 'tam giam', 'xet xu', 'vu an', 'bo luat hinh su', 'co quan (?:canh sat )?dieu tra']),
  // teaching: a campaign, a training, a drill
  w(['tuyen truyen', 'phong,? chong', 'phong ngua', 'tap huan', 'boi duong', 'dien tap', 'mo phong', 'nang cao nhan thuc', 'awareness training']),
  // the lure called by what it is
  w([
    '(?:thu|email|tin nhan|trang web|website|duong link|lien ket|ung dung|cuoc goi) (?:dien tu )?(?:gia mao|mao danh|lua dao|doc hai)',
    'tep (?:dinh kem )?(?:nguy hiem|doc hai)', '(?:fake|phishing|fraudulent) (?:e-?mails?|messages?|websites?|links?)',
  ]),
];

/** True when the message is a fraud-awareness notice (see above). `foldedSubject`, `folded`: foldText output. */
export function isFraudAwareness(foldedSubject: string, folded: string): boolean {
  if (!FRAUD_TOPIC.test(foldedSubject)) return false;
  const text = folded.length > WINDOW ? folded.slice(0, WINDOW) : folded;
  let groups = 0;
  for (const g of ADVISORY_GROUPS) if (g.test(text) && ++groups >= AWARENESS_MIN_GROUPS) return true;
  return false;
}

/** Characters read before a phrase for the words that name it a fraud. */
const NAMED_REACH = 60;

/**
 * Just before the phrase, the words that call it a fraud: "Cảnh báo lừa đảo cập nhật sinh trắc học",
 * "thủ đoạn giả mạo thông báo khóa tài khoản", "lừa đảo qua tin nhắn ...": a headline or a warning
 * that names the lure, not the lure. Only right before it (a few joining words, quotes, no comma):
 * a lure that says "để phòng chống lừa đảo, quý khách cập nhật sinh trắc học" keeps its phrase, and
 * so does "chống lừa đảo cập nhật ..." (fighting fraud is the lure's own excuse).
 */
const NAMED_AS_FRAUD = new RegExp(
  '(?:^|[^a-z0-9])(?<!(?:chong|tranh|chan|ngua|phong) )(?:lua dao|gia mao|mao danh|gia danh|thu doan|chieu tro|chieu lua|scams?|phishing)' +
    '(?: (?:qua|bang|ve|kieu|dang|hinh thuc))?[ "\'\u201c\u201d\u00ab\u00bb(]*$',
);

/** True when the match at `at` in `folded` (foldText output) is named a fraud by the words just before it (see above). */
export function namedAsFraudAt(folded: string, at: number): boolean {
  let start = at;
  while (start < folded.length && start < at + 2 && !isWordUnit(folded.charCodeAt(start))) start++;
  return NAMED_AS_FRAUD.test(folded.slice(Math.max(0, start - NAMED_REACH), start));
}
