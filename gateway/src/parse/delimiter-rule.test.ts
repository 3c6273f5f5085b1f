import type { SplitterChunk } from '@zone-eu/mailsplit';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import { exitOffset, partPath } from '../act/act-stream.js';
import { delimiterKind, MimeSplitter } from './mime-tree.js';
import { Prescan } from './prescan.js';
import { runSplitter } from './split-testing.js';
import { ProblemList } from './problems.js';

/**
 * One delimiter rule (mime-tree.ts delimiterKind) for every reader of boundary lines: the splitter
 * itself, the prescan and act/'s exitOffset. Each is checked against the rule in five line-end
 * styles; before, the prescan reported a "\n\r" message's boundary as never found while the
 * splitter found its parts, and exitOffset did not take "\r--b--\n" or "--b--\r\r\n" as delimiters.
 */

type MimeNode = Extract<SplitterChunk, { type: 'node' }>;

const STYLES: Record<string, (i: number) => string> = {
  crlf: () => '\r\n',
  lf: () => '\n',
  cr: () => '\r',
  lfcr: () => '\n\r',
  // the delimiter lines get a CR run ("\r\r\n", line 4) and a leading CR (line 8)
  mixed: (i) => ['\r\n', '\n', '\n\r', '\r\n', '\r\r\n'][i % 5]!,
};

function join(lines: string[], eol: (i: number) => string): Buffer {
  return Buffer.from(lines.map((l, i) => (i < lines.length - 1 ? l + eol(i) : l)).join(''), 'latin1');
}

/** Lines as mailsplit cuts them: after each LF, the last one without. */
function cut(raw: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let pos = 0;
  while (pos < raw.length) {
    const lf = raw.indexOf(0x0a, pos);
    const end = lf < 0 ? raw.length : lf + 1;
    lines.push(raw.subarray(pos, end));
    pos = end;
  }
  return lines;
}

const B = Buffer.from('b1', 'latin1');

/** The nodes and each part's data bytes (by part number). */
async function split(pieces: Buffer[]): Promise<{ nodes: MimeNode[]; data: Map<string, string> }> {
  const nodes: MimeNode[] = [];
  const data = new Map<string, string>();
  await runSplitter(pieces, (chunk: SplitterChunk) => {
    if (chunk.type === 'node') nodes.push(chunk);
    else if (chunk.type === 'data' || chunk.type === 'body') {
      const key = partPath(chunk.node as MimeNode);
      data.set(key, (data.get(key) ?? '') + chunk.value.toString('latin1'));
    }
  });
  return { nodes, data };
}

describe('delimiterKind: the splitter’s rule, stated once', () => {
  const cases: Array<[string, 0 | 1 | 2]> = [
    ['--b1\r\n', 1],
    ['--b1\n', 1],
    ['--b1--\r\n', 2],
    ['--b1 \t \r\n', 1],
    ['--b1-- \n', 2],
    ['\r--b1\n', 1],
    ['\r--b1--\r\n', 2],
    ['--b1\r\r\n', 1],
    ['--b1--\r\r\r\n', 2],
    ['--b1\r', 1],
    ['--b1--', 2],
    ['--b1', 0],
    ['--b1 ', 0],
    ['--b1-\r\n', 0],
    ['--b1---\r\n', 0],
    ['--b12\r\n', 0],
    ['--b1 x\r\n', 0],
    ['--b1\rx\n', 0],
    ['--b1\r \n', 0],
    ['\r\r--b1\n', 0],
    [' --b1\n', 0],
    ['-b1\n', 0],
    ['\n', 0],
    ['\r\n', 0],
    [`--b1${' '.repeat(998)}\r\n`, 1],
    [`--b1--${' '.repeat(999)}\r\n`, 0],
  ];

  it.each(cases)('%j is %i', (line, kind) => {
    expect(delimiterKind(Buffer.from(line, 'latin1'), B)).toBe(kind);
  });

  it.each(cases)('%j: the splitter agrees, in one write and byte by byte', async (line, kind) => {
    // a text part, then the line: in the middle of the message when it has a line end, else at its end
    const ended = line.endsWith('\n');
    const raw = Buffer.from(`Content-Type: multipart/mixed; boundary=b1\r\n\r\n--b1\r\n\r\nx\r\n${line}${ended ? 'Content-Type: text/html\r\n\r\ny\r\n--b1--\r\n' : ''}`, 'latin1');
    expect(delimiterKind(cut(raw)[5]!, B)).toBe(kind);
    for (const pieces of [[raw], [...raw].map((b) => Buffer.from([b]))]) {
      const { nodes, data } = await split(pieces);
      // content: the line stays in the text part; a delimiter: a new part (1) or the end (2)
      expect(data.get('1')!.includes(`x\r\n${line}`)).toBe(kind === 0);
      if (ended) expect(nodes.length).toBe(kind === 1 ? 3 : 2);
    }
  });
});

