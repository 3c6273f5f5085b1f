import { MailParser, type AttachmentStream } from 'mailparser';
import type { Transform } from 'node:stream';
import { DEFAULT_LIMITS } from '../../src/config/defaults.js';
import type { BodyParserFactory, PartStream } from '../../src/parse/bodies.js';
import { parseMessage, releaseMessage } from '../../src/parse/index.js';
import { SPLIT_OPTIONS } from '../../src/parse/mime-tree.js';
import type { ParsedMessage } from '../../src/parse/types.js';

/**
 * mailparser's MailParser, as parse/ used it before bodies.ts, for the equivalence check of
 * BodyExtractor (src/parse/bodies.test.ts, scripts/bodies-equivalence.ts). Its attachment objects
 * are turned into PartStreams the way attachments.ts read them then. Goes when the mailparser
 * dependency goes.
 */
class ReferenceParser extends MailParser {
  override push(chunk: unknown): boolean {
    const data = chunk as AttachmentStream | null;
    return super.push(data && data.type === 'attachment' ? toPartStream(data) : chunk);
  }
}

function toPartStream(data: AttachmentStream): PartStream {
  const header = data.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  const charset = header?.params?.charset;
  return {
    type: 'attachment',
    content: data.content,
    declaredType: header?.value ?? '',
    contentType: data.contentType ?? '',
    ...(typeof charset === 'string' && charset !== '' ? { charset } : {}),
    disposition: data.contentDisposition ?? '',
    filename: data.filename ?? '',
    partPath: data.partId ?? '',
    release: () => data.release?.(),
  };
}

export const mailparserReference: BodyParserFactory = () =>
  new ReferenceParser({
    ...SPLIT_OPTIONS,
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipTextLinks: true,
    skipImageLinks: true,
    checksumAlgo: false,
  }) as unknown as Transform;

/** What the scanners take from a parse, in a form that compares as JSON. */
export function scannedView(m: ParsedMessage): Record<string, unknown> {
  return {
    text: m.text,
    html: m.html,
    visibleText: m.visibleText,
    hiddenText: m.hiddenText,
    calendarText: m.calendarText,
    urls: m.urls,
    attachments: m.attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      contentType: a.contentType,
      disposition: a.disposition,
      size: a.size,
      sha256: a.sha256,
      partPath: a.partPath,
      nestedPath: a.nestedPath,
      trueType: a.trueType,
      otherNames: a.otherNames,
    })),
    problems: m.problems,
    nested: m.nested.length,
  };
}

/** The fields in which BodyExtractor and mailparser parse `raw` differently (none: []). */
export async function differences(raw: Buffer): Promise<Array<{ field: string; ours: unknown; reference: unknown }>> {
  const ours = await parseMessage(raw, DEFAULT_LIMITS);
  const reference = await parseMessage(raw, DEFAULT_LIMITS, { parser: mailparserReference });
  const a = scannedView(ours);
  const b = scannedView(reference);
  await releaseMessage(ours);
  await releaseMessage(reference);
  const out: Array<{ field: string; ours: unknown; reference: unknown }> = [];
  for (const field of Object.keys(a)) {
    if (JSON.stringify(a[field]) !== JSON.stringify(b[field])) out.push({ field, ours: a[field], reference: b[field] });
  }
  return out;
}
