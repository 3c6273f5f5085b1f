import { promises as dns } from 'node:dns';
import { setBounded } from '../../bounded.js';

/** The resolver function mailauth takes: `(name, rrtype) => records`, like dns.promises.resolve. */
export type DnsResolver = (name: string, rrtype: string) => Promise<unknown>;

interface Entry {
  at: number;
  ttlMs: number;
  value?: unknown;
  error?: NodeJS.ErrnoException;
}

/** Answers that mean "there is no such record": cached like answers, they are answers. */
const NEGATIVE = new Set(['ENOTFOUND', 'ENODATA', 'NXDOMAIN']);

/** True when a lookup failed for a reason that may go away (timeout, SERVFAIL, refused), not "no such record". */
export function isTemporaryDnsError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return !(code && NEGATIVE.has(code));
}

/**
 * DNS for SPF/DKIM/DMARC: one attempt with a short timeout per query (a lookup that does not
 * answer must not hold the SMTP client past Postfix's proxy timeout), and a bounded cache of
 * answers and of "no such record" (a province receives much mail from few domains). Other
 * failures (timeouts, SERVFAIL) are not cached: they are temporary.
 *
 * An entry past its time is still answered from for a while (`staleMs`, as long as its time by
 * default) while one lookup in the background refreshes it, as resolvers prefetch (Unbound) and
 * serve stale (RFC 8767): the domains a province hears from every minute then never make a message
 * wait for DNS again — without it, every ten minutes one message per domain waited a round trip for
 * each of its names (tens of milliseconds on real DNS). A refresh that fails for a temporary
 * reason keeps the old entry until it is too old; past that the lookup is made while the message
 * waits, as for a name never seen.
 */
export function createDnsResolver(opts: { servers?: string[]; timeoutMs?: number; ttlMs?: number; negativeTtlMs?: number; staleMs?: number; maxEntries?: number } = {}): DnsResolver {
  const resolver = new dns.Resolver({ timeout: opts.timeoutMs ?? 2000, tries: 1 });
  if (opts.servers?.length) resolver.setServers(opts.servers);
  const ttl = opts.ttlMs ?? 10 * 60_000;
  const negTtl = opts.negativeTtlMs ?? 5 * 60_000;
  const max = opts.maxEntries ?? 10_000;
  const cache = new Map<string, Entry>();
  const pending = new Map<string, Promise<unknown>>();

  const store = (key: string, entry: Entry) => {
    setBounded(cache, key, entry, max);
  };
  const answer = (hit: Entry): unknown => {
    if (hit.error) throw hit.error;
    return hit.value;
  };

  return async (name, rrtype) => {
    const key = `${rrtype} ${name.toLowerCase()}`;
    const hit = cache.get(key);
    if (hit) {
      const age = Date.now() - hit.at;
      if (age < hit.ttlMs) return answer(hit);
      if (age < hit.ttlMs + (opts.staleMs ?? hit.ttlMs)) {
        if (!pending.has(key)) lookupOf(name, rrtype, key).catch(() => undefined);
        return answer(hit);
      }
    }
    return pending.get(key) ?? lookupOf(name, rrtype, key);
  };

  function lookupOf(name: string, rrtype: string, key: string): Promise<unknown> {
    const lookup = (resolver.resolve(name, rrtype as 'TXT') as Promise<unknown>)
      .then(
        (value) => {
          store(key, { at: Date.now(), ttlMs: ttl, value });
          return value;
        },
        (err: NodeJS.ErrnoException) => {
          if (!isTemporaryDnsError(err)) store(key, { at: Date.now(), ttlMs: negTtl, error: err });
          throw err;
        },
      )
      .finally(() => pending.delete(key));
    pending.set(key, lookup);
    return lookup;
  }
}
