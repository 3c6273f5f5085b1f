import { describe, expect, it } from 'vitest';
import { PROBLEM_CODES } from '../parse/problems.js';
import type { ParsedMessage } from '../parse/types.js';
import { structureScanner } from './structure.js';

const msg = (codes: string[]) => ({ problems: codes.map((code) => ({ code, detail: 'x' })) }) as unknown as ParsedMessage;
const scan = (codes: string[]) => structureScanner.scan(msg(codes), {} as never);

describe('structure scanner', () => {
  it('maps every parser problem code to the finding kind of its category', async () => {
    for (const [code, category] of Object.entries(PROBLEM_CODES)) {
      const [f] = await scan([code]);
      expect(f?.kind).toBe({ malformed: 'message.malformed', unscannable: 'message.unscannable', limit: 'message.limit-exceeded', 'smtp-smuggling': 'message.smtp-smuggling' }[category]);
      expect(f?.tags).toEqual([code]);
    }
  });
  it('treats an unknown problem code as unscannable (fail closed)', async () => {
    expect((await scan(['something-new']))[0]?.kind).toBe('message.unscannable');
  });
  it('holds what clients show as an attachment and the parser does not extract: uuencode, yEnc and BinHex blocks in text', async () => {
    // Thunderbird and Outlook list "begin 644 run.exe" in a plain-text body as the file run.exe
    for (const code of ['uuencode', 'yenc', 'binhex']) expect((await scan([code]))[0]?.kind, code).toBe('message.unscannable');
  });
  it('reports nothing for a well-formed message', async () => {
    expect(await scan([])).toEqual([]);
  });
});
