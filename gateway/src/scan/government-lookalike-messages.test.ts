import { afterAll, describe, expect, it } from 'vitest';
import { make7zHeader, makePdf, makePe, makeXls } from '../../../test-fixtures/attachments/payloads.mjs';
import { fakeClamd } from './attachments/test-helpers.js';
import { attachmentMail, shippedPolicyVerdicts, singlePartMail } from './shipped-verdict.js';
import { encodedWord } from './identity/stylised-testing.js';
import { governmentDisguise } from './urls/government.js';
import { registrableDomain } from './urls/domains.js';

/**
 * A sender domain dressed as a government one — a government suffix (gov.vn, gov.uk, gouv.fr, go.jp,
 * a bare ".gov") spelled into a domain outside it: sender.government-lookalike, held by
 * government-lookalike-sender; the same in a link's host: url.government-lookalike, held by
 * government-lookalike-link. The real *.gov.vn and other governments' domains, "gov" inside a word
 * (govtech, governance), e-government vendors and a university's "gov" department are not.
 * Messages written for the test (documentation-style domains), through the real parser, scanners
 * and the shipped policy.
 */
const verdict = shippedPolicyVerdicts();
const enc = encodedWord;
const mail = (from: string, subject: string, body: string, extra: Record<string, string> = {}) =>
  singlePartMail({ From: from, Subject: enc(subject), ...extra }, body);

const NOTICE_VI = 'Kính gửi anh/chị,\r\n\r\nThông báo về việc cập nhật thông tin hồ sơ năm 2024. Chi tiết xin xem văn bản đính kèm ở kỳ sau.\r\n\r\nTrân trọng';
const NOTICE_EN = 'Dear taxpayer,\r\n\r\nThis is a notice about your account for the 2024 tax year. No action is needed today.\r\n\r\nRegards';
const NEWS_VI = 'Chào anh/chị,\r\n\r\nBản tin tuần này: lịch họp giao ban, kết quả triển khai phần mềm một cửa và kế hoạch tháng tới.\r\n\r\nTrân trọng';
const NEWS_EN = 'Hello,\r\n\r\nThis week: notes from our seminar on public administration and the reading list for next term.\r\n\r\nBest regards';

const govKinds = (v: { kinds: string[] }) => v.kinds.filter((k) => k.endsWith('government-lookalike'));

