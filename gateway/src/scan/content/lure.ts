import type { Finding } from '../types.js';
import { foldText } from './fold.js';
import { negatedAt } from './negation.js';
import { alternativesOf, wordList } from './word-list.js';

/**
 * The shape of a credential or payment lure, read on folded text (foldText after deobfuscate:
 * lower case, no diacritics), whatever the exact words: the text names something the reader owns
 * (an account, a password, a mailbox, a wallet; an invoice or a payment; a parcel), puts it under
 * pressure (suspended, locked, expires, unusual sign-in, within 24 hours, final notice) and asks
 * for an action (verify, confirm, update, log in, click the link), the three within a sentence or
 * two of each other. Courts, police and tax offices ("you are summoned, check your file
 * immediately") are the same lure with an authority at stake. Phrase lists catch sentences someone
 * wrote down; this catches the next wording of the same lure. English and Vietnamese first, then
 * the languages mass phishing arrives in most (Portuguese, Spanish, German, French, Dutch, Italian,
 * Chinese, Japanese, and Korean, Russian, Thai, Indonesian; Japanese kana lose their voicing marks
 * when folded, Hangul falls apart into its letters (jamo), Russian й becomes и and Thai loses its vowel
 * and tone marks, so entries in those scripts are folded the same way).
 *
 * One content.lure finding at most per message, tagged with what is at stake: 'account',
 * 'payment', 'delivery', 'authority', 'funds' (a balance, a withdrawal, crypto or an airdrop said to
 * be waiting for the reader), or 'prize' (a reward, gift or fund to claim before it is
 * gone), so a policy's min_count counts it once. Shops announce expiring points the same way, so
 * 'prize' is the weakest. Legitimate notices (a real bank's "unusual sign-in" mail) have the same
 * shape too: a policy should weigh a lure with other signs, never hold on it alone.
 */

/** Only the start of subject + text is read: a lure states its case at once. */
export const LURE_WINDOW = 5000;
/** The three must stand this close (characters, first to last): one or two sentences, not a whole thread. */
export const LURE_SPAN = 300;
/** Words of the subject count as near anything this far into the body: a subject sums the message up. */
export const SUBJECT_REACH = 1000;
/** Matches of one group looked at, at most. */
const MAX_MATCHES = 40;

type Topic = 'account' | 'payment' | 'delivery' | 'authority' | 'funds' | 'prize';

/** Scripts that folding changes (kana, Hangul, Cyrillic, Thai): list entries in them are folded like the text. */
const FOLDED_SCRIPT = /[\u3040-\u30ff\uac00-\ud7af\u0400-\u04ff\u0e00-\u0e7f]/;
const w = (alternatives: string): RegExp => wordList(alternativesOf(alternatives).map((a) => (FOLDED_SCRIPT.test(a) ? foldText(a) : a)));

