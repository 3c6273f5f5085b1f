import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../../policy/engine.js';
import { loadPolicy } from '../../policy/loader.js';
import type { Policy } from '../../policy/types.js';
import { makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import type { Finding } from '../types.js';
import { normaliseEntry } from '../../policy/lists.js';
import { abbreviationInContext, harmfulFindings, hasSpot, joinPulledApart, TEXT_SEAM } from './harmful.js';
import { normaliseHarmfulEntry } from './harmful-lists.js';
import { scanContent } from './index.js';

const POLICY_DIR = fileURLToPath(new URL('../../../../policies', import.meta.url));

const policy = makePolicy({
  lists: {
    harmful_words: { type: 'phrase', entries: ['lồn', 'đéo', 'dcm', 'clgt', 'oc cho', 'con cu', 'óc chó'], match: 'exact' },
    harmful_mild: { type: 'phrase', entries: ['vl', 'vãi', 'dm', 'cc', 'đm'], match: 'exact' },
  },
});
const found = (text: string, p: Policy = policy): string[] => harmfulFindings(p, text).map((f) => f.subject!);

describe('harmful language: words as abusers write them', () => {
  it('reads teen-code and no-diacritic entries as written, and never an ordinary word without diacritics', () => {
    expect(found('Dcm thằng này oc cho thật, clgt vậy')).toEqual(['dcm', 'clgt', 'oc cho']);
    expect(found('lon bia, deo kính, lớn lên, con cú mèo, con cừu, ốc chợ')).toEqual([]);
  });

  it('counts one occurrence once: "óc chó" is the entry with diacritics, not also "oc cho"', () => {
    expect(found('đồ óc chó')).toEqual(['óc chó']);
  });

  it('joins letters pulled apart by emoji, symbols, dots or spaces into an entry', () => {
    expect(found('đ😡m mày, v🙂l thật')).toEqual(['vl', 'đm']);
    expect(found('l~ồ~n, c.l.g.t, đ é o')).toEqual(['lồn', 'đéo', 'clgt']);
    expect(found('D 💢 C 💢 M thằng này')).toEqual(['dcm']);
  });

  it('joins nothing that does not become an entry, and never two short words across a plain space', () => {
    expect(joinPulledApart('ở ý A B C, nói 😂 chuyện', new Set(['vl', 'dcm']), 3)).toBe('ở ý A B C, nói 😂 chuyện');
    // "v l" and "c c" could be list items or initials: joined across spaces only into 3 letters or a Vietnamese letter
    expect(found('mục v l và c c ở đây')).toEqual([]);
    expect(found('đ m mày')).toEqual(['đm']);
  });

  it("reads the caller's exact text only when no pulled-apart word was joined (the joined text is read instead)", () => {
    const subjects = (text: string, exactClean: string): string[] => harmfulFindings(policy, text, text, exactClean).map((f) => f.subject!);
    // joined: the text given as exactText of the original (no entry in it) is not what is read
    expect(subjects('đ😡m mày', 'đ😡m mày')).toEqual(['đm']);
    // nothing joined: the exact text the scanner already has is the text read
    expect(subjects('một câu thường', 'một câu thường')).toEqual([]);
    expect(joinPulledApart('một câu | thường', new Set(['vl']), 2)).toBe('một câu | thường');
  });

  it('reads short abbreviations only as a word of their own in Vietnamese text', () => {
    expect(found('Đắt vl, dm nó chứ')).toEqual(['vl', 'dm']);
    // English: "DM me", carbon copy
    expect(found('Please DM me for the price, cc the team')).toEqual([]);
    // a quoted header, a link, an address, a handle, a file or host name, a code
    expect(found('CC: Phòng Tổ chức hành chính; Cc : Văn phòng')).toEqual([]);
    expect(found('Xem tại https://vl.example.vn/dm/cc?x=1 hoặc gửi dm@so.gov.vn')).toEqual([]);
    expect(found('Tài khoản #dm, đường dẫn /vl/ và tệp bao.cc, mã DM_01 của phòng')).toEqual([]);
  });

  it('decides where an abbreviation stands: its own word, not part of a code', () => {
    expect(abbreviationInContext('đắt vl thật', 4, 2)).toBe(true);
    expect(abbreviationInContext('cc: nguyễn văn a', 0, 2)).toBe(false);
    expect(abbreviationInContext('dm me for the price', 0, 2)).toBe(false);
  });

  it('never joins letters across the seam of two texts (subject | body), nor takes a plain subject + body for a spot', () => {
    const harmful = (subject: string, body: string): string[] =>
      scanContent(makeMessage({ subject, visibleText: body }), makeContext(policy)).filter((f) => f.kind === 'content.phrase').map((f) => f.subject!);
    // "…đ | m…": the subject's last letter and the body's first are two texts, not "đm"
    expect(harmful('Báo giá gửi anh Đ', 'M, em gửi lại báo giá nhé')).toEqual([]);
    expect(joinPulledApart(`Báo giá gửi anh Đ${TEXT_SEAM}M, em gửi`, new Set(['đm']), 2)).toBe(`Báo giá gửi anh Đ${TEXT_SEAM}M, em gửi`);
    expect(hasSpot(`Báo cáo quý III${TEXT_SEAM}Thực hiện kế hoạch năm`)).toBe(false);
    // the same letters pulled apart inside one text are still joined
    expect(harmful('Kế hoạch', 'đ|m mày')).toEqual(['đm']);
    expect(harmful('Kế hoạch', 'đ 😡 m mày')).toEqual(['đm']);
  });
});

describe('harmful language through the content scanner and the shipped policy', () => {
  let shipped: Policy;
  beforeAll(async () => {
    shipped = await loadPolicy(POLICY_DIR);
  });
  const verdict = (text: string) => {
    const findings: Finding[] = scanContent(makeMessage({ visibleText: text }), makeContext(shipped)).map((f) => ({ ...f }));
    return decide(findings, shipped);
  };

  it('reports each entry once, whichever matcher saw it first', () => {
    const fs = scanContent(makeMessage({ visibleText: 'Đéo hiểu, đéo biết, clgt, cái lồn' }), makeContext(policy));
    expect(fs.filter((f) => f.kind === 'content.phrase').map((f) => f.subject)).toEqual(['lồn', 'đéo', 'clgt']);
  });

  it('warns on an abusive comment in teen code and pulled-apart letters', () => {
    expect(verdict('dcm thằng oc cho, đ😡m clgt mà nói mãi thế')).toMatchObject({ warning: true, categories: ['harmful'] });
    expect(verdict('Địt con me may, đồ l.ồ.n, cút đi')).toMatchObject({ warning: true, categories: ['harmful'] });
  });

  it('counts mild intensifiers at most once: an everyday comment stays clean', () => {
    expect(verdict('Quán này đắt vl, ngon vãi, cmnr, đông vkl')).toMatchObject({ warning: false });
    expect(verdict('Thề đéo hiểu sao phim hay vãi, đắt vl')).toMatchObject({ warning: false });
    // two strong words and the mild ones: three
    expect(verdict('Đéo hiểu thằng óc chó này, ngu vl')).toMatchObject({ warning: true });
  });

  it('leaves official wording with CC, ĐM (định mức) and DM alone', () => {
    const text =
      'Kính gửi: Các phòng chuyên môn. CC: Văn phòng UBND tỉnh. Đơn giá theo định mức (ĐM) 1776, ĐM 1777, mục DM-02. ' +
      'Vui lòng gửi báo cáo tới vanthu@so.gov.vn, xem https://so.gov.vn/dm/vl. Please DM the helpdesk.';
    expect(verdict(text)).toMatchObject({ warning: false });
    expect(harmfulFindings(shipped, text)).toEqual([]);
  });
});

describe('harmful lists: entries', () => {
  it('takes two-letter abbreviations without the "very short phrase" warning other lists give', () => {
    expect(normaliseHarmfulEntry('vl')).toEqual({ value: 'vl' });
    expect(normaliseHarmfulEntry('đm')).toEqual({ value: 'đm' });
    expect(normaliseHarmfulEntry('v')).toMatchObject({ value: 'v', warning: expect.stringContaining('very short') });
    expect(normaliseEntry('phrase', 'vl')).toMatchObject({ warning: expect.stringContaining('very short') });
  });
});
