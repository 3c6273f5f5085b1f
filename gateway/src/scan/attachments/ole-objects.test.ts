import CFB from 'cfb';
import { describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import * as o from '../../../../test-fixtures/attachments/office-payloads.mjs';
import { inspectOle, oleObservations } from './macros.js';
import { compoundFileObjects, exploitScheme, linkSource, readOle1, readPackageHeader, targetInfo } from './ole-objects.js';

describe('where a link or relationship target points', () => {
  it.each([
    ['https://office-templates.example.net/mau.dotm', true, 'https'],
    ['HTTP://203.0.113.5/x', true, 'http'],
    ['ht\ttp://203.0.113.5/x', true, 'http'],
    ['\\\\203.0.113.5\\share\\mau.dotm', true, 'unc'],
    ['//fileserver/share/mau.dotx', true, 'unc'],
    ['\\\\?\\UNC\\fileserver\\share\\x', true, 'unc'],
    ['file://fileserver/share/mau.dotx', true, 'file'],
    ['file:////fileserver/share/mau.dotx', true, 'file'],
    ['file:///\\\\fileserver\\share\\mau.dotx', true, 'file'],
    ['file:///C:\\Users\\A\\AppData\\Roaming\\Microsoft\\Templates\\Normal.dotm', false, 'file'],
    ['file:///C:/Templates/Normal.dotm', false, 'file'],
    ['file://localhost/C:/Templates/Normal.dotm', false, 'file'],
    ['file:///home/a/mau.ott', false, 'file'],
    ['C:\\Templates\\Normal.dotm', false, ''],
    ['\\\\?\\C:\\Templates\\Normal.dotm', false, ''],
    ['../media/image1.png', false, ''],
    ['mailto:a@example.org', false, 'mailto'],
  ])('%s → remote %s (%s)', (target, remote, scheme) => {
    expect(targetInfo(target)).toEqual({ remote, scheme });
  });

  it('knows the protocols that run code, whatever their case or leading blanks', () => {
    expect(exploitScheme('mhtml:http://203.0.113.7/a.html!x-usc:http://203.0.113.7/a.html')).toBe('mhtml');
    expect(exploitScheme(' MS-MSDT:/id PCWDiagnostic /skip force')).toBe('ms-msdt');
    expect(exploitScheme('search-ms:query=hoa-don&crumb=location:\\\\203.0.113.7@80\\share')).toBe('search-ms');
    expect(exploitScheme('https://www.example.org/')).toBeUndefined();
    expect(exploitScheme('mhtml')).toBeUndefined();
  });
});

describe('OLE object headers', () => {
  it('reads an OLE 1.0 header (embedded and linked), and refuses what is not one', () => {
    expect(readOle1(o.ole1Object('Equation.3', o.FAKE_EQUATION))).toEqual({ formatId: 2, className: 'Equation.3', topic: '', item: '', native: o.FAKE_EQUATION });
    expect(readOle1(o.ole1Object('Excel.Sheet.8', undefined, { linked: true, topic: '\\\\h\\s\\a.xls' }))).toMatchObject({ formatId: 1, topic: '\\\\h\\s\\a.xls' });
    expect(readOle1(Buffer.from('0105000003000000', 'hex'))).toBeUndefined();
    const huge = o.ole1Object('Equation.3');
    huge.writeUInt32LE(0x7fffffff, 8); // a class name "2 GB long"
    expect(readOle1(huge)).toBeUndefined();
    expect(readOle1(Buffer.alloc(0))).toBeUndefined();
  });

  it('reads the names of a package, and gives up on a name without its end', () => {
    expect(readPackageHeader(o.packageNative('a.exe', o.FAKE_PROGRAM), false)).toEqual({
      fileName: 'a.exe',
      sourcePath: 'C:\\Users\\Public\\a.exe',
      tempPath: 'C:\\Users\\Public\\AppData\\Local\\Temp\\a.exe',
    });
    expect(readPackageHeader(Buffer.concat([Buffer.from([2, 0]), Buffer.alloc(5000, 0x41)]), false)).toBeUndefined();
    expect(readPackageHeader(Buffer.alloc(0), true)).toBeUndefined();
  });

  it('reads the source of a URL moniker (UTF-16) and of a file moniker (ANSI)', () => {
    expect(linkSource(o.oleLinkStream('http://203.0.113.9/a.hta'))).toBe('http://203.0.113.9/a.hta');
    expect(linkSource(Buffer.from('\u0000\u0000\\\\203.0.113.9\\share\\a.doc\u0000', 'latin1'))).toBe('\\\\203.0.113.9\\share\\a.doc');
    expect(linkSource(Buffer.alloc(100))).toBeUndefined();
  });
});

describe('objects in OLE compound files (.doc, .xls, oleObject.bin)', () => {
  it('finds a Package in a .doc ObjectPool, names its file and tags it executable', () => {
    const traits = inspectOle(o.makeOleDocWithPackage('huong-dan.js'));
    expect(traits).toMatchObject({ vba: false, encrypted: false, objects: [{ kind: 'package', fileName: 'huong-dan.js' }] });
    expect(oleObservations(traits)).toEqual([
      { kind: 'attachment.embedded-object', detail: 'OLE document with packaged file "huong-dan.js"', tags: ['package', 'js', 'executable', 'ole'] },
    ]);
  });

  it('finds an Equation object by its stream, by its CLSID alone, and by its ProgID alone', () => {
    expect(compoundFileObjects(o.makeEquationOleObject())).toEqual([{ kind: 'equation', classNames: ['Equation.3'] }]);
    expect(compoundFileObjects(o.makeCompoundFile({ '/CONTENTS': Buffer.alloc(10) }, { clsid: o.EQUATION_CLSID }))).toEqual([{ kind: 'equation', classNames: ['Equation'] }]);
    expect(compoundFileObjects(o.makeCompoundFile({ '/\u0001CompObj': o.compObj('Microsoft Equation 3.0', 'Equation.3') }))).toEqual([
      { kind: 'equation', classNames: ['Equation.3'] },
    ]);
    const doc = o.makeCompoundFile({ '/WordDocument': Buffer.alloc(1024), '/ObjectPool/_1/Equation Native': o.FAKE_EQUATION });
    expect(oleObservations(inspectOle(doc))).toEqual([
      { kind: 'attachment.exploit', detail: 'OLE document with a Microsoft Equation Editor object ("Equation"), the target of CVE-2017-11882 / CVE-2018-0802', tags: ['equation-editor', 'ole'] },
    ]);
  });

  it('finds a linked object to another computer, not an embedded one or a chart', () => {
    const linked = o.makeCompoundFile({ '/WordDocument': Buffer.alloc(1024), '/ObjectPool/_2/\u0001Ole': o.oleLinkStream('https://203.0.113.9/a.rtf') });
    expect(oleObservations(inspectOle(linked))).toEqual([
      {
        kind: 'attachment.external-object',
        detail: 'OLE document with an OLE object linked to https://203.0.113.9/a.rtf: fetched from there when the document opens',
        tags: ['ole-link', 'https', 'ole'],
      },
    ]);
    const embedded = Buffer.from(o.oleLinkStream('https://203.0.113.9/a.rtf'));
    embedded.writeUInt32LE(0, 4); // flags: not a link
    expect(inspectOle(o.makeCompoundFile({ '/ObjectPool/_2/\u0001Ole': embedded })).objects).toBeUndefined();
    expect(compoundFileObjects(o.makeExcelObject())).toEqual([]);
    // a link to a local file, or one whose moniker says nothing we can read: not reported
    expect(inspectOle(o.makeCompoundFile({ '/ObjectPool/_3/\u0001Ole': o.oleLinkStream('C:\\So lieu\\2024.xlsx') })).objects).toMatchObject([{ kind: 'link', source: 'C:\\So lieu\\2024.xlsx' }]);
    expect(oleObservations(inspectOle(o.makeCompoundFile({ '/ObjectPool/_3/\u0001Ole': o.oleLinkStream('C:\\So lieu\\2024.xlsx') })))).toEqual([]);
    expect(inspectOle(o.makeCompoundFile({ '/ObjectPool/_4/\u0001Ole': o.oleLinkStream('so-lieu') })).objects).toBeUndefined();
  });

  it('does not take MathType for the Equation Editor, though it writes an Equation Native stream too', () => {
    const mathType = o.makeCompoundFile({ '/Equation Native': o.FAKE_EQUATION, '/\u0001CompObj': o.compObj('MathType 6.0 Equation', 'Equation.DSMT4') }, { clsid: '03ce020000000000c000000000000046' });
    expect(compoundFileObjects(mathType)).toEqual([]);
    // a bare Equation Native stream, no class at all: the Equation Editor is what Office would start
    expect(compoundFileObjects(o.makeCompoundFile({ '/Equation Native': o.FAKE_EQUATION }))).toEqual([{ kind: 'equation', classNames: ['Equation'] }]);
  });

  it('takes an Ole10Native stream for a package only with the Packager signature or a Package class', () => {
    const picture = Buffer.concat([Buffer.from([0x20, 0, 0, 0]), Buffer.from('BM6\u0000a.bmp\u0000', 'latin1'), Buffer.alloc(40)]);
    expect(compoundFileObjects(o.makeCompoundFile({ '/\u0001Ole10Native': picture }))).toEqual([]);
    expect(compoundFileObjects(o.makeCompoundFile({ '/\u0001Ole10Native': picture, '/\u0001CompObj': o.compObj('OLE Package', 'Package') }))).toMatchObject([{ kind: 'package' }]);
  });

  it('leaves the macro findings as they were, and says nothing of an ordinary document', () => {
    expect(inspectOle(p.makeOleDoc())).toEqual({ vba: false, encrypted: false });
    expect(oleObservations(inspectOle(p.makeOleDocWithMacros())).map((x) => x.kind)).toEqual(['attachment.macro']);
  });

  it('gives undefined, not an exception, for bytes that are not (or no longer) a compound file', () => {
    const whole = o.makeEquationOleObject();
    expect(compoundFileObjects(whole.subarray(0, 700))).toBeUndefined();
    expect(compoundFileObjects(Buffer.alloc(4096))).toBeUndefined();
    const c = CFB.utils.cfb_new();
    CFB.utils.cfb_add(c, '/\u0001Ole10Native', Buffer.from([1, 2, 3]));
    // a package stream too short to hold a name is not reported as a package
    expect(compoundFileObjects(Buffer.from(CFB.write(c, { type: 'buffer' }) as Uint8Array))).toEqual([]);
  });
});