/** What the reader owns and could lose: each entry ends a word (plural forms written out). */
const OBJECTS: ReadonlyArray<[Topic, RegExp]> = [
  [
    'account',
    w(
      [
        'accounts?', 'passwords?', 'passcode', 'mailbox(?:es)?', 'webmail', 'e-?mail account', 'credentials', 'login details',
        'sign-?in details', 'two-factor', '2fa', 'wallets?', 'seed phrase', 'recovery phrase', 'private key', 'apple id',
        // vi
        'tai khoan', 'mat khau', 'hop thu', 'ma otp', 'vi dien tu', 'dinh danh', 'can cuoc', 'thue bao', 'the ngan hang',
        'the tin dung', 'the atm', 'the bhyt', 'the bao hiem y te',
        // pt, es, de, fr, nl
        'conta', 'senha', 'cuenta', 'contrasena', 'konto', 'passwort', 'kennwort', 'compte', 'mot de passe', 'identifiants',
        'wachtwoord', 'buzon', 'postfach', 'caixa de correio', 'boite (?:mail|aux lettres)', 'casella (?:di posta|postale|e-?mail)', 'credenziali',
        'postvak', 'e-?mail-?konto', 'messagerie', 'cuenta de correo', 'correo electronico', 'posta elettronica', 'conta de e-?mail',
        // salary and payroll: the HR lure ("salary adjustment, acknowledge before Friday")
        'salary', 'payroll', 'payslips?', 'nominas?', 'salarios?', 'gehalt', 'gehaltsabrechnung', 'salaires?', 'remuneration', 'stipendi[oa]?', 'busta paga',
        // zh, ja
        '账户', '帐户', '账号', '密码', '邮箱', '网银', '薪资', '工资', 'アカウント', 'パスワード', '口座', 'カード', 'メールボックス', '給与',
        // a domain name or its hosting: the fake registrar's "your domain expires, renew now"
        'domains?', 'domain names?', 'hosting (?:account|plan|services?)', 'dominios?', 'domaine', 'dominio',
        // ko, ru (stems: the endings vary), th, id
        '계정', '비밀번호', '암호', '아이디', '메일함', '사서함', '급여', '월급', '인증',
        'аккаунт', 'учетн', 'парол', 'почтов', 'логин', 'зарплат',
        'บัญชี', 'รหัสผ่าน', 'อีเมล', 'เงินเดือน',
        'akun', 'kata sandi', 'sandi', 'rekening', 'gaji', 'kotak surat', 'data login', 'login email',
      ].join('|'),
    ),
  ],
  [
    'payment',
    w(
      [
        'invoices?', 'payments?', 'billing', 'refund', 'tax refund', 'card details', 'bank details', 'subscription',
        // vi
        'hoa don', 'thanh toan', 'hoan tien', 'hoan thue', 'no cuoc', 'tien phat', 'phat nguoi',
        // utility bills and fees: "tiền điện quá hạn, thanh toán ngay", "lệ phí hồ sơ chưa nộp"
        'tien dien', 'tien nuoc', 'le phi',
        // pt, es, de, fr, nl
        'fatura', 'pagamento', 'boleto', 'transacao', 'transacoes', 'transaccion(?:es)?', 'reembolso', 'factura', 'pago', 'rechnung', 'zahlung', 'facture', 'paiement',
        'remboursement', 'factuur', 'betaling', 'fattura', 'pagamento', 'rimborso', 'tasas', 'tasse', 'dazi', 'zollgebuhr', 'zustellgebuhr', 'gebuhr',
        'frais de douane', 'derechos de aduana', 'customs (?:duty|fee|charges?)', 'redelivery fee',
        // zh, ja
        '发票', '付款', '退税', '退款', '税金', '還付金', '請求書', '支払い', 'お支払い',
        // ko, ru, th, id
        '결제', '청구서', '환불', '세금', '관세',
        'оплат', 'платеж', 'возврат', 'налог', 'пошлин',
        'ใบแจ้งหนี้', 'ชำระเงิน', 'ภาษี', 'คืนเงิน',
        'tagihan', 'pembayaran', 'faktur', 'pengembalian dana', 'biaya', 'bea cukai',
      ].join('|'),
    ),
  ],
  [
    'delivery',
    w(
      [
        'parcels?', 'packages?', 'shipments?', 'deliver(?:y|ies)', 'courier',
        // vi
        'buu pham', 'buu kien', 'kien hang', 'don hang', 'giao hang',
        // pt, es, de, fr, nl
        'encomenda', 'entrega', 'pacote', 'paquete', 'envio', 'paket', 'sendung', 'lieferung', 'colis', 'livraison',
        'pakket', 'zending', 'bezorging', 'pacco', 'spedizione', 'consegna',
        // zh, ja
        '包裹', '快递', '快件', '荷物', '配達', 'お届け',
        // ko, ru, th, id
        '택배', '배송', '소포', 'посылк', 'доставк', 'отправлени', 'พัสดุ', 'การจัดส่ง', 'kiriman', 'pengiriman',
      ].join('|'),
    ),
  ],
  [
    'authority',
    w(
      [
        'court', 'summons', 'subpoena', 'lawsuit', 'legal action', 'arrest warrant', 'police', 'penalty', 'traffic violation',
        // vi
        'toa an', 'giay trieu tap', 'trieu tap', 'cong an', 'canh sat', 'lenh bat', 'lenh truy na', 'khoi to', 'vien kiem sat',
        'co quan thue', 'vi pham giao thong',
        // pt, es, de, fr, nl
        'intimacao', 'tribunal', 'processo judicial', 'judicial', 'policia', 'citacion', 'demanda judicial', 'gericht',
        'vorladung', 'polizei', 'bussgeld', 'convocation', 'rechtbank', 'dagvaarding', 'politie', 'agenzia delle entrate', 'polizia',
        'tax office', 'hmrc', 'internal revenue', 'revenue (?:service|agency)', 'impots', 'finanzamt', 'hacienda', 'receita federal',
        // zh, ja
        '法院', '公安', '税务局', '警察', '裁判所', '税務署',
        // ko, ru, th, id
        '법원', '경찰', '검찰', '국세청', '출석', 'суд', 'повестк', 'полици', 'прокуратур', 'ответчик', 'налогов',
        'ศาล', 'ตำรวจ', 'หมายเรียก', 'กรมสรรพากร', 'pengadilan', 'polisi', 'surat panggilan', 'kantor pajak',
      ].join('|'),
    ),
  ],
  [
    // Money or crypto the reader supposedly holds or is about to receive: a balance to withdraw, an
    // incoming transfer, tokens of an airdrop. Nothing a province's office owns, everything a
    // "confirm your withdrawal" scam is about.
    'funds',
    w(
      [
        'funds', 'digital assets', 'bitcoins?', 'btc', 'usdt', 'usdc', 'ethereum', 'xrp', 'solana', 'tether', 'dogecoin', 'crypto(?:currency|currencies)?', 'coins?', 'stablecoins?', 'digital currenc(?:y|ies)', 'airdrops?', 'tokens', 'nfts?',
        'withdrawals?', 'payouts?', '(?:your|account|available|pending|wallet) balance', 'incoming (?:transfer|transaction|payment)s?',
        // vi
        'tien ao', 'tien dien tu', 'tien ma hoa', 'so du tai khoan', 'so du kha dung', 'rut tien', 'lenh rut', 'khoan tien',
        // pt, es, de, fr, nl
        'saque', 'saldo disponivel', 'retiro', 'auszahlung', 'guthaben', 'retrait', 'solde', 'fonds', 'virement', 'opname', 'uitbetaling',
        // a (tax) refund said to be waiting: "you are eligible for a tax refund, submit your claim"
        'tax refund', 'refund of', 'hoan thue', 'reembolso', 'remboursement', 'rimborso', 'steuererstattung', 'restituicao', '退税', '還付金',
      ].join('|'),
    ),
  ],
  [
    'prize',
    w(
      [
        'prizes?', 'rewards?', 'gifts?', 'giveaway', 'winners?', 'you(?: have|\'ve)? won', 'jackpot', 'airdrop', 'free tokens',
        'compensation', 'inheritance', 'beneficiary', 'unclaimed', 'cashback', 'points', 'miles',
        // vi
        'trung thuong', 'giai thuong', 'phan thuong', 'qua tang', 'qua tri an', 'tien thuong', 'boi thuong', 'diem thuong',
        'tich diem',
        // pt, es, de, fr, nl
        'premio', 'recompensa', 'presente', 'regalo', 'gewinn', 'gewinner', 'geschenk', 'pramie', 'cadeau', 'gagnant',
        'recompense', 'prijs', 'beloning', 'pontos', 'pontuacao', 'milhas',
      ].join('|'),
    ),
  ],
];

