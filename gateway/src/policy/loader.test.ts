import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LachanError } from '../errors.js';
import { FINDING_KINDS } from '../scan/types.js';
import { checkPolicy, loadPolicy } from './loader.js';
import type { PolicyIssue } from './issues.js';
import { VALID_POLICY, lineOf, writePolicyDir, type TempPolicyDir } from './test-helpers.js';

let temp: TempPolicyDir | undefined;
afterEach(async () => {
  await temp?.cleanup();
  temp = undefined;
});

async function issuesFor(policyYaml: string, files: Record<string, string | null> = {}): Promise<PolicyIssue[]> {
  temp = await writePolicyDir(policyYaml, files);
  return checkPolicy(temp.dir);
}

function errors(issues: PolicyIssue[]): PolicyIssue[] {
  return issues.filter((i) => i.severity === 'error');
}

function policyFile(): string {
  return path.join(temp!.dir, 'policy.yaml');
}

/** VALID_POLICY plus one more rule, written by the test. */
function withRule(rule: string): string {
  return `${VALID_POLICY}${rule}`;
}

describe('checkPolicy on a valid policy', () => {
  it('reports nothing', async () => {
    expect(await issuesFor(VALID_POLICY)).toEqual([]);
  });
});

describe('checkPolicy names file, line and rule', () => {
  it('reports a typo key like acton: as an unknown key with a suggestion, not as a missing action', async () => {
    const yaml = VALID_POLICY.replace('    action: reject', '    acton: reject');
    const found = errors(await issuesFor(yaml));
    expect(found).toEqual([
      { file: policyFile(), line: lineOf(yaml, 'acton:'), rule: 'malware', message: "unknown key 'acton' (did you mean 'action'?)", severity: 'error' },
    ]);
  });

  it('reports an unknown top-level key without a rule', async () => {
    const yaml = VALID_POLICY.replace('settings:', 'setings:');
    const found = errors(await issuesFor(yaml));
    expect(found[0]).toMatchObject({ line: lineOf(yaml, 'setings:'), message: expect.stringContaining("unknown key 'setings' (did you mean 'settings'?)") });
    expect(found[0]!.rule).toBeUndefined();
  });

  it('reports a missing required key at the rule that lacks it', async () => {
    const yaml = withRule('  - id: no-action\n    description: x / x\n    match: { kind: url.ip-host }\n    category: suspicious\n');
    const found = errors(await issuesFor(yaml));
    expect(found).toEqual([expect.objectContaining({ line: lineOf(yaml, 'id: no-action'), rule: 'no-action', message: "missing required key 'action'" })]);
  });

  it('reports a bad action with the allowed ones and a suggestion', async () => {
    const yaml = VALID_POLICY.replace('action: quarantine', 'action: quarantain');
    const [issue] = errors(await issuesFor(yaml));
    expect(issue).toMatchObject({ file: policyFile(), line: lineOf(yaml, 'quarantain'), rule: 'blocked-link' });
    expect(issue!.message).toContain("'quarantain' is not an action (did you mean 'quarantine'?)");
    expect(issue!.message).toContain('deliver, tag, warn, strip, quarantine, reject');
  });

  it('reports a bad mode', async () => {
    const yaml = withRule('  - id: try-it\n    description: x / x\n    match: { kind: url.ip-host }\n    action: warn\n    category: suspicious\n    mode: dry-run\n');
    const [issue] = errors(await issuesFor(yaml));
    expect(issue).toMatchObject({ line: lineOf(yaml, 'mode: dry-run'), rule: 'try-it' });
    expect(issue!.message).toContain('enforce, monitor');
  });

  it('reports an unknown finding kind with the closest known one', async () => {
    const yaml = VALID_POLICY.replace('kind: attachment.virus', 'kind: attachment.virsu');
    expect(errors(await issuesFor(yaml))).toEqual([
      expect.objectContaining({ line: lineOf(yaml, 'attachment.virsu'), rule: 'malware', message: "unknown finding kind 'attachment.virsu' (did you mean 'attachment.virus'?)" }),
    ]);
  });

  it('reports an unknown kind inside a list of kinds at its own line', async () => {
    const yaml = withRule('  - id: mixed\n    description: x / x\n    match:\n      kind:\n        - url.ip-host\n        - url.bogus\n    action: warn\n    category: suspicious\n');
    expect(errors(await issuesFor(yaml))).toEqual([
      expect.objectContaining({ line: lineOf(yaml, 'url.bogus'), rule: 'mixed', message: expect.stringContaining("unknown finding kind 'url.bogus'") }),
    ]);
  });

  it('reports a wildcard that matches no family of kinds', async () => {
    const yaml = withRule('  - id: wild\n    description: x / x\n    match: { kind: "links.*" }\n    action: warn\n    category: suspicious\n');
    expect(errors(await issuesFor(yaml))).toEqual([
      expect.objectContaining({ line: lineOf(yaml, 'links.*'), rule: 'wild', message: expect.stringContaining("'links.*' matches no finding kind") }),
    ]);
  });

  it('reports a rule that names an undeclared list', async () => {
    const yaml = VALID_POLICY.replace('list: [blocked_domains, blocked_urls]', 'list: [blocked_domains, blocked_url]');
    expect(errors(await issuesFor(yaml))).toEqual([
      expect.objectContaining({ line: lineOf(yaml, 'blocked_url]'), rule: 'blocked-link', message: expect.stringContaining("unknown list 'blocked_url' (did you mean 'blocked_urls'?)") }),
    ]);
  });

  it('reports a setting that names an undeclared list, or a list of the wrong type', async () => {
    const yaml = VALID_POLICY.replace('protected_list: protected_domains', 'protected_list: protected').replace(
      'shortener_list: shorteners',
      'shortener_list: phrases_scam',
    );
    const found = errors(await issuesFor(yaml));
    expect(found).toEqual([
      expect.objectContaining({ line: lineOf(yaml, 'protected_list:'), message: expect.stringContaining("unknown list 'protected'") }),
      expect.objectContaining({ line: lineOf(yaml, 'shortener_list:'), message: "list 'phrases_scam' is of type phrase, expected a domain list" }),
    ]);
    expect(found.every((i) => i.rule === undefined)).toBe(true);
  });

  it('reports a duplicate rule id at the second rule, naming the first line', async () => {
    const yaml = withRule('  - id: malware\n    description: again / again\n    match: { kind: attachment.listed }\n    action: reject\n    category: malware\n');
    const first = lineOf(yaml, 'id: malware');
    expect(errors(await issuesFor(yaml))).toEqual([
      expect.objectContaining({ line: lineOf(yaml, 'id: malware', 2), rule: 'malware', message: `duplicate rule id 'malware' (first defined at line ${first})` }),
    ]);
  });

  it('requires kebab-case rule ids and keeps builtin- ids for the engine', async () => {
    const yaml = withRule(
      '  - id: Bad_Id\n    description: x / x\n    match: { kind: url.ip-host }\n    action: warn\n    category: suspicious\n' +
        '  - id: builtin-fail-closed\n    description: x / x\n    match: { kind: url.ip-host }\n    action: warn\n    category: suspicious\n',
    );
    const found = errors(await issuesFor(yaml));
    expect(found.map((i) => [i.line, i.rule])).toEqual([
      [lineOf(yaml, 'Bad_Id'), 'Bad_Id'],
      [lineOf(yaml, 'id: builtin-fail-closed'), 'builtin-fail-closed'],
    ]);
    expect(found[0]!.message).toContain('kebab-case');
    expect(found[1]!.message).toContain('reserved');
  });

  it('refuses a match with both any: and the shorthand', async () => {
    const yaml = withRule('  - id: both\n    description: x / x\n    match:\n      kind: url.ip-host\n      any:\n        - { kind: url.shortener }\n    action: warn\n    category: suspicious\n');
    expect(errors(await issuesFor(yaml))).toEqual([
      expect.objectContaining({ line: lineOf(yaml, 'kind: url.ip-host'), rule: 'both', message: expect.stringContaining("either 'any:'") }),
    ]);
  });

  it('labels a rule without an id by its position', async () => {
    const yaml = withRule('  - description: x / x\n    match: { kind: url.ip-host }\n    action: warn\n    category: suspicious\n');
    expect(errors(await issuesFor(yaml))).toEqual([expect.objectContaining({ rule: '#3', message: "missing required key 'id'" })]);
  });

  it('reports a wrong value type with what was given', async () => {
    const yaml = VALID_POLICY.replace('    category: malware', '    category: [malware]');
    expect(errors(await issuesFor(yaml))).toEqual([
      expect.objectContaining({ line: lineOf(yaml, 'category: [malware]'), rule: 'malware', message: expect.stringContaining('["malware"]') }),
    ]);
  });

  it('refuses an unsupported version', async () => {
    const yaml = VALID_POLICY.replace('version: 1', 'version: 2');
    expect(errors(await issuesFor(yaml))).toEqual([expect.objectContaining({ line: 1, message: expect.stringContaining('unsupported version 2') })]);
  });

  it('reports a YAML syntax error at its line', async () => {
    const yaml = VALID_POLICY.replace('    match: { kind: attachment.virus }', '    match: { kind: attachment.virus');
    const found = errors(await issuesFor(yaml));
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]!.file).toBe(policyFile());
    expect(found[0]!.message).toMatch(/^YAML: /);
    // The parser notices the missing } when it reaches the next key.
    expect(found[0]!.line).toBeGreaterThanOrEqual(lineOf(yaml, 'kind: attachment.virus'));
    expect(found[0]!.line).toBeLessThanOrEqual(lineOf(yaml, 'kind: attachment.virus') + 1);
  });

  it('reports a duplicate YAML key at the second one', async () => {
    const yaml = VALID_POLICY.replace('    category: malware', '    category: malware\n    category: virus');
    expect(errors(await issuesFor(yaml))).toEqual([
      expect.objectContaining({ file: policyFile(), line: lineOf(yaml, 'category: virus'), message: expect.stringMatching(/^YAML: .*unique/) }),
    ]);
  });

  it('reports a missing policy.yaml as a whole-file error', async () => {
    temp = await writePolicyDir(VALID_POLICY, { 'policy.yaml': null });
    expect(await checkPolicy(temp.dir)).toEqual([
      expect.objectContaining({ file: policyFile(), line: 0, severity: 'error', message: expect.stringContaining('not found') }),
    ]);
  });

  it('reports an empty policy.yaml', async () => {
    expect(errors(await issuesFor('# nothing yet\n'))).toEqual([expect.objectContaining({ message: 'the policy file is empty' })]);
  });
});

