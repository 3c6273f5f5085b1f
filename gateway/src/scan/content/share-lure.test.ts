import { afterEach, describe, expect, it } from 'vitest';
import { CRLF, exchangeIcs, outlookInvite } from '../../../../test-fixtures/calendar-invites.mjs';
import { DEFAULT_LIMITS } from '../../config/defaults.js';
import { parseMessage, releaseMessage } from '../../parse/index.js';
import type { ParsedMessage, UrlRef } from '../../parse/types.js';
import type { Finding } from '../types.js';
import { addr, makeContext, makeMessage, makePolicy, urlRef } from '../test-helpers.js';
import { scanContent } from './index.js';
import { foldText } from './fold.js';
import { SHARE_SERVICES_LIST, shareWording } from './share-lure.js';

const SERVICES = ['google.com', 'googleusercontent.com', 'sharepoint.com', 'sharepointonline.com', 'onedrive.live.com', '1drv.ms', 'microsoft.com', 'dropbox.com', 'docusign.net', 'live.com', 'gov.vn'];
const policy = makePolicy({
  localDomains: ['lachan.test'],
  lists: {
    [SHARE_SERVICES_LIST]: { type: 'domain', entries: SERVICES },
    protected_domains: { type: 'domain', entries: ['gov.vn', 'google.com', 'sharepoint.com'] },
    allowed_domains: { type: 'domain', entries: ['doitac-tincay.example'] },
  },
});

/** A message from `from` with this subject and text, whose links are `links` (href with their button text, or written-out). */
const message = (from: string, subject: string, text: string, links: UrlRef[]) =>
  makeMessage({ from: [addr(from)], subject, visibleText: text, text, urls: links });
const button = (url: string, text: string) => urlRef(url, { source: 'href', text });
const written = (url: string) => urlRef(url, { source: 'text' });
const shareLure = (m: ReturnType<typeof message>, p = policy): Finding | undefined =>
  scanContent(m, makeContext(p)).find((f) => f.kind === 'content.share-lure');

const DRIVE_EN = 'Nguyen Van An shared a document with you. Bao_cao_quy_3.docx. Open. Google LLC, 1600 Amphitheatre Parkway.';

