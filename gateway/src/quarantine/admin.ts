import { Readable } from 'node:stream';
import { cleanGatewayName } from '../act/banner.js';
import { buildHeaderBlock, headerField, parseHeaderBlock } from '../act/headers.js';
import { headerBlockEnd } from '../act/index.js';
import { categoryValue, putOurHeaders } from '../act/verdict-headers.js';
import type { AuditEntry, Database, QuarantineRecord } from '../db/index.js';
import type { RelayResult, Relay } from '../deliver/relay.js';
import { errorText, LachanError } from '../errors.js';
import type { Logger } from '../log.js';
import type { MessageStore } from './store.js';

/**
 * What an administrator does with a held message: release it to its recipients (through the same
 * relay as the mail path, with the original envelope) or delete it. Every change is a compare and
 * set on the record's status with its audit row in the same transaction, so two administrators
 * acting on one message at once cannot both release it.
 */

export interface QuarantineAdminDeps {
  db: Pick<Database, 'quarantine' | 'audit'>;
  store: Pick<MessageStore, 'get' | 'remove'>;
  /** needed to release */
  relay?: Pick<Relay, 'send'>;
  gatewayName: string;
  log?: Logger;
}

export interface AdminAction {
  /** who, for the record and the audit log (e.g. `cli:root`) */
  actor: string;
  /** why, in the administrator's words */
  reason?: string;
}

export interface ReleaseResult {
  record: QuarantineRecord;
  /** the downstream's reply to DATA */
  response: string;
  accepted: string[];
  rejected: string[];
  audit: AuditEntry;
}

export interface DeleteResult {
  record: QuarantineRecord;
  /** false when another record still keeps the same bytes (the same message held twice) */
  removedBytes: boolean;
  audit?: AuditEntry;
}

async function recordOf(deps: QuarantineAdminDeps, ref: string): Promise<QuarantineRecord> {
  const record = await deps.db.quarantine.get(ref);
  if (!record) throw new LachanError('LC_QUARANTINE_NOT_FOUND', ref);
  return record;
}

function stateError(record: QuarantineRecord, wanted: string): LachanError {
  const by = record.statusBy ? ` by ${record.statusBy}` : '';
  const at = record.statusChangedAt ? ` at ${record.statusChangedAt}` : '';
  return new LachanError('LC_QUARANTINE_STATE', `${record.ref} is ${record.status}${by}${at}; only a ${wanted} message can be changed this way`);
}

/**
 * The held original as it goes out on release: the X-Lachan-* fields it came with are removed (a
 * sender must not forge our verdict) and ours put at the top — `X-Lachan-Ref`, `X-Lachan-Verdict:
 * released; by=<actor, percent-encoded>; gateway=<name>` and the categories it was held for. Every other byte is the
 * original's.
 */
export function releasedMessage(original: Buffer, record: Pick<QuarantineRecord, 'ref' | 'categories'>, actor: string, gatewayName: string): Buffer {
  let end = headerBlockEnd(original);
  if (end < 0) end = original.length;
  const block = parseHeaderBlock(original.subarray(0, end));
  // a token: anything else percent-encoded (a Vietnamese name stays readable once decoded)
  const by = encodeURIComponent(actor).replace(/%40/g, '@').replace(/%3A/g, ':') || 'unknown';
  const ours = [
    headerField('X-Lachan-Ref', record.ref.replace(/[^\x21-\x7e]/g, ''), block.eol),
    headerField('X-Lachan-Verdict', `released; by=${by}; gateway=${cleanGatewayName(gatewayName)}`, block.eol),
  ];
  const categories = categoryValue(record.categories);
  if (categories) ours.push(headerField('X-Lachan-Category', categories, block.eol));
  putOurHeaders(block, ours);
  // a message that ended inside its headers gets the empty line a header block needs
  if (block.tail === '' && end === original.length) block.tail = block.eol;
  return Buffer.concat([buildHeaderBlock(block), original.subarray(end)]);
}

/**
 * Releases a held message: claims it (held → released, audit `quarantine.release`), reads the
 * original back from the store (verified against its SHA-256) and relays it to its recipients with
 * its original sender. If the store or the downstream fails, the claim is undone (released → held,
 * audit `quarantine.release_failed`) and the error is thrown: the message stays held, nothing lost.
 * On success the downstream's reply is audited as `quarantine.release_sent`.
 */
