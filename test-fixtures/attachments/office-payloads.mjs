// Office documents without macros that carry the objects and links weaponised documents use (RTF
// objects, OLE Package and Equation Editor objects, OOXML external relationships), for the fixtures
// (generate.mjs) and the tests. Built from code and harmless: the "Equation Editor" data is a few
// zero bytes and a text marker, not an exploit; the "packaged program" is a line of text named
// .exe; every remote address is under example.net / example.org (reserved names) or 203.0.113.0/24
// (a documentation range), and nothing is ever fetched.
import { createRequire } from 'node:module';
import { makeVbaStorage, makeZip } from './payloads.mjs';

const require = createRequire(import.meta.url);
const CFB = require('cfb');

/** CLSID of Microsoft Equation 3.0 as cfb writes it (the 16 bytes on disk, in hex). */
export const EQUATION_CLSID = '02ce020000000000c000000000000046';

const lpString = (s) => {
  const body = Buffer.from(s ? `${s}\0` : '', 'latin1');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(body.length, 0);
  return Buffer.concat([len, body]);
};

/**
 * An OLE 1.0 object as RTF `\objdata` holds it: version, format (2 embedded, 1 linked), class
 * name, topic and item, then (embedded) the native data with its size.
 */
export function ole1Object(className, native = Buffer.alloc(0), { linked = false, topic = '' } = {}) {
  const head = Buffer.alloc(8);
  head.writeUInt32LE(0x00000501, 0);
  head.writeUInt32LE(linked ? 1 : 2, 4);
  const parts = [head, lpString(className), lpString(topic), lpString('')];
  if (!linked) {
    const size = Buffer.alloc(4);
    size.writeUInt32LE(native.length, 0);
    parts.push(size, native);
  } else {
    parts.push(lpString(''), Buffer.alloc(8)); // network name, reserved, link update option
  }
  return Buffer.concat(parts);
}

/** A Package object's native data (the Packager format): signature, name, source path, temp path, the file. */
export function packageNative(fileName, data, { sourcePath = `C:\\Users\\Public\\${fileName}`, tempPath = `C:\\Users\\Public\\AppData\\Local\\Temp\\${fileName}` } = {}) {
  const temp = Buffer.from(`${tempPath}\0`, 'latin1');
  const tempLen = Buffer.alloc(4);
  tempLen.writeUInt32LE(temp.length, 0);
  const dataLen = Buffer.alloc(4);
  dataLen.writeUInt32LE(data.length, 0);
  return Buffer.concat([
    Buffer.from([0x02, 0x00]),
    Buffer.from(`${fileName}\0${sourcePath}\0`, 'latin1'),
    Buffer.from([0x00, 0x00, 0x03, 0x00]),
    tempLen,
    temp,
    dataLen,
    data,
  ]);
}

/** The `\x01Ole10Native` stream of a Package object: its 32-bit size, then the native data. */
export function ole10NativeStream(fileName, data) {
  const native = packageNative(fileName, data);
  const size = Buffer.alloc(4);
  size.writeUInt32LE(native.length, 0);
  return Buffer.concat([size, native]);
}

/** A harmless stand-in for a packaged program. */
export const FAKE_PROGRAM = Buffer.from('Lac Chan test: not a program, only a name that says so.\r\n', 'latin1');

/** Stand-in bytes for an Equation Editor object's data: an empty header and a marker, no exploit. */
export const FAKE_EQUATION = Buffer.concat([Buffer.alloc(28, 0), Buffer.from('LACHAN-EQUATION-TEST', 'latin1')]);

const hex = (buf) => buf.toString('hex');

/**
 * Hex the way weaponisers write it into `\objdata`: line breaks, junk control words, `{\*\…}`
 * groups and a plain group between the digits, upper and lower case, and one digit too many.
 */
export function obfuscatedHex(buf) {
  const h = hex(buf);
  let out = '';
  for (let i = 0; i < h.length; i += 2) {
    const pair = i % 4 === 0 ? h.slice(i, i + 2).toUpperCase() : h.slice(i, i + 2);
    switch ((i / 2) % 7) {
      case 1:
        out += `${pair[0]}\r\n${pair[1]}`;
        break;
      case 3:
        out += `${pair[0]}{\\*\\lachanjunk 4142}${pair[1]}`;
        break;
      case 5:
        out += `\\xyzzy ${pair}`;
        break;
      case 6:
        out += `{${pair}}`;
        break;
      default:
        out += `${pair} `;
    }
  }
  return `${out}9`;
}

/**
 * An RTF document: a Vietnamese line of text, then each object as
 * `{\object\objemb{\*\objclass C}{\*\objdata HEX}{\result …}}`. `header` replaces `{\rtf1` (Word
 * also opens `{\rt…`); `template` adds `{\*\template URL}`.
 */
