import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { FINDING_KINDS, type Finding, type FindingKind } from '../scan/types.js';
import { decide } from './engine.js';
import { checkPolicy, loadPolicy } from './loader.js';
import type { Policy } from './types.js';

/** The province's default policy as shipped in policies/ at the top of the repository. */
const POLICY_DIR = fileURLToPath(new URL('../../../policies', import.meta.url));

let policy: Policy;
beforeAll(async () => {
  policy = await loadPolicy(POLICY_DIR);
});

const f = (kind: FindingKind, extra: Partial<Finding> = {}): Finding => ({ scanner: 'urls', kind, detail: kind, ...extra });

describe('the default policy in policies/', () => {
  it('checks clean: no errors and no warnings', async () => {
    expect(await checkPolicy(POLICY_DIR)).toEqual([]);
  });

  it('declares the shared lists with their fixed files and types', () => {
    const lists = Object.fromEntries([...policy.lists.values()].map((l) => [l.name, [l.type, l.file.slice(POLICY_DIR.length + 1)]]));
    expect(lists).toEqual({
      blocked_domains: ['domain', 'lists/blocked-domains.txt'],
      blocked_urls: ['url', 'lists/blocked-urls.txt'],
      blocked_ips: ['ip', 'lists/blocked-ips.txt'],
      allowed_domains: ['domain', 'lists/allowed-domains.txt'],
      shorteners: ['domain', 'lists/shorteners.txt'],
      protected_domains: ['domain', 'lists/protected-domains.txt'],
      blocked_hashes: ['hash', 'lists/blocked-hashes.txt'],
      phrases_scam: ['phrase', 'lists/phrases-scam.txt'],
      phrases_phishing: ['phrase', 'lists/phrases-phishing.txt'],
      // read by the detection scanners (scan/links, scan/identity, scan/brand)
      abused_hosting: ['domain', 'lists/abused-hosting.txt'],
      abused_tlds: ['domain', 'lists/abused-tlds.txt'],
      brands: ['phrase', 'lists/brands.txt'],
      // obscene/abusive language, matched with diacritics (scan/content exact matcher)
      harmful_words: ['phrase', 'lists/harmful-words.txt'],
      // mild intensifiers and ambiguous abbreviations, counted at most once by harmful-language (scan/content/harmful.ts)
      harmful_mild: ['phrase', 'lists/harmful-mild.txt'],
      // read by the auth scanner (scan/auth/lists.ts): whose ARC results we believe, our own forwarders
      trusted_arc_sealers: ['domain', 'lists/trusted-arc-sealers.txt'],
      trusted_forwarders: ['ip', 'lists/trusted-forwarders.txt'],
      // read by the content scanner (scan/content/share-lure.ts): document-sharing services
      share_services: ['domain', 'lists/share-services.txt'],
    });
    expect(policy.lists.get('harmful_words')!.match).toBe('exact');
    expect(policy.lists.get('harmful_mild')!.match).toBe('exact');
    expect(policy.settings).toMatchObject({ protectedList: 'protected_domains', shortenerList: 'shorteners', allowedList: 'allowed_domains', clamdScope: 'code-carrying' });
  });

  it('has an enforced rule for every finding kind', () => {
    const handled = new Set(policy.rules.filter((r) => r.mode === 'enforce').flatMap((r) => r.match.any.flatMap((c) => c.kind)));
    expect(FINDING_KINDS.filter((k) => !handled.has(k))).toEqual([]);
  });

  it('comments every rule (a line starting with # right above it)', async () => {
    const lines = (await readFile(`${POLICY_DIR}/policy.yaml`, 'utf8')).split('\n');
    const uncommented = policy.rules.filter((r) => !lines[r.source.line - 2]?.trim().startsWith('#')).map((r) => r.id);
    expect(uncommented).toEqual([]);
  });

  it('keeps at least one example rule in monitor mode', () => {
    expect(policy.rules.some((r) => r.mode === 'monitor')).toBe(true);
  });

  it.each<[string, Finding[], { action: string; warning?: boolean; tagged?: boolean; categories?: string[] }]>([
    ['rejects malware', [f('attachment.virus', { scanner: 'attachments', attachment: 'a1' })], { action: 'reject' }],
    ['rejects a blocked file hash', [f('attachment.listed', { scanner: 'attachments', attachment: 'a1', list: 'blocked_hashes' })], { action: 'reject' }],
    ['quarantines a blocked domain link', [f('url.listed', { list: 'blocked_domains' })], { action: 'quarantine' }],
    ['quarantines a lookalike link', [f('url.lookalike', { tags: ['vietcombank.com.vn'] })], { action: 'quarantine' }],
    ['quarantines a lookalike sender', [f('sender.lookalike', { scanner: 'sender' })], { action: 'quarantine' }],
    ['quarantines a double extension', [f('attachment.double-extension', { scanner: 'attachments', attachment: 'a1' })], { action: 'quarantine' }],
    ['strips an executable with a warning', [f('attachment.dangerous-type', { scanner: 'attachments', attachment: 'a1' })], { action: 'deliver', warning: true }],
    ['warns on an encrypted archive', [f('attachment.encrypted', { scanner: 'attachments', attachment: 'a1' })], { action: 'deliver', warning: true }],
    ['warns on a single scam phrase', [f('content.phrase', { scanner: 'content', list: 'phrases_scam' })], { action: 'deliver', warning: true }],
    ['warns on an SMS advertising signal', [f('content.sms-ad', { scanner: 'content', tags: ['sms-instruction'] })], { action: 'deliver', warning: true }],
    ['warns on free mail hiding its recipients', [f('sender.freemail-hidden-recipients', { scanner: 'sender', tags: ['undisclosed', 'gmail.com'] })], { action: 'deliver', warning: true }],
    ['warns on a keyword-stuffed sender name', [f('sender.stuffed-header', { scanner: 'sender', tags: ['from-name'] })], { action: 'deliver', warning: true }],
    ['holds free mail hiding its recipients with two other signs', [f('sender.freemail-hidden-recipients', { scanner: 'sender', tags: ['no-to', 'gmail.com'] }), f('content.image-only', { scanner: 'content', tags: ['inline-image'] }), f('sender.reply-to-other-domain', { scanner: 'sender' })], { action: 'quarantine' }],
    ['only tags an external sender', [f('sender.external', { scanner: 'sender' })], { action: 'deliver', warning: false, tagged: true }],
    ['quarantines a sender failing DMARC p=reject', [f('auth.dmarc-fail', { scanner: 'auth', tags: ['p=reject'] })], { action: 'quarantine' }],
    ['only tags a DMARC failure a trusted ARC sealer vouches for', [f('auth.dmarc-arc-override', { scanner: 'auth', tags: ['arc-override', 'p=reject'] })], { action: 'deliver', warning: false, tagged: true }],
    ['only tags a broken ARC chain', [f('auth.arc', { scanner: 'auth', tags: ['fail'] })], { action: 'deliver', warning: false, tagged: true }],
    ['only records a valid ARC chain', [f('auth.arc', { scanner: 'auth', tags: ['pass', 'untrusted-sealer'] })], { action: 'deliver', warning: false, tagged: false, categories: ['forwarded'] }],
    ['only records mail from a trusted forwarder', [f('auth.trusted-forwarder', { scanner: 'auth', tags: ['spf=fail'] })], { action: 'deliver', warning: false, tagged: false, categories: ['forwarded'] }],
    ['quarantines an unscannable message', [f('message.unscannable', { scanner: 'parse' })], { action: 'quarantine' }],
    ['quarantines on a scanner error', [f('scanner.error', { scanner: 'attachments' })], { action: 'quarantine' }],
  ])('%s', (_name, findings, expected) => {
    expect(decide(findings, policy)).toMatchObject(expected);
  });

  it('warns on harmful language from three different words, not on one or two', () => {
    const words = ['đéo', 'súc vật', 'con mẹ mày'].map((subject) => f('content.phrase', { scanner: 'content', list: 'harmful_words', subject }));
    expect(decide(words.slice(0, 2), policy)).toMatchObject({ action: 'deliver', warning: false });
    const v = decide(words, policy);
    expect(v).toMatchObject({ action: 'deliver', warning: true, categories: ['harmful'] });
    expect(v.hits.map((h) => h.rule)).toEqual(['harmful-language']);
  });

  it('only records many phishing phrases in monitor mode', () => {
    const phrases = ['xác thực tài khoản', 'mật khẩu hết hạn', 'tài khoản bị khóa'].map((subject) =>
      f('content.phrase', { scanner: 'content', list: 'phrases_phishing', subject }),
    );
    const v = decide(phrases, policy);
    expect(v).toMatchObject({ action: 'deliver', warning: true });
    expect(v.monitored.map((h) => [h.rule, h.action])).toEqual([['many-phishing-phrases', 'quarantine']]);
  });
});
