import { afterAll, describe, expect, inject, it } from 'vitest';
import { createClamdClient } from './attachments/clamd.js';
import { fakeClamd } from './attachments/test-helpers.js';
import { attachmentMail, shippedPolicyVerdicts, singlePartMail } from './shipped-verdict.js';

/**
 * Bank and brand lures under the shipped policy (real parser, every scanner but sender
 * authentication, policies/): mail in a bank's name whose every link goes to abused free hosting
 * (rule brand-links-all-abused-hosting, tag brand-all-links of url.abused-hosting), a card-points
 * expiry lure from a sender claiming a bank it does not belong to (brand-impersonation-reward-lure),
 * an installable profile with another phishing sign (attachment.dangerous-type in
 * two-strong-signals); and the genuine mail each must leave alone: a bank's newsletter linking to its
 * own site through a click tracker, a Vietnamese bank notice, a project list hosted on GitHub Pages /
 * Netlify, a shop's own points reminder, a colleague's program.
 */
const clamdUrl = inject('clamdUrl');
const clamd = clamdUrl ? createClamdClient(clamdUrl, { timeoutMs: 20_000 }) : fakeClamd();
afterAll(() => clamd.close());
const verdict = shippedPolicyVerdicts({ clamd });

const html = (body: string): string => `<html><body>${body}</body></html>`;
const abusedTags = (v: { findings: { kind: string; tags?: string[] }[] }): string[] =>
  v.findings.find((f) => f.kind === 'url.abused-hosting')?.tags ?? [];

describe('bank lures whose every link goes to abused hosting', () => {
  it('holds a bank mail from the bank\'s own (spoofed) domain with its only link on Cloud Run', async () => {
    const v = await verdict(
      singlePartMail(
        { From: 'Bradesco <naoresponder@bradesco.com.br>', Subject: 'Rodrigo, agora você é Bradesco Prime!' },
        html(
          '<p>Rodrigo, parabéns! Agora você é cliente Bradesco Prime.</p>' +
            '<p><a href="https://b-a4qxna7jwq-rj.a.run.app/prime">Ative seu novo cartão</a></p>' +
            '<img src="https://www.bradesco.com.br/logo.png">',
        ),
        'text/html',
      ),
    );
    expect(abusedTags(v)).toEqual(expect.arrayContaining(['run.app', 'link', 'brand-all-links', 'brand:bradesco']));
    expect(v.action).toBe('quarantine');
    expect(v.rules).toContain('brand-links-all-abused-hosting');
  });

  it('holds a Vietnamese bank notice whose links all go to pages.dev, workers.dev or a raw IP', async () => {
    const v = await verdict(
      singlePartMail(
        { From: 'Vietcombank <thongbao@vietcombank.com.vn>', Subject: 'Thông báo cập nhật sinh trắc học' },
        html(
          '<p>Kính gửi quý khách, theo quy định mới quý khách cần cập nhật thông tin sinh trắc học.</p>' +
            '<p><a href="https://vcb-sinhtrachoc.pages.dev/">Cập nhật tại đây</a> hoặc ' +
            '<a href="https://vcb-update.nguyen.workers.dev/x">trang dự phòng</a>, ' +
            '<a href="http://203.0.113.45/vcb">máy chủ 2</a></p>',
        ),
        'text/html',
      ),
    );
    expect(abusedTags(v)).toContain('brand-all-links');
    expect(v.action).toBe('quarantine');
    expect(v.rules).toContain('brand-links-all-abused-hosting');
  });

  it('counts a brand name under another suffix as the brand, and pictures do not count as links', async () => {
    const v = await verdict(
      singlePartMail(
        { From: 'Ripple <noreply@ripple.net>', Subject: 'XRP reserve allocation' },
        html(
          '<img src="https://encrypted-tbn0.gstatic.com/images?q=tbn:x">' +
            '<p>Your allocation is ready. <a href="https://ipfs.io/ipfs/bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi">Open</a></p>',
        ),
        'text/html',
      ),
    );
    expect(abusedTags(v)).toEqual(expect.arrayContaining(['ipfs.io', 'brand-all-links', 'brand:ripple']));
    expect(v.action).toBe('quarantine');
  });

  it('leaves a bank newsletter linking to its own site (through a click tracker) without the tag, not held', async () => {
    const v = await verdict(
      singlePartMail(
        { From: 'Bradesco <comunicado@bradesco.com.br>', Subject: 'Novidades Bradesco de novembro' },
        html(
          '<p>Confira as novidades do mês: novas tarifas reduzidas para clientes Prime, o aplicativo com Pix agendado e ' +
            'a agenda de atendimento nas agências durante o feriado. Obrigado por ser cliente Bradesco.</p>' +
            '<p><a href="https://click.mkt.example-esp.net/ls/click?upn=abc">Saiba mais</a> · ' +
            '<a href="https://www.bradesco.com.br/privacidade">Privacidade</a> · ' +
            '<a href="https://b-a4qxna7jwq-rj.a.run.app/pesquisa">Pesquisa de satisfação</a></p>' +
            '<img src="https://storage.googleapis.com/bucket/banner.png">',
        ),
        'text/html',
      ),
    );
    expect(abusedTags(v)).not.toContain('brand-all-links');
    expect(v.rules).not.toContain('brand-links-all-abused-hosting');
    expect(v.action).toBe('deliver');
  });

  it('delivers a Vietnamese bank notice linking to the bank\'s own site with no banner', async () => {
    const v = await verdict(
      singlePartMail(
        { From: 'Vietcombank <thongbao@vietcombank.com.vn>', Subject: 'Thông báo lịch bảo trì hệ thống' },
        html(
          '<p>Vietcombank trân trọng thông báo lịch bảo trì hệ thống ngân hàng điện tử từ 23h00 ngày 30/11.</p>' +
            '<p>Chi tiết xem tại <a href="https://www.vietcombank.com.vn/vi-VN/Thong-bao">vietcombank.com.vn</a>.</p>',
        ),
        'text/html',
      ),
    );
    expect(v).toMatchObject({ action: 'deliver', warning: false });
  });

  it('does not hold a project mailing list whose links all go to GitHub Pages and Netlify (no brand)', async () => {
    const v = await verdict(
      singlePartMail(
        { From: 'Radio Project <announce@radio-project.example.org>', Subject: '[ANN] radio-tools 3.2 released' },
        'Hi all,\n\nradio-tools 3.2 is out. Docs: https://radio-project.github.io/docs/ and the preview site\nhttps://radio-tools-preview.netlify.app/ has the new tutorials.\n\nCheers,\nthe maintainers',
      ),
    );
    expect(abusedTags(v)).not.toContain('brand-all-links');
    expect(v.action).toBe('deliver');
  });
});