export function makeRtf({ objects = [], header = '{\\rtf1', template, text = 'B\\u225?o c\\u225?o th\\u225?ng 10' } = {}) {
  let out = `${header}\\ansi\\ansicpg1258\\deff0{\\fonttbl{\\f0 Times New Roman;}}\r\n`;
  if (template) out += `{\\*\\template ${template}}\r\n`;
  out += `\\pard\\f0\\fs26 ${text}\\par\r\n`;
  for (const o of objects) {
    const data = o.obfuscate ? obfuscatedHex(o.data) : hex(o.data).replace(/.{1,128}/g, '$&\r\n');
    out += `{\\object\\objemb${o.update ? '\\objupdate' : ''}\\objw2000\\objh400`;
    if (o.objclass) out += `{\\*\\objclass ${o.objclass}}`;
    out += `{\\*\\objdata ${data}}{\\result {\\pict\\wmetafile8 0100}}}\r\n`;
  }
  out += '\\par}\r\n';
  return Buffer.from(out, 'latin1');
}

/** An RTF with an obfuscated Equation.3 object updated on opening (the shape of a Royal Road document). */
export function makeEquationRtf() {
  return makeRtf({ objects: [{ objclass: 'Equation.3', data: ole1Object('Equation.3', FAKE_EQUATION), update: true, obfuscate: true }] });
}

/** An RTF with a Package object that carries a file named `name`. */
export function makePackageRtf(name = 'invoice.exe') {
  return makeRtf({ objects: [{ objclass: 'Package', data: ole1Object('Package', packageNative(name, FAKE_PROGRAM)) }] });
}

/** A small OLE compound file with the streams given (cfb), optionally with a root CLSID. */
export function makeCompoundFile(streams, { clsid } = {}) {
  const c = CFB.utils.cfb_new(clsid ? { CLSID: clsid } : {});
  for (const [name, data] of Object.entries(streams)) CFB.utils.cfb_add(c, name, Buffer.isBuffer(data) ? data : Buffer.from(data));
  return Buffer.from(CFB.write(c, { type: 'buffer' }));
}

/** An ordinary embedded Excel chart's data (a compound file with a workbook-ish stream), harmless. */
export function makeExcelObject() {
  return makeCompoundFile({ '/Workbook': Buffer.alloc(600, 0), '/\u0001CompObj': compObj('Microsoft Excel Chart', 'Excel.Chart.8') });
}

/** A `\x01CompObj` stream: 28-byte header, then user type, clipboard format (none) and ProgID. */
export function compObj(userType, progId) {
  const header = Buffer.alloc(28, 0);
  header.writeUInt32LE(0xfffe0001, 0);
  return Buffer.concat([header, lpString(userType), Buffer.alloc(4, 0), lpString(progId), Buffer.from([0x71, 0xb2, 0x39, 0xf4]), Buffer.alloc(8, 0)]);
}

/** An OOXML oleObject*.bin: a compound file whose root holds an OLE Package object carrying `fileName`. */
export function packageBin(fileName, data) {
  return makeCompoundFile({ '/\u0001Ole10Native': ole10NativeStream(fileName, data), '/\u0001CompObj': compObj('OLE Package', 'Package') });
}

/** A clean RTF: text and one embedded Excel chart (an ordinary object, nothing to report). */
export function makeCleanRtf() {
  return makeRtf({ objects: [{ objclass: 'Excel.Chart.8', data: ole1Object('Excel.Chart.8', makeExcelObject()) }] });
}

/** An OLE2Link `\x01Ole` stream whose URL moniker points at `url` (CVE-2017-0199's shape). */
export function oleLinkStream(url) {
  const head = Buffer.alloc(20, 0);
  head.writeUInt32LE(0x02000001, 0);
  head.writeUInt32LE(0x00000001, 4); // a linked object
  const moniker = Buffer.concat([
    Buffer.from('e0c9ea79f9bace118c8200aa004ba90b', 'hex'), // URL moniker CLSID
    (() => {
      const u = Buffer.from(`${url}\0`, 'utf16le');
      const len = Buffer.alloc(4);
      len.writeUInt32LE(u.length, 0);
      return Buffer.concat([len, u]);
    })(),
  ]);
  const size = Buffer.alloc(4);
  size.writeUInt32LE(moniker.length, 0);
  return Buffer.concat([head, size, moniker]);
}

