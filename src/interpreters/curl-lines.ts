/**
 * Splits curl's output into the lines curl.ts reads, undoing what stands between curl and the paste:
 *
 * - the progress meter `-v` draws on stderr without a terminal, redrawn with `\r` and with no newline before the
 *   next message (`\r  0     0 ... --:--:--     0* Could not resolve host: x`): each `\r` piece is read on its
 *   own and a leading progress row is cut off;
 * - what CI logs and chat put in front of every line: an ISO timestamp (`2024-01-01T00:00:00.0000000Z `, as
 *   GitHub Actions and Azure Pipelines write), quote markers (`> `, `&gt; `);
 * - `--trace` / `--trace-ascii` output (see test/fixtures/curl/trace-*): `== Info: ` lines are read as `* ` lines,
 *   `--trace-time` puts `04:21:00.520362 ` in front of them, and the status line is the first data line after
 *   `<= Recv header`, as text (`0000: HTTP/1.1 200 OK`) or as a hex dump whose last column is the text.
 *
 * Each line keeps the form it was printed in (for evidence) next to the form that is matched.
 */

export interface CurlLine {
  /** What the scanner matches: `== Info: x` as `* x`, a trace data line as its text. */
  text: string;
  /** The line as printed, without the paste's prefixes, trimmed: what a verdict quotes. */
  line: string;
}

/** One row of curl's progress meter (12 columns), as it prefixes a verbose line that follows a `\r` redraw. */
const PROGRESS_ROW =
  /^ *\d{1,3} +[\d.]+[kMGTP]? +\d{1,3} +[\d.]+[kMGTP]? +\d{1,3} +[\d.]+[kMGTP]? +[\d.]+[kMGTP]? +[\d.]+[kMGTP]? +[-\d:]{7,8} +[-\d:]{7,8} +[-\d:]{7,8} +[\d.]+[kMGTP]?/;
const CI_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?Z? ?/;
const TRACE_TIME = /^\d\d:\d\d:\d\d\.\d{6} /;
const TRACE_INFO = '== Info: ';
const TRACE_DATA = /^[0-9a-f]{4}: /;
const HEX_BYTE = /^[0-9a-f]{2} $/;
/** In a `--trace` hex dump the text column starts after the offset (6) and 16 bytes of `xx ` (48). */
const HEX_TEXT_COLUMN = 54;

/** Takes off a CI timestamp and quote markers in front of a line. */
function stripPastePrefix(piece: string): string {
  let s = piece;
  const ts = CI_TIMESTAMP.exec(s);
  if (ts) s = s.slice(ts[0].length);
  for (;;) {
    const start = s.length - s.trimStart().length;
    if (s.startsWith('&gt; ', start)) s = s.slice(start + 5);
    else if (s.startsWith('> ', start) || s.slice(start) === '>') s = s.slice(start + 2);
    else return s;
  }
}

/** The text of a trace data line: after `0000: ` (--trace-ascii) or in the last column of a hex dump (--trace). */
function traceDataText(piece: string): string {
  const rest = piece.slice(6);
  return HEX_BYTE.test(rest.slice(0, 3)) ? piece.slice(HEX_TEXT_COLUMN) : rest;
}

export function curlLines(output: string): CurlLine[] {
  const lines: CurlLine[] = [];
  let inRecvHeader = false;
  for (const raw of output.split('\n')) {
    for (const rawPiece of raw.split('\r')) {
      let piece = stripPastePrefix(rawPiece);
      const progress = PROGRESS_ROW.exec(piece);
      if (progress) piece = piece.slice(progress[0].length);
      const time = TRACE_TIME.exec(piece);
      if (time) piece = piece.slice(time[0].length);
      const line = piece.trim();
      if (line === '') continue;
      let text = line;
      if (line.startsWith(TRACE_INFO)) text = `* ${line.slice(TRACE_INFO.length)}`;
      else if (inRecvHeader && TRACE_DATA.test(piece)) text = traceDataText(piece).trim();
      if (!TRACE_DATA.test(piece)) inRecvHeader = line.startsWith('<= Recv header');
      lines.push({ text, line });
    }
  }
  return lines;
}
