import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import * as o from '../../../../test-fixtures/attachments/office-payloads.mjs';
import { decide } from '../../policy/engine.js';
import { loadPolicy } from '../../policy/loader.js';
import type { Policy } from '../../policy/types.js';
import type { Finding } from '../types.js';
import { makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import { attachmentsScanner } from './index.js';
import { fakeClamd, fixtureVerdict, makeAttachment } from './test-helpers.js';

/**
 * Office documents without macros through the attachments scanner (RTF, OLE and OOXML objects and
 * relationships: rtf.ts, ole-objects.ts, ooxml.ts), and what the default policy does with them.
 */
const POLICY_DIR = fileURLToPath(new URL('../../../../policies', import.meta.url));

const scan = (name: string, data: Buffer, policy = makePolicy(), contentType = 'application/octet-stream') => {
  const att = makeAttachment(name, data, { contentType, id: 'a1' });
  return attachmentsScanner.scan(makeMessage({ attachments: [att] }), makeContext(policy, { clamd: fakeClamd() }));
};
const kinds = (fs: Finding[]) => fs.map((f) => f.kind).sort();

describe('the attachments scanner on Office documents without macros', () => {
  it('reads an RTF named .doc, and one that starts with {\\rt only (no true type for it)', async () => {
    const fs = await scan('cong-van.doc', o.makeEquationRtf(), makePolicy(), 'application/msword');
    expect(fs).toEqual([expect.objectContaining({ kind: 'attachment.exploit', attachment: 'a1', subject: 'cong-van.doc', tags: ['equation-editor', 'auto-update', 'rtf'] })]);
    const bare = o.makeRtf({ header: '{\\rt', objects: [{ data: o.ole1Object('Equation.3', o.FAKE_EQUATION), obfuscate: true }] });
    expect(kinds(await scan('cong-van.doc', bare))).toEqual(['attachment.exploit']);
  });

  it('sees an RTF, a .doc and a .docx inside a zip, and names them by their path', async () => {
    const zip = await p.makeZip({
      'ho-so/to-trinh.rtf': o.makePackageRtf('invoice.exe'),
      'ho-so/huong-dan.doc': o.makeOleDocWithPackage('huong-dan.js'),
      'ho-so/ke-hoach.docx': await o.makeRemoteTemplateDocx(),
    });
    const fs = await scan('ho-so.zip', zip);
    expect(fs.map((f) => [f.kind, f.subject]).sort()).toEqual([
      // the packaged files themselves are walked as members (walk-office.ts packagedFiles)
      ['attachment.dangerous-type', 'ho-so.zip → ho-so/huong-dan.doc → ObjectPool/_1712345678 → huong-dan.js'],
      ['attachment.dangerous-type', 'ho-so.zip → ho-so/to-trinh.rtf → invoice.exe'],
      ['attachment.embedded-object', 'ho-so.zip → ho-so/huong-dan.doc'],
      ['attachment.embedded-object', 'ho-so.zip → ho-so/to-trinh.rtf'],
      ['attachment.external-object', 'ho-so.zip → ho-so/ke-hoach.docx'],
    ]);
  });

  it('checks the hyperlinks of a .docx like the message\'s own links, naming the document', async () => {
    const policy = makePolicy({ lists: { protected_domains: { type: 'domain', entries: ['gov.vn'] }, blocked_domains: { type: 'domain', entries: ['evil.example'] } } });
    const docx = await o.makeDocx({
      document: [
        { type: 'hyperlink', target: 'https://dichvucong.gov-vn.com/dang-nhap', external: true },
        { type: 'hyperlink', target: 'https://login.evil.example/', external: true },
        { type: 'hyperlink', target: 'https://www.example.org/ke-hoach', external: true },
      ],
    });
    const fs = await scan('thong-bao.docx', docx, policy);
    expect(fs.map((f) => [f.kind, f.list ?? '', f.attachment]).sort()).toEqual([
      ['url.listed', 'blocked_domains', 'a1'],
      ['url.lookalike', '', 'a1'],
    ]);
    expect(fs.find((f) => f.kind === 'url.lookalike')!.detail).toContain('(link in document thong-bao.docx)');
    expect(await scan('ke-hoach.docx', await o.makeHyperlinkDocx(), policy)).toEqual([]);
  });

  it('says nothing of a clean RTF with a chart, a clean .docx, or a plain .doc', async () => {
    expect(await scan('bao-cao.rtf', o.makeCleanRtf())).toEqual([]);
    expect(await scan('ke-hoach.docx', await p.makeWordDocument())).toEqual([]);
    expect(await scan('cong-van.doc', p.makeOleDoc())).toEqual([]);
  });

  it('survives a truncated RTF, .doc and .docx without a scanner error', async () => {
    const docx = await o.makeMhtmlOleDocx();
    for (const [name, data] of [
      ['a.rtf', o.makeEquationRtf()],
      ['b.doc', o.makeOleDocWithPackage()],
      ['c.docx', docx],
    ] as const) {
      for (const cut of [16, data.length >> 2, data.length >> 1, data.length - 3]) {
        const fs = await scan(name, data.subarray(0, cut));
        expect(fs.filter((f) => f.kind === 'scanner.error'), `${name} cut at ${cut}`).toEqual([]);
      }
    }
  });
});

describe('Office documents under the default policy', () => {
  let policy: Policy;
  beforeAll(async () => {
    policy = await loadPolicy(POLICY_DIR);
  });
  const verdictOf = (name: string) => fixtureVerdict(policy, name);

  it.each([
    ['rtf-equation-editor', 'office-exploit'],
    ['docx-mhtml-oleobject', 'office-exploit'],
    ['docx-remote-template', 'office-remote-content'],
    ['rtf-package-exe', 'office-embedded-program'],
    ['ole-doc-package', 'office-embedded-program'],
  ])('%s is quarantined (%s)', async (name, rule) => {
    const { verdict } = await verdictOf(name);
    expect(verdict.action).toBe('quarantine');
    // the packaged program is also a dangerous file inside the document, as inside a zip
    expect(verdict.hits.map((h) => h.rule)).toEqual(rule === 'office-embedded-program' ? [rule, 'dangerous-attachment'] : [rule]);
    expect(verdict.categories).toEqual(['malware']);
  });

  it.each(['clean-rtf', 'docx-hyperlink'])('%s is delivered without a warning and without findings', async (name) => {
    const { findings, verdict } = await verdictOf(name);
    expect(findings).toEqual([]);
    expect(verdict).toMatchObject({ action: 'deliver', warning: false });
  });

  const finding = (kind: Finding['kind'], tags: string[]): Finding => ({ scanner: 'attachments', kind, detail: 'x', attachment: 'a1', tags });

  it('only records a packaged file that is not a program (a PDF inside a Word file)', () => {
    const v = decide([finding('attachment.embedded-object', ['package', 'pdf', 'ole'])], policy);
    expect(v).toMatchObject({ action: 'deliver', warning: false, hits: [] });
  });

  it('warns about an object an RTF forces open, and quarantines a program packaged that way', () => {
    const warned = decide([finding('attachment.embedded-object', ['auto-update', 'rtf'])], policy);
    expect(warned).toMatchObject({ action: 'deliver', warning: true });
    expect(warned.hits.map((h) => [h.rule, h.action])).toEqual([['office-object-auto-update', 'warn']]);
    const both = decide([finding('attachment.embedded-object', ['package', 'exe', 'executable', 'auto-update', 'rtf'])], policy);
    expect(both.action).toBe('quarantine');
  });

  it('quarantines any remote template or object, also on a file server, and a link whose source cannot be read', () => {
    for (const tags of [['attached-template', 'unc', 'ooxml'], ['ole-link', 'unknown-source', 'rtf'], ['frame', 'https', 'ooxml']]) {
      expect(decide([finding('attachment.external-object', tags)], policy).action).toBe('quarantine');
    }
  });
});
