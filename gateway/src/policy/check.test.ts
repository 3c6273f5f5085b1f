import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runPolicyCheck } from './check.js';
import { VALID_POLICY, lineOf, writePolicyDir, type TempPolicyDir } from './test-helpers.js';

let temp: TempPolicyDir | undefined;
afterEach(async () => {
  await temp?.cleanup();
  temp = undefined;
});

describe('runPolicyCheck', () => {
  it('prints one file:line: rule line per issue and a failing summary in Vietnamese and English', async () => {
    const yaml = VALID_POLICY.replace('action: reject', 'action: rejct');
    temp = await writePolicyDir(yaml, { 'lists/blocked-ips.txt': '203.0.113.0/24\n300.1.1.1\n' });
    const { ok, output } = await runPolicyCheck(temp.dir);
    expect(ok).toBe(false);
    const lines = output.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(new RegExp(`^${escape(path.join(temp.dir, 'policy.yaml'))}:${lineOf(yaml, 'rejct')}: rule malware: 'rejct' is not an action`));
    expect(lines[1]).toBe(`${path.join(temp.dir, 'lists/blocked-ips.txt')}:2: '300.1.1.1' is not an IPv4 or IPv6 address or CIDR range`);
    expect(lines[2]).toBe('Chính sách KHÔNG hợp lệ: 2 lỗi, 0 cảnh báo. / Policy is INVALID: 2 errors, 0 warnings.');
  });

  it('passes a valid policy with a summary of what it holds', async () => {
    temp = await writePolicyDir(VALID_POLICY);
    const { ok, output } = await runPolicyCheck(temp.dir);
    expect(ok).toBe(true);
    expect(output).toBe(
      'Chính sách hợp lệ: 2 quy tắc (0 ở chế độ theo dõi), 9 danh sách (9 mục), 0 cảnh báo. / ' +
        'Policy is valid: 2 rules (0 in monitor mode), 9 lists (9 entries), 0 warnings.\n',
    );
  });

  it('passes with warnings, marking them as such', async () => {
    temp = await writePolicyDir(VALID_POLICY, { 'lists/shorteners.txt': 'bit.ly\nbit.ly\n' });
    const { ok, output } = await runPolicyCheck(temp.dir);
    expect(ok).toBe(true);
    expect(output.split('\n')[0]).toBe(`${path.join(temp.dir, 'lists/shorteners.txt')}:2: warning: duplicate entry 'bit.ly' (first at line 1)`);
    expect(output).toContain('1 cảnh báo');
  });

  it('fails on a directory without a policy', async () => {
    temp = await writePolicyDir(VALID_POLICY, { 'policy.yaml': null });
    const { ok, output } = await runPolicyCheck(temp.dir);
    expect(ok).toBe(false);
    expect(output.split('\n')[0]).toBe(`${path.join(temp.dir, 'policy.yaml')}: file ${path.join(temp.dir, 'policy.yaml')} not found`);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