describe('content.share-lure: a "document shared with you" notice whose button leads elsewhere', () => {
  it('leaves a genuine Google Drive share from google.com with a docs.google.com link alone', () => {
    const m = message('"Nguyen Van An (via Google Docs)" <drive-shares-dm-noreply@google.com>', 'Document shared with you: "Bao cao quy 3"', DRIVE_EN, [
      button('https://docs.google.com/document/d/1AbC/edit?usp=sharing_eil', 'Open'),
      button('https://support.google.com/drive', 'Help Center'),
    ]);
    expect(shareLure(m)).toBeUndefined();
  });

  it('finds the same wording from another domain when the button goes to an unrelated site, even beside genuine Google links', () => {
    const m = message('"Google Drive" <no-reply@pho-bien-kien-thuc.example>', 'Document shared with you: "Bao cao quy 3"', DRIVE_EN, [
      button('https://docs-viewer.cloud-files.example/d/1AbC?u=lan', 'Open'),
      button('https://support.google.com/drive', 'Help Center'),
    ]);
    expect(shareLure(m)).toEqual(
      expect.objectContaining({ kind: 'content.share-lure', subject: 'docs-viewer.cloud-files.example', tags: ['link-elsewhere', 'action-link', 'docs-viewer.cloud-files.example'] }),
    );
  });

  it('finds a OneDrive notice sent from a hacked ordinary domain with a sharepoint.com look-alike link', () => {
    const m = message(
      '"OneDrive" <ketoan@xaydung-minhphat.example>',
      'Tran Thi B has shared "Hop dong 2024.pdf" with you',
      'Tran Thi B has shared a file with you. Hop dong 2024.pdf. This link will work for anyone. View in OneDrive. Microsoft respects your privacy.',
      [
        button('https://minhphat-my.sharepoint.com.doc-view.example/personal/b/Hop%20dong.pdf', 'Hop dong 2024.pdf'),
        button('https://minhphat-my.sharepoint.com.doc-view.example/personal/b', 'View in OneDrive'),
        button('https://privacy.microsoft.com/', 'Privacy Statement'),
      ],
    );
    expect(shareLure(m)?.subject).toBe('minhphat-my.sharepoint.com.doc-view.example');
  });

  it('leaves a genuine SharePoint share from Microsoft, and a colleague forwarding the tenant\'s link, alone', () => {
    const text = 'Tran Thi B shared a file with you. Hop dong 2024.pdf. Open';
    const link = [button('https://minhphat-my.sharepoint.com/:b:/g/personal/b/EaBc?e=1x2y', 'Open')];
    expect(shareLure(message('"Tran Thi B" <no-reply@sharepointonline.com>', 'Tran Thi B shared "Hop dong 2024.pdf" with you', text, link))).toBeUndefined();
    expect(shareLure(message('"Tran Thi B" <b.tran@minhphat.example>', 'Hop dong', text, link))).toBeUndefined();
  });

  it('reads the Vietnamese wording with and without diacritics', () => {
    for (const [subject, text] of [
      ['Hồ sơ thanh toán đã được chia sẻ với bạn', 'Phòng Kế toán đã chia sẻ với anh/chị tệp Ho_so_thanh_toan.pdf. Để xem tài liệu, vui lòng đăng nhập. Xem tài liệu'],
      ['Ho so thanh toan da duoc chia se voi ban', 'Phong Ke toan da chia se voi anh/chi tep Ho_so_thanh_toan.pdf. De xem tai lieu, vui long dang nhap. Xem tai lieu'],
    ]) {
      const m = message('ketoan@hoangphat-xaydung.example', subject!, text!, [button('https://tailieu-share.example/view?id=83d1', 'Xem tài liệu')]);
      expect(shareLure(m)?.tags, subject).toEqual(['link-elsewhere', 'action-link', 'tailieu-share.example']);
    }
  });

  it('reads a plain-text notice, judging every link when none reads as a button', () => {
    const text = 'Ban co mot tai lieu bao mat dang cho. Nguoi gui: Phong Hanh chinh. Truy cap: https://secure-doc.example/v/77';
    expect(shareLure(message('hanhchinh@congty-abc.example', 'Tai lieu moi', text, [written('https://secure-doc.example/v/77')]))?.tags).toEqual([
      'link-elsewhere',
      'any-link',
      'secure-doc.example',
    ]);
  });

  it('leaves ordinary mail sharing a real Drive link alone, even with another link beside it', () => {
    const text = 'Em đã chia sẻ thư mục hồ sơ với chị qua Google Drive: https://drive.google.com/drive/folders/1aB. Lịch họp ở https://hoinghi-quyhoach.example';
    const links = [written('https://drive.google.com/drive/folders/1aB'), written('https://hoinghi-quyhoach.example')];
    expect(shareLure(message('thu.nt@gmail.com', 'Hồ sơ quy hoạch', text, links))).toBeUndefined();
  });

  it('leaves the sender\'s own document portal, the province\'s and gov.vn systems, and allowed senders alone', () => {
    const text = 'Chúng tôi đã chia sẻ văn bản với quý cơ quan. Xem văn bản';
    const at = (url: string, from = 'vanthu@congty-abc.example') => shareLure(message(from, 'Văn bản mới', text, [button(url, 'Xem văn bản')]));
    expect(at('https://tailieu.congty-abc.example/vb/1')).toBeUndefined();
    expect(at('https://vanban.lachan.test/vb/1')).toBeUndefined();
    expect(at('https://qlvb.thanhhoa.gov.vn/vb/1')).toBeUndefined();
    expect(at('https://files-doitac.example/vb/1', 'vanthu@doitac-tincay.example')).toBeUndefined();
    expect(at('https://files-doitac.example/vb/1')?.subject).toBe('files-doitac.example');
  });

  it('counts where a redirector leads, not the redirector', () => {
    const text = 'Nguyen Van An shared a document with you. Open';
    const via = (target: string) =>
      shareLure(message('an@congty-abc.example', 'Shared', text, [button(`https://www.google.com/url?q=${encodeURIComponent(target)}`, 'Open')]));
    expect(via('https://evil-docs.example/login')?.subject).toBe('evil-docs.example');
    expect(via('https://docs.google.com/document/d/1AbC')).toBeUndefined();
  });

  it('treats a free-mail sender as no service, even on a service\'s own domain (outlook.com, live.com)', () => {
    const m = message('"OneDrive" <share.notice@live.com>', 'A file was shared with you', 'Someone shared a file with you. Open', [button('https://one-drive-files.example/f', 'Open')]);
    expect(shareLure(m)?.subject).toBe('one-drive-files.example');
  });

  it('needs the share wording: a posted-documents notice that asks to log in and "view documents" is not one', () => {
    const text = 'Tài liệu kỳ họp thứ 24 đã được đăng tải trên cổng thông tin. Đại biểu đăng nhập để xem và tải tài liệu. Xem tài liệu';
    expect(shareLure(message('vanphong@hdnd.thanhhoa.gov.vn', 'Tài liệu kỳ họp', text, [button('https://hdnd.thanhhoa.example/ky-hop/24', 'Xem tài liệu')]))).toBeUndefined();
  });

  it('reports nothing without the services list: every genuine notice would look fake', () => {
    const m = message('ketoan@hoangphat-xaydung.example', 'Shared', 'Phong Ke toan da chia se voi ban tep Ho_so.pdf', [button('https://tailieu-share.example/v', 'Xem')]);
    expect(shareLure(m, makePolicy())).toBeUndefined();
    expect(shareLure(m)).toBeDefined();
  });
});