describe('card-points expiry lures in a bank\'s name', () => {
  it('holds "your Livelo points are about to expire, redeem" from a sender that is not the bank', async () => {
    const v = await verdict(
      singlePartMail(
        {
          From: 'BANCO DO BRASIL <b050268@bbatendimento.example>',
          Subject: 'BB INFORMA: Caro Cliente, você possui pontos Livelo prestes a expirar',
        },
        html(
          '<p>Prezado cliente, você possui 169.378 pontos Livelo para utilizar nas suas compras.</p>' +
            '<p>Seja rápido: resgate seus pontos até o dia 25/11. <a href="http://pontos-resgate.example/bb">Resgatar pontos</a></p>',
        ),
        'text/html',
      ),
    );
    expect(v.findings.find((f) => f.kind === 'content.lure')?.tags).toContain('prize');
    expect(v.findings.find((f) => f.kind === 'sender.brand-impersonation')?.tags).toEqual(expect.arrayContaining(['display-name', 'links-elsewhere']));
    expect(v.action).toBe('quarantine');
    expect(v.rules).toContain('brand-impersonation-reward-lure');
  });

  it('holds the Vietnamese wording ("điểm thưởng sắp hết hạn") from a sender that is not the bank', async () => {
    const v = await verdict(
      singlePartMail(
        { From: 'Vietcombank Rewards <uudai@vcb-diemthuong.example>', Subject: 'Điểm thưởng của quý khách sắp hết hạn' },
        'Kính gửi quý khách,\nĐiểm thưởng VCB Rewards của quý khách sẽ hết hạn vào ngày 30/11. Bấm vào liên kết sau để đổi điểm: http://doidiem-nhanh.example/vcb\n',
      ),
    );
    expect(v.action).toBe('quarantine');
    expect(v.rules).toContain('brand-impersonation-reward-lure');
  });

  it('does not hold a shop\'s own points reminder sent from its own domain', async () => {
    const v = await verdict(
      singlePartMail(
        { From: 'Shopee <no-reply@shopeemail.com>', Subject: 'Shopee Xu của bạn sắp hết hạn' },
        'Chào bạn,\nĐiểm thưởng Shopee Xu của bạn sẽ hết hạn vào 30/11. Bấm vào https://shopee.vn/xu để dùng xu khi mua sắm.\n',
      ),
    );
    expect(v.rules).not.toContain('brand-impersonation-reward-lure');
    expect(v.action).toBe('deliver');
  });

  it('does not hold a brand\'s points reminder sent through a mailing service when its links lead home', async () => {
    const tracked = await verdict(
      singlePartMail(
        { From: 'Vietcombank <uudai@vcb-news-mailer.example>', Subject: 'Điểm thưởng VCB Rewards sắp hết hạn' },
        html(
          '<p>Điểm thưởng VCB Rewards của quý khách sẽ hết hạn vào 31/12. Bấm vào ' +
            '<a href="https://click.esp-mailer.example/c?u=https%3A%2F%2Fwww.vietcombank.com.vn%2Frewards">đây</a> để đổi quà.</p>',
        ),
        'text/html',
      ),
    );
    expect(tracked.findings.find((f) => f.kind === 'sender.brand-impersonation')?.tags).not.toContain('links-elsewhere');
    expect(tracked.action).toBe('deliver');
    const ownLinks = await verdict(
      singlePartMail(
        { From: 'Vietcombank <uudai@vcb-news-mailer.example>', Subject: 'Điểm thưởng VCB Rewards sắp hết hạn' },
        'Điểm thưởng VCB Rewards của quý khách sẽ hết hạn vào 31/12. Bấm vào https://vcb-news-mailer.example/r/123 để đổi quà.\n',
      ),
    );
    expect(ownLinks.rules).not.toContain('brand-impersonation-reward-lure');
    expect(ownLinks.action).toBe('deliver');
  });

  it('does not hold points news without a brand claim in the From name', async () => {
    const v = await verdict(
      singlePartMail(
        { From: 'Cafe Sáng <tin@cafesang.example>', Subject: 'Điểm thưởng thành viên sắp hết hạn' },
        'Điểm thưởng thành viên của bạn sẽ hết hạn cuối tháng. Bấm vào https://cafesang.example/diem để xem.\n',
      ),
    );
    expect(v.action).toBe('deliver');
  });
});

