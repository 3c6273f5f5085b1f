import { describe, expect, it } from 'vitest';
import * as o from '../../../../test-fixtures/attachments/office-payloads.mjs';
import { inspectRtf, looksLikeRtf, OBJDATA_MAX_BYTES, rtfObservations, RTF_MAX_BYTES } from './rtf.js';
import { MAX_OBJECTS } from './ole-objects.js';

const rtf = (body: string, header = '{\\rtf1') => Buffer.from(`${header}\\ansi ${body}}`, 'latin1');
const hex = (b: Buffer) => b.toString('hex');
const equation = () => o.ole1Object('Equation.3', o.FAKE_EQUATION);
const kinds = (b: Buffer) => inspectRtf(b).objects.map((x) => x.kind);

describe('RTF objects', () => {
  it('finds an Equation.3 object and says it runs on opening (\\objupdate)', () => {
    const r = inspectRtf(o.makeEquationRtf());
    expect(r.objects).toEqual([{ kind: 'equation', classNames: ['Equation.3'], autoUpdate: true }]);
    expect(rtfObservations(r)).toEqual([
      {
        kind: 'attachment.exploit',
        detail: 'RTF document with a Microsoft Equation Editor object ("Equation.3"), the target of CVE-2017-11882 / CVE-2018-0802; updated automatically on opening (\\objupdate)',
        tags: ['equation-editor', 'auto-update', 'rtf'],
      },
    ]);
  });

  it('reads the class from the object data even when \\objclass lies, and from \\objclass when the data says nothing', () => {
    const lying = rtf(`{\\object\\objemb{\\*\\objclass Word.Document.8}{\\*\\objdata ${hex(equation())}}}`);
    expect(inspectRtf(lying).objects).toEqual([{ kind: 'equation', classNames: ['Equation.3'] }]);
    const classOnly = rtf(`{\\object\\objemb{\\*\\objclass Equation.3}{\\*\\objdata 00}}`);
    expect(kinds(classOnly)).toEqual(['equation']);
    const mixedCase = rtf(`{\\object{\\*\\objdata ${hex(o.ole1Object('eQuAtIoN.3', o.FAKE_EQUATION))}}}`);
    expect(kinds(mixedCase)).toEqual(['equation']);
  });

  it('does not take MathType (Equation.DSMT4) or an Excel chart for the Equation Editor', () => {
    expect(kinds(rtf(`{\\object{\\*\\objclass Equation.DSMT4}{\\*\\objdata ${hex(o.ole1Object('Equation.DSMT4', o.FAKE_EQUATION))}}}`))).toEqual([]);
    const clean = inspectRtf(o.makeCleanRtf());
    expect(clean).toMatchObject({ objects: [], objectCount: 1, readable: 1, unreadable: 0 });
    expect(rtfObservations(clean)).toEqual([]);
  });

  describe('hex the way Word reads it', () => {
    const data = hex(equation());
    const found = (objdata: string) => kinds(rtf(`{\\object{\\*\\objdata ${objdata}}}`));

    it('skips white space and line breaks between the digits of a pair', () => {
      expect(found(data.replace(/(.)(.)/g, '$1\r\n $2\t'))).toEqual(['equation']);
    });
    it('skips junk control words, with and without a number', () => {
      let i = 0;
      expect(found(data.replace(/(..)/g, (pair) => `${pair}${i++ % 2 ? '\\lachan ' : '\\junkword99 '}`))).toEqual(['equation']);
      // a control word takes every letter after the backslash (hex letters too), then the digits
      // right after it as its number, as Word reads it: neither is object data
      expect(found(`\\lachanabcdef ${data}`)).toEqual(['equation']);
      expect(found(`\\lachan${data}`)).toEqual([]);
    });
    it('skips {\\*\\...} groups, nested ones too, but reads the digits of a plain group', () => {
      expect(found(data.replace(/(.)(.)/g, '$1{\\*\\x {\\y 4142}4344}$2'))).toEqual(['equation']);
      expect(found(data.replace(/(....)/g, '{$1}'))).toEqual(['equation']);
      expect(found(data.replace(/(....)/g, '{\\b $1}'))).toEqual(['equation']);
    });
    it('skips other characters and \\\'hh escapes, and drops a last odd digit', () => {
      expect(found(data.replace(/(..)/g, "$1;\\'41 ") + 'f')).toEqual(['equation']);
    });
    it('adds the bytes of \\binN as they are', () => {
      const bytes = equation();
      const head = bytes.subarray(0, 10);
      const body = Buffer.concat([Buffer.from(`{\\rtf1{\\object{\\*\\objdata ${hex(head)}\\bin${bytes.length - 10} `, 'latin1'), bytes.subarray(10), Buffer.from('}}}')]);
      expect(kinds(body)).toEqual(['equation']);
      // and \bin outside an object skips its bytes: braces in them change nothing
      const skipped = Buffer.from(`{\\rtf1{\\pict\\bin4 }}}}{\\object{\\*\\objdata ${data}}}}`, 'latin1');
      expect(kinds(skipped)).toEqual(['equation']);
    });
    it('reads a number with many leading zeros after \\bin', () => {
      const bytes = equation();
      const body = Buffer.concat([Buffer.from(`{\\rtf1{\\object{\\*\\objdata \\bin${'0'.repeat(200)}${bytes.length} `, 'latin1'), bytes, Buffer.from('}}}')]);
      expect(kinds(body)).toEqual(['equation']);
    });
    it('reads all of the fixture builder\'s obfuscations together', () => {
      expect(o.obfuscatedHex(equation())).toMatch(/\{\\\*\\lachanjunk 4142\}/);
      expect(found(o.obfuscatedHex(equation()))).toEqual(['equation']);
    });
  });

  it('opens files that start with {\\rt only, as Word does', () => {
    const body = `{\\object{\\*\\objdata ${hex(equation())}}}`;
    expect(looksLikeRtf(rtf(body, '{\\rtxyz1'))).toBe(true);
    expect(looksLikeRtf(Buffer.from('{\\rt'))).toBe(true);
    expect(looksLikeRtf(Buffer.from('{\\r'))).toBe(false);
    expect(looksLikeRtf(Buffer.from(' {\\rtf1'))).toBe(false);
    expect(kinds(o.makeRtf({ header: '{\\rt', objects: [{ data: equation() }] }))).toEqual(['equation']);
  });

  it('names the file of a Package object and marks a program as executable', () => {
    const r = inspectRtf(o.makePackageRtf('invoice.exe'));
    expect(r.objects).toMatchObject([{ kind: 'package', fileName: 'invoice.exe' }]);
    expect(rtfObservations(r)).toEqual([
      { kind: 'attachment.embedded-object', detail: 'RTF document with packaged file "invoice.exe"', tags: ['package', 'exe', 'executable', 'rtf'] },
    ]);
    const pdf = rtfObservations(inspectRtf(o.makePackageRtf('bao-cao.pdf')));
    expect(pdf).toEqual([{ kind: 'attachment.embedded-object', detail: 'RTF document with packaged file "bao-cao.pdf"', tags: ['package', 'pdf', 'rtf'] }]);
  });

  it('marks a package whose temporary path runs code even when its name does not (Royal Road drops 8.t and the like)', () => {
    const native = o.packageNative('8.t', o.FAKE_PROGRAM, { tempPath: 'C:\\Users\\A\\AppData\\Local\\Temp\\update.vbs' });
    const r = inspectRtf(o.makeRtf({ objects: [{ data: o.ole1Object('Package', native) }] }));
    expect(rtfObservations(r)[0]!.tags).toEqual(['package', 't', 'vbs', 'executable', 'rtf']);
  });

  it('finds an OLE2Link object and reads the URL of its moniker (CVE-2017-0199)', () => {
    const link = o.makeCompoundFile({ '/\u0001Ole': o.oleLinkStream('http://203.0.113.9/tai-lieu.hta') });
    const r = inspectRtf(o.makeRtf({ objects: [{ objclass: 'htmlfile', data: o.ole1Object('OLE2Link', link), update: true }] }));
    expect(r.objects).toEqual([{ kind: 'link', classNames: ['OLE2Link', 'htmlfile'], source: 'http://203.0.113.9/tai-lieu.hta', autoUpdate: true }]);
    expect(rtfObservations(r)).toEqual([
      {
        kind: 'attachment.external-object',
        detail: 'RTF document with an OLE object linked to http://203.0.113.9/tai-lieu.hta: fetched from there when the document opens',
        tags: ['ole-link', 'http', 'auto-update', 'rtf'],
      },
    ]);
    // a link whose source cannot be read is only recorded (Word writes links to local files in
    // forms not read here); forced open with \objupdate, it is an object that runs on opening
    const cut = o.ole1Object('OLE2Link', link).subarray(0, 60);
    expect(rtfObservations(inspectRtf(o.makeRtf({ objects: [{ data: cut }] })))).toEqual([
      { kind: 'attachment.embedded-object', detail: 'RTF document with a linked object whose source cannot be read', tags: ['ole-link', 'unknown-source', 'rtf'] },
    ]);
    expect(rtfObservations(inspectRtf(o.makeRtf({ objects: [{ data: cut, update: true }] })))[0]!.tags).toEqual(['ole-link', 'unknown-source', 'auto-update', 'rtf']);
  });

  it('reports an OLE 1.0 link to another computer, not one to a local file', () => {
    const remote = o.makeRtf({ objects: [{ data: o.ole1Object('Excel.Sheet.8', undefined, { linked: true, topic: '\\\\203.0.113.9\\share\\so-lieu.xls' }) }] });
    expect(rtfObservations(inspectRtf(remote))[0]).toMatchObject({ kind: 'attachment.external-object', tags: ['ole-link', 'unc', 'rtf'] });
    const local = o.makeRtf({ objects: [{ data: o.ole1Object('Excel.Sheet.8', undefined, { linked: true, topic: 'C:\\So lieu\\2024.xls' }) }] });
    expect(rtfObservations(inspectRtf(local))).toEqual([]);
  });

  it('reports a template fetched from another computer, not one on the author\'s disk', () => {
    const remote = inspectRtf(o.makeRtf({ template: 'http://203.0.113.9/mau.dotm' }));
    expect(rtfObservations(remote)).toEqual([
      { kind: 'attachment.external-object', detail: 'RTF document loads its template from http://203.0.113.9/mau.dotm when it opens (template injection)', tags: ['attached-template', 'http', 'rtf'] },
    ]);
    expect(rtfObservations(inspectRtf(o.makeRtf({ template: 'C:\\\\Users\\\\A\\\\Normal.dotm' })))).toEqual([]);
  });

  it('reports an ordinary object that is forced to update on opening, and only then', () => {
    const data = o.ole1Object('Excel.Chart.8', o.makeExcelObject());
    expect(rtfObservations(inspectRtf(o.makeRtf({ objects: [{ data }] })))).toEqual([]);
    const forced = rtfObservations(inspectRtf(o.makeRtf({ objects: [{ data, update: true }] })));
    expect(forced).toEqual([{ kind: 'attachment.embedded-object', detail: 'RTF document with object "Excel.Chart.8" updated automatically on opening', tags: ['auto-update', 'rtf'] }]);
  });

  it('finds an Equation object inside the compound file an object carries', () => {
    const r = inspectRtf(o.makeRtf({ objects: [{ data: o.ole1Object('Word.Document.8', o.makeEquationOleObject()) }] }));
    expect(r.objects).toEqual([{ kind: 'equation', classNames: ['Word.Document.8', 'Equation.3'] }]);
  });

  it('reports objects whose data cannot be read as uninspectable, but only when none could be read', () => {
    const junk = rtf('{\\object{\\*\\objdata 0000000000000000deadbeef}}');
    expect(rtfObservations(inspectRtf(junk))).toEqual([{ kind: 'attachment.uninspectable', detail: 'RTF document with an embedded object whose data cannot be read', tags: ['rtf'] }]);
    const mixed = rtf(`{\\object{\\*\\objdata 00000000deadbeef}}{\\object{\\*\\objdata ${hex(o.ole1Object('Excel.Chart.8', o.makeExcelObject()))}}}`);
    expect(rtfObservations(inspectRtf(mixed))).toEqual([]);
    expect(rtfObservations(inspectRtf(rtf('plain text, no objects')))).toEqual([]);
  });

  describe('bad input', () => {
    it('never throws on a truncated document, and finds the object as soon as its class name is in', () => {
      const whole = o.makeEquationRtf();
      const at = whole.indexOf('{\\*\\objdata');
      for (let cut = 0; cut <= whole.length; cut += 7) expect(() => rtfObservations(inspectRtf(whole.subarray(0, cut)))).not.toThrow();
      // class name "Equation.3" ends within the first ~30 decoded bytes; the obfuscated hex is about 8 characters a byte
      expect(kinds(whole.subarray(0, at + 400))).toEqual(['equation']);
    });

    it('never throws on garbage, unbalanced braces, or a \\bin longer than the file', () => {
      let x = 7;
      const garbage = Buffer.alloc(200_000);
      for (let i = 0; i < garbage.length; i++) garbage[i] = (x = (x * 1103515245 + 12345) & 0x7fffffff) & 0xff;
      expect(() => inspectRtf(Buffer.concat([Buffer.from('{\\rtf1'), garbage]))).not.toThrow();
      expect(inspectRtf(Buffer.from('{\\rtf1}}}}}}{\\object{\\*\\objdata \\bin99999999999999 0105'))).toMatchObject({ objectCount: 1 });
      expect(inspectRtf(Buffer.from('{\\rtf1\\'))).toMatchObject({ objects: [] });
      expect(inspectRtf(Buffer.alloc(0))).toMatchObject({ objects: [], objectCount: 0 });
    });

    it('reads a document nested 100,000 groups deep in one pass', () => {
      const deep = Buffer.from(`{\\rtf1${'{'.repeat(100_000)}{\\object{\\*\\objdata ${hex(equation())}}}${'}'.repeat(100_000)}}`, 'latin1');
      expect(kinds(deep)).toEqual(['equation']);
    });

    it('reads 8 MB of adversarial input quickly', () => {
      const patterns = ['{\\*\\objdata ', '\\objdata', '{\\object', '\\bin0 ', '{\\*', '\\' + 'a'.repeat(300), '0'.repeat(50), '\\\'4'];
      const parts: string[] = ['{\\rtf1'];
      let size = 0;
      for (let i = 0; size < RTF_MAX_BYTES; i++) {
        const p = patterns[i % patterns.length]!;
        parts.push(p);
        size += p.length;
      }
      const big = Buffer.from(parts.join(''), 'latin1');
      const started = Date.now();
      const r = inspectRtf(big);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(r.objects.length).toBeLessThanOrEqual(MAX_OBJECTS);
    });
  });

  describe('limits', () => {
    it(`reads only the first ${RTF_MAX_BYTES} bytes`, () => {
      const object = `{\\object{\\*\\objdata ${hex(equation())}}}`;
      const pad = (n: number) => `{\\*\\lachanpad ${'x'.repeat(n)}}`;
      expect(kinds(rtf(pad(RTF_MAX_BYTES - 4096) + object))).toEqual(['equation']);
      expect(kinds(rtf(pad(RTF_MAX_BYTES) + object))).toEqual([]);
    });

    it(`keeps ${MAX_OBJECTS} objects and counts the rest`, () => {
      const one = `{\\object{\\*\\objdata ${hex(equation())}}}`;
      const r = inspectRtf(rtf(one.repeat(MAX_OBJECTS + 20)));
      expect(r.objectCount).toBe(MAX_OBJECTS + 20);
      expect(r.objects).toHaveLength(MAX_OBJECTS);
      expect(rtfObservations(r)[0]!.detail).toContain(`${MAX_OBJECTS} Microsoft Equation Editor objects`);
    });

    it(`decodes at most ${OBJDATA_MAX_BYTES} bytes of one object, and still reads its header`, () => {
      const big = o.ole1Object('Package', o.packageNative('setup.exe', Buffer.alloc(OBJDATA_MAX_BYTES * 2, 0x41)));
      const r = inspectRtf(o.makeRtf({ objects: [{ data: big }] }));
      expect(r.objects).toMatchObject([{ kind: 'package', fileName: 'setup.exe' }]);
    });
  });
});
