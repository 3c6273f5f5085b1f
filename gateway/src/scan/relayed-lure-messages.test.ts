import { describe, expect, it } from 'vitest';
import { shippedPolicyVerdicts, singlePartMail } from './shipped-verdict.js';

/**
 * Hand-written messages through the real parser, the scanners (no sender authentication: no DNS
 * here) and the shipped policy: lures typed into a genuine helpdesk, form or sharing service
 * (content.lure tagged relayed), a court notice from free mail and a card purchase "pending" from a
 * bank name on free mail (Portuguese wording); and the ordinary mail each of them must leave alone.
 */
const verdict = shippedPolicyVerdicts();

describe('lures relayed by genuine services, authority and bank claims in Portuguese', () => {
  it('warns about crypto cashback typed into a helpdesk ticket', async () => {
    const v = await verdict(
      singlePartMail(
        {
          From: 'Support <support@rewards-desk.zendesk.com>',
          'X-Mailer': 'Zendesk Mailer',
          'X-Zendesk-From-Account-Id': '9f3a21',
          Subject: 'Claim your stablecoin cashback',
        },
        'This ticket was created on your behalf.\n\nNEW & LIMITED: USDT CASHBACK. Connect wallet using your browser extension, then use the withdraw button.\n\nThis email is a service from Support.',
      ),
    );
    expect(v.kinds).toContain('content.lure');
    expect(v).toMatchObject({ action: 'deliver', warning: true });
    expect(v.rules).toContain('relayed-lure');
  });

  it('warns about a form receipt that threatens an account and a balance', async () => {
    const v = await verdict(
      singlePartMail(
        { From: 'quiz.owner.1990@gmail.com', 'X-GoogleForms-FormId': 'e/1FAIpQLSe-test', Subject: 'Score released: +$312' },
        'Google Forms\nDear user, inactive accounts will be blocked and your balance will be cleared. Log in to your account to keep it.\nView score',
      ),
    );
    expect(v).toMatchObject({ action: 'deliver', warning: true });
    expect(v.rules).toContain('relayed-lure');
  });

  it('delivers the tickets, receipts and shares these services really send without a banner', async () => {
    const ticket = await verdict(
      singlePartMail(
        { From: 'Shop Support <support@garden-shop.zendesk.com>', 'X-Zendesk-From-Account-Id': '77aa01', Subject: 'Re: Refund for order 5521' },
        '##- Please type your reply above this line -##\nHi Lan,\nYour refund for order 5521 has been processed and will reach your card in 5-7 days.\nBest regards, Support',
      ),
    );
    expect(ticket).toMatchObject({ action: 'deliver', warning: false });
    const receipt = await verdict(
      singlePartMail(
        { From: 'forms-receipts-noreply@google.com', Subject: 'Đăng ký tập huấn chuyển đổi số' },
        'Cảm ơn bạn đã điền biểu mẫu. Câu trả lời của bạn đã được ghi lại.\nHọ tên: Nguyễn Văn An\nĐơn vị: Sở Nội vụ',
      ),
    );
    expect(receipt).toMatchObject({ action: 'deliver', warning: false });
    const share = await verdict(
      singlePartMail(
        { From: 'Trần Minh (via Google Docs) <drive-shares-dm-noreply@google.com>', Subject: 'Document shared with you: "Kế hoạch quý IV"' },
        'Trần Minh shared a document with you.\nKế hoạch quý IV\nOpen\nGoogle LLC',
      ),
    );
    expect(share).toMatchObject({ action: 'deliver', warning: false });
  });

  it('holds a court summons in Portuguese from a free-mail mailbox', async () => {
    const v = await verdict(
      singlePartMail(
        { From: '"Aviso Processual" <notificacoes.123@libero.it>', Subject: 'Comunicado sobre o processo 2025.1182' },
        'INTIMAÇÃO ELETRÔNICA\nO não cumprimento desta intimação dentro do prazo legal poderá resultar em sanções e multas.\nPara ciência imediata, acesse o processo eletrônico: https://portal-processos.example/x',
      ),
    );
    expect(v.kinds).toEqual(expect.arrayContaining(['content.lure', 'sender.institution-freemail']));
    expect(v.action).toBe('quarantine');
  });

  it('holds a "pending purchase, confirm it" message from a bank name on free mail', async () => {
    const v = await verdict(
      singlePartMail(
        { From: '"Banco Digital Protocolo 4471" <atendimento.x81@gmail.com>', Subject: 'Transação pendente 88213' },
        'Compra em análise no valor de R$ 1.250,00. Para confirmar digite (1). Caso não reconheça, ligue para a central de segurança.',
      ),
    );
    expect(v.action).toBe('quarantine');
    expect(v.rules).toContain('two-strong-signals');
  });

  it('delivers a lawyer writing from free mail and a bank notice without pressure', async () => {
    const lawyer = await verdict(
      singlePartMail(
        { From: '"Assessoria Jurídica Silva" <silva.advocacia@gmail.com>', Subject: 'Reunião sobre o processo' },
        'Bom dia, podemos marcar a reunião sobre o processo na quinta-feira? Envio em anexo a minuta do contrato. Abraços',
      ),
    );
    expect(lawyer).toMatchObject({ action: 'deliver', warning: false });
    const statement = await verdict(
      singlePartMail(
        { From: '"Banco Digital" <extrato@banco-digital.example>', Subject: 'Seu extrato de março' },
        'Sua fatura de março já está disponível. Acesse o aplicativo para consultar as transações.',
      ),
    );
    expect(statement).toMatchObject({ action: 'deliver', warning: false });
  });
});