describe('an installable profile or program with another phishing sign', () => {
  const profile = Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict>' +
      '<key>PayloadContent</key><array/><key>PayloadType</key><string>Configuration</string>' +
      '<key>PayloadUUID</key><string>6F1B2C3D-0000-4000-8000-000000000001</string>' +
      '<key>PayloadIdentifier</key><string>com.example.profile</string></dict></plist>\n',
  );

  it('holds a "login attempt detected" notice with a .mobileconfig and a link to a server named after its IP', async () => {
    const v = await verdict(
      attachmentMail('Gemini-Security.mobileconfig', 'application/x-apple-aspen-config', profile, {
        from: 'Gemini Customer Service <mail.info@produtora-eventos.example>',
        subject: 'Login attempt detected - please review your account activity',
        text: 'Install the attached security profile, then review the activity at http://ec2-13-52-185-2.us-west-1.compute.amazonaws.com/',
      }),
    );
    expect(v.kinds).toContain('attachment.dangerous-type');
    expect(v.kinds).toContain('url.server-host');
    expect(v.action).toBe('quarantine');
    expect(v.rules).toContain('two-strong-signals');
  });

  it('only strips the profile of an ordinary message (one sign, however many files)', async () => {
    const v = await verdict(
      attachmentMail('wifi-office.mobileconfig', 'application/x-apple-aspen-config', profile, {
        from: 'Phong CNTT <cntt@sotttt.example>',
        subject: 'Cấu hình Wi-Fi văn phòng',
        text: 'Gửi anh chị tệp cấu hình Wi-Fi cho iPhone.',
      }),
    );
    expect(v.action).toBe('deliver');
    expect(v.rules).toContain('dangerous-attachment');
    expect(v.strip.length).toBe(1);
  });
});
