import { describe, expect, it } from 'vitest';
import type { Finding } from '../types.js';
import { makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import { attachmentsScanner } from './index.js';
import { fakeClamd, makeAttachment } from './test-helpers.js';

/** SVG pictures used as phishing pages and redirectors (svg.ts, html.ts). */

const svg = (inner: string, attrs = '') =>
  Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="600" height="400"${attrs}>${inner}</svg>`);

const policy = () => makePolicy({ lists: { blocked_domains: { type: 'domain', entries: ['evil.example'] } } });
const scan = async (name: string, data: Buffer, contentType = 'image/svg+xml') => {
  const att = makeAttachment(name, data, { contentType, id: 'a1' });
  return attachmentsScanner.scan(makeMessage({ attachments: [att] }), makeContext(policy(), { clamd: fakeClamd() }));
};
const summary = (fs: Finding[]) => fs.map((f) => [f.kind, ...(f.tags ?? [])]).sort();

describe('SVG attachments', () => {
  it('reports a picture that is one big link, and checks the link like any other', async () => {
    const fs = await scan('Voice-Message.svg', svg('<a xlink:href="https://login.evil.example/o365?u=1"><rect width="600" height="400" fill="#0a66c2"/><text x="20" y="40">Play ▶</text></a>'));
    expect(summary(fs)).toEqual([['attachment.html-loader', 'svg', 'svg-link'], ['url.listed', 'evil.example']]);
    expect(fs.find((f) => f.kind === 'url.listed')!.attachment).toBe('a1');
  });

  it('reports a page from another site shown inside the picture (foreignObject iframe)', async () => {
    const inner = '<foreignObject width="600" height="400"><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://sso.phish.example.net/login" width="600" height="400"></iframe></foreignObject>';
    expect(summary(await scan('hoa-don.svg', svg(inner)))).toEqual([['attachment.html-loader', 'svg', 'remote-frame', 'svg-remote-frame']]);
  });

  it('reads a namespaced <svg:script> in CDATA, onload redirects and javascript: set by animations', async () => {
    const cdata = Buffer.from(
      `<svg:svg xmlns:svg="http://www.w3.org/2000/svg"><svg:script><![CDATA[ window.location.href = "https://a.phish.example.net/x#" + atob("bmhhbi52aWVuQGxhY2hhbi50ZXN0"); ]]></svg:script></svg:svg>`,
    );
    const fs = await scan('scan.svg', cdata);
    expect(fs.find((f) => f.kind === 'attachment.html-form')?.tags).toEqual(['script']);
    expect(fs.find((f) => f.kind === 'attachment.html-loader')?.tags).toEqual(['atob', 'remote-redirect', 'obfuscated-redirect']);
    const onload = await scan('scan.svg', svg('<rect width="1" height="1"/>', ` onload="window.location='https://a.phish.example.net/'"`));
    expect(onload.find((f) => f.kind === 'attachment.html-loader')?.tags).toEqual(['remote-redirect']);
    const animated = await scan('scan.svg', svg('<a><set attributeName="href" to="javascript:location=&quot;//x.example&quot;"/><text>Mở</text></a>'));
    expect(animated.find((f) => f.kind === 'attachment.html-form')?.tags).toEqual(['event-handler']);
  });

  it('says nothing of an ordinary logo (gradients, title, an embedded PNG, namespace URLs)', async () => {
    const logo = svg(
      '<title>Logo UBND tỉnh</title><defs><linearGradient id="g"><stop offset="0" stop-color="#c00"/></linearGradient></defs>' +
        '<circle cx="50" cy="50" r="40" fill="url(#g)"/><image width="10" height="10" xlink:href="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="/>' +
        '<animate attributeName="r" values="40;45;40" dur="2s" repeatCount="indefinite"/><a href="#top"><text>Trang chủ</text></a>',
    );
    expect(await scan('logo.svg', logo)).toEqual([]);
  });
});
