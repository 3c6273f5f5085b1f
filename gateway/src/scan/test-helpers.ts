import { emptyMessage } from '../parse/index.js';
/**
 * Builders for scanner unit tests: a minimal ParsedMessage, a Policy from inline lists and a
 * ScanContext with a silent logger. Only for tests; nothing on the mail path imports this file.
 */
import { domainToUnicode } from 'node:url';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import type { ScanLimits } from '../config/types.js';
import { silentLogger } from '../log.js';
import type { Address, ParsedMessage, UrlRef, UrlSource } from '../parse/types.js';
import type { ListType, Policy, PolicyList, PolicySettings, Rule } from '../policy/types.js';
import type { ClamdClient } from './attachments/clamd.js';
import type { ScanContext } from './types.js';

/** A ParsedMessage with empty defaults; pass only what the test is about. */
export function makeMessage(over: Partial<ParsedMessage> = {}): ParsedMessage {
  return {
    ...emptyMessage(),
    messageId: '<test@lachan.test>',
    visibleText: over.text ?? '',
    sha256: '0'.repeat(64),
    ...over,
  };
}

/** 'Name <a@b>' or 'a@b' → Address. */
export function addr(text: string): Address {
  const m = /^(.*?)\s*<([^>]*)>\s*$/.exec(text);
  return m ? { name: m[1]!.replace(/^"|"$/g, ''), address: m[2]! } : { name: '', address: text };
}

/**
 * A UrlRef the way the parser builds one (WHATWG URL for url/host/scheme). A string that does not
 * parse keeps `url` = raw and an empty host, as the parser does for garbage.
 */
export function urlRef(raw: string, opts: { source?: UrlSource; text?: string; partId?: string } = {}): UrlRef {
  let url = raw;
  let host = '';
  let scheme = (/^([a-z][a-z0-9+.-]*):/i.exec(raw)?.[1] ?? '').toLowerCase();
  let hasUserinfo = false;
  try {
    const u = new URL(raw);
    url = u.href;
    host = u.hostname.replace(/\.$/, '');
    scheme = u.protocol.replace(/:$/, '');
    hasUserinfo = u.username !== '' || u.password !== '';
  } catch {
    // keep the raw string
  }
  const ref: UrlRef = {
    url,
    raw,
    host,
    hostUnicode: host.startsWith('[') ? host : domainToUnicode(host) || host,
    scheme,
    hasUserinfo,
    source: opts.source ?? (opts.text !== undefined ? 'href' : 'text'),
  };
  if (opts.text !== undefined) ref.text = opts.text;
  if (opts.partId !== undefined) ref.partId = opts.partId;
  return ref;
}

export interface InlineList {
  type: ListType;
  entries: string[];
  /** Phrase lists: 'exact' keeps diacritics. */
  match?: 'folded' | 'exact';
}

/** A Policy whose lists are given inline: `{ blocked_domains: { type: 'domain', entries: [...] } }`. */
export function makePolicy(
  opts: {
    lists?: Record<string, InlineList>;
    localDomains?: string[];
    settings?: Partial<PolicySettings>;
    rules?: Rule[];
  } = {},
): Policy {
  const lists = new Map<string, PolicyList>();
  for (const [name, list] of Object.entries(opts.lists ?? {})) {
    lists.set(name, { name, type: list.type, file: `lists/${name}.txt`, entries: [...list.entries], ...(list.match ? { match: list.match } : {}) });
  }
  return {
    dir: '/nonexistent/policy',
    version: 'test',
    localDomains: opts.localDomains ?? [],
    lists,
    rules: opts.rules ?? [],
    settings: {
      clamdScope: 'code-carrying',
      bannerLanguages: ['vi', 'en'],
      externalTag: '',
      ...opts.settings,
    },
  };
}

/** A clamd that must not be called by the scanner under test. */
export const unusedClamd: ClamdClient = {
  address: 'unused://clamd',
  scan: () => Promise.reject(new Error('clamd is not available in this unit test')),
  ping: () => Promise.reject(new Error('clamd is not available in this unit test')),
  close: () => Promise.resolve(),
};

export function makeContext(
  policy: Policy,
  over: Partial<Omit<ScanContext, 'limits'>> & { limits?: Partial<ScanLimits> } = {},
): ScanContext {
  const { limits, ...rest } = over;
  return {
    policy,
    limits: { ...DEFAULT_LIMITS, ...limits },
    clamd: unusedClamd,
    log: silentLogger(),
    ...rest,
  };
}