describe('checkPolicy on list files', () => {
  it('points a bad domain at its line in the list file', async () => {
    const list = '# header\nevil.example\n\nnot a domain\nxn--vit-5kz.example\n';
    const found = errors(await issuesFor(VALID_POLICY, { 'lists/blocked-domains.txt': list }));
    expect(found).toEqual([
      { file: path.join(temp!.dir, 'lists/blocked-domains.txt'), line: 4, message: "'not a domain' is not a valid domain name", severity: 'error' },
    ]);
  });

  it('points a bad IP or CIDR at its line', async () => {
    const found = errors(await issuesFor(VALID_POLICY, { 'lists/blocked-ips.txt': '203.0.113.7\n2001:db8::/129\n198.51.100.0/24\n999.1.1.1\n' }));
    expect(found.map((i) => [path.basename(i.file), i.line])).toEqual([
      ['blocked-ips.txt', 2],
      ['blocked-ips.txt', 4],
    ]);
  });

  it('points a bad hash at its line and says what it is', async () => {
    const found = errors(await issuesFor(VALID_POLICY, { 'lists/blocked-hashes.txt': '# EICAR\n44d88612fea8a8f36de82e1278abb02f\n' }));
    expect(found).toEqual([expect.objectContaining({ line: 2, message: expect.stringContaining('MD5') })]);
    expect(path.basename(found[0]!.file)).toBe('blocked-hashes.txt');
  });

  it('points a bad URL at its line', async () => {
    const found = errors(await issuesFor(VALID_POLICY, { 'lists/blocked-urls.txt': 'https://ok.example/a\nbad.example/login\n' }));
    expect(found).toEqual([expect.objectContaining({ line: 2, message: expect.stringContaining('add the scheme') })]);
  });

  it('reports a missing list file at the file: line of policy.yaml', async () => {
    const found = errors(await issuesFor(VALID_POLICY, { 'lists/shorteners.txt': null }));
    expect(found).toEqual([
      expect.objectContaining({ file: policyFile(), line: lineOf(VALID_POLICY, 'lists/shorteners.txt'), message: expect.stringMatching(/list shorteners: .*not found/) }),
    ]);
  });

  it('warns about duplicate entries without failing', async () => {
    const issues = await issuesFor(VALID_POLICY, { 'lists/shorteners.txt': 'bit.ly\nBIT.LY\n' });
    expect(issues).toEqual([expect.objectContaining({ severity: 'warning', line: 2, message: expect.stringContaining('duplicate') })]);
  });
});

