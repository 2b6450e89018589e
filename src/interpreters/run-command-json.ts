/**
 * The run-command status message as `az vm run-command invoke` prints it: inside a JSON string, with its newlines
 * written as `\n` escapes (`"message": "Enable succeeded: \n[stdout]\n...\n[stderr]\n..."`), or that value pasted
 * on its own. Decoded in one pass, without JSON.parse, because the paste is usually not a whole JSON document.
 */

/** A run-command status line anywhere in a text (`Enable succeeded`, `Enable failed`, ...). */
export const STATUS_ANYWHERE = /Enable (?:succeeded|failed|in progress)/i;

/** Decodes the body of a JSON string literal (between its quotes), in one pass. */
function unescapeJsonString(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    switch (e) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'u': {
        const hex = body.slice(i + 1, i + 5);
        if (/^[0-9A-Fa-f]{4}$/.test(hex)) {
          out += String.fromCharCode(parseInt(hex, 16));
          i += 4;
        } else {
          out += '\\u';
        }
        break;
      }
      case undefined:
        out += '\\';
        break;
      default:
        out += e; // \" \\ \/
    }
  }
  return out;
}

/** True when the quote at `i` is escaped (preceded by an odd number of backslashes). */
function isEscaped(text: string, i: number): boolean {
  let n = 0;
  for (let j = i - 1; j >= 0 && text[j] === '\\'; j--) n++;
  return n % 2 === 1;
}

/**
 * Finds the envelope written with `\n` escapes (a JSON "message" value, or that value pasted bare) and returns it
 * decoded, or null.
 */
export function findEscapedEnvelope(text: string): string | null {
  const header = text.indexOf('\\n[stdout]\\n');
  if (header === -1) return null;
  const lineStart = text.lastIndexOf('\n', header) + 1;
  const status = text.slice(lineStart, header).search(STATUS_ANYWHERE);
  if (status === -1) return null;
  const marker = lineStart + status;
  // The string literal around it: the nearest unescaped quote before, and the first unescaped quote after.
  let start = marker;
  let open = text.lastIndexOf('"', marker);
  while (open >= lineStart && isEscaped(text, open)) open = text.lastIndexOf('"', open - 1);
  if (open >= lineStart) start = open + 1;
  let end = header;
  while (end < text.length && text[end] !== '\n' && !(text[end] === '"' && !isEscaped(text, end))) end++;
  return unescapeJsonString(text.slice(start, end));
}
