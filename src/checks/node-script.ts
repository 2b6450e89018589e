/**
 * The one place a node script is made: a constant template with `{{name}}` slots, filled with values a
 * schema from ./params.ts accepted, each inserted as ONE shell word by `shellQuote`.
 *
 * Every rendered script follows run-command.ts's marker convention:
 *
 *   #!/bin/bash
 *   set -u                                   unset variables are errors, not empty strings
 *   echo aksdiag-begin                       first stdout line: proves the start of stdout was not cut
 *   trap 'echo "aksdiag-exit=$?"' EXIT       last stdout line: the exit status (run-command reports none)
 *   aksdiag_main() {
 *   <template>                               its last command's status is the script's
 *   }
 *   aksdiag_main 2>&1                        stderr in stdout, in order, ahead of the exit line
 *
 * Templates are POSIX sh (bash is only the interpreter named): no [[ ]], arrays or pipefail.
 *
 * Why values are checked here too, after the caller's schema: `shellQuote` cannot carry a NUL (no shell
 * argument can hold one), and a newline or other control character inside a quoted word is legal shell but has
 * no business in an address, a port or a name. `shellQuote` also leaves some values bare, and two bare shapes
 * are unsafe: `A=b` is an assignment, not an argument, if a slot ever stands first in a command; and `-x` is an
 * option to the command it is given to. So `renderScript` refuses any string with a character outside printable
 * ASCII and space, any value that contains `=` or starts with `-`, any number that is not a safe integer, and
 * any slot that is not a whole shell word of its own (so a quoted value can never land inside other quotes).
 */
import { shellQuote } from '../engine/fix.js';
import { PARAM_NAME, type NodeScriptParams } from './params.js';

export const SCRIPT_BEGIN = 'aksdiag-begin';
/** The name of the function that holds the template: the script's exit status is its status. */
export const MAIN_FUNCTION = 'aksdiag_main';

/** A template: lines, or one string; `{{name}}` marks a slot. */
export type ScriptTemplate = readonly string[] | string;

export type ScriptRenderErrorCode =
  'unknown-slot' | 'missing-slot' | 'bad-slot' | 'bad-slot-position' | 'bad-value';

/** Thrown when a template and its parameters do not fit together, or a value is not safe to render. */
export class ScriptRenderError extends Error {
  override readonly name = 'ScriptRenderError';
  constructor(
    readonly code: ScriptRenderErrorCode,
    readonly slot: string | null,
    message: string,
  ) {
    super(message);
  }
}

/** `{{name}}`; anything else with `{{` in it is a malformed slot. */
const SLOT = /\{\{([^{}]*)\}\}/g;
/** Characters that may precede a slot (start of line, blank, or `=` of an assignment/`--opt=`). */
const BEFORE_SLOT = new Set(['', ' ', '\t', '\n', '=']);
/** Characters that may follow a slot (end of line, blank, or `;`). */
const AFTER_SLOT = new Set(['', ' ', '\t', '\n', ';']);
/** Printable ASCII and space: what a rendered value may contain. */
const SAFE_VALUE = /^[\x20-\x7e]*$/;

function templateText(template: ScriptTemplate): string {
  return typeof template === 'string' ? template : template.join('\n');
}

/** The slot names a template uses, in order of first use; throws on a malformed or misplaced slot. */
export function templateSlots(template: ScriptTemplate): string[] {
  const text = templateText(template);
  const names: string[] = [];
  for (const m of text.matchAll(SLOT)) {
    const name = m[1] ?? '';
    const at = m.index;
    if (!PARAM_NAME.test(name)) {
      throw new ScriptRenderError('bad-slot', name, `malformed slot ${JSON.stringify(m[0])} in template`);
    }
    const before = at === 0 ? '' : (text[at - 1] ?? '');
    const after = text[at + m[0].length] ?? '';
    if (!BEFORE_SLOT.has(before) || !AFTER_SLOT.has(after)) {
      throw new ScriptRenderError(
        'bad-slot-position',
        name,
        `slot {{${name}}} must be a shell word of its own (not inside quotes or glued to other text)`,
      );
    }
    if (!names.includes(name)) names.push(name);
  }
  // A `{{` or `}}` left over is a slot the pattern above did not read (`{{ a }}` was caught; `{{a}` is here).
  const rest = text.replace(SLOT, '');
  if (rest.includes('{{') || rest.includes('}}')) {
    throw new ScriptRenderError('bad-slot', null, 'unbalanced {{ or }} in template');
  }
  return names;
}

function renderValue(name: string, value: string | number): string {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw new ScriptRenderError('bad-value', name, `parameter ${name} is not a safe integer`);
    }
    if (value < 0) throw new ScriptRenderError('bad-value', name, `parameter ${name} is negative`);
    return shellQuote(String(value));
  }
  if (typeof value !== 'string' || !SAFE_VALUE.test(value)) {
    throw new ScriptRenderError(
      'bad-value',
      name,
      `parameter ${name} holds a character outside printable ASCII (NUL, newline, control or non-ASCII)`,
    );
  }
  if (value.startsWith('-')) {
    throw new ScriptRenderError('bad-value', name, `parameter ${name} starts with '-' (option injection)`);
  }
  if (value.includes('=')) {
    throw new ScriptRenderError(
      'bad-value',
      name,
      `parameter ${name} contains '=' (shellQuote leaves it bare)`,
    );
  }
  return shellQuote(value);
}

/**
 * Renders a node script: the template's slots filled with shell-quoted values, wrapped in the marker
 * preamble and postamble (see the file comment). Every slot needs a value and every value a slot.
 * The caller has validated `params` with the check's schema; this re-checks only what quoting needs.
 */
export function renderScript(template: ScriptTemplate, params: NodeScriptParams): string {
  const slots = templateSlots(template);
  for (const name of Object.keys(params)) {
    if (!slots.includes(name)) {
      throw new ScriptRenderError(
        'unknown-slot',
        name,
        `parameter ${name} has no {{${name}}} slot in the template`,
      );
    }
  }
  const rendered = new Map<string, string>();
  for (const name of slots) {
    if (!Object.hasOwn(params, name)) {
      throw new ScriptRenderError('missing-slot', name, `slot {{${name}}} has no parameter`);
    }
    rendered.set(name, renderValue(name, params[name] as string | number));
  }
  const body = templateText(template).replace(SLOT, (_m, name: string) => rendered.get(name) ?? '');
  return [
    '#!/bin/bash',
    'set -u',
    `echo ${SCRIPT_BEGIN}`,
    `trap 'echo "aksdiag-exit=$?"' EXIT`,
    `${MAIN_FUNCTION}() {`,
    body,
    // `:` keeps the function body non-empty (a syntax error otherwise) without changing a non-empty body's status.
    ...(body.trim() === '' ? [':'] : []),
    '}',
    `${MAIN_FUNCTION} 2>&1`,
    '',
  ].join('\n');
}
