/**
 * Builds TNEF streams (winmail.dat) for tests, following [MS-OXTNEF]: what Outlook writes for a
 * "rich text" message with attachments. The tests check the streams with Debian's `tnef` as well
 * as with our reader, so the builder cannot drift into a format only we read.
 */

export interface BuiltAttachment {
  /** 8.3 title (attAttachTitle) */
  title: string;
  /** long file name (PidTagAttachLongFilename, UTF-16), when given */
  longName?: string;
  data: Buffer;
  /** embedded message: the data goes into PidTagAttachDataObject (PT_OBJECT) with method 5 */
  embeddedMessage?: boolean;
}

const LVL_MESSAGE = 0x01;
const LVL_ATTACHMENT = 0x02;

function attribute(level: number, id: number, data: Buffer, badChecksum = false): Buffer {
  const head = Buffer.alloc(9);
  head[0] = level;
  head.writeUInt32LE(id >>> 0, 1);
  head.writeUInt32LE(data.length, 5);
  let sum = 0;
  for (const b of data) sum += b;
  const tail = Buffer.alloc(2);
  tail.writeUInt16LE((sum + (badChecksum ? 1 : 0)) & 0xffff);
  return Buffer.concat([head, data, tail]);
}

const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};
const pad4 = (b: Buffer): Buffer => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);

/** One variable-length property: type, id, a value count of 1, the length and the padded bytes. */
function variableProp(type: number, id: number, value: Buffer): Buffer {
  const tag = Buffer.alloc(4);
  tag.writeUInt16LE(type, 0);
  tag.writeUInt16LE(id, 2);
  return Buffer.concat([tag, u32(1), u32(value.length), pad4(value)]);
}

function longProp(id: number, value: number): Buffer {
  const tag = Buffer.alloc(4);
  tag.writeUInt16LE(0x0003, 0);
  tag.writeUInt16LE(id, 2);
  return Buffer.concat([tag, u32(value)]);
}

/** IID_IMessage {00020307-0000-0000-C000-000000000046}, as PT_OBJECT data starts with it. */
const IID_IMESSAGE = Buffer.from('0703020000000000c000000000000046', 'hex');

export function buildTnef(attachments: BuiltAttachment[], opts: { badChecksum?: boolean } = {}): Buffer {
  const parts: Buffer[] = [u32(0x223e9f78), Buffer.from([0x01, 0x00])];
  // attTnefVersion, attOemCodepage, attMessageClass: what Outlook writes first
  parts.push(attribute(LVL_MESSAGE, 0x00089006, u32(0x00010000)));
  parts.push(attribute(LVL_MESSAGE, 0x00069007, Buffer.concat([u32(1252), u32(0)])));
  parts.push(attribute(LVL_MESSAGE, 0x00078008, Buffer.from('IPM.Microsoft Mail.Note\0', 'latin1')));
  for (const a of attachments) {
    // attAttachRendData: attachment type 1 (file), position, render width/height, flags
    parts.push(attribute(LVL_ATTACHMENT, 0x00069002, Buffer.alloc(14, 0).fill(1, 0, 1)));
    parts.push(attribute(LVL_ATTACHMENT, 0x00018010, Buffer.from(`${a.title}\0`, 'latin1')));
    if (!a.embeddedMessage) parts.push(attribute(LVL_ATTACHMENT, 0x0006800f, a.data, opts.badChecksum));
    const props: Buffer[] = [];
    if (a.longName !== undefined) props.push(variableProp(0x001f, 0x3707, Buffer.from(`${a.longName}\0`, 'utf16le')));
    props.push(longProp(0x3705, a.embeddedMessage ? 5 : 1));
    if (a.embeddedMessage) props.push(variableProp(0x000d, 0x3701, Buffer.concat([IID_IMESSAGE, a.data])));
    parts.push(attribute(LVL_ATTACHMENT, 0x00069005, Buffer.concat([u32(props.length), ...props])));
  }
  return Buffer.concat(parts);
}
