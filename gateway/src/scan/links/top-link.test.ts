import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../config/defaults.js';
import { parseMessage } from '../../parse/index.js';
import type { ParsedMessage } from '../../parse/types.js';
import { decide } from '../../policy/engine.js';
import { loadPolicy } from '../../policy/loader.js';
import type { Policy } from '../../policy/types.js';
import { makeContext, makePolicy } from '../test-helpers.js';
import { scanMessageLinks } from './index.js';
import { pastedTopLink } from './top-link.js';

const POLICY_DIR = fileURLToPath(new URL('../../../../policies', import.meta.url));

/** A newsletter's body: a header picture, articles, social links and the unsubscribe line, every link on `site`. */
function newsletterHtml(site: string, links = 6): string {
  const items = Array.from({ length: links - 1 }, (_, i) => `<p><a href="https://${site}/article/${i}">Article ${i + 1}</a> — news of the week.</p>`).join('\n');
  return `<table><tr><td><img src="https://${site}/img/header.png" alt="News"></td></tr>
<tr><td>${items}</td></tr>
<tr><td><a href="https://${site}/unsubscribe?u=1">Unsubscribe</a></td></tr></table>`;
}

/** A message: HTML body `html` (and a plain-text part `text` when given) from `from`. */
async function message(from: string, html: string, text?: string): Promise<ParsedMessage> {
  const head = `From: ${from}\r\nTo: canbo@tinh.gov.vn\r\nSubject: Weekly news\r\nMessage-ID: <t@x>\r\nMIME-Version: 1.0\r\n`;
  const raw =
    text === undefined
      ? `${head}Content-Type: text/html; charset=utf-8\r\n\r\n<html><body>${html}</body></html>\r\n`
      : `${head}Content-Type: multipart/alternative; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body>${html}</body></html>\r\n--b--\r\n`;
  return parseMessage(Buffer.from(raw), DEFAULT_LIMITS);
}

const policy = makePolicy({ lists: { brands: { type: 'phrase', entries: ['Google | google.com youtube.com'] } }, localDomains: ['tinh.gov.vn'] });
const ctx = makeContext(policy);
const PASTED_PICTURE = '<a href="https://lure-site.example/claim?id=9"><img src="https://cdn.shopimg.example/banner.jpg"></a>';

describe('url.pasted-top-link', () => {
  it('reports a picture link pasted above a copied newsletter, to a site found nowhere else', async () => {
    const m = await message('Deals <promo@random-sender.example>', PASTED_PICTURE + newsletterHtml('news.paper.example'));
    const f = pastedTopLink(m, ctx);
    expect(f).toMatchObject({ kind: 'url.pasted-top-link', scanner: 'urls', subject: 'lure-site.example', tags: ['picture', 'lure-site.example'] });
    expect(f!.detail).toContain('6 of 6 links to news.paper.example');
    // the links scanner reports it with the message's other link findings
    expect(scanMessageLinks(m, ctx).map((x) => x.kind)).toContain('url.pasted-top-link');
  });

  it('reports two foreign links on top, and a text link standing alone above the newsletter (tag text)', async () => {
    const two = PASTED_PICTURE + '<a href="https://second-lure.example/"><img src="https://cdn.shopimg.example/2.jpg"></a>';
    expect(pastedTopLink(await message('x@random-sender.example', two + newsletterHtml('news.paper.example', 12)), ctx)?.tags).toEqual(['picture', 'lure-site.example']);
    const text = '<p><a href="https://lure-site.example/verify">Your mailbox is full: verify now</a></p>';
    expect(pastedTopLink(await message('x@random-sender.example', text + newsletterHtml('news.paper.example')), ctx)?.tags).toEqual(['text', 'lure-site.example']);
  });

  it('leaves the "view in browser" link of a mailing service alone when the text part repeats it', async () => {
    const view = '<p><a href="https://us5.campaign-archive.example/?u=1&id=2">View this email in your browser</a></p>';
    const html = view + newsletterHtml('shop.us5.list-manage.example');
    const text = 'View this email in your browser (https://us5.campaign-archive.example/?u=1&id=2)\n\nArticle 1 ...';
    expect(pastedTopLink(await message('Shop <news@shop.example>', html, text), ctx)).toBeUndefined();
  });

  it('does not report a first link that comes back further down (footer, picture) or that is the sender\u2019s', async () => {
    const footer = newsletterHtml('news.paper.example') + '<p><a href="https://lure-site.example/about">About</a></p>';
    expect(pastedTopLink(await message('x@random-sender.example', PASTED_PICTURE + footer), ctx)).toBeUndefined();
    const picture = newsletterHtml('news.paper.example') + '<img src="https://img.lure-site.example/logo.png">';
    expect(pastedTopLink(await message('x@random-sender.example', PASTED_PICTURE + picture), ctx)).toBeUndefined();
    expect(pastedTopLink(await message('x@lure-site.example', PASTED_PICTURE + newsletterHtml('news.paper.example')), ctx)).toBeUndefined();
  });

  it('does not report a sponsor\u2019s banner on top of the sender\u2019s own newsletter', async () => {
    const m = await message('News <letter@paper.example>', PASTED_PICTURE + newsletterHtml('news.paper.example'));
    expect(pastedTopLink(m, ctx)).toBeUndefined();
  });

  it('needs a newsletter below: enough links, mostly to one site', async () => {
    expect(pastedTopLink(await message('x@random-sender.example', PASTED_PICTURE + newsletterHtml('news.paper.example', 2)), ctx)).toBeUndefined();
    const mixed = ['a.example', 'b.example', 'c.example', 'd.example', 'e.example'].map((h) => `<a href="https://${h}/">${h}</a>`).join(' ');
    expect(pastedTopLink(await message('x@random-sender.example', PASTED_PICTURE + mixed), ctx)).toBeUndefined();
  });

  it('takes one brand\u2019s domains, local and allowed domains as no foreign site', async () => {
    const yt = '<a href="https://www.youtube.com/watch?v=1"><img src="https://i.ytimg.example/1.jpg"></a>';
    expect(pastedTopLink(await message('x@random-sender.example', yt + newsletterHtml('news.google.com')), ctx)).toBeUndefined();
    const local = '<a href="https://dichvucong.tinh.gov.vn/"><img src="https://cdn.shopimg.example/b.jpg"></a>';
    expect(pastedTopLink(await message('x@random-sender.example', local + newsletterHtml('news.paper.example')), ctx)).toBeUndefined();
  });

  describe('under the default policy', () => {
    let defaults: Policy;
    beforeAll(async () => {
      defaults = await loadPolicy(POLICY_DIR);
    });

    it('warns on a pasted picture link (pasted-top-link); a text link alone changes nothing', async () => {
      const picture = scanMessageLinks(await message('x@random-sender.example', PASTED_PICTURE + newsletterHtml('news.paper.example')), makeContext(defaults));
      const v = decide(picture, defaults);
      expect(v).toMatchObject({ action: 'deliver', warning: true });
      expect(v.hits.map((h) => h.rule)).toContain('pasted-top-link');
      const textLink = '<p><a href="https://us5.campaign-archive.example/?u=1">View this email in your browser</a></p>';
      const text = scanMessageLinks(await message('Shop <news@shop.example>', textLink + newsletterHtml('shop.us5.list-manage.example')), makeContext(defaults));
      expect(text.map((f) => f.tags?.[0])).toEqual(['text']);
      expect(decide(text, defaults).warning).toBe(false);
    });
  });
});
