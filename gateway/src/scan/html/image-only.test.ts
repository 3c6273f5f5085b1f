import { describe, expect, it } from 'vitest';
import { makeAttachment } from '../attachments/test-helpers.js';
import { addr, makeContext, makeMessage, makePolicy, urlRef } from '../test-helpers.js';
import { countLetters, IMAGE_ONLY_MAX_LETTERS, imageOnlyFinding, letters } from './image-only.js';
import { scanHtml } from './index.js';

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A message whose HTML body is `html`, shows `text`, and carries the given URLs as the parser would find them. */
const body = (html: string, text: string, urls: string[][] = [], over: Parameters<typeof makeMessage>[0] = {}) =>
  makeMessage({
    html,
    visibleText: text,
    urls: urls.map(([u, source]) => urlRef(u!, { source: source as 'href' | 'src' })),
    ...over,
  });

const spam = () =>
  body(
    '<a href="https://t.example/x"><img src="https://i.imgur.example/big.png" width="600"></a><p>Unsubscribe</p>',
    'Unsubscribe',
    [
      ['https://t.example/x', 'href'],
      ['https://i.imgur.example/big.png', 'src'],
    ],
  );

describe('content.image-only', () => {
  it('flags a body that is a remote picture to click, with almost no words', () => {
    expect(imageOnlyFinding(spam())).toMatchObject({ scanner: 'content', kind: 'content.image-only', tags: ['remote-image', 'link'] });
  });

  it('flags a picture carried in the message with nothing else (the QR-code lure)', () => {
    const qr = makeAttachment('qr.png', png, { contentType: 'image/png' });
    const m = body('<p>Quét mã</p><img src="cid:qr@x">', 'Quét mã', [], { attachments: [qr] });
    expect(imageOnlyFinding(m)?.tags).toEqual(['inline-image']);
    const data = body('<img src="data:image/png;base64,iVBORw0KGgo=">', '');
    expect(imageOnlyFinding(data)?.tags).toEqual(['inline-image']);
  });

  it('leaves mail that says something in words alone, however many pictures it has', () => {
    const words = 'Kính gửi anh chị, xin gửi lại ảnh chụp buổi họp giao ban tuần trước để các phòng tiện theo dõi và lưu hồ sơ.';
    expect(words.replace(/[^\p{L}]/gu, '').length).toBeGreaterThanOrEqual(IMAGE_ONLY_MAX_LETTERS);
    const m = body('<p>…</p><img src="https://cdn.example/a.png"><a href="https://site.example">x</a>', words, [
      ['https://site.example', 'href'],
      ['https://cdn.example/a.png', 'src'],
    ]);
    expect(imageOnlyFinding(m)).toBeUndefined();
  });

  it('does not count mailing boilerplate (unsubscribe lines, "view in browser") as words', () => {
    const footer = 'Unsubscribe from all email lists by replying to this email.\nView this email in your browser.\nHủy đăng ký nhận thư tại đây.';
    const urls = [
      ['https://promo.example/x', 'href'],
      ['https://pics.example/offer.png', 'src'],
    ];
    expect(imageOnlyFinding(body('<img src="https://pics.example/offer.png">', `${footer}\nWin today`, urls))).toBeDefined();
    // the same footer beside real sentences is a message in words
    const words = 'Kính gửi anh chị, lịch tiếp dân tháng này thay đổi, mời xem chi tiết trong tệp đính kèm và phản hồi trước thứ Sáu.';
    expect(imageOnlyFinding(body('<img src="https://pics.example/offer.png">', `${words}\n${footer}`, urls))).toBeUndefined();
  });

  it('does not count the same words twice when the text and HTML parts carry them both', () => {
    const half = 'Thông báo lịch trực Tết của cơ quan, các phòng ban theo dõi';
    const m = body('<img src="https://cdn.example/a.png"><a href="https://site.example">x</a>', `${half}\n${half}`, [
      ['https://site.example', 'href'],
      ['https://cdn.example/a.png', 'src'],
    ], { text: half });
    // each part alone has fewer letters than the threshold: still one short message
    expect(imageOnlyFinding(m)).toBeDefined();
  });

  it('leaves a remote picture without a link, a picture beside a document, and plain-text mail alone', () => {
    expect(imageOnlyFinding(body('<img src="https://cdn.example/pixel.gif">', '', [['https://cdn.example/pixel.gif', 'src']]))).toBeUndefined();
    const logo = makeAttachment('logo.png', png, { contentType: 'image/png' });
    const pdf = makeAttachment('cong-van.pdf', Buffer.from('%PDF-1.7'), { contentType: 'application/pdf' });
    expect(imageOnlyFinding(body('<img src="cid:logo@x">', 'Gửi anh', [], { attachments: [logo, pdf] }))).toBeUndefined();
    expect(imageOnlyFinding(makeMessage({ text: 'ok', visibleText: 'ok' }))).toBeUndefined();
  });

  it('is reported by the html scanner, except for mail from the local domains', async () => {
    const policy = makePolicy({ localDomains: ['lachan.test'] });
    const outside = spam();
    outside.from = [addr('Promo <news@promo.example>')];
    expect((await scanHtml(outside, makeContext(policy))).map((f) => f.kind)).toEqual(['content.image-only']);
    const inside = spam();
    inside.from = [addr('Văn thư <vanthu@lachan.test>')];
    expect(await scanHtml(inside, makeContext(policy))).toEqual([]);
  });
});