describe('a sender domain dressed as a government domain: held', () => {
  for (const [what, from, subject, body, imitated, extra] of [
    ['"-gov" before an ordinary TLD (Vietnamese ministry)', `${enc('Bộ Nội vụ')} <thongbao@noivu-gov.online>`, 'Thông báo cập nhật hồ sơ', NOTICE_VI, 'gov', {}],
    ['"-gov" before an ordinary TLD (Vietnamese tax office)', `${enc('Cục Thuế')} <hoantien@thue-gov.info>`, 'Hoàn thuế TNCN', NOTICE_VI, 'gov', {}],
    ['gov-vn as hyphenated parts', `${enc('Thuế điện tử')} <hotro@thuedientu-gov-vn.com>`, 'Thông báo thuế', NOTICE_VI, 'gov.vn', {}],
    ['govvn written as one word', `${enc('Cổng Dịch vụ công')} <noreply@dichvucong-govvn.net>`, 'Hồ sơ của bạn', NOTICE_VI, 'gov.vn', {}],
    ['gov-vn as a label of another domain', `${enc('Bảo hiểm xã hội')} <bhxh@bhxh.gov-vn.top>`, 'Thông báo BHXH', NOTICE_VI, 'gov.vn', {}],
    ['gov.vn as labels in front of another domain', `${enc('Sở Tài chính')} <vanthu@stc.gov.vn.hanhchinh.example>`, 'Công văn', NOTICE_VI, 'gov.vn', {}],
    ['gov-uk (British tax office)', 'HMRC <refunds@hmrc-gov-uk.example>', 'Your tax refund', NOTICE_EN, 'gov.uk', {}],
    ['"-gov" for the US tax office', 'IRS <notice@irs-gov.help>', 'Tax notice', NOTICE_EN, 'gov', {}],
    ['a "gov" label after an agency name', 'IRS <notice@irs.gov.refund-status.example>', 'Refund status', NOTICE_EN, 'gov', {}],
    ['gouv-fr (French tax office)', 'Impots <contact@impots-gouv-fr.example>', 'Avis', NOTICE_EN, 'gouv.fr', {}],
    ['govau as one word (Australian tax office)', 'ATO <ato@ato.govau.example>', 'Tax notice', NOTICE_EN, 'gov.au', {}],
    ['go-jp (Japanese tax agency)', 'NTA <info@nta-go-jp.example>', 'Tax notice', NOTICE_EN, 'go.jp', {}],
    ['gob-es (Spanish tax agency)', 'Agencia Tributaria <avisos@agenciatributaria-gob-es.example>', 'Aviso', NOTICE_EN, 'gob.es', {}],
    ['only the Reply-To dressed as gov.vn', `${enc('Phòng Hành chính')} <hanhchinh@congty-abc.example>`, 'Công văn', NOTICE_VI, 'gov.vn', { 'Reply-To': 'traloi@congvan.gov-vn.example' }],
    ['only the Reply-To dressed as gov.uk', 'Accounts <accounts@office-supplies.example>', 'Invoice query', NOTICE_EN, 'gov.uk', { 'Reply-To': 'claims@dvla.gov-uk.example' }],
  ] as const) {
    it(what, async () => {
      const v = await verdict(mail(from, subject, body, extra));
      if (imitated === 'gov.vn') {
        // gov.vn is a protected domain: the look-alike check names it (one reason per domain)
        expect(v.findings.find((x) => x.kind === 'sender.lookalike')?.tags, JSON.stringify(v.findings)).toContain('embedded');
        expect(v.kinds).not.toContain('sender.government-lookalike');
        expect(v.rules).toContain('lookalike-sender');
      } else {
        expect(v.findings.find((x) => x.kind === 'sender.government-lookalike')?.tags, JSON.stringify(v.findings)).toContain(imitated);
        expect(v.rules).toContain('government-lookalike-sender');
      }
      expect(v.action).toBe('quarantine');
    });
  }

  it('says so in the banner, in Vietnamese and English', async () => {
    const v = await verdict(mail(`${enc('Bộ Nội vụ')} <thongbao@noivu-gov.online>`, 'Thông báo', NOTICE_VI));
    expect(v.reasons.join('\n')).toContain('giả dạng tên miền cơ quan nhà nước');
    expect(v.reasonsEn.join('\n')).toContain('dressed up as a government domain');
  });

  it('a link to a host dressed as a government domain is held too', async () => {
    const body = `${NOTICE_VI}\r\n\r\nTra cứu hồ sơ: https://tracuu.hoso-gov.online/hoso`;
    const v = await verdict(mail(`${enc('Nguyễn Văn An')} <an.nguyen@congty-abc.example>`, 'Hồ sơ', body));
    expect(v.findings.find((x) => x.kind === 'url.government-lookalike')?.tags).toContain('dash-gov');
    expect(v.rules).toContain('government-lookalike-link');
    expect(v.action).toBe('quarantine');
  });
});