/** A threat to it, or a deadline. */
const PRESSURE = w(
  [
    'suspend(?:ed|sion)?', 'locked', 'blocked', 'restricted', 'disabled', 'deactivat(?:ed|ion)', 'terminat(?:ed|ion)',
    'deleted', 'expir(?:e|es|ed|ing|ation)', 'on hold', 'unusual', 'unauthori[sz]ed', 'suspicious', 'breach', 'compromised',
    'declined', 'overdue', 'unpaid', 'failed', 'within (?:\\d{1,2}|twenty-four|forty-eight) hours', '(?:24|48|72)[ -](?:hours?|horas|stunden|heures|uur)',
    'immediately', 'urgent(?:ly)?', '(?:final|last) (?:notice|warning|reminder|chance)', 'action required',
    'required action', 'as soon as possible', 'at (?:immediate )?risk', 'immediate', 'mandatory', 'outdated',
    'to continue using', 'avoid (?:losing|interruption|suspension|termination|deactivation|closure|penalt(?:y|ies))',
    '(?:update|action|verification|confirmation|renewal) (?:is )?required', 'pending (?:acceptance|verification|confirmation|payment|delivery)',
    'ending soon', 'ends (?:today|tonight|soon)', 'limited time', 'last day', 'before it\'?s gone', 'will be (?:cancell?ed|lost|forfeited|cleared|closed|frozen|blocked|wiped)',
    // a threat of consequences: "failure to comply may result in penalties"
    '(?:may|could|will) result in', 'failure to (?:comply|respond|verify|confirm)',
    // vi
    'bi khoa', 'tam khoa', 'khoa vinh vien', 'bi dong bang', 'vo hieu hoa', 'het han', 'bat thuong', 'trai phep',
    'ngay lap tuc', 'khan cap', 'trong vong \\d{1,2} ?(?:gio|h)', 'trong \\d{1,2} ?(?:gio|h)', 'han chot', 'lan cuoi',
    'tam ngung', 'dinh chi', 'bi huy', 'bi tu choi', 'that bai', 'qua han', 'chua thanh toan', 'bi giu', 'bat buoc',
    // a cut-off and a deadline counted in hours: "ngừng cấp điện sau 24 giờ", "cắt điện trong hôm nay"
    'ngung cap (?:dien|nuoc)', 'cat (?:dien|nuoc)', 'sau (?:24|48|72) ?(?:gio|h)', 'trong (?:ngay )?hom nay',
    // pt, es, de, fr, nl
    'bloquead[oa]', 'suspens[oa]', 'expirad[oa]', 'expiram', 'expirar', 'urgente', 'imediatamente', 'pendente', 'ultimo aviso',
    'tempo limitado', 'suspendid[oa]', 'obrigatori[oa]s?', 'sob pena de', 'prazo legal', 'podera resultar', 'nao cumprimento',
    'sancoes', 'sanciones', 'so pena de', 'plazo legal', 'sous peine de',
    'caducad[oa]', 'inmediatamente', 'gesperrt', 'eingeschrankt', 'dringend', 'sofort', 'abgelaufen', 'ablauft', 'letzte mahnung',
    'suspendu', 'bloque', 'immediatement', 'expire', 'dernier rappel', 'geblokkeerd', 'opgeschort', 'verlopen',
    'onmiddellijk', 'in de wacht',
    // a mailbox deactivated, deleted or over its quota: de, fr, es, it, pt, nl (and en)
    'deaktiviert', 'deaktivierung', 'geloscht', 'speicher(?:platz)? (?:ist )?(?:fast )?(?:voll|erschopft|uberschritten)', 'postfach (?:ist )?(?:fast )?voll', 'kontingent (?:uberschritten|erreicht)',
    'desactivee?s?', 'desactivation', 'supprimee?s?', 'sera (?:fermee?|supprimee?|desactivee?)', 'boite (?:mail |aux lettres )?(?:est )?pleine', 'quota (?:depasse|atteint|exceeded|reached)',
    'espace de stockage (?:est )?(?:plein|sature|insuffisant)',
    'desactivad[oa]s?', 'desactivacion', 'eliminad[oa]s?', 'sera (?:cerrad[oa]|eliminad[oa]|desactivad[oa])', 'almacenamiento (?:esta )?(?:lleno|completo|agotado)',
    'buzon (?:esta )?lleno', 'cuota (?:excedida|superada|alcanzada)',
    'disattivat[oa]', 'disattivazione', 'eliminat[oa]', 'sara (?:chius[oa]|eliminat[oa]|disattivat[oa])', 'casella (?:di posta )?(?:e )?piena',
    'spazio di archiviazione (?:e )?(?:pieno|esaurito)', 'quota (?:superata|raggiunta)',
    'desativad[oa]s?', 'desativacao', 'excluid[oa]', 'sera (?:encerrad[oa]|excluid[oa]|desativad[oa])', 'caixa (?:de correio )?(?:esta )?cheia',
    'armazenamento (?:esta )?(?:cheio|esgotado)', 'cota (?:excedida|atingida)',
    'gedeactiveerd', 'deactivering', 'verwijderd', 'wordt (?:gesloten|verwijderd|gedeactiveerd)', '(?:mailbox|postvak|opslag(?:ruimte)?) is vol', 'quotum (?:overschreden|bereikt)',
    // held, full, undeliverable
    'being held', 'retenid[oa]', 'retid[oa]', 'trattenut[oa]', 'could not be delivered', 'no ha podido ser entregado', 'nicht zugestellt',
    'nao foi entregue', 'non e stato consegnato', 'n\'a pas pu etre livre', 'has reached (?:its limit|\\d{2,3} ?%)', 'alcanzado el \\d{2,3} ?%',
    'storage (?:is )?full', 'will be (?:rejected|returned|suspended)', 'seran rechazados', 'sera devuelto', 'sera devolvido', 'wird zuruckgesendet',
    'entro (?:\\d{1,2}|ventiquattro) (?:ore|giorni)', 'innerhalb von \\d{1,2} (?:stunden|tagen)', 'dans les \\d{1,2} (?:heures|jours)',
    'en \\d{1,2} (?:horas|dias)', 'em \\d{1,2} (?:horas|dias)',
    // it
    'sospes[oa]', 'bloccat[oa]', 'scadut[oa]', 'scade (?:oggi|domani)', 'immediatamente', 'ultimo avviso', 'in sospeso',
    // zh, ja
    '冻结', '停用', '暂停', '过期', '异常', '逾期', '限制', '24小时', '48小时', '停止', '一時停止', '制限', '異常', '不正', '24時間', '48時間', '期限', '凍結',
    // a deadline later today: "confirm before 5 PM today", "by end of day"
    'before (?:\\d{1,2}(?:[:.]\\d{2})? ?(?:am|pm) )?today', 'by (?:the )?end of (?:the )?(?:day|business day)',
    // ko, ru, th, id
    '정지', '차단', '잠금', '만료', '비정상', '새로운 기기', '로그인이 감지', '즉시', '긴급', '24시간', '48시간', '이내에',
    'заблокирован', 'приостановлен', 'истекает', 'истек', 'срочно', 'немедленно', 'неявк', 'подозрительн', 'в течение (?:\\d{1,2}|суток)',
    'หมดอายุ', 'ระงับ', 'ถูกบล็อก', 'ด่วน', 'ทันที', 'ภายในวันนี้', 'ผิดปกติ', '24 ชั่วโมง',
    'diblokir', 'ditangguhkan', 'dinonaktifkan', 'kedaluwarsa', 'kadaluarsa', 'paling lambat', 'mendesak', 'mencurigakan', 'dalam \\d{1,2} jam', 'hari ini juga',
  ].join('|'),
);

