import { describe, expect, it } from 'vitest';
import { FINDING_KINDS, type Finding, type FindingKind } from '../scan/types.js';
import { BUILTIN_FAIL_CLOSED, BUILTIN_UNSCANNABLE, RULE_SEVERITY, decide, describeVerdict, mostSevere, verdictForRelease } from './engine.js';
import { RULE_ACTIONS, type FindingCondition, type Policy, type Rule, type RuleAction } from './types.js';

function rule(id: string, action: RuleAction, any: FindingCondition[], extra: Partial<Rule> & { minCount?: number } = {}): Rule {
  const { minCount = 1, ...rest } = extra;
  return {
    id,
    description: `${id} description`,
    match: { any, minCount },
    action,
    category: id,
    mode: 'enforce',
    source: { file: 'policy.yaml', line: 1 },
    ...rest,
  };
}

const on = (...kind: FindingKind[]): FindingCondition => ({ kind });

function policy(...rules: Rule[]): Policy {
  return {
    dir: '/tmp',
    version: '1',
    localDomains: ['lachan.test'],
    lists: new Map(),
    rules,
    settings: { clamdScope: 'code-carrying', bannerLanguages: ['vi', 'en'], externalTag: '' },
  };
}

function finding(kind: FindingKind, extra: Partial<Finding> = {}): Finding {
  return { scanner: kind.startsWith('url.') ? 'urls' : kind.startsWith('attachment.') ? 'attachments' : 'content', kind, detail: kind, ...extra };
}

describe('decide: actions and their order', () => {
  it('delivers a message with no findings, with nothing to report', () => {
    expect(decide([], policy(rule('virus', 'reject', [on('attachment.virus')])))).toEqual({
      action: 'deliver',
      warning: false,
      strip: [],
      tagged: false,
      categories: [],
      hits: [],
      monitored: [],
    });
  });

  it('ranks deliver < tag < warn < strip < quarantine < reject', () => {
    expect(RULE_ACTIONS.map((a) => RULE_SEVERITY[a])).toEqual([0, 1, 2, 3, 4, 5]);
    expect(mostSevere(['warn', 'reject', 'tag'])).toBe('reject');
    expect(mostSevere([])).toBe('deliver');
  });

  it('takes the most severe matching rule and keeps every hit, most severe first', () => {
    const p = policy(
      rule('external', 'tag', [on('sender.external')]),
      rule('shortener', 'warn', [on('url.shortener')]),
      rule('lookalike', 'quarantine', [on('url.lookalike')]),
      rule('virus', 'reject', [on('attachment.virus')]),
    );
    const findings = [finding('sender.external'), finding('url.lookalike'), finding('url.shortener')];
    const v = decide(findings, p);
    expect(v.action).toBe('quarantine');
    expect(v.hits.map((h) => [h.rule, h.action])).toEqual([
      ['lookalike', 'quarantine'],
      ['shortener', 'warn'],
      ['external', 'tag'],
    ]);
    expect(v.hits[0]!.findings).toEqual([findings[1]]);
    expect(v.categories).toEqual(['lookalike', 'shortener', 'external']);
    expect(v.warning).toBe(false); // held, so no banner
    expect(v.tagged).toBe(false);
  });

  it('rejects when a reject rule matches', () => {
    const p = policy(rule('virus', 'reject', [on('attachment.virus')]), rule('macro', 'strip', [on('attachment.macro')]));
    const v = decide([finding('attachment.macro', { attachment: 'a1' }), finding('attachment.virus', { attachment: 'a2' })], p);
    expect(v.action).toBe('reject');
    expect(v.hits.map((h) => h.rule)).toEqual(['virus', 'macro']);
    expect(v.strip).toEqual([]);
  });

  it('delivers with a warning for warn', () => {
    const v = decide([finding('url.ip-host')], policy(rule('ip', 'warn', [on('url.ip-host')])));
    expect(v).toMatchObject({ action: 'deliver', warning: true, tagged: false, strip: [] });
  });

  it('tags without a warning for tag alone', () => {
    const v = decide([finding('sender.external', { scanner: 'sender' })], policy(rule('external', 'tag', [on('sender.external')])));
    expect(v).toMatchObject({ action: 'deliver', warning: false, tagged: true, categories: ['external'] });
  });

  it('still tags when a warning is added on top', () => {
    const p = policy(rule('external', 'tag', [on('sender.external')]), rule('ip', 'warn', [on('url.ip-host')]));
    expect(decide([finding('sender.external'), finding('url.ip-host')], p)).toMatchObject({ action: 'deliver', warning: true, tagged: true });
  });

  it('keeps equal-severity hits in policy order', () => {
    const p = policy(rule('b-rule', 'warn', [on('url.ip-host')]), rule('a-rule', 'warn', [on('url.shortener')]));
    expect(decide([finding('url.shortener'), finding('url.ip-host')], p).hits.map((h) => h.rule)).toEqual(['b-rule', 'a-rule']);
  });

  it('lists each category once, in order of severity', () => {
    const p = policy(
      rule('phrase', 'warn', [on('content.phrase')], { category: 'phishing' }),
      rule('form', 'quarantine', [on('attachment.html-form')], { category: 'phishing' }),
      rule('mismatch', 'quarantine', [on('url.text-mismatch')], { category: 'suspicious' }),
      rule('hash', 'reject', [on('attachment.listed')], { category: 'malware' }),
    );
    const v = decide([finding('content.phrase'), finding('url.text-mismatch'), finding('attachment.html-form'), finding('attachment.listed')], p);
    expect(v.categories).toEqual(['malware', 'phishing', 'suspicious']);
  });
});

