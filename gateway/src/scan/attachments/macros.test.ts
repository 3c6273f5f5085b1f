import { describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import { classifyZip, documentMacros, inspectOle } from './macros.js';
import { openZip } from './zip.js';

describe('macros', () => {
  const names = async (zip: Buffer) => {
    const z = await openZip(zip, 100);
    z.close();
    return z.entries.map((e) => e.name);
  };

  it('finds vbaProject.bin in a macro-enabled Word document', async () => {
    const entries = await names(await p.makeWordDocument({ macros: true }));
    expect(classifyZip(entries)).toBe('ooxml');
    expect(documentMacros('ooxml', entries)).toEqual(['vba']);
  });

  it('finds no macros in a plain docx, and tells a plain zip from a document', async () => {
    const entries = await names(await p.makeWordDocument());
    expect(documentMacros('ooxml', entries)).toEqual([]);
    expect(classifyZip(await names(await p.makeZip({ 'a.txt': 'x' })))).toBe('archive');
    expect(classifyZip(['META-INF/MANIFEST.MF', 'a/B.class'])).toBe('java');
    expect(documentMacros('ooxml', ['[Content_Types].xml', 'xl/macrosheets/sheet1.xml'])).toEqual(['xlm']);
  });

  it('finds the VBA storage in a legacy OLE document', () => {
    expect(inspectOle(p.makeOleDocWithMacros())).toEqual({ vba: true, encrypted: false });
    expect(inspectOle(p.makeOleDoc())).toEqual({ vba: false, encrypted: false });
  });

  it('reports a corrupt OLE file instead of throwing', () => {
    const broken = p.makeOleDocWithMacros().subarray(0, 700);
    const traits = inspectOle(broken);
    expect(traits.vba).toBe(false);
    expect(traits.corrupt).toMatch(/\S/);
  });
});