describe('a relayed lure whose answers go to free mail or an abused top-level domain', () => {
  const driveShare = (subject: string, replyTo: string, body: string): string =>
    singlePartMail({ From: '"Billing Desk (via Google Drive)" <drive-shares-dm-noreply@google.com>', 'Reply-To': replyTo, Subject: subject }, body);

  it('holds a Drive share notice with a refund lure and a Reply-To under .makeup', async () => {
    const v = await verdict(
      driveShare(
        'Refund of $1,499 pending – confirm',
        'Billing Desk <billing-desk@refund-center.makeup>',
        'Billing Desk shared a document with you.\nYour refund of $1,499 is pending. Confirm your details to receive the funds.\nOpen\nGoogle LLC, 1600 Amphitheatre Parkway, Mountain View, CA 94043, USA',
      ),
    );
    expect(v.kinds).toContain('content.lure');
    expect(v.action).toBe('quarantine');
    expect(v.rules).toEqual(expect.arrayContaining(['relayed-lure', 'relayed-lure-reply-elsewhere']));
  });

  it('holds the same lure when the text asks to write to a Gmail mailbox, and only warns when it asks nothing', async () => {
    const asked = await verdict(
      singlePartMail(
        { From: 'forms-receipts-noreply@google.com', Subject: 'Your compensation of $850 is waiting' },
        'Thanks for filling in the form.\nYour compensation of $850 is waiting for you. To claim the payment, contact us at payout.desk2025@gmail.com.\nView score',
      ),
    );
    expect(asked.action).toBe('quarantine');
    expect(asked.rules).toContain('relayed-lure-reply-elsewhere');
    const quiet = await verdict(
      singlePartMail(
        { From: 'forms-receipts-noreply@google.com', Subject: 'Your compensation of $850 is waiting' },
        'Thanks for filling in the form.\nYour compensation of $850 is waiting for you. Claim the payment now.\nView score',
      ),
    );
    expect(quiet).toMatchObject({ action: 'deliver', warning: true });
    expect(quiet.rules).not.toContain('relayed-lure-reply-elsewhere');
  });

  it("delivers a share notice answered at the sharer's Gmail with an ordinary title without a banner", async () => {
    const v = await verdict(
      driveShare(
        'Document shared with you: "Báo cáo tổng kết năm 2024"',
        'Trần Minh <tran.minh.1985@gmail.com>',
        'Trần Minh shared a document with you.\nBáo cáo tổng kết năm 2024\nAnh xem giúp em phần số liệu nhé.\nOpen\nGoogle LLC, 1600 Amphitheatre Parkway, Mountain View, CA 94043, USA',
      ),
    );
    expect(v, JSON.stringify(v)).toMatchObject({ action: 'deliver', warning: false });
  });

  it("delivers a Google Form notification answered at a citizen's Gmail without a banner", async () => {
    const v = await verdict(
      singlePartMail(
        {
          From: '"Google Forms" <forms-receipts-noreply@google.com>',
          'Reply-To': 'Lê Thị Hoa <hoa.le.1992@gmail.com>',
          'X-GoogleForms-FormId': 'e/1FAIpQLSe-phananh',
          Subject: 'Phản ánh kiến nghị: đường ngập nước tại thôn 3',
        },
        'Câu trả lời mới cho biểu mẫu "Tiếp nhận phản ánh, kiến nghị của người dân".\nHọ tên: Lê Thị Hoa\nEmail: hoa.le.1992@gmail.com\nNội dung: Đoạn đường thôn 3 ngập nước sau mưa, đề nghị xã kiểm tra, nạo vét mương.\nXem câu trả lời',
      ),
    );
    expect(v, JSON.stringify(v)).toMatchObject({ action: 'deliver', warning: false });
  });
});
