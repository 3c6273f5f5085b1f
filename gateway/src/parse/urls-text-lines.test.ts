import { describe, expect, it, vi } from 'vitest';
import { Rng } from '../../test/fuzz/mutators.js';

// Count the calls of linkify's find (the real one still does the work).
const calls = vi.hoisted(() => ({ find: 0 }));
vi.mock('linkifyjs', async (importOriginal) => {
  const real = await importOriginal<typeof import('linkifyjs')>();
  return {
    ...real,
    find: (...args: unknown[]) => {
      calls.find++;
      return (real.find as (...a: unknown[]) => ReturnType<typeof real.find>)(...args);
    },
  };
});

const { eachTextUrl, textUrls } = await import('./urls-text.js');

/** textUrls as it read lines before: text.split('\n'), each line on its own (a line holds no '\n'). */
const byLines = (text: string, partId?: string) => text.split('\n').flatMap((line) => textUrls(line, partId));

/** A deterministic generator (the fuzzer's mulberry32), so a failure replays. */
function random(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}

const PIECES = [
  'http://a.example/x', 'https://ngân-hàng.vn/đăng-nhập?q=1', 'www.bank.example', 'xn--80ak6aa92e.xn--p1ai', 'bank.com', 'user@mail.vn',
  '10.0.0.1:8080/x', 'host:443', '1.2.3.4', 'a.b', 'lừa đảo', 'word', '.', ':', '//', '-', 'x', '\n', '\n', '\r\n', '\n\n', ' ', '\t', '\u00a0', '\u2028',
];

describe('textUrls line by line', () => {
  it('finds what it found reading text.split("\\n"), in the same order, on 2,000 random texts', () => {
    const rand = random(424242);
    let links = 0;
    for (let i = 0; i < 2000; i++) {
      const parts: string[] = [];
      const n = Math.floor(rand() * 60);
      for (let k = 0; k < n; k++) parts.push(PIECES[Math.floor(rand() * PIECES.length)]!);
      const text = parts.join(rand() < 0.5 ? '' : ' ');
      const partId = rand() < 0.3 ? 'a1' : undefined;
      const want = byLines(text, partId);
      links += want.length;
      expect(textUrls(text, partId), JSON.stringify(text)).toEqual(want);
    }
    expect(links).toBeGreaterThan(1000);
  });

  it('reads the first and last lines and empty ones', () => {
    for (const text of ['', '\n', 'http://a.example/', '\nhttp://a.example/', 'http://a.example/\n', 'http://a.example/\n\nhttp://b.example/\n']) {
      expect(textUrls(text)).toEqual(byLines(text));
    }
    expect(textUrls('\n\nhttp://b.example/\n').map((r) => r.url)).toEqual(['http://b.example/']);
  });

  it('eachTextUrl gives the same URLs one at a time, and reads no further than the caller takes', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `line ${i} http://h${i}.example/`).join('\n');
    expect([...eachTextUrl(text, 'a2')]).toEqual(textUrls(text, 'a2'));
    calls.find = 0;
    for (const ref of eachTextUrl(text)) {
      expect(ref.url).toBe('http://h0.example/');
      break;
    }
    expect(calls.find).toBe(1);
  });
});
