import { describe, expect, it } from 'vitest';
import { makeAttachment } from '../attachments/test-helpers.js';
import { makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import { scanHtml } from './index.js';

const ctx = makeContext(makePolicy());
const page = (body: string) => Buffer.from(`<!DOCTYPE html><html><body>${body}</body></html>`);

describe('content.credential-form', () => {
  it('flags a password field in the message body, once', async () => {
    const html = '<form action="https://x.example/p"><input type="email"><input type=password name=p></form><input type="password">';
    const fs = await scanHtml(makeMessage({ html }), ctx);
    expect(fs.map((f) => f.kind)).toEqual(['content.credential-form']);
  });

  it('finds it in a forwarded message too', async () => {
    const nested = makeMessage({ html: "<input type='PASSWORD'>" });
    expect((await scanHtml(makeMessage({ nested: [nested] }), ctx)).map((f) => f.kind)).toEqual(['content.credential-form']);
  });

  it('finds a sign-in page carried in a data: frame of the body, not a data: frame without a password field', async () => {
    const framed = (inner: string) => `<p>Xem tài liệu</p><iframe width="100%" src="data:text/html;base64,${Buffer.from(inner).toString('base64')}"></iframe>`;
    const login = framed('<form action="https://x.example/p"><input name="u"><input type="password" name="p"></form>');
    expect((await scanHtml(makeMessage({ html: login }), ctx)).map((f) => f.kind)).toEqual(['content.credential-form']);
    expect(await scanHtml(makeMessage({ html: framed('<form action="https://news.example/search"><input name="q"></form>') }), ctx)).toEqual([]);
  });

  it('leaves a search or newsletter form alone', async () => {
    const html = '<form action="https://news.example/search"><input type="text" name="q"><input type="submit"></form>';
    expect(await scanHtml(makeMessage({ html }), ctx)).toEqual([]);
  });
});

describe('attachment.html', () => {
  it('reports a plain HTML attachment', async () => {
    const a = makeAttachment('report.html', page('<p>Quarterly report</p>'), { contentType: 'text/html', id: 'a1' });
    const fs = await scanHtml(makeMessage({ attachments: [a] }), ctx);
    expect(fs).toEqual([expect.objectContaining({ kind: 'attachment.html', attachment: 'a1', subject: 'report.html', tags: ['html'] })]);
  });

  it('tags a page disguised under another name, and what it holds', async () => {
    const a = makeAttachment('invoice.pdf', page('<form><input type="password"></form><script>x()</script>'), { contentType: 'application/pdf' });
    const [f] = await scanHtml(makeMessage({ attachments: [a] }), ctx);
    expect(f?.tags).toEqual(expect.arrayContaining(['html', 'disguised', 'script', 'form', 'password']));
  });

  it('tags an SVG image', async () => {
    const a = makeAttachment('logo.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><a href="https://x.example"/></svg>'), {
      contentType: 'image/svg+xml',
    });
    const [f] = await scanHtml(makeMessage({ attachments: [a] }), ctx);
    expect(f?.tags?.[0]).toBe('svg');
    expect(f?.tags).not.toContain('disguised');
  });

  it('ignores documents and images', async () => {
    const pdf = makeAttachment('a.pdf', Buffer.from('%PDF-1.7\n...'), { contentType: 'application/pdf' });
    const png = makeAttachment('a.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), { contentType: 'image/png' });
    expect(await scanHtml(makeMessage({ attachments: [pdf, png] }), ctx)).toEqual([]);
  });
});
