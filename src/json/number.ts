/**
 * A JSON number kept as the text it was written with (Go's json.Number). Only numbers whose text
 * JavaScript would not write back the same way are wrapped (`9007199254740993`, `1.0`, `-0`,
 * `1e400`); every other number stays a plain `number`. Wrapped numbers appear only in opaque user
 * data (KV secrets, transit batch items, policy parameter values), reached through `exactOf`.
 */
let marking = false;
let marked = 0;
/** A per-process marker the exact serialiser swaps for the number's text; never seen on the wire. */
const MARK = `\u0001jsonnum-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}:`;

export class JsonNumber {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }

  /** The nearest double (what JSON.parse would have given). */
  valueOf(): number {
    return Number(this.text);
  }

  toString(): string {
    return this.text;
  }

  /**
   * Inside `stringifyExact`, a marker the serialiser replaces with the text; in any other
   * JSON.stringify, the nearest double (lossy but never a marker or an object).
   */
  toJSON(): string | number {
    if (!marking) return Number(this.text);
    marked++;
    return MARK + this.text;
  }
}

/** The number's text as JSON writes it, wrapped or not (`String(-0)` would lose the sign). */
export function numberText(v: number | JsonNumber): string {
  return v instanceof JsonNumber ? v.text : JSON.stringify(v);
}

/** A plain number when JavaScript writes `text` back unchanged, else the text kept in a JsonNumber. */
export function numberOf(text: string): number | JsonNumber {
  const n = Number(text);
  return String(n) === text ? n : new JsonNumber(text);
}

/** Runs a native JSON.stringify with markers on; returns the text and whether any marker was written. */
export function withMarkers(encode: () => string): { text: string; marked: boolean } {
  marking = true;
  marked = 0;
  try {
    const text = encode();
    return { text, marked: marked > 0 };
  } finally {
    marking = false;
  }
}

const MARKED = new RegExp(`"${MARK.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('\u0001', '\\\\u0001')}([^"]*)"`, 'g');

/** Replaces each quoted marker with the number text it carries. */
export function unmark(text: string): string {
  return text.replace(MARKED, '$1');
}