describe('loadPolicy', () => {
  it('throws LC_POLICY_INVALID listing each error as file:line: rule id: message', async () => {
    const yaml = VALID_POLICY.replace('action: reject', 'action: rejct');
    temp = await writePolicyDir(yaml, { 'lists/blocked-hashes.txt': 'zz\n' });
    const err = await loadPolicy(temp.dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LachanError);
    expect((err as LachanError).code).toBe('LC_POLICY_INVALID');
    const message = (err as LachanError).message;
    expect(message).toContain('2 errors');
    expect(message).toContain(`${policyFile()}:${lineOf(yaml, 'rejct')}: rule malware: 'rejct' is not an action`);
    expect(message).toContain(`${path.join(temp.dir, 'lists/blocked-hashes.txt')}:1: 'zz' is not a SHA-256`);
  });

  it('builds rules with defaults, expanded wildcards and where they were written', async () => {
    const yaml = withRule(
      '  - id: links\n    description: " Liên kết / Links "\n    match:\n      any:\n        - { kind: "url.*", tags: gov.vn, scanner: urls }\n      min_count: 2\n    action: warn\n    category: suspicious\n    mode: monitor\n',
    );
    temp = await writePolicyDir(yaml);
    const policy = await loadPolicy(temp.dir);
    expect(policy.rules.map((r) => r.id)).toEqual(['malware', 'blocked-link', 'links']);
    expect(policy.rules[0]).toMatchObject({ mode: 'enforce', match: { any: [{ kind: ['attachment.virus'] }], minCount: 1 } });
    expect(policy.rules[0]!.source).toEqual({ file: policyFile(), line: lineOf(yaml, 'id: malware') });
    const links = policy.rules[2]!;
    expect(links.description).toBe('Liên kết / Links');
    expect(links.mode).toBe('monitor');
    expect(links.match.minCount).toBe(2);
    expect(links.match.any[0]!.kind).toEqual(FINDING_KINDS.filter((k) => k.startsWith('url.')));
    expect(links.match.any[0]!.tags).toEqual(['gov.vn']);
    expect(links.match.any[0]!.scanner).toEqual(['urls']);
  });

  it("carries once: true on a condition, and refuses a once that is not true or false", async () => {
    temp = await writePolicyDir(
      withRule('  - id: phrases-once\n    description: x\n    match:\n      any:\n        - { kind: content.phrase, once: true }\n        - { kind: url.abused-hosting }\n      min_count: 2\n    action: warn\n    category: scam\n'),
    );
    const policy = await loadPolicy(temp.dir);
    const rule = policy.rules.find((r) => r.id === 'phrases-once')!;
    expect(rule.match.any[0]!.once).toBe(true);
    expect(rule.match.any[1]!.once).toBeUndefined();
    await temp.cleanup();
    temp = await writePolicyDir(
      withRule('  - id: phrases-once\n    description: x\n    match:\n      any:\n        - { kind: content.phrase, once: yes-please }\n    action: warn\n    category: scam\n'),
    );
    await expect(loadPolicy(temp.dir)).rejects.toThrow(/phrases-once/);
  });

  it('normalises list entries per type', async () => {
    const nfd = 'trúng thưởng'.normalize('NFD');
    temp = await writePolicyDir(VALID_POLICY, {
      'lists/blocked-domains.txt': 'Evil.EXAMPLE.\nví-dụ.vn  # IDN\n*.wild.example\n',
      'lists/blocked-hashes.txt': '275A021BBFB6489E54D471899F7DB9D1663FC695EC2FE2A2C4538AABF651FD0F\n',
      'lists/phrases-scam.txt': `  ${nfd}   lớn \n`,
      'lists/blocked-urls.txt': 'HTTPS://Bad.Example/login#frag\n',
      'lists/blocked-ips.txt': '2001:DB8::/32\n',
    });
    const policy = await loadPolicy(temp.dir);
    expect(policy.lists.get('blocked_domains')!.entries).toEqual(['evil.example', new URL('http://ví-dụ.vn').hostname, 'wild.example']);
    expect(policy.lists.get('blocked_hashes')!.entries).toEqual(['275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f']);
    expect(policy.lists.get('phrases_scam')!.entries).toEqual(['trúng thưởng lớn'.normalize('NFC')]);
    expect(policy.lists.get('blocked_urls')!.entries).toEqual(['https://bad.example/login#frag']);
    expect(policy.lists.get('blocked_ips')!.entries).toEqual(['2001:db8::/32']);
    expect(policy.lists.get('blocked_ips')).toMatchObject({ name: 'blocked_ips', type: 'ip', file: path.join(temp.dir, 'lists/blocked-ips.txt') });
  });

  it('merges local domains from the policy and from LACHAN_LOCAL_DOMAINS, lower-case ASCII', async () => {
    temp = await writePolicyDir(VALID_POLICY.replace('local_domains: [lachan.test]', 'local_domains: [LaChan.Test, sở-tư-pháp.vn]'));
    const policy = await loadPolicy(temp.dir, { extraLocalDomains: ['Hanoi.GOV.vn', 'lachan.test', ' '] });
    expect(policy.localDomains).toEqual(['lachan.test', new URL('http://sở-tư-pháp.vn').hostname, 'hanoi.gov.vn']);
  });

  it('refuses an invalid domain in LACHAN_LOCAL_DOMAINS', async () => {
    temp = await writePolicyDir(VALID_POLICY);
    await expect(loadPolicy(temp.dir, { extraLocalDomains: ['not a domain'] })).rejects.toThrow(/LACHAN_LOCAL_DOMAINS: 'not a domain'/);
  });

  it('maps settings and fills defaults', async () => {
    temp = await writePolicyDir(VALID_POLICY.replace('settings:\n', 'settings:\n  external_tag: "[BÊN NGOÀI]"\n  clamd_scope: all\n'));
    const policy = await loadPolicy(temp.dir);
    expect(policy.settings).toEqual({
      protectedList: 'protected_domains',
      shortenerList: 'shorteners',
      allowedList: 'allowed_domains',
      clamdScope: 'all',
      bannerLanguages: ['vi', 'en'],
      externalTag: '[BÊN NGOÀI]',
    });
    expect(policy.version).toBe('1');
    expect(policy.dir).toBe(path.resolve(temp.dir));
  });

  it('loads despite warnings', async () => {
    const yaml = VALID_POLICY.replace('local_domains: [lachan.test]\n', '');
    temp = await writePolicyDir(yaml);
    expect((await checkPolicy(temp.dir)).map((i) => i.severity)).toEqual(['warning']);
    await expect(loadPolicy(temp.dir)).resolves.toMatchObject({ localDomains: [] });
  });
});

