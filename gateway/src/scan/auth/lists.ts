import type { ListType, Policy } from '../../policy/types.js';
import { IpMatcher } from '../urls/ip.js';
import { TrustedSealers } from './sealers.js';

/**
 * The policy lists sender authentication reads by name (declared under `lists:` in policy.yaml).
 * A policy without them simply trusts no sealer and no forwarder.
 */
export const TRUSTED_ARC_SEALERS_LIST = 'trusted_arc_sealers';
export const TRUSTED_FORWARDERS_LIST = 'trusted_forwarders';

/** The type each of these lists must have (the policy check refuses another). */
export const AUTH_LIST_TYPES: Readonly<Record<string, ListType>> = Object.freeze({
  [TRUSTED_ARC_SEALERS_LIST]: 'domain',
  [TRUSTED_FORWARDERS_LIST]: 'ip',
});

export interface AuthLists {
  /**
   * Sealing domains whose ARC-Authentication-Results we believe (each covers its subdomains), and
   * the hosts each one's mail must come from (sealers.ts).
   */
  sealers: TrustedSealers;
  /** Addresses and ranges of the province's own forwarding hosts. */
  forwarders: IpMatcher;
}

const cache = new WeakMap<Policy, AuthLists>();

/** The trusted sealers and forwarders of a policy, built once per Policy object. */
export function authLists(policy: Policy): AuthLists {
  let lists = cache.get(policy);
  if (!lists) {
    const entries = (name: string) => {
      const list = policy.lists.get(name);
      return list && list.type === AUTH_LIST_TYPES[name] ? list.entries : [];
    };
    lists = { sealers: new TrustedSealers(entries(TRUSTED_ARC_SEALERS_LIST)), forwarders: new IpMatcher(entries(TRUSTED_FORWARDERS_LIST)) };
    cache.set(policy, lists);
  }
  return lists;
}