describe('decide: monitor mode', () => {
  it('records a monitor rule and changes nothing', () => {
    const enforce = policy(rule('phrase', 'warn', [on('content.phrase')]));
    const withMonitor = policy(rule('phrase', 'warn', [on('content.phrase')]), rule('trial', 'reject', [on('content.phrase')], { mode: 'monitor' }));
    const findings = [finding('content.phrase')];
    const before = decide(findings, enforce);
    const after = decide(findings, withMonitor);
    expect(after).toEqual({ ...before, monitored: [expect.objectContaining({ rule: 'trial', action: 'reject', mode: 'monitor', findings })] });
    expect(after.categories).toEqual(['phrase']);
  });

  it('does not let a monitor rule handle an unscannable message', () => {
    const p = policy(rule('trial', 'deliver', [on('message.unscannable')], { mode: 'monitor' }));
    const v = decide([finding('message.unscannable', { scanner: 'parse' })], p);
    expect(v.action).toBe('quarantine');
    expect(v.monitored.map((h) => h.rule)).toEqual(['trial']);
  });
});

describe('decide: strip', () => {
  const p = policy(rule('dangerous', 'strip', [on('attachment.dangerous-type', 'attachment.macro')]));

  it('collects the attachment ids of findings matched by strip rules, once each', () => {
    const v = decide(
      [
        finding('attachment.dangerous-type', { attachment: 'att-2' }),
        finding('attachment.macro', { attachment: 'att-5' }),
        finding('attachment.dangerous-type', { attachment: 'att-2', detail: 'second reason' }),
      ],
      p,
    );
    expect(v).toMatchObject({ action: 'deliver', warning: true, strip: ['att-2', 'att-5'] });
    expect(v.hits).toHaveLength(1);
    expect(v.hits[0]!.findings).toHaveLength(3);
  });

  it('escalates to quarantine when a strip rule matches something that is not an attachment', () => {
    const withUrl = policy(rule('strip-all', 'strip', [on('attachment.macro', 'url.ip-host')]));
    const macro = finding('attachment.macro', { attachment: 'att-1' });
    const url = finding('url.ip-host', { subject: 'http://203.0.113.5/' });
    const v = decide([macro, url], withUrl);
    expect(v.action).toBe('quarantine');
    expect(v.hits.map((h) => [h.rule, h.action, h.findings])).toEqual([
      ['strip-all', 'quarantine', [url]],
      ['strip-all', 'strip', [macro]],
    ]);
    expect(v.hits[0]!.description).toContain('cannot strip');
    expect(v.strip).toEqual([]);
  });

  it('escalates a URL finding that names the forwarded message its link came from, never stripping that part', () => {
    const lookalike = policy(rule('strip-links', 'strip', [on('url.lookalike')]));
    const url = finding('url.lookalike', { subject: 'https://dichvucong.gov.vn-xacthuc.com/', part: { id: 'a2', kind: 'forwarded-message' } });
    const v = decide([url], lookalike);
    expect(v).toMatchObject({ action: 'quarantine', strip: [], warning: false });
    expect(v.hits.map((h) => [h.rule, h.action, h.findings])).toEqual([['strip-links', 'quarantine', [url]]]);
    expect(v.hits[0]!.description).toContain('cannot strip');
    expect(verdictForRelease(v).strip).toEqual([]);
  });

  it('quarantines instead of stripping a file that cannot be removed alone (one carried inside a calendar invitation)', () => {
    const carried = finding('attachment.dangerous-type', { attachment: 'a1.c1' });
    const attached = finding('attachment.macro', { attachment: 'a2' });
    expect(decide([carried, attached], p)).toMatchObject({ action: 'deliver', strip: ['a1.c1', 'a2'] });
    const v = decide([carried, attached], p, { unstrippable: new Set(['a1.c1']) });
    expect(v.hits.map((h) => [h.rule, h.action, h.findings])).toEqual([
      ['dangerous', 'quarantine', [carried]],
      ['dangerous', 'strip', [attached]],
    ]);
    expect(v.hits[0]!.description).toContain('calendar invitation');
    expect(v).toMatchObject({ action: 'quarantine', strip: [], warning: false });
  });

  it('lists nothing to strip when the message is held anyway', () => {
    const both = policy(rule('macro', 'strip', [on('attachment.macro')]), rule('form', 'quarantine', [on('attachment.html-form')]));
    const v = decide([finding('attachment.macro', { attachment: 'a' }), finding('attachment.html-form', { attachment: 'b' })], both);
    expect(v).toMatchObject({ action: 'quarantine', strip: [], warning: false });
    expect(verdictForRelease(v)).toMatchObject({ action: 'deliver', warning: true, strip: ['a'], hits: v.hits });
  });
});

