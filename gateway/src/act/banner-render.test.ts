import { ensureDebianPackages } from '../../test/support/debian.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { simpleParser } from 'mailparser';
import { applyActionsToBuffer } from './index.js';
import { finding, mail, planFor, utf8, verdictWith } from './testing.js';

/**
 * Renders the HTML banner in a real browser (Debian chromium, headless), as a light and as a dark
 * mail client would show it, and checks that every piece of banner text contrasts with what is
 * behind it (WCAG 2 contrast ratio ≥ 4.5). Screenshots go to /tmp for a person to look at.
 */
const CHROMIUM = '/usr/bin/chromium';

function ensureChromium(): void {
  ensureDebianPackages([{ pkg: 'chromium', file: CHROMIUM }]);
}

/** A mail client's reading pane: its own light and dark styles around the message's HTML. */
function clientPage(messageHtml: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="color-scheme" content="light dark">
<style>
  html, body { background: #ffffff; color: #202124; font-family: sans-serif; }
  @media (prefers-color-scheme: dark) { html, body { background: #121212; color: #e8eaed; } a { color: #8ab4f8; } }
</style></head><body><div id="pane">${messageHtml}</div></body></html>`;
}

interface Sample {
  text: string;
  color: string;
  background: string;
  ratio: number;
}

/**
 * For every element in the banner with text of its own: its colour, the colour behind it (the
 * first ancestor with a non-transparent background) and their WCAG contrast ratio. Runs in the
 * page; kept as a string because this project's TypeScript has no DOM types.
 */
const CONTRAST_SCRIPT = `(() => {
  const parse = (c) => { const m = (c.match(/[\\d.]+/g) || []).map(Number); return [m[0] || 0, m[1] || 0, m[2] || 0, m[3] === undefined ? 1 : m[3]]; };
  const lin = (v) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4); };
  const luminance = (c) => 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
  const backgroundOf = (el) => {
    for (let e = el; e; e = e.parentElement) { const bg = getComputedStyle(e).backgroundColor; if (parse(bg)[3] > 0) return bg; }
    return 'rgb(255, 255, 255)';
  };
  const banner = document.querySelector('[data-lachan-banner]');
  if (!banner) return [];
  const samples = [];
  for (const el of [banner, ...banner.querySelectorAll('*')]) {
    const own = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent || '').join('').trim();
    if (!own) continue;
    const color = getComputedStyle(el).color;
    const background = backgroundOf(el);
    const [l1, l2] = [luminance(parse(color)), luminance(parse(background))].sort((a, b) => b - a);
    samples.push({ text: own.slice(0, 40), color, background, ratio: (l1 + 0.05) / (l2 + 0.05) });
  }
  return samples;
})()`;

async function bannerContrast(page: Page): Promise<Sample[]> {
  return (await page.evaluate(CONTRAST_SCRIPT)) as Sample[];
}

describe('the HTML banner in a browser', () => {
  let browser: Browser;
  let html: string;

  beforeAll(async () => {
    ensureChromium();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    const raw = mail([
      'From: sender@example.net',
      'To: nguoinhan@sotttt.lachan.test',
      'Subject: test',
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      utf8('<html><body><p>Kính gửi anh/chị, vui lòng <a href="http://192.0.2.10/">đăng nhập</a>.</p></body></html>'),
      '',
    ]);
    const verdict = verdictWith([
      finding('url.ip-host', 'http://192.0.2.10/'),
      finding('attachment.dangerous-type', '<b>hoa-don</b>.exe', 'a1'),
      finding('url.lookalike', 'https://dichvucong-gov.example/'),
    ]);
    html = (await simpleParser(await applyActionsToBuffer(raw, planFor(verdict)))).html as string;
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`is readable in a ${scheme} client (contrast ratio ≥ 4.5 for every text)`, async () => {
      const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
      try {
        await page.emulateMedia({ colorScheme: scheme });
        await page.setContent(clientPage(html), { waitUntil: 'load' });
        // the client's own colours really are light or dark: otherwise this test proves nothing
        const pageBg = await page.evaluate('getComputedStyle(document.body).backgroundColor');
        expect(pageBg).toBe(scheme === 'dark' ? 'rgb(18, 18, 18)' : 'rgb(255, 255, 255)');

        await page.screenshot({ path: `/tmp/lachan-banner-${scheme}.png`, fullPage: true });
        const box = await page.locator('[data-lachan-banner]').boundingBox();
        expect(box?.height ?? 0).toBeGreaterThan(80);

        const samples = await bannerContrast(page);
        expect(samples.length).toBeGreaterThan(5);
        expect(samples.map((s) => s.text).join(' ')).toContain('Cảnh báo: thư này có dấu hiệu đáng ngờ');
        expect(samples.map((s) => s.text).join(' ')).toContain('<b>hoa-don</b>.exe'); // shown as text, not markup
        for (const s of samples) expect(s.ratio, `${s.text}: ${s.color} on ${s.background}`).toBeGreaterThanOrEqual(4.5);
      } finally {
        await page.close();
      }
    });
  }

  it('would catch a banner that leaves its text colour to the client', async () => {
    const page = await browser.newPage();
    try {
      await page.emulateMedia({ colorScheme: 'dark' });
      // the same banner with every text colour removed: the dark client's light text on our light background
      await page.setContent(clientPage(html.replace(/(?<!background-)color:#[0-9a-f]{6};/g, '')), { waitUntil: 'load' });
      const samples = await bannerContrast(page);
      expect(samples.length).toBeGreaterThan(5);
      expect(Math.min(...samples.map((s) => s.ratio))).toBeLessThan(4.5);
    } finally {
      await page.close();
    }
  });
});
