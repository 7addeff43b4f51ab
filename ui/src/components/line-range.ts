/** Where a numbered line lies in a text (to select the line a parse error names). */

/** Start and end offsets of 1-based `line` in `text` (clamped to the last line). */
export function lineRange(text: string, line: number): [number, number] {
  let start = 0;
  for (let n = 1; n < line; n++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) break;
    start = nl + 1;
  }
  const end = text.indexOf('\n', start);
  return [start, end < 0 ? text.length : end];
}
