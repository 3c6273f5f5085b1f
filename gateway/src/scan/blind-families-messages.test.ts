import { describe, expect, it } from 'vitest';
import { shippedPolicyVerdicts, singlePartMail } from './shipped-verdict.js';

/**
 * Phishing families the dev corpus (a honeypot's Dutch/Brazilian/English phish, mailing-list ham)
 * has little or none of, written by hand for a blind test, through the real parser, the scanners
 * (no DNS) and the shipped policy — with the legitimate mail each one resembles:
 *  - sextortion: a Bitcoin address under a threat, often From the reader's own address
 *    (content.extortion, rule crypto-extortion: held);
 *  - the gift-card step of CEO fraud: "buy gift cards, send me pictures of the codes"
 *    (content.gift-card-request, rule gift-card-request: held);
 *  - the BEC opener "are you at your desk? … discreetly, I'm in a meeting" with no link
 *    (content.bec-opener, rule bec-opener: warned);
 *  - credential, parcel, payroll and tax-refund lures in Italian, Spanish, German, Chinese and
 *    Japanese, and English mailbox/HR/refund wording the lure lists lacked (content.lure: never
 *    acted on alone — genuine bank notices have the same shape — but counted with another sign,
 *    here a button on abused free hosting: two-strong-signals).
 */
const verdict = shippedPolicyVerdicts();
const text = (headers: Record<string, string>, body: string) => singlePartMail({ To: 'tran.thi.b@lachan.test', ...headers }, body);
const html = (headers: Record<string, string>, body: string) => singlePartMail({ To: 'tran.thi.b@lachan.test', ...headers }, body, 'text/html');
const BTC = 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh';

describe('sextortion: a crypto address under a threat', () => {
  it('holds the English letter forged From the reader\u2019s own address', async () => {
    const v = await verdict(
      text(
        { From: 'tran.thi.b <tran.thi.b@lachan.test>', Subject: 'Your account has been hacked' },
        'Hello! I am a hacker who has access to your operating system. I installed malware on the adult video sites you visited ' +
          `and recorded you with your webcam. Transfer $1450 in Bitcoin to my wallet: ${BTC}\n` +
          'You have 48 hours, otherwise I will send the video to all your contacts.\n',
      ),
    );
    expect(v.rules).toContain('crypto-extortion');
    expect(v.action).toBe('quarantine');
  });

  it('holds the German and the Chinese letters from a stranger', async () => {
    const de = await verdict(
      text(
        { From: 'Support <info@verlag-hofmann.example>', Subject: 'Zahlungsaufforderung' },
        'Ich habe Ihr Gerät gehackt und Zugriff auf Ihre Webcam. Ich habe ein Video von Ihnen aufgenommen. ' +
          `Überweisen Sie 1200 USD in Bitcoin an diese Adresse: ${BTC}. Andernfalls sende ich das Video an alle Ihre Kontakte.\n`,
      ),
    );
    const zh = await verdict(
      text(
        { From: 'Admin <admin@shanghai-print.example>', Subject: '最后警告' },
        `我是黑客，已经入侵了你的电脑，并通过摄像头录下了你的视频。请在48小时内把价值1000美元的比特币转到这个地址：${BTC}，否则我会把视频发给你所有的联系人。\n`,
      ),
    );
    expect(de.rules).toContain('crypto-extortion');
    expect(zh.rules).toContain('crypto-extortion');
    expect([de.action, zh.action]).toEqual(['quarantine', 'quarantine']);
  });

  it('leaves alone an exchange receipt and a newsletter with a Bitcoin address, and a security newsletter describing the scam', async () => {
    const receipt = await verdict(
      text(
        { From: 'CoinDesk Exchange <receipts@coinvault-exchange.example>', Subject: 'Withdrawal completed' },
        `Your withdrawal of 0.0125 BTC to the address ${BTC} was completed on 24 November 2026. Network fee: 0.00002 BTC.\n`,
      ),
    );
    const awareness = await verdict(
      text(
        { From: 'CERT Newsletter <news@cert-bulletin.example>', Subject: 'Beware of sextortion emails' },
        'Criminals send emails claiming they hacked your webcam and recorded a video, and demand payment in Bitcoin. ' +
          'They have no video. Do not pay, do not reply, and report the message to your IT team.\n',
      ),
    );
    const newsletter = await verdict(
      text(
        { From: 'Coin Weekly <news@coinweekly-letter.example>', Subject: 'Your weekly crypto digest' },
        `Watch our new video on Bitcoin fees, share it with your friends, and donate to keep the digest free: ${BTC}\n`,
      ),
    );
    expect(receipt).toMatchObject({ action: 'deliver', warning: false });
    expect(newsletter.kinds).not.toContain('content.extortion');
    expect(awareness).toMatchObject({ action: 'deliver', warning: false });
  });
});

