import type { Transform } from 'node:stream';
import mailsplit, { type SplitterChunk } from '@zone-eu/mailsplit';
import { describe, expect, it } from 'vitest';
import { partPath } from '../act/act-stream.js';
import { MimeSplitter, SPLIT_OPTIONS } from './mime-tree.js';
import { runSplitter } from './split-testing.js';

/**
 * The splitter every walk of a message uses (MimeSplitter) must read the same tree whatever the
 * writes it gets: parse/ writes 64 KB slices, act/ what its source stream gives, and the two find
 * a part to strip by its number.
 */

/** What a split gives: each node (number, type, file name, header bytes) and every byte handed on, in order. */
async function splitView(pieces: Buffer[], splitter: Transform = new MimeSplitter() as unknown as Transform): Promise<{ nodes: string[]; bytes: string }> {
  const nodes: string[] = [];
  let bytes = '';
  await runSplitter(
    pieces,
    (chunk: SplitterChunk) => {
      if (chunk.type === 'node') {
        const head = chunk.getHeaders().toString('latin1');
        nodes.push(`${partPath(chunk)}|${chunk.contentType || ''}|${chunk.filename || ''}|${JSON.stringify(head)}`);
        bytes += head;
      } else {
        bytes += chunk.value.toString('latin1');
      }
    },
    splitter,
  );
  return { nodes, bytes };
}

/** Small multipart messages with the lines joined by `eol`. */
function messages(eol: string): Buffer[] {
  const join = (lines: string[]) => Buffer.from(lines.join(eol), 'latin1');
  return [
    join(['Content-Type: multipart/mixed; boundary="b1"', '', '--b1', 'Content-Type: text/plain', '', '.', '--b1', 'Content-Type: text/plain', '', 'x', '--b1--', '']),
    join([
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      'preamble',
      '--b1',
      'Content-Type: multipart/alternative; boundary="b2"',
      '',
      '--b2',
      '',
      'a',
      '',
      '--b2',
      'Content-Type: text/html',
      '',
      '<p>b</p>',
      '--b2--',
      '--b1',
      'Content-Type: application/octet-stream; name="hoa-don.vbs"',
      'Content-Transfer-Encoding: base64',
      '',
      'TXNnQm94',
      '--b1--',
      'epilogue',
    ]),
    join(['Content-Type: multipart/mixed; boundary="b1"', '', '--b1', '', '', '--b1', 'Content-Type: message/rfc822', '', 'Subject: in', '', 'body', '--b1', '', 'y', '--b1--']),
  ];
}

const LINE_ENDS: Record<string, string> = { 'LF CR': '\n\r', CRLF: '\r\n', LF: '\n', 'CR CRLF': '\r\r\n', 'LF CRLF': '\n\r\n' };

describe('MimeSplitter: one tree whatever the writes', () => {
  for (const [label, eol] of Object.entries(LINE_ENDS)) {
    it(`${label} line ends: the same parts and bytes in one write, in two at every point, and a byte at a time`, async () => {
      for (const message of messages(eol)) {
        const whole = await splitView([message]);
        expect(whole.bytes).toBe(message.toString('latin1'));
        expect(await splitView(Array.from(message, (b) => Buffer.from([b])))).toEqual(whole);
        for (let at = 1; at < message.length; at++) {
          const two = await splitView([message.subarray(0, at), message.subarray(at)]);
          if (two.nodes.join('\n') !== whole.nodes.join('\n') || two.bytes !== whole.bytes) {
            expect({ at, ...two }).toEqual({ at, ...whole });
          }
        }
      }
    });
  }

  it('a write ending inside a "\\n\\r" delimiter right after a one-line part (fuzzer seed 905114): still a delimiter', async () => {
    const message = messages('\n\r')[0]!;
    const at = message.indexOf('.\n\r--b') + '.\n\r--b'.length;
    const pieces = [message.subarray(0, at), message.subarray(at)];
    expect((await splitView(pieces)).nodes.map((n) => n.split('|')[0])).toEqual(['', '1', '2']);
    // mailsplit alone takes the delimiter for text of part 1 (why MimeSplitter exists; when this
    // fails, mailsplit reads it right itself and the correction in mime-tree.ts can go)
    const plain = new mailsplit.Splitter({ ...SPLIT_OPTIONS }) as unknown as Transform;
    expect((await splitView(pieces, plain)).nodes.map((n) => n.split('|')[0])).toEqual(['', '1']);
  });

  it('a line that only looks like a moved line ending is not a delimiter when the part has none', async () => {
    // "\n\r--b1" inside a single-part text body: no boundary is open, nothing to split
    const message = Buffer.from('Content-Type: text/plain\n\r\n\rtext\n\r--b1\n\rmore\n\r', 'latin1');
    const at = message.indexOf('\n\r--b1');
    const view = await splitView([message.subarray(0, at), message.subarray(at)]);
    expect(view.nodes).toHaveLength(1);
    expect(view.bytes).toBe(message.toString('latin1'));
  });
});

