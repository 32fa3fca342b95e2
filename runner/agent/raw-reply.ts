import type { JsonRpcId } from "../protocol/jsonrpc.ts";
import type { Message } from "./session-mux.ts";

/** Where a server's reply line keeps its numeric id, and whether it is an error. */
export interface ReplyEnvelope {
  id: number;
  /** The id's digits are line[idStart, idEnd). */
  idStart: number;
  idEnd: number;
  isError: boolean;
}

const ID_FIRST = '{"jsonrpc":"2.0","id":';
const ID_LAST = ',"id":';
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
/** `{"result":` opening the line, or `,"result":` after the id: the result's value comes after either. */
const RESULT_KEY_LENGTH = 10;

/**
 * Reads only the envelope of a reply written compactly with its id right after `jsonrpc` (Python
 * SDK) or last (TypeScript SDK): `{"jsonrpc":"2.0","id":7,"result":…}` or `{"result":…,"jsonrpc":"2.0","id":7}`.
 * Both can be read at their ends without looking inside the result: a `"` in a JSON string is
 * always escaped, so `,"id":7}` closing the line, or the fixed opening, can only be the top-level
 * member. Any other shape is undefined, and the line is parsed as a whole.
 */
export function replyEnvelope(line: string): ReplyEnvelope | undefined {
  // A line that does not end the object it opens is the full parse's to judge, and so is one with
  // a CR anywhere: as whitespace between tokens it is valid JSON, but it would end an SSE data line.
  if (line.charCodeAt(line.length - 1) !== CLOSE_BRACE || line.includes("\r")) return undefined;
  if (line.startsWith(ID_FIRST)) {
    const idStart = ID_FIRST.length;
    const idEnd = digitsFrom(line, idStart);
    if (idEnd === idStart) return undefined;
    const isError = line.startsWith(',"error":', idEnd);
    if (!isError && !line.startsWith(',"result":', idEnd)) return undefined;
    return { id: Number(line.slice(idStart, idEnd)), idStart, idEnd, isError };
  }
  const isError = line.startsWith('{"error":');
  if (!isError && !line.startsWith('{"result":')) return undefined;
  const idEnd = line.length - 1;
  let idStart = idEnd;
  while (idStart > 0 && isDigit(line.charCodeAt(idStart - 1))) idStart--;
  if (idStart === idEnd || !line.startsWith(ID_LAST, idStart - ID_LAST.length)) return undefined;
  return { id: Number(line.slice(idStart, idEnd)), idStart, idEnd, isError };
}

/**
 * A server's reply passed on as the server wrote it, only its id replaced by the client's: on
 * the hot path this saves parsing every result and writing it out again (the "forward
 * raw bytes"). Reading `result` or `error` parses it then; once parsed, the text is written
 * from the parsed message, so a change made to it is never lost.
 */
export class RawReply implements Message {
  readonly jsonrpc = "2.0";
  // Private fields (#): neither enumerable nor copied by a spread, so the message looks like any other.
  readonly #line: string;
  readonly #envelope: ReplyEnvelope;
  #parsed: { result?: unknown; error?: unknown } | undefined;

  constructor(
    public id: JsonRpcId,
    line: string,
    envelope: ReplyEnvelope,
  ) {
    this.#line = line;
    this.#envelope = envelope;
  }

  get isError(): boolean {
    return this.#envelope.isError;
  }

  get result(): unknown {
    return this.isError ? undefined : this.#body().result;
  }

  get error(): unknown {
    return this.isError ? this.#body().error : undefined;
  }

  get text(): string {
    if (this.#parsed) return JSON.stringify(this);
    return `${this.#line.slice(0, this.#envelope.idStart)}${JSON.stringify(this.id)}${this.#line.slice(this.#envelope.idEnd)}`;
  }

  /** Whether the server's text holds `fragment` anywhere, inside strings included. */
  mentions(fragment: string): boolean {
    return this.#line.includes(fragment);
  }

  /**
   * This reply with `members` (`"name":value` pairs, comma-separated) first in its result object,
   * the rest of the server's text as it was; undefined for an error, a result that is not an
   * object, or a reply already parsed (its text is then the parsed message's).
   */
  withResultMembers(members: string): RawReply | undefined {
    if (this.isError || this.#parsed) return undefined;
    const line = this.#line;
    const envelope = this.#envelope;
    const idFirst = envelope.idStart === ID_FIRST.length;
    const open = (idFirst ? envelope.idEnd : 0) + RESULT_KEY_LENGTH;
    if (line.charCodeAt(open) !== OPEN_BRACE) return undefined;
    let next = open + 1;
    while (isJsonSpace(line.charCodeAt(next))) next++;
    const inserted = line.charCodeAt(next) === CLOSE_BRACE ? members : `${members},`;
    const shift = idFirst ? 0 : inserted.length;
    return new RawReply(this.id, `${line.slice(0, open + 1)}${inserted}${line.slice(open + 1)}`, { ...envelope, idStart: envelope.idStart + shift, idEnd: envelope.idEnd + shift });
  }

  toJSON(): Message {
    return { ...this.#body(), jsonrpc: "2.0", id: this.id };
  }

  #body(): { result?: unknown; error?: unknown } {
    this.#parsed ??= JSON.parse(this.#line) as { result?: unknown; error?: unknown };
    return this.#parsed;
  }
}

/** A message as the client gets it on the wire. */
export function messageText(message: Message): string {
  return message instanceof RawReply ? message.text : JSON.stringify(message);
}

function digitsFrom(line: string, from: number): number {
  let i = from;
  while (i < line.length && isDigit(line.charCodeAt(i))) i++;
  return i;
}

function isJsonSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
