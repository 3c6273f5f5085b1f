import { describe, expect, it } from 'vitest';
import { nameAndTypeObservations, otherNameObservations } from './checks.js';
import { analyseName, doubleExtension } from './names.js';

const EXE = { ext: 'exe', mime: 'application/x-msdownload' };
const PDF = { ext: 'pdf', mime: 'application/pdf' };
const PNG = { ext: 'png', mime: 'image/png' };
const ZIP = { ext: 'zip', mime: 'application/zip' };

const kinds = (name: string, declared = '', trueType?: { ext: string; mime: string }) =>
  nameAndTypeObservations(name, declared, trueType).map((o) => o.kind).sort();

describe('file names', () => {
  it('takes the extension Windows acts on, ignoring trailing dots and spaces', () => {
    expect(analyseName('Invoice.EXE').ext).toBe('exe');
    expect(analyseName('invoice.exe. . ').ext).toBe('exe');
    expect(analyseName('README').ext).toBe('');
    expect(analyseName('thư mục/báo cáo.pdf').ext).toBe('pdf');
  });

  it('sees through a right-to-left override to the real extension', () => {
    const info = analyseName('photo\u202Egpj.exe');
    expect(info.bidi).toEqual(['U+202E']);
    expect(info.clean).toBe('photogpj.exe');
    expect(info.ext).toBe('exe');
  });

  it('finds a document extension put before an executable one', () => {
    expect(doubleExtension(analyseName('hoa-don.pdf.exe'))).toEqual({ decoy: 'pdf', real: 'exe' });
    expect(doubleExtension(analyseName('scan.jpg      .exe'))).toEqual({ decoy: 'jpg', real: 'exe' });
  });

  it('takes the name Windows saves when NTFS stream syntax is in it', () => {
    expect(analyseName('hoa-don.pdf:.exe').ext).toBe('exe'); // saved as hoa-don.pdf_.exe
    expect(analyseName('hoa-don.exe::$DATA').ext).toBe('exe'); // the stream of hoa-don.exe
    expect(analyseName('hoa-don.exe:Zone.Identifier').ext).toBe('exe');
    expect(analyseName('ghi-chu:2024.pdf').ext).toBe('pdf');
  });

  it('reads a look-alike dot as a decoy, never as the real extension, and drops zero-width characters', () => {
    expect(doubleExtension(analyseName('hoa-don\u2024pdf.exe'))).toEqual({ decoy: 'pdf', real: 'exe' });
    expect(doubleExtension(analyseName('hoa-don\uFF0Epdf.exe'))).toEqual({ decoy: 'pdf', real: 'exe' });
    // Windows sees no .exe here: the file does not run
    expect(analyseName('hoa-don.pdf\u2024exe').ext).toBe('');
    expect(analyseName('hoa-don.\u200Bexe').ext).toBe('exe');
    expect(analyseName('hoa-don.e\u2062xe').ext).toBe('exe');
  });

  it('leaves ordinary stacked extensions alone', () => {
    expect(doubleExtension(analyseName('backup.tar.gz'))).toBeUndefined();
    expect(doubleExtension(analyseName('bao.cao.2024.pdf'))).toBeUndefined();
    expect(doubleExtension(analyseName('setup.exe'))).toBeUndefined();
  });
});

describe('other names of an attachment', () => {
  it('flags a dangerous or disguised other name, saying which name it is about', () => {
    const found = otherNameObservations('hoa-don.pdf.vbs');
    expect(found.map((o) => o.kind).sort()).toEqual(['attachment.dangerous-type', 'attachment.double-extension']);
    expect(found[0]!.detail).toMatch(/^also named "hoa-don\.pdf\.vbs": /);
    expect(otherNameObservations('scan\u202Efdp.js').map((o) => o.kind)).toContain('attachment.rtlo');
  });

  it('says nothing about a harmless other name', () => {
    expect(otherNameObservations('bao-cao.pdf')).toEqual([]);
    expect(otherNameObservations('=?utf-8?B?YmFvLWNhby5wZGY=?=')).toEqual([]);
  });
});

