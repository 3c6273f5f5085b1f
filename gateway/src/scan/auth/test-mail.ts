import { generateKeyPairSync } from 'node:crypto';
import { authenticate, dkimSign, sealMessage, type DNSResolver } from 'mailauth';
import type { DnsResolver } from './resolver.js';

/**
 * Builders for authenticated test mail: keys made here, DKIM signatures and ARC seals made by
 * mailauth, exactly as a sender's server and an ARC-aware mailing list would. The public keys go
 * into a test DNS zone (test-dns.ts). Only for tests; nothing on the mail path imports this file.
 */

export interface TestKey {
  pem: string;
  /** The TXT record that publishes the public key (`v=DKIM1; k=rsa; p=…`). */
  record: string;
}

export function testKey(): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    pem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    record: `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`,
  };
}

/** A plain message from `from` (its domain signs it in dkimSigned). */
export function plainMail(from: string, to = 'canbo@lists.example'): Buffer {
  return Buffer.from(
    `From: Ngân hàng <${from}>\r\nTo: ${to}\r\nSubject: Thong bao lai suat\r\n` +
      `Message-ID: <${Date.now()}.${Math.random().toString(36).slice(2)}@${from.split('@')[1]}>\r\nDate: Mon, 23 Nov 2026 08:00:00 +0700\r\n\r\nKính gửi quý khách.\r\n`,
  );
}

/**
 * The signing time for t=: now, rounded down to the whole second. mailauth writes t= as
 * Math.round(time / 1000), so a time with milliseconds can put t= up to half a second in the
 * future, and a check within that half second reads the signature as from the future
 * (signatureTimeValid false): the comparison with mailauth's own result was flaky on DKIM and ARC.
 */
function wholeSecond(): Date {
  return new Date(Math.floor(Date.now() / 1000) * 1000);
}

export async function dkimSigned(message: Buffer, signer: { domain: string; selector: string; key: TestKey }): Promise<Buffer> {
  const options = { signTime: wholeSecond(), signatureData: [{ signingDomain: signer.domain, selector: signer.selector, privateKey: signer.key.pem }] };
  const res = await dkimSign(message, options as unknown as Parameters<typeof dkimSign>[1]);
  if (res.errors?.length) throw new Error(`DKIM signing failed: ${JSON.stringify(res.errors)}`);
  return Buffer.concat([Buffer.from(res.signatures), message]);
}

/** What a mailing list does: tag the subject and add a footer. Breaks the author's DKIM signature. */
export function listEdit(message: Buffer): Buffer {
  return Buffer.from(message.toString('latin1').replace('Subject: ', 'Subject: [can-bo] ') + '-- \r\nDanh sach can-bo\r\n', 'latin1');
}

export interface ArcHop {
  /** The sealing domain (d=); its key is published at `<selector>._domainkey.<sealer>`. */
  sealer: string;
  selector?: string;
  key: TestKey;
  /** The client address the hop received the message from, and the envelope sender, for its SPF check. */
  from: string;
  mailFrom: string;
  /** DNS the hop uses for its own checks on arrival. */
  resolver: DnsResolver;
  /** How the hop changes the message; default: listEdit. */
  edit?: (message: Buffer) => Buffer;
  /** What the hop writes in its ARC-Authentication-Results; default: what mailauth found on arrival. */
  authResults?: string;
}

/** One ARC-aware hop: checks the message on arrival, edits it, seals what it found (RFC 8617). */
export async function arcForward(message: Buffer, hop: ArcHop): Promise<Buffer> {
  const mta = `mx.${hop.sealer}`;
  const found = await authenticate(message, {
    ip: hop.from,
    helo: 'mx.sender.example',
    sender: hop.mailFrom,
    mta,
    resolver: hop.resolver as DNSResolver,
    disableBimi: true,
  });
  const edited = (hop.edit ?? listEdit)(message);
  const arc = found.arc as { status: { result: string }; authResults?: string };
  // authResults and cv are documented in mailauth's README (sealing after modifications) but missing from its types
  const options = {
    signingDomain: hop.sealer,
    selector: hop.selector ?? 'arc',
    privateKey: hop.key.pem,
    authResults: hop.authResults ?? arc.authResults,
    cv: arc.status.result,
    signTime: wholeSecond(),
  };
  const seal = await sealMessage(edited, options as Parameters<typeof sealMessage>[1]);
  return Buffer.concat([seal, edited]);
}