describe('shareWording: a document shared with or sent to the reader', () => {
  const said = (text: string) => shareWording(foldText(text));

  it('reads English, Vietnamese and the languages mass phishing arrives in', () => {
    for (const text of [
      'John Smith has shared a file with you',
      'A document was shared with you',
      'You have received a secure document',
      "You've received 2 new encrypted files",
      'Your document is ready to view',
      'Please review and sign: Contract 2024',
      'Chị Lan đã chia sẻ một tài liệu với bạn',
      'Tài liệu đã được chia sẻ với anh/chị',
      'Tai lieu bao mat dang cho ban',
      'João compartilhou um arquivo com você',
      'María compartió "Factura" contigo',
      'Herr Müller hat eine Datei mit Ihnen geteilt',
      'Marie a partagé un document avec vous',
      'Jan heeft een bestand met u gedeeld',
    ]) {
      expect(said(text), text).toBeDefined();
    }
  });

  it('does not read ordinary office wording as a share notice', () => {
    for (const text of [
      'Em gửi chị tài liệu họp, sau đó em sẽ tắt chia sẻ',
      'Xem tài liệu đính kèm và cho ý kiến',
      'Tài liệu kỳ họp đã được đăng tải trên cổng thông tin, đăng nhập để xem',
      'We shared our findings at the workshop last week',
      'The patch shares code with the arm64 port',
      'Bạn có văn bản mới cần xử lý',
    ]) {
      expect(said(text), text).toBeUndefined();
    }
  });
});

/**
 * Calendar-invite phishing: the share notice is the event's description and the button is the
 * event's link (URL, a link in the description or its HTML X-ALT-DESC), which a calendar client
 * adds even when the mail is ignored. Real invitations through the parser, so the links carry the
 * calendar part's id as they do on the mail path.
 */