export async function releaseHeld(deps: QuarantineAdminDeps, ref: string, action: AdminAction): Promise<ReleaseResult> {
  if (!deps.relay) throw new TypeError('releaseHeld needs a relay');
  const before = await recordOf(deps, ref);
  if (before.status !== 'held') throw stateError(before, 'held');
  const claim = await deps.db.quarantine.setStatus(
    { ref, from: ['held'], to: 'released', by: action.actor, reason: action.reason },
    { actor: action.actor, action: 'quarantine.release', target: ref, detail: { sha256: before.sha256, recipients: before.recipients, reason: action.reason ?? null } },
  );
  if (!claim.changed || !claim.record) throw stateError(claim.record ?? before, 'held');
  const record = claim.record;
  let sent: RelayResult;
  try {
    const original = await deps.store.get(record.sha256);
    const out = releasedMessage(original, record, action.actor, deps.gatewayName);
    sent = await deps.relay.send({ from: record.mailFrom, to: record.recipients }, () => Readable.from([out]));
  } catch (err) {
    const code = err instanceof LachanError ? err.code : 'error';
    await deps.db.quarantine.setStatus(
      { ref, from: ['released'], to: 'held', by: action.actor, reason: `release failed: ${errorText(err)}` },
      { actor: action.actor, action: 'quarantine.release_failed', target: ref, detail: { code, error: errorText(err) } },
    );
    deps.log?.warn({ evt: 'quarantine.release_failed', ref, code, err: errorText(err) }, 'release failed; the message stays held');
    throw err;
  }
  const audit = await deps.db.audit.append({
    actor: action.actor,
    action: 'quarantine.release_sent',
    target: ref,
    detail: { response: sent.response, accepted: sent.accepted, rejected: sent.rejected },
  });
  deps.log?.info({ evt: 'quarantine.released', ref, by: action.actor, response: sent.response, rejected: sent.rejected.length }, 'quarantined message released');
  return { record, response: sent.response, accepted: sent.accepted, rejected: sent.rejected, audit };
}

/**
 * Deletes a held or released message: the record stays (status `deleted`, who and why, audit
 * `quarantine.delete`) for the reports, the stored bytes go unless another record not deleted keeps
 * the same message.
 */
export async function deleteHeld(deps: QuarantineAdminDeps, ref: string, action: AdminAction): Promise<DeleteResult> {
  const before = await recordOf(deps, ref);
  if (before.status === 'deleted') throw stateError(before, 'held or released');
  const change = await deps.db.quarantine.setStatus(
    { ref, from: ['held', 'released'], to: 'deleted', by: action.actor, reason: action.reason },
    { actor: action.actor, action: 'quarantine.delete', target: ref, detail: { sha256: before.sha256, was: before.status, reason: action.reason ?? null } },
  );
  if (!change.changed || !change.record) throw stateError(change.record ?? before, 'held or released');
  const keeping = await deps.db.quarantine.countKeeping(before.sha256, ref);
  const removedBytes = keeping === 0 ? await deps.store.remove(before.sha256) : false;
  deps.log?.info({ evt: 'quarantine.deleted', ref, by: action.actor, removedBytes }, 'quarantined message deleted');
  return { record: change.record, removedBytes, ...(change.audit ? { audit: change.audit } : {}) };
}

export interface PurgeResult {
  /** refs whose originals retention deleted */
  deleted: string[];
  /** how many of those had bytes no other record kept (and so were removed from the store) */
  removedBytes: number;
}

/** Records looked at per round of purgeExpired; it goes on until none is left. */
const PURGE_BATCH = 200;

/**
 * Retention: every held or released message whose expiry (LACHAN_QUARANTINE_DAYS after it was
 * held) has passed is deleted as an administrator's delete would (status `deleted` by `retention`,
 * audit `quarantine.expire`, bytes removed unless another record keeps them). The records stay for
 * tracking and reports. Safe to run from several processes at once: each record changes once.
 */
export async function purgeExpired(deps: Pick<QuarantineAdminDeps, 'db' | 'store' | 'log'>, now: Date = new Date()): Promise<PurgeResult> {
  const deleted: string[] = [];
  let removedBytes = 0;
  for (;;) {
    const due = await deps.db.quarantine.expired(now, PURGE_BATCH);
    let changed = 0;
    for (const record of due) {
      const change = await deps.db.quarantine.setStatus(
        { ref: record.ref, from: ['held', 'released'], to: 'deleted', by: 'retention', reason: `expired ${record.expiresAt}`, at: now },
        { actor: 'retention', action: 'quarantine.expire', target: record.ref, detail: { sha256: record.sha256, was: record.status, expiresAt: record.expiresAt } },
      );
      if (!change.changed) continue;
      changed++;
      deleted.push(record.ref);
      if ((await deps.db.quarantine.countKeeping(record.sha256, record.ref)) === 0 && (await deps.store.remove(record.sha256))) removedBytes++;
    }
    // another process took the rest of this batch, or there is no more
    if (due.length < PURGE_BATCH || changed === 0) break;
  }
  if (deleted.length) deps.log?.info({ evt: 'quarantine.expired', count: deleted.length, removedBytes }, 'expired quarantined messages deleted');
  return { deleted, removedBytes };
}
