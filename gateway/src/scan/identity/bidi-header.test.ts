import { describe, expect, it } from 'vitest';
import { addr, makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import { deceivingBidi } from './bidi-header.js';
import { scanIdentity } from './index.js';

const ctx = makeContext(makePolicy({ localDomains: ['lachan.test'] }));
const bidi = (subject: string, from = 'Finance <finance@invoices-dept.example>') =>
  scanIdentity(makeMessage({ from: [addr(from)], subject }), ctx).find((f) => f.kind === 'content.bidi-control');

describe('content.bidi-control: bidi controls that reorder the subject or the From name', () => {
  it('finds a right-to-left override faking a .pdf in the subject, and an override in the From name', () => {
    expect(bidi('Payment copy Remit_\u202efdp.html')).toEqual(
      expect.objectContaining({ kind: 'content.bidi-control', subject: 'Payment copy Remit_fdp.html', tags: ['subject', 'U+202E'] }),
    );
    expect(bidi('Hóa đơn', 'Ke toan \u202eftp.exe <kt@x.example>')?.tags).toEqual(['from-name', 'U+202E']);
    expect(bidi('B\u00e1o c\u00e1o \u2067xsl.exe\u2069')?.tags).toEqual(['subject', 'U+2067', 'U+2069']);
  });

  it('leaves Arabic and Hebrew text with its embeddings alone, and plain subjects', () => {
    expect(bidi('\u202bدعوة لحضور المؤتمر الدولي للإدارة الرقمية 2026\u202c')).toBeUndefined();
    expect(deceivingBidi('\u202bהזמנה לכנס ASEAN\u202c')).toEqual([]);
    expect(bidi('Báo cáo tháng 2')).toBeUndefined();
    // left-to-right and right-to-left marks only nudge punctuation: not counted
    expect(bidi('Invoice 42\u200e')).toBeUndefined();
  });

  it('does not judge mail from the province’s own domains', () => {
    expect(bidi('Remit_\u202efdp.html', 'Phong CNTT <cntt@lachan.test>')).toBeUndefined();
  });
});
