import { describe, expect, it, vi } from 'vitest';

// Record how much text linkify is given at once (the real linkify still does the work).
const seen = vi.hoisted(() => ({ longest: 0 }));
vi.mock('linkifyjs', async (importOriginal) => {
  const real = await importOriginal<typeof import('linkifyjs')>();
  return {
    ...real,
    find: (text: string, ...rest: unknown[]) => {
      seen.longest = Math.max(seen.longest, text.length);
      return (real.find as (...a: unknown[]) => ReturnType<typeof real.find>)(text, ...rest);
    },
  };
});

const { textUrls } = await import('./urls-text.js');

// Found by the fuzzer (test/fuzz): 900 KB of "a.b a.b …" on one line made linkify build a token per
// word at once, 200 MB of heap for one message.
describe('URLs in very long lines of plain text', () => {
  it('hands linkify at most 16 KB (plus one word) at a time', () => {
    seen.longest = 0;
    textUrls('a.b '.repeat(225_000));
    expect(seen.longest).toBeGreaterThan(0);
    expect(seen.longest).toBeLessThanOrEqual(16 * 1024 + 4096);
  });

  it('still finds every link on a 300 KB line, none cut in two where the line is split', () => {
    const hosts = Array.from({ length: 12_000 }, (_, i) => `h${i}.example`);
    const found = textUrls(hosts.map((h) => `https://${h}/p`).join(' '));
    expect(found.map((u) => u.host)).toEqual(hosts);
  });

  it('cuts only at whitespace, also where a long run of non-space ends the window', () => {
    const line = `${'x '.repeat(8190)}${'y'.repeat(4000)}.example https://after.example/`;
    expect(textUrls(line).map((u) => u.host)).toEqual(expect.arrayContaining(['after.example']));
  });
});

describe('URLs in prose', () => {
  it('hands linkify only the words that may be links, and finds the same links as in the whole line', () => {
    const prose = 'Đề nghị các đơn vị tổng hợp số liệu theo biểu mẫu đính kèm, gửi về Sở trước ngày 30 tháng này.';
    const line = `${prose} Xem (https://dichvucong.gov.vn/p/home.html), hoặc www.chinhphu.vn. ${prose} Cổng mic.gov.vn:8443/tin-tuc.`;
    seen.longest = 0;
    const found = textUrls(line);
    expect(seen.longest).toBeLessThan(100); // the four link words, not the 300-character line
    expect(found.map((u) => u.raw)).toEqual(['https://dichvucong.gov.vn/p/home.html', 'www.chinhphu.vn', 'mic.gov.vn:8443/tin-tuc']);
  });

  it('skips a word longer than 4 KB but keeps the links around it', () => {
    const found = textUrls(`https://a.example/ ${'b.c'.repeat(2000)} https://d.example/`);
    expect(found.map((u) => u.host)).toEqual(['a.example', 'd.example']);
  });
});