describe('gift cards and their codes asked for (CEO fraud)', () => {
  it('holds the English request from Gmail and the Italian one from an unknown domain', async () => {
    const en = await verdict(
      text(
        { From: 'Tran Minh Duc <tmduc.chairman@gmail.com>', Subject: 'Quick favour' },
        'I need you to get some Apple gift cards for a few clients today, keep it between us. Get 5 cards of $200 each, ' +
          'scratch the back and send me pictures of the codes. I will reimburse you this evening.\n\nSent from my iPhone\n',
      ),
    );
    const it_ = await verdict(
      text(
        { From: 'Paolo Ferri <direzione.ferri@studio-ferri.example>', Subject: 'Richiesta urgente' },
        'Ciao, mi servono 4 buoni regalo Amazon da 100 euro per dei clienti. Gratta il retro e inviami le foto dei codici appena puoi.\n',
      ),
    );
    expect(en.rules).toContain('gift-card-request');
    expect(it_.rules).toContain('gift-card-request');
    expect([en.action, it_.action]).toEqual(['quarantine', 'quarantine']);
  });

  it('leaves alone a shop\u2019s gift-card receipt and a colleague buying cards for the staff party', async () => {
    const shop = await verdict(
      text(
        { From: 'Book Corner <orders@bookcorner-shop.example>', Subject: 'Your gift card order 55812' },
        'Thank you for your order. Your e-gift card of 500,000 VND has been sent to the recipient you chose. ' +
          'You can check the balance at https://www.bookcorner-shop.example/giftcards\n',
      ),
    );
    const party = await verdict(
      text(
        { From: 'David Chen <david.chen@asiabridge-consulting.example>', Subject: 'Year-end party' },
        'Hi, I bought the gift cards for the raffle at the year-end party, the receipts are with the accountant. See you Friday.\n',
      ),
    );
    expect(shop).toMatchObject({ action: 'deliver', warning: false });
    expect(party).toMatchObject({ action: 'deliver', warning: false });
  });
});

describe('the BEC opener: "are you at your desk?" with secrecy and no link', () => {
  it('warns on the English, Spanish and French openers', async () => {
    for (const [from, subject, body] of [
      ['Nguyen Van Hung <director.office.hung@gmail.com>', 'Are you at your desk?', 'Are you at your desk? I need you to handle a task for me discreetly. I\u2019m in a meeting and can\u2019t talk on the phone, reply by email.\n\nSent from my iPhone'],
      ['Carlos Méndez <direccion.cmendez@gmail.com>', 'Necesito un favor', 'Hola, ¿estás en la oficina? Necesito que me hagas un favor urgente y confidencial. Estoy en una reunión y no puedo hablar por teléfono.'],
      ['Pierre Lambert <p.lambert.direction@outlook.fr>', 'Êtes-vous disponible ?', 'Bonjour, êtes-vous disponible ? J\u2019ai besoin que vous traitiez une tâche en toute discrétion. Je suis en réunion, répondez-moi par mail.'],
    ] as const) {
      const v = await verdict(text({ From: from, Subject: subject }, `${body}\n`));
      expect(v.rules, subject).toContain('bec-opener');
      expect(v.warning || v.action !== 'deliver', subject).toBe(true);
    }
  });

  it('leaves alone a partner asking for minutes, and a colleague of the province asking the same', async () => {
    const partner = await verdict(
      text(
        { From: 'David Chen <david.chen@asiabridge-consulting.example>', Subject: 'Favour: can you share the meeting minutes?' },
        'Hi Ms Tran, are you at your desk today? If so, could you do me a small favour and send over the minutes from ' +
          'Tuesday\u2019s workshop? I\u2019d like to circulate them before Friday.\n\nMany thanks,\nDavid\n',
      ),
    );
    const colleague = await verdict(
      text(
        { From: 'Nguyen Van Hung <nvhung@lachan.test>', Subject: 'Nho em viec nay' },
        'Em co dang o van phong khong? Anh dang hop, khong nghe may duoc. Em in giup anh bao cao quy IV de tren ban nhe.\n',
      ),
    );
    expect(partner).toMatchObject({ action: 'deliver', warning: false });
    // (the province's own mail is not read for this opener; its text may still meet a phrase list)
    expect(colleague.kinds).not.toContain('content.bec-opener');
    expect(colleague.action).toBe('deliver');
  });
});