describe('name and type checks', () => {
  it('flags an executable renamed .pdf as a type mismatch and a dangerous type', () => {
    const obs = nameAndTypeObservations('hoa-don.pdf', 'application/pdf', EXE);
    expect(obs.map((o) => o.kind).sort()).toEqual(['attachment.dangerous-type', 'attachment.type-mismatch']);
    const mismatch = obs.find((o) => o.kind === 'attachment.type-mismatch')!;
    expect(mismatch.detail).toContain('named .pdf');
    expect(mismatch.detail).toContain('declared application/pdf');
    expect(mismatch.tags).toEqual(['exe']);
    // code under a document's name: disguised on purpose (the policy holds it: disguised-dangerous-attachment)
    expect(obs.find((o) => o.kind === 'attachment.dangerous-type')!.tags).toEqual(['exe', 'disguised']);
  });

  it('calls a program disguised only when a harmless name or declared type hides it', () => {
    const tagsOf = (name: string, declared: string) => nameAndTypeObservations(name, declared, EXE).find((o) => o.kind === 'attachment.dangerous-type')!.tags;
    expect(tagsOf('bao-cao', 'application/pdf')).toEqual(['exe', 'disguised']);
    expect(tagsOf('setup.exe', 'application/octet-stream')).toEqual(['exe']);
    expect(tagsOf('setup.exe', 'application/pdf')).toEqual(['exe']); // its own name says what it is
    expect(tagsOf('setup', '')).toEqual(['exe']);
  });

  it('flags a double extension together with the dangerous type', () => {
    expect(kinds('hoa-don.pdf.exe', 'application/octet-stream', EXE)).toEqual([
      'attachment.dangerous-type',
      'attachment.double-extension',
    ]);
  });

  it('flags a bidi control in the name and the executable it hides', () => {
    const obs = nameAndTypeObservations('photo\u202Egpj.exe', 'image/jpeg', EXE);
    expect(obs.map((o) => o.kind).sort()).toEqual([
      'attachment.dangerous-type',
      'attachment.rtlo',
      'attachment.type-mismatch', // declared image/jpeg, content exe
    ]);
    expect(obs.find((o) => o.kind === 'attachment.dangerous-type')!.tags).toEqual(['exe']);
  });

  it('flags dangerous names even when the content is unknown', () => {
    for (const name of ['run.js', 'a.vbs', 'x.hta', 'link.lnk', 'disk.iso', 'p.ps1', 'go.bat', 'help.chm', 'w.url']) {
      const obs = nameAndTypeObservations(name, '', undefined);
      expect(obs.map((o) => o.kind), name).toEqual(['attachment.dangerous-type']);
      expect(obs[0]!.tags).toEqual([analyseName(name).ext]);
    }
  });

  it('names both extensions when name and content are dangerous in different ways', () => {
    const obs = nameAndTypeObservations('screensaver.scr', '', EXE);
    expect(obs.find((o) => o.kind === 'attachment.dangerous-type')!.tags).toEqual(['scr', 'exe']);
    expect(obs.some((o) => o.kind === 'attachment.type-mismatch')).toBe(false); // both are PE files
  });

  it('says nothing about a plain PDF, a PNG named .jpg or a docx that sniffs as zip', () => {
    expect(kinds('thong-bao.pdf', 'application/pdf', PDF)).toEqual([]);
    expect(kinds('anh.jpg', 'image/jpeg', PNG)).toEqual([]);
    expect(kinds('ke-hoach.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ZIP)).toEqual([]);
    expect(kinds('', '', undefined)).toEqual([]);
  });

  it('flags a PDF that claims to be a picture, and a zip sent as text', () => {
    expect(kinds('anh.jpg', '', PDF)).toEqual(['attachment.type-mismatch']);
    expect(kinds('ghi-chu', 'text/plain', ZIP)).toEqual(['attachment.type-mismatch']);
  });

  it('flags an executable hiding behind an unknown extension', () => {
    expect(kinds('data.dat', '', EXE)).toEqual(['attachment.dangerous-type', 'attachment.type-mismatch']);
  });
});
