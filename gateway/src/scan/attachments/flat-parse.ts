import { Parser, type Handler, type ParserOptions } from 'htmlparser2';

/**
 * Open elements htmlparser2 may hold before parseFlat starts it afresh. htmlparser2 keeps its stack
 * of open elements with Array.unshift, so each element opened inside N unclosed ones moves N
 * entries: 100k nested `<div>` in a 0.5 MB HTML attachment took 3.5 s, in 2 MB 70 s
 * (scripts/scan-scaling.ts). Browsers stop nesting at 512 too.
 */
export const MAX_OPEN_ELEMENTS = 512;

/** Elements after whose open tag the tokenizer reads raw text: a fresh parser must not start there. */
const RAW_TEXT = new Set(['script', 'style', 'title', 'textarea', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'plaintext']);

export interface FlatRead {
  /** How often the parser was started afresh past MAX_OPEN_ELEMENTS open elements. */
  restarts: number;
  /** The most elements htmlparser2 held open at once. */
  deepest: number;
}

/**
 * htmlparser2 over `text` with `handler`, in time linear in the text however deep the markup nests
 * (for the attachment readers, which look at tags, attributes and text, never at nesting). When
 * `maxOpen` elements are open, the parser is dropped right after the open tag that reached the
 * limit and a new one reads on from the next character: every later tag, attribute and text still
 * reaches `handler` (a form after 100k `<div>`s is read), only the dropped parser's open elements
 * are never closed (no onclosetag for them). Not after a raw-text element's open tag (`<script>`,
 * `<style>`, ...): the restart waits for the next element, so raw text is never read as markup.
 */
export function parseFlat(text: string, handler: Partial<Handler>, options: ParserOptions, maxOpen = MAX_OPEN_ELEMENTS): FlatRead {
  const read: FlatRead = { restarts: 0, deepest: 0 };
  const html = !options.xmlMode;
  let open = 0;
  // where, in the text given to the current parser, the next one starts (-1: no restart)
  let restartAt = -1;
  let parser: Parser;
  const counting: Partial<Handler> = {
    ...handler,
    onopentag(name, attribs, implied) {
      handler.onopentag?.(name, attribs, implied);
      // a void element is closed right after (onclosetag): it is never left open
      open++;
      if (open > read.deepest) read.deepest = open;
      if (open >= maxOpen && restartAt < 0 && !(html && RAW_TEXT.has(name.toLowerCase()))) {
        restartAt = parser.endIndex + 1;
        parser.pause();
      }
    },
    onclosetag(name, implied) {
      if (open > 0) open--;
      handler.onclosetag?.(name, implied);
    },
  };
  let from = 0;
  for (;;) {
    open = 0;
    restartAt = -1;
    parser = new Parser(counting, options);
    parser.write(from === 0 ? text : text.slice(from));
    if (restartAt < 0) {
      parser.end();
      return read;
    }
    from += restartAt;
    read.restarts++;
  }
}
