import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** For the policy tests: a throwaway policy directory with small list files. */

export const MINIMAL_LISTS: Record<string, string> = {
  'lists/blocked-domains.txt': '# known bad\nevil.example\n',
  'lists/blocked-urls.txt': 'https://bad.example/login\n',
  'lists/blocked-ips.txt': '203.0.113.0/24\n',
  'lists/allowed-domains.txt': 'lachan.test\n',
  'lists/shorteners.txt': 'bit.ly\n',
  'lists/protected-domains.txt': 'gov.vn\n',
  'lists/blocked-hashes.txt': '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f\n',
  'lists/phrases-scam.txt': 'trúng thưởng\n',
  'lists/phrases-phishing.txt': 'xác thực tài khoản\n',
};

export const LISTS_YAML = `lists:
  blocked_domains: { type: domain, file: lists/blocked-domains.txt }
  blocked_urls: { type: url, file: lists/blocked-urls.txt }
  blocked_ips: { type: ip, file: lists/blocked-ips.txt }
  allowed_domains: { type: domain, file: lists/allowed-domains.txt }
  shorteners: { type: domain, file: lists/shorteners.txt }
  protected_domains: { type: domain, file: lists/protected-domains.txt }
  blocked_hashes: { type: hash, file: lists/blocked-hashes.txt }
  phrases_scam: { type: phrase, file: lists/phrases-scam.txt }
  phrases_phishing: { type: phrase, file: lists/phrases-phishing.txt }
`;

/** A valid policy.yaml; tests edit one line of it to make one mistake. */
export const VALID_POLICY = `version: 1
local_domains: [lachan.test]
settings:
  protected_list: protected_domains
  shortener_list: shorteners
  allowed_list: allowed_domains
${LISTS_YAML}rules:
  - id: malware
    description: Mã độc / Malware
    match: { kind: attachment.virus }
    action: reject
    category: malware
  - id: blocked-link
    description: Liên kết bị chặn / Blocked link
    match:
      any:
        - { kind: url.listed, list: [blocked_domains, blocked_urls] }
    action: quarantine
    category: phishing
`;

export interface TempPolicyDir {
  dir: string;
  cleanup(): Promise<void>;
}

/** Writes policy.yaml and the minimal lists (overridden or removed by `files`: null removes). */
export async function writePolicyDir(policyYaml: string, files: Record<string, string | null> = {}): Promise<TempPolicyDir> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lachan-policy-'));
  const all: Record<string, string | null> = { ...MINIMAL_LISTS, 'policy.yaml': policyYaml, ...files };
  for (const [name, content] of Object.entries(all)) {
    if (content === null) continue;
    const file = path.join(dir, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** 1-based line of the first line containing `needle` in `text`: tests find lines instead of counting them. */
export function lineOf(text: string, needle: string, nth = 1): number {
  const lines = text.split('\n');
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.includes(needle) && ++seen === nth) return i + 1;
  }
  throw new Error(`'${needle}' not found`);
}