describe('content.share-lure in calendar invitations', () => {
  const parsed: ParsedMessage[] = [];
  afterEach(async () => {
    for (const m of parsed.splice(0)) await releaseMessage(m);
  });
  const shareLureOf = async (raw: Buffer): Promise<Finding | undefined> => {
    const m = await parseMessage(raw, DEFAULT_LIMITS);
    parsed.push(m);
    return shareLure(m as ReturnType<typeof message>);
  };
  const PLAIN = 'Kinh moi anh chi tham du buoi hop.';
  const LURE = 'Phong Ke toan da chia se voi anh/chi tep Ho_so_thanh_toan.pdf. Vui long mo tai lieu truoc cuoc hop';
  const from = 'Phong Ke toan <ketoan@hoangphat-xaydung.example>';

  it('finds the wording in the description and the lure link only in the event (URL, description), not in the body', async () => {
    const f = await shareLureOf(
      outlookInvite({ plain: PLAIN, from, calendar: exchangeIcs(['SUMMARY:Hop quy 3', `DESCRIPTION:${LURE}: https://tailieu-share.example/v/83d1`, 'URL:https://tailieu-share.example/v/83d1']) }),
    );
    expect(f).toEqual(expect.objectContaining({ subject: 'tailieu-share.example', tags: ['link-elsewhere', 'any-link', 'tailieu-share.example'] }));
  });

  it('reads the description on its own when a long body pushes it past the start of the text', async () => {
    const long = `${'Bao cao tong hop tinh hinh thuc hien nhiem vu trong thang. '.repeat(110)}`;
    const f = await shareLureOf(outlookInvite({ plain: long, from, calendar: exchangeIcs([`DESCRIPTION:${LURE}: https://tailieu-share.example/v/83d1`]) }));
    expect(f?.subject).toBe('tailieu-share.example');
  });

  it('reads an <a> of the HTML description as the button', async () => {
    const f = await shareLureOf(
      outlookInvite({
        plain: PLAIN,
        from,
        calendar: exchangeIcs([
          'SUMMARY:Hop quy 3',
          `X-ALT-DESC;FMTTYPE=text/html:<p>${LURE}.</p><a href="https://tailieu-share.example/v/83d1">Xem tai lieu</a> <a href="https://support.google.com/">Tro giup</a>`,
        ]),
      }),
    );
    expect(f?.tags).toEqual(['link-elsewhere', 'action-link', 'tailieu-share.example']);
  });

  it('leaves an invitation whose shared document is on Drive, and one whose only other link joins the meeting, alone', async () => {
    const drive = await shareLureOf(outlookInvite({ plain: PLAIN, from, calendar: exchangeIcs([`DESCRIPTION:${LURE}: https://drive.google.com/file/d/1AbC/view`]) }));
    expect(drive).toBeUndefined();
    for (const join of ['https://us02web.zoom.us/j/81234567890?pwd=aBc', 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc', 'https://meet.google.com/abc-defg-hij']) {
      const meeting = await shareLureOf(outlookInvite({ plain: `${PLAIN}\n${LURE}`, from, calendar: exchangeIcs([`DESCRIPTION:${LURE}\\nJoin: ${join}`, `URL:${join}`]) }));
      expect(meeting, join).toBeUndefined();
    }
  });

  it('does not take the links of an invitation inside a forwarded message as the message\'s own', async () => {
    const inner = outlookInvite({ plain: PLAIN, from, calendar: exchangeIcs([`DESCRIPTION:${LURE}: https://tailieu-share.example/v/83d1`]) }).toString('latin1');
    const raw = ['From: c@lachan.test', 'To: d@lachan.test', `Subject: Fwd: ${LURE}`, 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="o"', '', '--o', 'Content-Type: text/plain', '', 'Chuyen tiep.', '--o', 'Content-Type: message/rfc822', '', inner, '--o--', ''].join(CRLF);
    expect(await shareLureOf(Buffer.from(raw, 'latin1'))).toBeUndefined();
  });
});