describe('decide: fail closed', () => {
  const error = finding('scanner.error', { scanner: 'attachments', detail: 'clamd crashed' });

  it('quarantines a scanner error no rule handles', () => {
    const v = decide([error], policy(rule('virus', 'reject', [on('attachment.virus')])));
    expect(v.action).toBe('quarantine');
    expect(v.hits).toEqual([expect.objectContaining({ rule: BUILTIN_FAIL_CLOSED, action: 'quarantine', findings: [error] })]);
    expect(v.hits[0]!.description).toMatch(/fail closed/);
    expect(v.categories).toEqual(['scanner-error']);
  });

  it('quarantines a scanner error even when a rule only delivers or tags it', () => {
    const v = decide([error], policy(rule('ignore', 'deliver', [on('scanner.error')]), rule('tag', 'tag', [on('scanner.error')])));
    expect(v.action).toBe('quarantine');
    expect(v.hits.map((h) => h.rule)).toEqual([BUILTIN_FAIL_CLOSED, 'tag', 'ignore']);
  });

  it('leaves a scanner error to a rule that warns or does more', () => {
    const warned = decide([error], policy(rule('errors-warn', 'warn', [on('scanner.error')])));
    expect(warned).toMatchObject({ action: 'deliver', warning: true });
    expect(warned.hits.map((h) => h.rule)).toEqual(['errors-warn']);
    const rejected = decide([error], policy(rule('errors-reject', 'reject', [on('scanner.error')])));
    expect(rejected.action).toBe('reject');
    expect(rejected.hits.map((h) => h.rule)).toEqual(['errors-reject']);
  });

  it('fails closed for the scanner error a filter left out', () => {
    const other = finding('scanner.error', { scanner: 'urls' });
    const v = decide([error, other], policy(rule('attachments-only', 'warn', [{ kind: ['scanner.error'], scanner: ['attachments'] }])));
    expect(v.action).toBe('quarantine');
    expect(v.hits.find((h) => h.rule === BUILTIN_FAIL_CLOSED)!.findings).toEqual([other]);
  });

  it('quarantines an unscannable message no rule handles, but follows a rule that does', () => {
    const unscannable = finding('message.unscannable', { scanner: 'parse' });
    const v = decide([unscannable], policy());
    expect(v.action).toBe('quarantine');
    expect(v.hits.map((h) => h.rule)).toEqual([BUILTIN_UNSCANNABLE]);
    const warned = decide([unscannable], policy(rule('unscannable-warn', 'warn', [on('message.unscannable')])));
    expect(warned).toMatchObject({ action: 'deliver', warning: true });
  });
});