/**
 * Parts whose header block runs straight into a delimiter line (no empty line): the headers end at
 * the delimiter and the body is empty. mailsplit dropped those header lines (or, before a close
 * delimiter, gave them twice), so the rewrite lost or added bytes (act/split-fidelity.ts).
 */
function headerOnlyMessages(eol: string): Array<{ message: Buffer; parts: string[] }> {
  const join = (lines: string[]) => Buffer.from(lines.join(eol), 'latin1');
  const top = 'Content-Type: multipart/mixed; boundary="b1"';
  const script = ['Content-Type: application/octet-stream; name="a.vbs"', 'Content-Transfer-Encoding: base64', '', 'TXNn'];
  return [
    // a text part, the header-only part, an attachment
    { message: join([top, '', '--b1', 'Content-Type: text/plain', '', 'hi', '--b1', 'Content-Type: text/plain', 'X-A: 1', '--b1', ...script, '--b1--', '']), parts: ['', '1', '2', '3'] },
    // the last part, ended by the close delimiter
    { message: join([top, '', '--b1', 'Content-Type: text/plain', '', 'hi', '--b1', 'Content-Type: message/rfc822', '--b1--', 'epilogue']), parts: ['', '1', '2'] },
    // inside a multipart, ended by the outer delimiter
    {
      message: join([top, '', '--b1', 'Content-Type: multipart/alternative; boundary="b2"', '', '--b2', 'Content-Type: text/plain', '--b1', ...script, '--b1--', '']),
      parts: ['', '1', '1.1', '2'],
    },
    // a multipart that is only its header block; then two header-only parts in a row
    {
      message: join([top, '', '--b1', 'Content-Type: multipart/alternative; boundary="b2"', '--b1', 'Content-Type: text/html', '--b1', 'Content-Disposition: attachment; filename="x.txt"', '--b1', ...script, '--b1--']),
      parts: ['', '1', '2', '3', '4'],
    },
    // the close delimiter is the input's last line, without a line end
    { message: join([top, '', '--b1', 'Content-Type: text/plain', '', 'hi', '--b1', 'Content-Type: text/plain', '--b1--']), parts: ['', '1', '2'] },
  ];
}

describe('MimeSplitter: a header block that runs into a delimiter', () => {
  for (const [label, eol] of Object.entries(LINE_ENDS)) {
    it(`${label} line ends: every byte handed on once, the same parts in one write, in two at every point, and a byte at a time`, async () => {
      for (const { message, parts } of headerOnlyMessages(eol)) {
        const whole = await splitView([message]);
        expect(whole.bytes).toBe(message.toString('latin1'));
        // "\r\r\n" lines never end a header block and "\n\r\n" ones are all followed by an empty
        // line: only the other three line-end styles have a header block that meets a delimiter
        if (eol === '\r\n' || eol === '\n' || eol === '\n\r') expect(whole.nodes.map((n) => n.split('|')[0])).toEqual(parts);
        expect(await splitView(Array.from(message, (b) => Buffer.from([b])))).toEqual(whole);
        for (let at = 1; at < message.length; at++) {
          const two = await splitView([message.subarray(0, at), message.subarray(at)]);
          if (two.nodes.join('\n') !== whole.nodes.join('\n') || two.bytes !== whole.bytes) {
            expect({ at, ...two }).toEqual({ at, ...whole });
          }
        }
      }
    });
  }

  it('the header-only part is handed on with its own headers, and the delimiter after it on its own', async () => {
    const { message } = headerOnlyMessages('\r\n')[0]!;
    const chunks: string[] = [];
    await runSplitter([message], (chunk: SplitterChunk) => {
      chunks.push(chunk.type === 'node' ? `node ${partPath(chunk)} ${JSON.stringify(chunk.getHeaders().toString('latin1'))}` : `${chunk.type} ${JSON.stringify(chunk.value.toString('latin1'))}`);
    });
    const at = chunks.indexOf('node 2 "Content-Type: text/plain\\r\\nX-A: 1\\r\\n"');
    expect(at).toBeGreaterThan(0);
    expect(chunks[at + 1]).toBe('data "--b1\\r\\n"');
    expect(chunks[at + 2]).toMatch(/^node 3 /);
  });

  it('mailsplit alone drops the header lines (why MimeSplitter ends the block; when this fails, mailsplit does it itself)', async () => {
    const { message } = headerOnlyMessages('\r\n')[0]!;
    const plain = await splitView([message], new mailsplit.Splitter({ ...SPLIT_OPTIONS }) as unknown as Transform);
    expect(plain.nodes.map((n) => n.split('|')[0])).toEqual(['', '1', '2']);
    expect(plain.bytes.length).toBe(message.length - 'Content-Type: text/plain\r\nX-A: 1\r\n'.length);
  });
});