/**
 * For money and crypto (topic 'funds') the bait stands in for the threat: the sum is said to be
 * ready, waiting, pending or live for the reader, who only has to claim or confirm it. Read for
 * that topic only: "your account is ready" is an ordinary welcome.
 */
const FUNDS_WAITING = w(
  [
    'eligible', '(?:is|are) (?:now )?(?:ready|live|available|waiting)', 'now live', 'waiting for you', 'pending', 'unclaimed',
    // vi
    'dang cho', 'san sang', 'chua nhan', 'cho rut',
    // pt, es, de, fr, nl
    'disponivel', 'disponible', 'pendente', 'pendiente', 'bereit', 'ausstehend', 'pret', 'en attente', 'beschikbaar', 'disponibile', 'a suo favore',
  ].join('|'),
);

/** And what the reader is asked to do about it. */
const ACTION = w(
  [
    'verify', 'confirm', 'validate', 'update', 'upgrade', 'activate', 'reactivate', 'download (?:the|now|here)', 'install', 're-activate', 'restore', 'unlock', 'log ?in (?:to|now|here|below)',
    'sign ?in (?:to|now|here|below)', 'click', 'tap (?:here|below)',
    'follow the link', 'synchroni[sz]e', 'resolve', 'review your', 'secure your', 'provide your', 're-?enter',
    'scan the (?:qr )?code', 'withdraw', 'claim (?:it|yours|your|now|here|up to|the)', 'redeem', 'connect (?:your )?wallet',
    // vi
    'xac minh', 'xac thuc', 'cap nhat', 'nhan vao', 'nhap vao', 'bam vao', 'an vao', 'click vao', 'truy cap (?:vao )?(?:duong )?(?:link|lien ket)',
    'quet ma', 'cung cap thong tin', 'nop (?:tien )?phat', 'nhan ngay', 'nhan qua', 'nhan thuong', 'kich hoat', 'nang cap', 'tai ve', 'cai dat', 'dang nhap (?:de|vao|tai|ngay)',
    // paying or renewing through the message: "thanh toán ngay", "gia hạn trực tuyến", "chuyển khoản ngay vào STK"
    'thanh toan (?:ngay|truc tuyen|online|qua (?:duong dan|lien ket|link|ma qr))', 'gia han (?:ngay|truc tuyen|online)', 'chuyen khoan (?:ngay|gap)',
    // pt, es, de, fr, nl
    'verifique', 'confirme', 'confirmar', 'verificar', 'regularizar', 'atualize', 'atualizar', 'clique', 'acesse', 'acessar', 'regularize', 'resgate', 'resgatar',
    'reclame', 'actualice', 'haga clic', 'acceda', 'bestatigen',
    'verifizieren', 'aktualisieren', 'klicken sie', 'melden sie sich', 'confirmez', 'verifiez', 'mettez a jour', 'cliquez',
    'connectez-vous', 'confirmer', 'valider', 'debloquer', 'bevestig', 'verifieer', 'klik',
    'pay (?:now|here|the|online)', 'acknowledge', 'review and (?:sign|acknowledge|confirm)', 'submit your', 'pague', 'pagar', 'aumente', 'bezahlen', 'entsperren',
    // signing in to view the document: de, fr, es, it, pt, nl
    'anmelden', 'einloggen', 'loggen sie sich', 'identifiez-vous', 'inicie sesion', 'inicia sesion', 'iniciar sesion', 'ver el documento',
    'effettu[ai] l\'accesso', 'faca login', 'fazer login', 'inicie sessao', 'meld (?:u|je) aan', 'inloggen',
    'consultez', 'consulter', 'completez', 'completer', 'verifica', 'conferma', 'aggiorna', 'clicca', 'accedi', 'compili', 'compila', 'richiedi', 'paga',
    // zh, ja
    '验证', '确认', '登录', '点击', '查看', '更新', '支付', '解除', '認証', '確認', 'ログイン', 'クリック', 'お支払い',
    'log ?in with your', 'sign ?in with your', 'renew (?:now|today|here|your)',
    // ko, ru, th, id
    '확인하', '변경하', '보호하', '로그인하', '스캔', '클릭', '재등록', '업데이트', '납부',
    'подтверд', 'ознакомьтесь', 'перейдите по ссылке', 'войдите', 'нажмите', 'обновите', 'оплатите', 'откройте',
    'ยืนยัน', 'คลิก', 'เข้าสู่ระบบ', 'อัปเดต', 'ตรวจสอบ', 'สแกน',
    'verifikasi', 'memverifikasi', 'konfirmasi', 'perbarui', 'klik', 'masuk ke', 'bayar', 'pindai',
  ].join('|'),
);