describe('lures in languages and wordings the lists lacked (content.lure, counted with another sign)', () => {
  const lures: ReadonlyArray<[string, string, string, string, string]> = [
    ['it tax refund', 'funds', 'Agenzia delle Entrate <rimborsi@agenzia-servizi.example>', 'Rimborso fiscale disponibile: € 287,00',
      '<p>Gentile contribuente, risulta un rimborso fiscale a suo favore di € 287,00. Per ricevere l\u2019accredito compili il modulo entro 5 giorni.</p>'],
    ['zh bank frozen', 'account', '中国工商银行 <service@zhanghu-anquan.example>', '您的账户已被冻结，请尽快验证',
      '<p>尊敬的客户：系统检测到您的网银账户存在异常登录，账户已被临时冻结。请在24小时内完成身份验证以解除冻结。</p>'],
    ['ja card stopped', 'account', '三井住友カード <info@riyou-kakunin.example>', '【重要】カードのご利用を一時停止しました',
      '<p>第三者による不正利用の可能性があるため、カードのご利用を一時停止しました。以下のボタンからご本人確認をお願いいたします。</p>'],
    ['es parcel held', 'delivery', 'Correos <avisos@paquete-es.example>', 'Su paquete está retenido',
      '<p>Estimado cliente, su paquete PQ49912 no ha podido ser entregado porque hay tasas de aduana pendientes (1,79 EUR). Pague aquí para reprogramar la entrega.</p>'],
    ['de parcel fee', 'delivery', 'DHL Paket <service@zustellung-de.example>', 'Ihr Paket konnte nicht zugestellt werden',
      '<p>Ihr Paket 00340434161094 konnte nicht zugestellt werden, da eine Zustellgebühr von 1,99 € offen ist. Jetzt bezahlen und neuen Termin wählen.</p>'],
    ['es mailbox full', 'account', 'Administrador de correo <soporte@tiendaflores.example>', 'Su buzón está lleno - acción requerida',
      '<p>Su buzón de correo ha alcanzado el 99% de su capacidad. Los mensajes entrantes serán rechazados. Verifique su cuenta para aumentar el almacenamiento.</p>'],
    ['en salary adjustment', 'account', 'HR Department <hr-notice@meridian-staff.example>', 'Salary Adjustment Notification - Action Required',
      '<p>Following the annual compensation review, your salary adjustment for 2027 has been approved. Please review and acknowledge the updated payroll details.</p>'],
    ['en tax refund', 'funds', 'HM Revenue & Customs <refunds@tax-online.example>', 'Tax Refund Notification',
      '<p>We have determined that you are eligible to receive a tax refund of £428.50. Submit your claim online.</p>'],
  ];
  for (const [name, topic, from, subject, body] of lures) {
    it(`reads the ${name} lure, and holds it when its button leads to abused free hosting`, async () => {
      const own = await verdict(html({ From: from, Subject: subject }, `${body}<p><a href="https://portal.${from.split('@')[1]!.replace('>', '')}/login">OK</a></p>`));
      const lure = own.findings.find((f) => f.kind === 'content.lure');
      expect(lure?.tags, name).toContain(topic);
      const hosted = await verdict(html({ From: from, Subject: subject }, `${body}<p><a href="https://secure-portal-8821.web.app/login">OK</a></p>`));
      expect(hosted.rules, name).toContain('two-strong-signals');
      expect(hosted.action, name).toBe('quarantine');
    });
  }

  it('leaves alone genuine notices in the same languages', async () => {
    const notices: ReadonlyArray<[string, string, string]> = [
      ['Libreria Centrale <ordini@libreria-centrale.example>', 'Il tuo pacco è in consegna', 'Il tuo pacco con 2 libri è in consegna oggi. Puoi seguire la spedizione nel tuo account: https://www.libreria-centrale.example/ordini/55812'],
      ['王伟 <wangwei@huanan-tech.example>', '关于下周技术交流会的安排', '陈女士您好，下周二的技术交流会时间确定为上午9点，请确认参会人员名单。我方将有三人参加，议程请见附件。'],
      ['国際スマートシティ会議事務局 <info@smartcity-conf.example>', '【ご案内】参加登録開始のお知らせ', '国際スマートシティ会議2027の参加登録を開始しました。詳細はこちらをご確認ください：https://www.smartcity-conf.example/2027/registration'],
      ['DHL Express <noreply@dhl.com>', 'Your shipment 7731928834 is on its way', 'Your DHL Express shipment 7731928834 is scheduled for delivery on Thursday. Track your shipment: https://www.dhl.com/vn-en/home/tracking.html'],
      ['Microsoft 365 <microsoft-noreply@microsoft.com>', 'Your subscription will renew on 15 December 2026', 'Your Microsoft 365 subscription will renew automatically on 15 December 2026. To review your billing details, go to https://admin.microsoft.com'],
      ['Phong TCHC <tchc@lachan.test>', 'Thong bao dieu chinh luong', 'Bang luong thang 12 da cap nhat theo muc luong co so moi. Chi tiet xem file dinh kem; thac mac lien he phong TCHC.'],
    ];
    for (const [from, subject, body] of notices) {
      const v = await verdict(text({ From: from, Subject: subject }, `${body}\n`));
      expect(v.kinds, subject).not.toContain('content.lure');
      expect(v, subject).toMatchObject({ action: 'deliver', warning: false });
    }
  });
});