describe('decide: matching', () => {
  it('needs min_count findings across the conditions', () => {
    const p = policy(rule('many', 'quarantine', [on('content.phrase'), on('content.hidden-text')], { minCount: 3 }));
    expect(decide([finding('content.phrase'), finding('content.hidden-text')], p).action).toBe('deliver');
    const v = decide([finding('content.phrase'), finding('content.hidden-text'), finding('content.phrase')], p);
    expect(v.action).toBe('quarantine');
    expect(v.hits[0]!.findings).toHaveLength(3);
  });

  it("counts the findings of a 'once' condition once towards min_count, whatever else they meet", () => {
    const p = policy(
      rule('phrase-and-sign', 'quarantine', [{ kind: ['content.phrase'], once: true }, on('url.abused-hosting', 'sender.abused-hosting')], { minCount: 2 }),
    );
    // three phrases are one signal: not enough
    expect(decide([finding('content.phrase'), finding('content.phrase'), finding('content.phrase')], p).action).toBe('deliver');
    // a phrase and another signal are two
    const v = decide([finding('content.phrase'), finding('content.phrase'), finding('url.abused-hosting')], p);
    expect(v.action).toBe('quarantine');
    expect(v.hits[0]!.findings).toHaveLength(3); // every phrase is still shown as a reason
    // ordinary conditions still count each finding
    expect(decide([finding('url.abused-hosting'), finding('sender.abused-hosting', { scanner: 'sender' })], p).action).toBe('quarantine');
    // a finding that also meets an ordinary condition always counts
    const both = policy(rule('both', 'quarantine', [{ kind: ['content.phrase'], once: true }, on('content.phrase')], { minCount: 2 }));
    expect(decide([finding('content.phrase'), finding('content.phrase')], both).action).toBe('quarantine');
  });

  it('filters on the list a finding came from', () => {
    const p = policy(rule('blocked', 'quarantine', [{ kind: ['url.listed'], list: ['blocked_domains', 'blocked_urls'] }]));
    expect(decide([finding('url.listed', { list: 'other' })], p).action).toBe('deliver');
    expect(decide([finding('url.listed')], p).action).toBe('deliver');
    expect(decide([finding('url.listed', { list: 'blocked_urls' })], p).action).toBe('quarantine');
  });

  it('filters on tags (any of them)', () => {
    const p = policy(rule('exe', 'reject', [{ kind: ['attachment.dangerous-type'], tags: ['exe', 'scr'] }]));
    expect(decide([finding('attachment.dangerous-type', { tags: ['js'] })], p).action).toBe('deliver');
    expect(decide([finding('attachment.dangerous-type')], p).action).toBe('deliver');
    expect(decide([finding('attachment.dangerous-type', { tags: ['pe', 'scr'] })], p).action).toBe('reject');
  });

  it('filters on the scanner', () => {
    const p = policy(rule('auth', 'warn', [{ kind: ['scanner.error'], scanner: ['auth'] }]));
    const v = decide([finding('scanner.error', { scanner: 'auth' })], p);
    expect(v.hits.map((h) => h.rule)).toEqual(['auth']);
  });

  it('matches every kind a wildcard expanded to', () => {
    const urlKinds = FINDING_KINDS.filter((k) => k.startsWith('url.'));
    const p = policy(rule('any-url', 'warn', [{ kind: [...urlKinds] }]));
    for (const kind of urlKinds) expect(decide([finding(kind)], p).action, kind).toBe('deliver');
    for (const kind of urlKinds) expect(decide([finding(kind)], p).warning, kind).toBe(true);
    expect(decide([finding('content.phrase')], p).warning).toBe(false);
  });

  it('gives the same verdict on a second call (compiled rules are cached per policy)', () => {
    const p = policy(rule('ip', 'warn', [on('url.ip-host')]));
    const first = decide([finding('url.ip-host')], p);
    expect(decide([finding('url.ip-host')], p)).toEqual(first);
    expect(decide([], p).action).toBe('deliver');
  });
});

describe('describeVerdict', () => {
  it('sums the verdict up on one line', () => {
    const p = policy(rule('ip', 'warn', [on('url.ip-host')]), rule('trial', 'quarantine', [on('url.ip-host')], { mode: 'monitor', category: 'trial' }));
    const line = describeVerdict(decide([finding('url.ip-host')], p));
    expect(line).toBe('deliver warning=yes tagged=no strip=0 categories=ip hits=ip[warn] monitored=trial[quarantine]');
  });
});