describe('legitimate domains that look governmental: not flagged', () => {
  for (const [what, from, subject, body, extra] of [
    ['a provincial office on the real gov.vn', `${enc('Văn phòng UBND')} <vanthu@hanoi.gov.vn>`, 'Lịch họp tuần', NEWS_VI, {}],
    ['the national public-service portal', `${enc('Cổng Dịch vụ công quốc gia')} <noreply@dichvucong.gov.vn>`, 'Hồ sơ đã tiếp nhận', NEWS_VI, {}],
    ['a vendor of e-government software ("egov" in a word)', `${enc('EGov Solutions')} <sales@egov-solutions.vn>`, 'Giới thiệu phần mềm một cửa', NEWS_VI, {}],
    ['an "e-gov" vendor with the hyphen', `${enc('Công ty Phần mềm')} <lienhe@vnsoft-e-gov.example>`, 'Bản tin sản phẩm', NEWS_VI, {}],
    ['a "governance" newsletter', 'Governance Weekly <news@governance-weekly.example>', 'This week in governance', NEWS_EN, {}],
    ['a govtech company', 'GovTech Asia <hello@govtech-asia.example>', 'Newsletter', NEWS_EN, {}],
    ['a university\'s government department', 'Dept. of Government <events@gov.stateuniversity.edu>', 'Seminar schedule', NEWS_EN, {}],
    ['a research group under a university "gov" subdomain', 'Policy Lab <lab@policy.gov.stateuniversity.edu>', 'Reading list', NEWS_EN, {}],
    ['the UK government\'s own notification service', 'GOV.UK Notify <noreply@notifications.service.gov.uk>', 'Your application', NEWS_EN, {}],
    ['the French ministry on gouv.fr', 'Ministère <contact@interieur.gouv.fr>', 'Lettre d\'information', NEWS_EN, {}],
    ['the US government on .gov', 'USA.gov <updates@info.usa.gov>', 'Updates', NEWS_EN, {}],
    ['"gov" inside a name ("mygov")', 'MyGov App <hello@mygov-app.example>', 'Newsletter', NEWS_EN, {}],
    ['a reply-to on the real gov.vn', `${enc('Sở Nội vụ')} <sonoivu@hanoi.gov.vn>`, 'Công văn', NEWS_VI, { 'Reply-To': 'vanthu@snv.hanoi.gov.vn' }],
  ] as const) {
    it(what, async () => {
      const v = await verdict(mail(from, subject, body, extra));
      expect(govKinds(v), JSON.stringify(v.findings)).toEqual([]);
      expect(v.action).toBe('deliver');
    });
  }

  it('a link to the real dichvucong.gov.vn is not a government look-alike', async () => {
    const body = `${NEWS_VI}\r\n\r\nTra cứu hồ sơ: https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html`;
    const v = await verdict(mail(`${enc('Văn phòng UBND')} <vanthu@hanoi.gov.vn>`, 'Hồ sơ', body));
    expect(govKinds(v)).toEqual([]);
  });
});

describe('governmentDisguise: the forms a government suffix is written in', () => {
  const check = (host: string) => governmentDisguise(host, registrableDomain(host));
  for (const [host, imitated, form] of [
    ['bhxh.gov-vn.top', 'gov.vn', 'pair'],
    ['gov.vn.xyz.example', 'gov.vn', 'pair'],
    ['thue_gov_vn.example', 'gov.vn', 'pair'],
    ['portal.govuk.example', 'gov.uk', 'joined'],
    ['mof-gouvfr.example', 'gouv.fr', 'joined'],
    ['noivu-gov.vn', 'gov.vn', 'pair'],
    ['noivu-gov.info', 'gov', 'dash-gov'],
    ['irs.gov.login.example', 'gov', 'gov-label'],
    ['ird-govt-nz.example', 'govt.nz', 'pair'],
  ] as const) {
    it(`${host} is ${form} for ${imitated}`, () => {
      expect(check(host)).toEqual({ imitated, form });
    });
  }
  for (const host of ['gov.vn', 'hanoi.gov.vn', 'gov.example.com', 'mail.gov.example.com', 'governor.example', 'lets-go-travel.example', 'goth-music.example', 'cs.gov.uni.ac.uk', 'canada.gc.ca', 'www.nasa.gov']) {
    it(`${host} is not a disguise`, () => {
      expect(check(host)).toBeUndefined();
    });
  }
});

/** Attachments are scanned: a fake clamd that finds nothing (no test file carries a signature). */
const clamd = fakeClamd();
afterAll(() => clamd.close());
const withFiles = shippedPolicyVerdicts({ clamd });

