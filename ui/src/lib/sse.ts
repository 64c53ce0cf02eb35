/** One Server-Sent Events frame: its `event:` name, joined `data:` lines and `id:`. */
export interface SseFrame {
  event?: string;
  data: string;
  id?: string;
}

/** An incremental SSE parser: feed it text as it arrives, get the complete frames. */
export interface SseParser {
  push(text: string): SseFrame[];
}

/**
 * Creates a parser for the `text/event-stream` format (WHATWG HTML, "event stream interpretation"):
 * CRLF/LF/CR line ends, `:` comments, multi-line data, one optional space after the colon. As the spec says,
 * a last frame cut off before its blank line is never dispatched.
 */
export function createSseParser(): SseParser {
  let buffer = '';
  let data: string[] = [];
  let event: string | undefined;
  let id: string | undefined;

  const dispatch = (out: SseFrame[]) => {
    if (data.length > 0) out.push({ data: data.join('\n'), ...(event ? { event } : {}), ...(id !== undefined ? { id } : {}) });
    data = [];
    event = undefined;
  };

  const line = (text: string, out: SseFrame[]) => {
    if (text === '') return dispatch(out);
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id' && !value.includes('\0')) id = value;
  };

  return {
    push(text) {
      buffer += text;
      const out: SseFrame[] = [];
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const ch = buffer[i];
        if (ch !== '\n' && ch !== '\r') continue;
        if (ch === '\r' && i === buffer.length - 1) break;
        line(buffer.slice(start, i), out);
        if (ch === '\r' && buffer[i + 1] === '\n') i++;
        start = i + 1;
      }
      buffer = buffer.slice(start);
      return out;
    },
  };
}
