import { describe, expect, it } from 'vitest';
import { declaredNames, mayName, readNames } from './file-names.js';
import type { RawField } from './headers.js';

const fields = (ct: string, cd?: string): RawField[] => [
  { key: 'content-type', value: ct },
  ...(cd === undefined ? [] : [{ key: 'content-disposition', value: cd }]),
];

describe('declared file names', () => {
  it('keeps both names when Content-Type name= and Content-Disposition filename= differ', () => {
    const d = declaredNames(fields('application/pdf; name="a.exe"', 'attachment; filename="a.pdf"'))!;
    expect(d.keys).toEqual(['a.pdf']);
    expect(d.all).toEqual(expect.arrayContaining(['a.exe', 'a.pdf']));
  });

  it('keeps the plain filename beside the RFC 2231 one, and every spelling of a parameter', () => {
    const mixed = declaredNames(fields('application/octet-stream', "attachment; filename=\"a.pdf\"; filename*=utf-8''a%2Eexe"))!;
    expect(mixed.keys).toEqual(['a.exe']);
    expect(mixed.all).toEqual(expect.arrayContaining(['a.exe', 'a.pdf']));
    const twice = declaredNames(fields('application/octet-stream', 'attachment; FILENAME="a.pdf"; filename="a.exe"'))!;
    expect(twice.all).toEqual(expect.arrayContaining(['a.exe', 'a.pdf']));
  });

  it('decodes an encoded word inside an RFC 2231 value as a client decoding twice would', () => {
    const d = declaredNames(fields('application/octet-stream', "attachment; filename*=utf-8''a%3D%3Futf-8%3FQ%3F%3D2Eexe%3F%3D"))!;
    expect(d.all).toEqual(expect.arrayContaining(['a=?utf-8?Q?=2Eexe?=', 'a.exe']));
  });

  it('has nothing to say about a part without a name, and one name for a plain one', () => {
    expect(declaredNames(fields('text/plain; charset=utf-8'))).toBeUndefined();
    expect(declaredNames(fields('application/pdf', 'attachment; filename="a.pdf"'))!.all).toEqual(['a.pdf']);
  });

  it('the quick no-name test changes no answer: comments, sections, odd case and spacing inside keys', () => {
    const values = [
      'application/octet-stream; file(x)name="a.exe"', 'attachment; file(x)name="a.exe"', 'attachment; fi(le)le(x)name=a.exe',
      "application/octet-stream; NAME*0*=utf-8''a%2E; NAME*1=exe", 'attachment; filename = "a.exe"', 'attachment; FileName=a.exe',
      'attachment;filename*=a.exe', 'application/x; na(c)me=a.exe', 'text/plain; charset=utf-8', 'attachment', 'inline; size=3',
      'multipart/mixed; boundary="=_next_part_001"', 'application/pdf; n=1; a=2; m=3; e=4', 'attachment; (name) x=y',
    ];
    for (const ct of values) {
      for (const cd of [undefined, ...values]) {
        const f = fields(ct, cd);
        const slow = readNames([ct], cd === undefined ? [] : [cd]);
        expect(declaredNames(f), `${ct} | ${cd}`).toEqual(slow);
      }
    }
    expect(declaredNames(fields('application/octet-stream', 'attachment; filename="a.exe"'))!.all).toEqual(['a.exe']);
  });

  it('mayName: n, a, m, e in order in any case', () => {
    expect(mayName('attachment; filename="x"')).toBe(true);
    expect(mayName('application/pdf; NAME=x')).toBe(true);
    expect(mayName('attachment; file(x)na(y)me=a')).toBe(true);
    expect(mayName('text/plain; charset=utf-8')).toBe(false);
    expect(mayName('attachment')).toBe(false);
    expect(mayName('inline')).toBe(false);
  });
});
