import { describe, expect, it } from 'vitest';
import { domainToASCII } from 'node:url';
import { FINDING_KINDS } from '../scan/types.js';
import { hasKey, t } from '../i18n/index.js';
import { vi } from '../i18n/vi.js';
import { en } from '../i18n/en.js';
import { bannerReasons, cleanText, displaySubject, findingReason } from './reasons.js';
import { bannerContent, escapeHtml, renderHtmlBanner, renderTextBanner } from './banner.js';
import { finding, verdictWith } from './testing.js';
import type { Verdict } from '../policy/types.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('banner texts', () => {
  it('has a Vietnamese and an English reason for every finding kind', () => {
    for (const kind of FINDING_KINDS) {
      const key = `banner.reason.${kind}`;
      expect(hasKey(key), key).toBe(true);
      const viText = (vi as Record<string, string>)[key] ?? '';
      const enText = (en as Record<string, string>)[key] ?? '';
      expect(viText.trim(), key).not.toBe('');
      expect(enText.trim(), key).not.toBe('');
      expect(enText, key).not.toBe(viText);
      // the English text is English: no Vietnamese letters
      expect(enText.replace('Lá Chắn', ''), key).not.toMatch(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i);
    }
  });

  it('uses the same placeholders in Vietnamese and English for every key', () => {
    for (const key of Object.keys(vi) as (keyof typeof vi)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(vi[key]));
    }
  });

  it('reads the reason for a link to an IP address as the issue asks', () => {
    const f = finding('url.ip-host', 'http://192.0.2.10:8080/a?b=c');
    expect(findingReason(f, 'vi')).toBe('Liên kết trỏ tới địa chỉ IP 192[.]0[.]2[.]10');
    expect(findingReason(f, 'en')).toBe('A link points to the IP address 192[.]0[.]2[.]10');
  });

  it('says "không rõ" rather than showing a placeholder when a finding has no subject', () => {
    expect(findingReason(finding('url.listed'), 'vi')).toBe('Liên kết tới không rõ nằm trong danh sách nguy hiểm');
    expect(findingReason(finding('url.listed'), 'en')).not.toContain('{');
  });
});

describe('what a reason shows', () => {
  it('shows the host of a link, in punycode and defanged, never the clickable URL', () => {
    const ascii = domainToASCII('dịchvụcông.example');
    expect(ascii).toMatch(/^xn--/);
    expect(displaySubject(finding('url.lookalike', 'https://dịchvụcông.example/login?next=1'))).toBe(ascii.replace('.', '[.]'));
    expect(displaySubject(finding('url.userinfo-deception', 'https://www.office.com-123@evil.example/x'))).toBe('evil[.]example');
    expect(displaySubject(finding('url.listed', 'bad.example'))).toBe('bad[.]example');
    expect(displaySubject(finding('url.suspicious-scheme', 'JavaScript:alert(document.cookie)'))).toBe('javascript:');
  });

  it('strips control and bidi characters from file names and shortens long ones', () => {
    expect(displaySubject(finding('attachment.rtlo', 'invoice\u202Efdp.exe'))).toBe('invoice fdp.exe');
    expect(cleanText('a\u0000b\r\nc\u2066d\u200Be')).toBe('a b c d e');
    const long = cleanText('x'.repeat(300), 60);
    expect(Array.from(long)).toHaveLength(60);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('bannerReasons', () => {
  const many: Verdict = verdictWith([
    finding('url.ip-host', 'http://192.0.2.1/'),
    finding('url.ip-host', 'http://192.0.2.1/other-path'),
    finding('url.shortener', 'https://bit.example/x'),
    finding('attachment.macro', 'a.docm', 'a1'),
    finding('content.phrase', 'xác minh tài khoản'),
    finding('content.hidden-text'),
    finding('message.malformed'),
  ]);

  it('gives one line per distinct reason, at most four, then "và N lý do khác"', () => {
    const lines = bannerReasons(many, 'vi');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe('Liên kết trỏ tới địa chỉ IP 192[.]0[.]2[.]1');
    expect(lines[4]).toBe('và 2 lý do khác');
    expect(bannerReasons(many, 'en')[4]).toBe('and 2 more reasons');
  });

  it('lists all reasons when there are four or fewer', () => {
    const v = verdictWith([finding('url.ip-host', '192.0.2.1'), finding('attachment.virus', 'x.zip', 'a1')]);
    expect(bannerReasons(v, 'en')).toEqual([
      'A link points to the IP address 192[.]0[.]2[.]1',
      'The attachment "x.zip" contains malware',
    ]);
  });

  it('says where a link was found when it was not in the body: forwarded message, attachment, calendar invitation', () => {
    const at = (kind: 'forwarded-message' | 'attachment' | 'calendar') => ({ ...finding('url.lookalike', 'https://dichvucong.gov.vn-xacthuc.com/'), part: { id: 'a2', kind } });
    const v = verdictWith([at('forwarded-message'), finding('url.ip-host', 'http://192.0.2.1/')]);
    expect(bannerReasons(v, 'vi')).toEqual([
      'Liên kết tới dichvucong[.]gov[.]vn-xacthuc[.]com, tên miền giả dạng một tên miền tin cậy (trong thư chuyển tiếp)',
      'Liên kết trỏ tới địa chỉ IP 192[.]0[.]2[.]1',
    ]);
    expect(findingReason(at('forwarded-message'), 'en')).toBe('A link goes to dichvucong[.]gov[.]vn-xacthuc[.]com, a domain imitating a trusted one (in the forwarded message)');
    expect(findingReason(at('attachment'), 'vi')).toMatch(/ \(trong tệp đính kèm\)$/);
    expect(findingReason(at('calendar'), 'en')).toMatch(/ \(in the calendar invitation\)$/);
    // the part's id is for administrators (JSON, quarantine), not for the banner
    expect(findingReason(at('attachment'), 'en')).not.toContain('a2');
  });

  it('does not give the external-sender tag as a reason for a warning', () => {
    const v = verdictWith([finding('sender.external', 'a@example.net')], { action: 'tag' });
    expect(bannerReasons(v, 'vi')).toEqual([t('banner.reason.generic', {}, 'vi')]);
  });
});

describe('banner rendering', () => {
  const hostile = '<img src=x onerror=alert(1)>"\'&\u202Egpj.exe';
  const verdict = verdictWith([finding('attachment.dangerous-type', hostile, 'a1'), finding('url.listed', 'http://a.example/<script>')]);

  it('escapes hostile file names in the HTML banner', () => {
    const html = renderHtmlBanner(bannerContent(verdict, '01REF', 'mx1'));
    expect(html).not.toMatch(/<img|<script|onerror=alert\(1\)>/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp; gpj.exe');
    expect(html).not.toMatch(/[\u202a-\u202e]/);
    expect(/^[\x00-\x7f]*$/.test(html)).toBe(true);
    expect(html.split('\n').every((l) => l.length < 998)).toBe(true);
  });

  it('writes a text banner whose first line starts with the marker and no line ends in a space', () => {
    const text = renderTextBanner(bannerContent(verdict, '01REF', 'mx1'), '\n');
    expect(text.startsWith('[Lá Chắn] Cảnh báo: thư này có dấu hiệu đáng ngờ\n')).toBe(true);
    expect(text.split('\n').every((l) => l === l.trimEnd())).toBe(true);
    expect(text).not.toMatch(/[\u202a-\u202e]/);
  });

  it('escapes the five HTML special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