describe('checkPolicy safety warnings', () => {
  it('warns when no enforced rule stops attachment.virus', async () => {
    const yaml = VALID_POLICY.replace('action: reject', 'action: warn');
    expect(await issuesFor(yaml)).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringContaining('attachment.virus') })]);
  });

  it('warns when a list filter is used on kinds that never name a list', async () => {
    const yaml = withRule('  - id: odd\n    description: x / x\n    match: { kind: url.ip-host, list: blocked_ips }\n    action: warn\n    category: suspicious\n');
    expect(await issuesFor(yaml)).toEqual([expect.objectContaining({ severity: 'warning', rule: 'odd', line: lineOf(yaml, 'list: blocked_ips') })]);
  });

  it('warns that scanner.error cannot be delivered by a rule', async () => {
    const yaml = withRule('  - id: ignore-errors\n    description: x / x\n    match: { kind: scanner.error }\n    action: deliver\n    category: ignored\n');
    expect(await issuesFor(yaml)).toEqual([expect.objectContaining({ severity: 'warning', rule: 'ignore-errors', message: expect.stringContaining('fails closed') })]);
  });
});

describe('phrase lists matched exactly (match: exact)', () => {
  const withMatch = (value: string, list = 'phrases_scam'): string =>
    VALID_POLICY.replace(new RegExp(`(  ${list}: \\{ type: \\w+, file: [^ ]+)`), `$1, match: ${value}`);

  it('carries match: exact to the loaded list, and leaves other lists folded', async () => {
    temp = await writePolicyDir(withMatch('exact'));
    const policy = await loadPolicy(temp.dir);
    expect(policy.lists.get('phrases_scam')!.match).toBe('exact');
    expect(policy.lists.get('phrases_phishing')!.match).toBeUndefined();
  });

  it('accepts match: folded, the default, written out', async () => {
    temp = await writePolicyDir(withMatch('folded'));
    expect((await loadPolicy(temp.dir)).lists.get('phrases_scam')!.match).toBe('folded');
  });

  it('refuses an unknown match mode at its line', async () => {
    const yaml = withMatch('fuzzy');
    const found = errors(await issuesFor(yaml));
    expect(found).toEqual([expect.objectContaining({ line: lineOf(yaml, 'match: fuzzy') })]);
  });

  it('refuses match on a list that is not a phrase list', async () => {
    const yaml = withMatch('exact', 'blocked_domains');
    expect(errors(await issuesFor(yaml))).toEqual([
      expect.objectContaining({ line: lineOf(yaml, 'match: exact'), message: expect.stringContaining('match applies only to phrase lists') }),
    ]);
  });
});