const short = (s: string): string => s.trim().slice(0, 40);

/** One match of a word list: where it is, and how it is quoted in a finding's detail. */
export interface Hit {
  at: number;
  text: string;
}

/** The first MAX_MATCHES matches of a global word list in folded text (`quote` shortens each for details). */
export function hits(re: RegExp, text: string, quote: (match: string) => string = short): Hit[] {
  const out: Hit[] = [];
  for (const m of text.matchAll(re)) {
    out.push({ at: m.index ?? 0, text: quote(m[0]) });
    if (out.length >= MAX_MATCHES) break;
  }
  return out;
}

/** hits() without the matches a negation governs ("we will never ask you to verify", negation.ts). */
function affirmed(re: RegExp, text: string): Hit[] {
  return hits(re, text).filter((h) => !negatedAt(text, h.at));
}

/** Distance between two hits; a hit in the subject is next to anything near the start of the body. */
function distance(a: number, b: number, subject: number): number {
  const [lo, hi] = a < b ? [a, b] : [b, a];
  if (lo < subject && hi < subject + SUBJECT_REACH) return 0;
  return hi - lo;
}

/** Whether some hit of `a` stands within LURE_SPAN of some hit of `b`. */
function anyNear(a: Hit[], b: Hit[], subject: number): boolean {
  return a.some((x) => b.some((y) => distance(x.at, y.at, subject) <= LURE_SPAN));
}