describe('letters (counted line by line)', () => {
  // the whole-text reading it replaced: every link blanked first, then segments counted
  const URL_IN_TEXT = /\b(?:https?|ftp):\/\/\S+|\bwww\.\S+/gi;
  const SEGMENT = /[^\n.!?]+[.!?]*/g;
  const BOILERPLATE = /unsubscribe|opt[- ]?out|view (?:this (?:e-?mail|message) )?(?:in|on) (?:your |a )?(?:browser|web)|you (?:are receiving|received) this|remove yourself|all rights reserved|privacy policy|h[uủ]y đăng k[ýí]|từ chối nhận|ngừng nhận/i;
  const whole = (text: string, enough = Infinity): number => {
    let n = 0;
    for (const m of text.replace(URL_IN_TEXT, ' ').matchAll(SEGMENT)) {
      if (BOILERPLATE.test(m[0])) continue;
      for (const _ of m[0].matchAll(/\p{L}/gu)) if (++n >= enough) return n;
    }
    return n;
  };
  const texts = [
    '',
    '\n',
    'Xem thêm: https://example.vn/a.b?c=d\nTrân trọng.',
    'www.example.com\n\nUnsubscribe here. Hủy đăng ký tại đây! Real words follow.\nwww.x.y/z. more',
    'ftp://a.b/c.d e.f! g?h.\r\nline two https://x.y\n\n\nlast line without end',
    'You are receiving this because. Words. http://a/b\nView in browser\nHello there',
    'a'.repeat(200) + '\n' + 'https://b.c/' + 'd'.repeat(100),
  ];

  it('counts what counting the whole text counts, with and without a limit and a start', () => {
    for (const text of texts) {
      for (const enough of [Infinity, 1, 5, 80]) expect(letters(text, enough), JSON.stringify(text)).toBe(whole(text, enough));
      for (const from of [0, 1, 7, 20]) {
        if (from <= text.length) expect(letters(text, Infinity, from), JSON.stringify(text)).toBe(whole(text.slice(from)));
      }
    }
  });
});

describe('countLetters (the picture-only check counts letters without a match per letter)', () => {
  const byRegex = (s: string, n: number, enough: number) => {
    for (const _ of s.matchAll(/\p{L}/gu)) if (++n >= enough) return n;
    return n;
  };

  it('counts what /\\p{L}/gu matches, for every BMP character', () => {
    for (let c = 0; c < 0x10000; c++) {
      const s = String.fromCharCode(c);
      expect(countLetters(s, 0, Infinity), c.toString(16)).toBe(byRegex(s, 0, Infinity));
    }
  });

  it('counts astral letters once, lone surrogates never, and stops at `enough` as the regex loop did', () => {
    const samples = ['𝐇𝐞𝐥𝐥𝐨 𝟏𝟐𝟑', '\ud835 a \udc07 b', 'x\ud835', '😀 ạ𐐷 ', 'Tiền thưởng 500k — nhận ngay!', 'ǅ ǈ ʰ ー 〆 ꙮ'];
    for (const s of samples) {
      for (const enough of [Infinity, 1, 3, 5]) {
        for (const n of [0, 2]) expect(countLetters(s, n, enough), `${s} ${enough} ${n}`).toBe(byRegex(s, n, enough));
      }
    }
    expect(countLetters('𝐇𝐞𝐥𝐥𝐨', 0, Infinity)).toBe(5);
    expect(countLetters('\ud835\ud835', 0, Infinity)).toBe(0);
  });
});