describe('lists the auth scanner reads by name', () => {
  const withAuthList = (name: string, type: string) =>
    VALID_POLICY.replace('rules:', `  ${name}: { type: ${type}, file: lists/${name}.txt }\nrules:`);

  it('accepts trusted_arc_sealers as a domain list and trusted_forwarders as an ip list', async () => {
    const yaml = withAuthList('trusted_arc_sealers', 'domain').replace('rules:', '  trusted_forwarders: { type: ip, file: lists/trusted_forwarders.txt }\nrules:');
    temp = await writePolicyDir(yaml, { 'lists/trusted_arc_sealers.txt': 'lists.example\n', 'lists/trusted_forwarders.txt': '198.51.100.0/24\n' });
    const policy = await loadPolicy(temp.dir);
    expect(policy.lists.get('trusted_arc_sealers')!.entries).toEqual(['lists.example']);
    expect(policy.lists.get('trusted_forwarders')!.entries).toEqual(['198.51.100.0/24']);
  });

  it('reads trusted_arc_sealers entries with the hosts each sealer\'s mail must come from, and reports bad ones at their line', async () => {
    const yaml = withAuthList('trusted_arc_sealers', 'domain');
    const text = [
      '# sealer [host=NAME,…] [ip=ADDRESS-OR-CIDR,…] | sealer host=*',
      'lists.example',
      'Microsoft.com   host=Protection.Outlook.com   # Microsoft 365',
      'relay.example ip=198.51.100.0/24,2001:DB8::/32',
      'old.example host=*',
      'bad.example via=mx.bad.example',
      'worse.example ip=300.1.1.1',
      'mixed.example host=* ip=192.0.2.1',
      '',
    ].join('\n');
    const issues = await issuesFor(yaml, { 'lists/trusted_arc_sealers.txt': text });
    const listFile = path.join(temp!.dir, 'lists/trusted_arc_sealers.txt');
    expect(errors(issues).map((i) => [i.file, i.line, i.message])).toEqual([
      [listFile, 6, expect.stringContaining("'via=mx.bad.example': after the sealer domain write host=NAME")],
      [listFile, 7, "ip=: '300.1.1.1' is not an IPv4 or IPv6 address or CIDR range"],
      [listFile, 8, "host=* already lets every host hand over mixed.example's seals: write it alone"],
    ]);
    expect(issues.filter((i) => i.severity === 'warning').map((i) => [i.line, i.message])).toEqual([
      [5, expect.stringContaining('old.example: host=* believes its seals whatever host sends them')],
    ]);
    const fixed = text.split('\n').slice(0, 5).join('\n');
    await temp!.cleanup();
    temp = await writePolicyDir(yaml, { 'lists/trusted_arc_sealers.txt': fixed });
    expect((await loadPolicy(temp.dir)).lists.get('trusted_arc_sealers')!.entries).toEqual([
      'lists.example',
      'microsoft.com host=protection.outlook.com',
      'relay.example ip=198.51.100.0/24,2001:db8::/32',
      'old.example host=*',
    ]);
  });

  it('refuses trusted_forwarders of another type than ip, at its line', async () => {
    const yaml = withAuthList('trusted_forwarders', 'domain');
    const found = errors(await issuesFor(yaml, { 'lists/trusted_forwarders.txt': 'relay.example\n' }));
    expect(found).toEqual([
      expect.objectContaining({ line: lineOf(yaml, 'trusted_forwarders:'), message: "list 'trusted_forwarders' is read by the auth scanner and must be of type ip, not domain" }),
    ]);
  });
});