/** The first pressure with an action and a thing at stake within LURE_SPAN of each other. */
function nearby(pressures: Hit[], actions: Hit[], objects: Hit[], subject: number): [Hit, Hit, Hit] | undefined {
  for (const p of pressures) {
    for (const a of actions) {
      if (distance(a.at, p.at, subject) > LURE_SPAN) continue;
      const o = objects.find((x) => distance(x.at, p.at, subject) <= LURE_SPAN && distance(x.at, a.at, subject) <= LURE_SPAN);
      if (o) return [o, p, a];
    }
  }
  return undefined;
}

/**
 * content.lure when the start of the (folded) text names a thing at stake, a pressure and an action
 * close together. `subjectLength`: how many characters at the start of `folded` are the subject.
 */
export function lureFinding(folded: string, subjectLength = 0): Finding | undefined {
  const text = folded.length > LURE_WINDOW ? folded.slice(0, LURE_WINDOW) : folded;
  const pressures = affirmed(PRESSURE, text);
  const bait = affirmed(FUNDS_WAITING, text);
  if (pressures.length === 0 && bait.length === 0) return undefined;
  const actions = affirmed(ACTION, text);
  if (actions.length === 0) return undefined;
  // No pressure (or bait) near an action: no topic can pass nearby(), so the six word lists of
  // OBJECTS need not run (six regex passes over up to 5,000 characters, ~30 µs of lureFinding's ~55
  // on the bench's 10 KB message, which has such a pair and still runs them).
  if (!anyNear(pressures, actions, subjectLength) && !anyNear(bait, actions, subjectLength)) return undefined;
  const topics: Topic[] = [];
  let words: [Hit, Hit, Hit] | undefined;
  for (const [topic, re] of OBJECTS) {
    // Money said to be waiting is its own pressure: "your withdrawal is ready", "tokens are live".
    const pressing = topic === 'funds' && bait.length > 0 ? [...pressures, ...bait].sort((a, b) => a.at - b.at) : pressures;
    const found = nearby(pressing, actions, affirmed(re, text), subjectLength);
    if (!found) continue;
    topics.push(topic);
    words ??= found;
  }
  if (!words) return undefined;
  const said = words.map((h) => h.text);
  return {
    scanner: 'content',
    kind: 'content.lure',
    detail: `the text puts ${topics.join('/')} under pressure and asks for an action ("${said.join('" … "')}")`,
    subject: said.join(' … '),
    tags: topics,
  };
}