describe('a domain outside gov.vn named after a public body and a province or ministry (public-body)', () => {
  const PE = makePe() as Buffer;
  it('alone: warned, with the public-body tag', async () => {
    const v = await verdict(mail(`${enc('Văn phòng UBND tỉnh')} <vanthu@ubnd-nghean.example>`, 'Lịch họp tuần', NEWS_VI));
    expect(v.findings.find((x) => x.kind === 'sender.government-lookalike')?.tags).toEqual(['gov.vn', 'public-body', 'from']);
    expect(v.rules).toContain('public-body-lookalike');
    expect(v.rules).not.toContain('government-lookalike-sender');
    expect(v.action).toBe('deliver');
    expect(v.warning).toBe(true);
  });

  for (const [what, name, type, data] of [
    ['a disk image', 'Quyet_dinh.iso', 'application/x-iso9660-image', Buffer.concat([Buffer.alloc(32769, 0), Buffer.from('CD001\x01', 'latin1'), Buffer.alloc(2000, 0)])],
    ['a compiled help file', 'Huong_dan.chm', 'application/vnd.ms-htmlhelp', Buffer.concat([Buffer.from('ITSF', 'latin1'), Buffer.from([3, 0, 0, 0, 0x60, 0, 0, 0, 1, 0, 0, 0]), Buffer.alloc(240, 0)])],
    ['a program', 'setup.exe', 'application/octet-stream', PE],
    ['a macro workbook', 'Danh_sach.xls', 'application/vnd.ms-excel', makeXls({ macroSheet: 'hidden' }) as Buffer],
  ] as const) {
    it(`with ${what}: held (public-body-sender-with-payload)`, async () => {
      const v = await withFiles(attachmentMail(name, type, data, { from: 'Ban To chuc <bantochuc@tinhuy-quangninh.example>', subject: 'Cong van' }));
      expect(v.rules).toContain('public-body-sender-with-payload');
      expect(v.action).toBe('quarantine');
    });
  }

  it('a plain PDF from such a domain is only warned; the same PDF from the real gov.vn and from a newspaper is clean', async () => {
    const pdf = makePdf('Cong van') as Buffer;
    const fake = await withFiles(attachmentMail('CV.pdf', 'application/pdf', pdf, { from: 'Van thu <vanthu@sonoivu-quangninh.example>' }));
    expect(fake.rules).not.toContain('public-body-sender-with-payload');
    expect(fake.action).toBe('deliver');
    for (const from of ['Van thu <vanthu@quangninh.gov.vn>', 'Toa soan <toasoan@baoquangninh.vn>', 'Bao Cong an <bandoc@congan.com.vn>']) {
      const real = await withFiles(attachmentMail('CV.pdf', 'application/pdf', pdf, { from }));
      expect(govKinds(real), from).toEqual([]);
    }
  });
});

describe('an authority named on free mail with an archive nobody can open or a macro document (institution-freemail-with-payload)', () => {
  it('"Văn phòng UBND tỉnh" on Gmail with a 7-Zip: held', async () => {
    const v = await withFiles(attachmentMail('CV_1530.7z', 'application/x-7z-compressed', make7zHeader() as Buffer, { from: `${enc('Văn phòng UBND tỉnh')} <vanphong.ubnd@gmail.com>` }));
    expect(v.rules).toContain('institution-freemail-with-payload');
    expect(v.action).toBe('quarantine');
  });
  it('a commune office on Gmail with a plain PDF: delivered without a banner', async () => {
    const v = await withFiles(attachmentMail('Bao_cao.pdf', 'application/pdf', makePdf('Bao cao') as Buffer, { from: `${enc('UBND xã Hòa Bình')} <ubndxahoabinh@gmail.com>` }));
    expect(v.kinds).toContain('sender.institution-freemail');
    expect(v.action).toBe('deliver');
    expect(v.warning).toBe(false);
  });
});

describe('"bật nội dung", "nhấn Enable" beside a macro document: the macro lure, held', () => {
  for (const text of ['Đồng chí mở tệp và bật nội dung để xem danh sách.', 'Mở tệp, nhấn Enable để hiển thị bảng lương.', 'Vui lòng bật chỉnh sửa để xem.']) {
    it(text, async () => {
      const v = await withFiles(attachmentMail('Danh_sach.xls', 'application/vnd.ms-excel', makeXls({ macroSheet: 'hidden' }) as Buffer, { from: 'Phong Ke toan <ke.toan@sender.example>', text }));
      expect(v.rules).toContain('phrase-with-sender-or-link-sign');
      expect(v.action).toBe('quarantine');
    });
  }
});
