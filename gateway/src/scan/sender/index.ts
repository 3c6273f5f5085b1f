import { domainToASCII, domainToUnicode } from 'node:url';
import type { Address, ParsedMessage } from '../../parse/types.js';
import type { Policy } from '../../policy/types.js';
import { guardedScanner } from '../guarded.js';
import type { Finding, ScanContext, Scanner } from '../types.js';
import { domainOfAddress, DomainSet, localDomains, registrableDomain } from '../urls/domains.js';
import { governmentDisguise } from '../urls/government.js';
import { DEFAULT_PROTECTED_LIST } from '../urls/lists.js';
import { LookalikeMatcher } from '../urls/lookalike.js';

interface SenderPolicy {
  local: DomainSet;
  /** Protected domains and the local domains: what a sender address must not imitate. */
  imitated: LookalikeMatcher;
}

const cache = new WeakMap<Policy, SenderPolicy>();

function senderPolicy(policy: Policy): SenderPolicy {
  let p = cache.get(policy);
  if (!p) {
    const protectedEntries = policy.lists.get(policy.settings.protectedList ?? DEFAULT_PROTECTED_LIST)?.entries ?? [];
    p = {
      local: localDomains(policy),
      imitated: new LookalikeMatcher([...protectedEntries, ...policy.localDomains]),
    };
    cache.set(policy, p);
  }
  return p;
}

export { domainOfAddress };

/** True when `domain` is one of the local domains or a subdomain of one. */
export function isLocalDomain(domain: string, local: DomainSet): boolean {
  return domain !== '' && local.match(domain) !== undefined;
}

const DOMAIN_IN_NAME = /[\p{L}\p{N}][\p{L}\p{N}-]*(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

function externalFinding(message: ParsedMessage, ctx: ScanContext, local: DomainSet): Finding | undefined {
  const envelopeDomain = domainOfAddress(ctx.envelope?.mailFrom);
  const fromDomain = domainOfAddress(message.from[0]?.address);
  const [domain, source] = envelopeDomain !== '' ? [envelopeDomain, 'envelope'] : [fromDomain, 'from'];
  if (isLocalDomain(domain, local)) return undefined;
  return {
    scanner: 'sender',
    kind: 'sender.external',
    detail: domain === '' ? 'the sender has no domain (null envelope sender and no From address)' : `sender domain ${domain} (${source}) is not a local domain`,
    subject: domain,
    tags: [source],
  };
}

function lookalikeFindings(message: ParsedMessage, ctx: ScanContext, p: SenderPolicy): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const check = (domain: string, header: string): void => {
    if (domain === '' || seen.has(domain)) return;
    seen.add(domain);
    const shown = domainToUnicode(domain) || domain;
    const hit = p.imitated.check(domain);
    // the look-alike of a protected domain names the agency (bhxh.gov-vn.top → bhxh.gov.vn); the
    // government disguise is the sign of its own for the rest (noivu-gov.online, hmrc-gov-uk.example)
    const gov = hit || isLocalDomain(domain, p.local) ? undefined : governmentDisguise(domain, registrableDomain(domain));
    if (gov) {
      findings.push({
        scanner: 'sender',
        kind: 'sender.government-lookalike',
        detail: `${header} domain ${shown}${shown !== domain ? ` (${domain})` : ''} is dressed as a government domain (${gov.imitated}, ${gov.form}) but is not one`,
        subject: domain,
        tags: [gov.imitated, gov.form, header],
      });
    }
    if (!hit) return;
    findings.push({
      scanner: 'sender',
      kind: 'sender.lookalike',
      detail: `${header} domain ${shown}${shown !== domain ? ` (${domain})` : ''} imitates ${hit.imitated} (${hit.reason})`,
      subject: domain,
      tags: [hit.imitated, hit.reason, header],
    });
  };
  check(domainOfAddress(ctx.envelope?.mailFrom), 'envelope');
  for (const a of message.from.slice(0, 10)) check(domainOfAddress(a.address), 'from');
  for (const a of message.replyTo.slice(0, 10)) check(domainOfAddress(a.address), 'reply-to');
  for (const a of message.from.slice(0, 10)) {
    const f = displayNameFinding(a, p);
    if (f) findings.push(f);
  }
  return findings;
}

/** "support@vietcombank.com.vn" <x@evil.example>: the name shows a protected domain the address is not in. */
function displayNameFinding(a: Address, p: SenderPolicy): Finding | undefined {
  const name = (a.name ?? '').normalize('NFKC').toLowerCase();
  if (name === '') return undefined;
  const domain = domainOfAddress(a.address);
  for (const m of name.slice(0, 500).matchAll(DOMAIN_IN_NAME)) {
    const shown = domainToASCII(m[0]);
    if (shown === '') continue;
    const owner = p.imitated.owned.match(shown);
    if (owner === undefined) continue;
    if (domain !== '' && p.imitated.owned.match(domain) === owner) continue;
    return {
      scanner: 'sender',
      kind: 'sender.lookalike',
      detail: `From name shows ${m[0]} but the address is ${a.address}`,
      subject: domain || a.address,
      tags: [owner, 'display-name', 'from'],
    };
  }
  return undefined;
}

/** Tags mail from outside the local domains; flags sender domains that imitate protected or local ones. */
export function scanSender(message: ParsedMessage, ctx: ScanContext): Finding[] {
  const p = senderPolicy(ctx.policy);
  const findings = lookalikeFindings(message, ctx, p);
  const external = externalFinding(message, ctx, p.local);
  if (external) findings.unshift(external);
  return findings;
}

export const senderScanner: Scanner = guardedScanner('sender', 'sender', scanSender);
