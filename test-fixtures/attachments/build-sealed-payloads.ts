// Rebuilds sealed-payloads.mjs: the attachment payloads that only a tool or a test-only encryptor
// can make (password-encrypted 7z, Office, .xls and PDF files, winmail.dat, bz2 and xz streams):
//   cd gateway && npx vite-node ../test-fixtures/attachments/build-sealed-payloads.ts
// 7-Zip's AES IVs and the Office encryptors' salts are random, so a rebuild gives other bytes (the
// same contents, the same findings): the bytes are committed in sealed-payloads.mjs, and
// generate.mjs only reads them. Rebuild only to change what is inside, then run generate.mjs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import CFB from 'cfb';
import { encryptOoxml } from '../../gateway/src/scan/attachments/office-crypto-builder.js';
import { buildTnef } from '../../gateway/src/scan/attachments/tnef-builder.js';
import { encryptWorkbookStream, xlsFile } from '../../gateway/src/scan/attachments/xls-crypto-builder.js';
import * as o from './office-payloads.mjs';
import * as p from './payloads.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Every file handed to 7z gets this modification time, though -mtm=off -mtc=off -mta=off store none. */
const MTIME = new Date('2024-01-15T08:00:00Z');

function run(cmd: string, args: string[], opts: { cwd?: string; input?: Buffer } = {}): Buffer {
  const r = spawnSync(cmd, args, { ...opts, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd}: ${r.stdout?.toString()} ${r.stderr?.toString()}`);
  return r.stdout;
}

/** A 7z made by Debian's 7z (p7zip-full) from `files`, with the given extra switches. */
function sevenZip(files: Record<string, Buffer>, args: string[]): Buffer {
  const work = mkdtempSync(path.join(tmpdir(), 'lachan-sealed-'));
  try {
    for (const [name, data] of Object.entries(files)) {
      const file = path.join(work, name);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, data);
      utimesSync(file, MTIME, MTIME);
    }
    run('7z', ['a', '-t7z', '-bd', '-mtm=off', '-mtc=off', '-mta=off', ...args, 'out.7z', ...Object.keys(files)], { cwd: work });
    return readFileSync(path.join(work, 'out.7z'));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** qpdf --encrypt USER OWNER 256 (AES-256, revision 6) of a PDF: qpdf's own salts and IVs, as a sender's tool writes them. */
function qpdfEncrypt(pdf: Buffer, user: string): Buffer {
  const work = mkdtempSync(path.join(tmpdir(), 'lachan-sealed-'));
  try {
    writeFileSync(path.join(work, 'in.pdf'), pdf);
    run('qpdf', ['--encrypt', user, 'chu-so-huu', '256', '--', 'in.pdf', 'out.pdf'], { cwd: work });
    return readFileSync(path.join(work, 'out.pdf'));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** A one-page PDF carrying `data` as the embedded file `name` (deflated, listed in /EmbeddedFiles). */
function pdfWithEmbeddedFile(name: string, data: Buffer): Buffer {
  const z = deflateSync(data);
  return p.pdfFromObjects([
    `<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(${name}) 4 0 R] >> >> >>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>',
    `<< /Type /Filespec /F (${name}) /UF (${name}) /EF << /F 5 0 R >> >>`,
    Buffer.concat([Buffer.from(`<< /Type /EmbeddedFile /Filter /FlateDecode /Length ${z.length} >>\nstream\n`, 'latin1'), z, Buffer.from('\nendstream', 'latin1')]),
  ]);
}


/** The Workbook stream of payloads.mjs's .xls with a hidden macro sheet and Auto_Open. */
function macroWorkbookStream(): Buffer {
  const entry = CFB.find(CFB.read(p.makeXls({ macroSheet: 'hidden' }), { type: 'buffer' }), 'Workbook');
  if (!entry?.content) throw new Error('no Workbook stream');
  return Buffer.from(entry.content as Uint8Array);
}

const PAYLOADS: Array<[name: string, how: string, make: () => Buffer | Promise<Buffer>]> = [
  ['SEVENZIP_EICAR_2468', "7z a -p2468 (entries encrypted, names visible) of eicar.com (EICAR)", () => sevenZip({ 'eicar.com': p.EICAR }, ['-p2468'])],
  [
    'SEVENZIP_HIDDEN_DOCM_2468',
    '7z a -p2468 -mhe=on (names encrypted too) of tai-lieu/bao-cao-quy.docm (a .docm with a VBA project, payloads.mjs)',
    async () => sevenZip({ 'tai-lieu/bao-cao-quy.docm': await p.makeWordDocument({ macros: true }) }, ['-p2468', '-mhe=on']),
  ],
  [
    'XLSM_VELVET_AGILE',
    'office-crypto-builder.ts encryptOoxml(xlsm with vbaProject.bin and an XLM macro sheet, "VelvetSweatshop"): Agile AES-256, SHA-512, 100,000 spins',
    async () => encryptOoxml(await o.makeMacroWorkbook(), 'VelvetSweatshop'),
  ],
  [
    'XLS_VELVET_RC4',
    'xls-crypto-builder.ts encryptWorkbookStream(makeXls({ macroSheet: "hidden" }) Workbook, "VelvetSweatshop", RC4 (MD5, Excel 97-2003))',
    () => xlsFile(encryptWorkbookStream(macroWorkbookStream(), 'VelvetSweatshop', { scheme: 'rc4' }).stream),
  ],
  [
    'WINMAIL_EXE',
    'tnef-builder.ts buildTnef: a PDF (thong-bao.pdf) and a program (hoa-don-dien-tu.exe, makePe) as Outlook writes them',
    () =>
      buildTnef([
        { title: 'THONGBAO.PDF', longName: 'thong-bao.pdf', data: p.makePdf() },
        { title: 'HOADON~1.EXE', longName: 'hoa-don-dien-tu.exe', data: p.makePe() },
      ]),
  ],
  [
    'PDF_EICAR_EMBEDDED_2468',
    'qpdf --encrypt 2468 chu-so-huu 256 (AES-256) of a one-page PDF with eicar.com (EICAR) as an embedded file',
    () => qpdfEncrypt(pdfWithEmbeddedFile('eicar.com', p.EICAR), '2468'),
  ],
  ['BZIP2_EXE', 'bzip2 -c of makePe()', () => run('bzip2', ['-c'], { input: p.makePe() })],
  ['XZ_EXE', 'xz -c of makePe()', () => run('xz', ['-c'], { input: p.makePe() })],
];

const lines = [
  '// Generated by build-sealed-payloads.ts (cd gateway && npx vite-node ../test-fixtures/attachments/build-sealed-payloads.ts).',
  '// Payloads only a tool or a random-salted test encryptor can make, kept as bytes so that generate.mjs',
  '// stays deterministic. Each says how it was made; rebuilding gives other bytes with the same contents.',
  '',
];
for (const [name, how, make] of PAYLOADS) {
  const bytes = await make();
  lines.push(`/** ${how} (${bytes.length} bytes) */`, `export const ${name} = Buffer.from(`);
  for (const chunk of bytes.toString('base64').match(/.{1,100}/g)!) lines.push(`  '${chunk}' +`);
  lines[lines.length - 1] = lines[lines.length - 1]!.replace(/ \+$/, '');
  lines.push(", 'base64');", '');
}
writeFileSync(path.join(HERE, 'sealed-payloads.mjs'), lines.join('\n'));
console.log(`wrote ${PAYLOADS.length} payloads to ${path.join(HERE, 'sealed-payloads.mjs')}`);