/**
 * Money bait, read only where a genuine service relays text someone else typed (relayed.ts): a
 * balance, crypto, an airdrop or a prize ('funds', 'prize') with ONE of an action, a pressure or
 * "waiting for you" beside it, where a lure needs all three. Such a service's own notices never
 * offer money; a scammer who types "Claim your USDC cashback" into a ticket or a form needs no
 * more words than that. Same folded text and window as lureFinding.
 */
export function moneyBaitFinding(folded: string, subjectLength = 0): Finding | undefined {
  const text = folded.length > LURE_WINDOW ? folded.slice(0, LURE_WINDOW) : folded;
  const nudges = [...affirmed(ACTION, text), ...affirmed(PRESSURE, text), ...affirmed(FUNDS_WAITING, text)];
  if (nudges.length === 0) return undefined;
  const topics: Topic[] = [];
  let words: [Hit, Hit] | undefined;
  for (const [topic, re] of OBJECTS) {
    if (topic !== 'funds' && topic !== 'prize') continue;
    for (const o of affirmed(re, text)) {
      const n = nudges.find((x) => distance(x.at, o.at, subjectLength) <= LURE_SPAN);
      if (!n) continue;
      topics.push(topic);
      words ??= [o, n];
      break;
    }
  }
  if (!words) return undefined;
  const said = words.map((h) => h.text);
  return {
    scanner: 'content',
    kind: 'content.lure',
    detail: `the text offers ${topics.join('/')} and nudges the reader ("${said.join('" … "')}")`,
    subject: said.join(' … '),
    tags: topics,
  };
}