/** A legacy Word document (.doc) with a Package object in its ObjectPool carrying a file named `name`. */
export function makeOleDocWithPackage(name = 'huong-dan.js') {
  return makeCompoundFile({
    '/WordDocument': Buffer.alloc(1024, 0),
    '/1Table': Buffer.alloc(512, 0),
    '/ObjectPool/_1712345678/\u0001Ole10Native': ole10NativeStream(name, FAKE_PROGRAM),
    '/ObjectPool/_1712345678/\u0001CompObj': compObj('OLE Package', 'Package'),
  });
}

/** An OOXML embedded Equation Editor object (word/embeddings/oleObject1.bin). */
export function makeEquationOleObject() {
  return makeCompoundFile({ '/Equation Native': FAKE_EQUATION, '/\u0001CompObj': compObj('Microsoft Equation 3.0', 'Equation.3') }, { clsid: EQUATION_CLSID });
}

// ---- OOXML ----

const REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const xmlEscape = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** A .rels part: [{ type: 'hyperlink' | full URI, target, external }]. */
export function relsXml(rels) {
  const items = rels.map((r, i) => {
    const type = r.type.includes('/') ? r.type : `${R}/${r.type}`;
    return `<Relationship Id="rId${i + 1}" Type="${type}" Target="${xmlEscape(r.target)}"${r.external ? ' TargetMode="External"' : ''}/>`;
  });
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${REL_NS}">${items.join('')}</Relationships>`;
}

/**
 * A Word document (.docx) with the relationships given for word/document.xml (`document`) and
 * word/settings.xml (`settings`, where Word keeps attachedTemplate), and extra parts (`files`).
 */
export function makeDocx({ document = [], settings = [], files = {}, text = 'Kế hoạch công tác năm 2024' } = {}) {
  const types =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
    `<Default Extension="xml" ContentType="application/xml"/>` +
    `<Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.oleObject"/>` +
    `<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
    `<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/></Types>`;
  const w = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
  const docRels = [{ type: 'settings', target: 'settings.xml' }, ...document];
  return makeZip({
    '[Content_Types].xml': types,
    '_rels/.rels': relsXml([{ type: 'officeDocument', target: 'word/document.xml' }]),
    'word/document.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="${w}"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`,
    'word/settings.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings xmlns:w="${w}" xmlns:r="${R}">${settings.length ? '<w:attachedTemplate r:id="rId1"/>' : ''}</w:settings>`,
    'word/_rels/document.xml.rels': relsXml(docRels),
    ...(settings.length ? { 'word/_rels/settings.xml.rels': relsXml(settings) } : {}),
    ...files,
  });
}

/** A .docx whose template is fetched from `url` as it opens (template injection). */
export function makeRemoteTemplateDocx(url = 'https://office-templates.example.net/mau/bao-cao.dotm') {
  return makeDocx({ settings: [{ type: 'attachedTemplate', target: url, external: true }] });
}

/** A .docx with an external oleObject relationship to an `mhtml:` target (CVE-2021-40444's shape). */
export function makeMhtmlOleDocx(target = 'mhtml:http://203.0.113.7/tai-lieu.html!x-usc:http://203.0.113.7/tai-lieu.html') {
  return makeDocx({ document: [{ type: 'oleObject', target, external: true }] });
}

/** A clean .docx: an ordinary external hyperlink, and a template on the author's own disk. */
export function makeHyperlinkDocx(url = 'https://www.example.org/ke-hoach-2024') {
  return makeDocx({
    document: [{ type: 'hyperlink', target: url, external: true }],
    settings: [{ type: 'attachedTemplate', target: 'file:///C:\\Users\\ChuyenVien\\AppData\\Roaming\\Microsoft\\Templates\\Normal.dotm', external: true }],
  });
}

/** A macro-enabled Excel workbook (.xlsm): a VBA project and an Excel 4.0 macro sheet. */
export function makeMacroWorkbook() {
  const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  return makeZip({
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="xml" ContentType="application/xml"/><Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>',
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${ns}"><sheets><sheet name="Sheet1" sheetId="1"/></sheets></workbook>`,
    'xl/macrosheets/sheet1.xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xm:macrosheet xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"/>',
    'xl/vbaProject.bin': makeVbaStorage(),
  });
}

/**
 * makeOleDocWithPackage's .doc with its seventh directory entry naming entry 5 as both its left and
 * right sibling: the loop that made cfb's CFB.read grow without end (cfb-guard.ts), as the fuzzer
 * found it, minimised.
 */
export function makeLoopedDirectoryDoc() {
  const doc = Buffer.from(makeOleDocWithPackage('huong-dan.js'));
  const dir = (doc.readInt32LE(48) + 1) * 512;
  doc.writeInt32LE(5, dir + 6 * 128 + 68);
  doc.writeInt32LE(5, dir + 6 * 128 + 72);
  return doc;
}