/** A multipart with a text part and a script, lines joined in `style`. */
function message(style: (i: number) => string): Buffer {
  return join(
    [
      'From: a@sender.example',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      'preamble',
      '--b1',
      'Content-Type: text/plain',
      '',
      'xin chao',
      '--b1 ',
      'Content-Type: application/octet-stream; name="hoa-don.vbs"',
      '',
      'AAAA',
      '--b1--',
      '',
    ],
    style,
  );
}

function prescan(raw: Buffer, chunk: number): { parts: number; codes: string[] } {
  const problems = new ProblemList();
  const budget = { parts: 0 };
  const scan = new Prescan(DEFAULT_LIMITS, budget, problems);
  for (let i = 0; i < raw.length; i += chunk) scan.write(raw.subarray(i, i + chunk));
  scan.end();
  return { parts: budget.parts, codes: problems.list().map((p) => p.code) };
}

describe('the prescan reads delimiters by the shared rule', () => {
  const expected: Record<string, { parts: number; ambiguous: boolean }> = {
    crlf: { parts: 3, ambiguous: false },
    lf: { parts: 3, ambiguous: false },
    // no LF: one line to the splitter, a header block that never ends
    cr: { parts: 1, ambiguous: false },
    // "\r--b1\n": a delimiter to mailsplit and Python, not to a parser that wants it at a line start
    lfcr: { parts: 3, ambiguous: true },
    mixed: { parts: 3, ambiguous: true },
  };

  it.each(Object.keys(STYLES))('%s: as many parts as the splitter, the same delimiter lines as the rule', async (name) => {
    const raw = message(STYLES[name]!);
    const { nodes } = await split([raw]);
    const ruled = cut(raw).filter((l) => delimiterKind(l, B) === 1).length;
    for (const chunk of [64 * 1024, 7, 1]) {
      const seen = prescan(raw, chunk);
      expect(seen.parts).toBe(nodes.length);
      expect(seen.parts).toBe(1 + ruled);
      expect(seen.parts).toBe(expected[name]!.parts);
      // the boundary is found whenever the rule finds a delimiter line; no false "never found"
      if (ruled > 0) expect(seen.codes).not.toContain('missing-boundary');
      expect(seen.codes.includes('ambiguous-boundary')).toBe(expected[name]!.ambiguous);
    }
  });

  it('still reports a boundary that is never found, and a lone CR inside a line that splits for Python', () => {
    const none = prescan(Buffer.from('Content-Type: multipart/mixed; boundary=b1\r\n\r\n--b2\r\nx\r\n', 'latin1'), 1024);
    expect(none.codes).toContain('missing-boundary');
    const inner = prescan(Buffer.from('Content-Type: multipart/mixed; boundary=b1\r\n\r\n--b1\r\n\r\nx\r\n--b1\rContent-Type: text/html\r\n--b1--\r\n', 'latin1'), 1024);
    expect(inner.parts).toBe(2);
    expect(inner.codes).toContain('ambiguous-boundary');
  });
});

describe('exitOffset reads delimiters by the shared rule', () => {
  /** outer (b1) > part 1: multipart (b2) > its text part; then part 2 of the outer. */
  async function nodesOf(): Promise<MimeNode[]> {
    const raw = join(
      ['Content-Type: multipart/mixed; boundary=b1', '', '--b1', 'Content-Type: multipart/alternative; boundary=b2', '', '--b2', '', 'x', '--b2--', '--b1', '', 'y', '--b1--', ''],
      STYLES.crlf!,
    );
    return (await split([raw])).nodes;
  }

  it.each(Object.keys(STYLES))('%s: the bytes after the inner multipart begin where the rule finds the outer delimiter', async (name) => {
    const nodes = await nodesOf();
    const inner = nodes.find((n) => n.contentType === 'multipart/alternative')!;
    expect(inner).toBeDefined();
    const value = join(['--b2--', '--b1', 'x'], STYLES[name]!);
    const lines = cut(value);
    // the rule: the first line after the inner close that is the outer delimiter, less the line end before it
    let expected: number | undefined;
    let pos = 0;
    for (const [i, line] of lines.entries()) {
      if (i > 0 && delimiterKind(line, B) !== 0) {
        expected = value[pos - 2] === 0x0d && value[pos - 1] === 0x0a ? pos - 2 : pos - 1;
        break;
      }
      pos += line.length;
    }
    expect(exitOffset(value, inner, inner)).toBe(expected);
    const inRule = { crlf: 6, lf: 6, cr: undefined, lfcr: 6, mixed: 6 }[name];
    expect(expected).toBe(inRule);
  });

  it('a run of CRs before the line end, as the splitter takes it', async () => {
    const nodes = await nodesOf();
    const inner = nodes.find((n) => n.contentType === 'multipart/alternative')!;
    const value = Buffer.from('--b2--\r\r\n--b1--\r\r\n', 'latin1');
    expect(delimiterKind(cut(value)[1]!, B)).toBe(2);
    expect(exitOffset(value, inner, inner)).toBe(7);
  });
});
