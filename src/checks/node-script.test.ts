import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { shellQuote } from '../engine/fix.js';
import { unwrapRunCommand } from '../interpreters/run-command.js';
import { renderScript, ScriptRenderError, templateSlots } from './node-script.js';

function bashSyntaxOk(script: string): boolean {
  return spawnSync('bash', ['-n'], { input: script }).status === 0;
}

/** Runs a script that only prints (printf): never a node script. */
function bashRun(script: string): Buffer {
  const r = spawnSync('bash', [], { input: script });
  expect(r.status).toBe(0);
  return r.stdout;
}

/** What bash received as the argument when the value is rendered into `printf '%s\0' {{v}}`. */
function bashSees(value: string): string {
  const out = bashRun(renderScript(["printf '%s\\0' {{v}}"], { v: value }));
  const text = out.toString('utf8');
  expect(text.startsWith('aksdiag-begin\n')).toBe(true);
  expect(text.endsWith('aksdiag-exit=0\n')).toBe(true);
  const body = text.slice('aksdiag-begin\n'.length, -'aksdiag-exit=0\n'.length);
  expect(body.endsWith('\0')).toBe(true);
  expect(body.indexOf('\0')).toBe(body.length - 1); // exactly one argument
  return body.slice(0, -1);
}

const code = (f: () => unknown): string | null => {
  try {
    f();
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(ScriptRenderError);
    return (e as ScriptRenderError).code;
  }
};

describe('renderScript', () => {
  it('wraps the body in the marker convention with set -u', () => {
    const s = renderScript(['nc -v -z -w 5 {{host}} {{port}} 2>&1'], { host: '10.0.0.4', port: 10250 });
    const lines = s.split('\n');
    expect(lines[0]).toBe('#!/bin/bash');
    expect(lines).toContain('set -u');
    expect(lines.indexOf('set -u')).toBeLessThan(lines.indexOf('echo aksdiag-begin'));
    expect(lines.indexOf('echo aksdiag-begin')).toBeLessThan(
      lines.indexOf('nc -v -z -w 5 10.0.0.4 10250 2>&1'),
    );
    expect(s).toContain(`trap 'echo "aksdiag-exit=$?"' EXIT`);
    expect(s.trimEnd().endsWith('aksdiag_main 2>&1')).toBe(true);
    expect(bashSyntaxOk(s)).toBe(true);
  });

  it('prints aksdiag-begin first and aksdiag-exit=<status of the body> last', () => {
    const r = spawnSync('bash', [], { input: renderScript(['echo hello', 'echo oops >&2', '(exit 3)'], {}) });
    expect(r.status).toBe(3);
    const out = r.stdout.toString();
    expect(out).toBe('aksdiag-begin\nhello\noops\naksdiag-exit=3\n');
    const u = unwrapRunCommand(`Enable succeeded: \n[stdout]\n${out}\n[stderr]\n`);
    expect(u).toMatchObject({ exitCode: 3, stdout: 'hello\noops\n', truncated: false });
  });

  it('reports the exit status when set -u stops the script', () => {
    const r = spawnSync('bash', [], {
      input: renderScript(['echo "$undefined_variable"', 'echo never'], {}),
    });
    expect(r.status).not.toBe(0);
    const out = r.stdout.toString();
    expect(out.startsWith('aksdiag-begin\n')).toBe(true);
    expect(out).toContain('undefined_variable: unbound variable');
    expect(out).not.toContain('never');
    expect(out).toMatch(/\naksdiag-exit=[1-9][0-9]*\n$/);
  });

  it('accepts a string template and an empty body', () => {
    expect(renderScript('echo {{a}}', { a: 'x' })).toContain('echo x');
    expect(bashSyntaxOk(renderScript([], {}))).toBe(true);
  });

  it('throws typed errors for unknown, missing, malformed and misplaced slots', () => {
    expect(code(() => renderScript(['echo {{a}}'], { a: 'x', b: 'y' }))).toBe('unknown-slot');
    expect(code(() => renderScript(['echo {{a}} {{b}}'], { a: 'x' }))).toBe('missing-slot');
    expect(code(() => renderScript(['echo {{ a }}'], { a: 'x' }))).toBe('bad-slot');
    expect(code(() => renderScript(['echo {{a}'], {}))).toBe('bad-slot');
    expect(code(() => renderScript(['echo "{{a}}"'], { a: 'x' }))).toBe('bad-slot-position');
    expect(code(() => renderScript(["echo '{{a}}'"], { a: 'x' }))).toBe('bad-slot-position');
    expect(code(() => renderScript(['echo x{{a}}'], { a: 'x' }))).toBe('bad-slot-position');
    expect(code(() => renderScript(['echo {{a}}x'], { a: 'x' }))).toBe('bad-slot-position');
    expect(templateSlots(['a={{a}}', 'nc {{b}} {{a}};'])).toEqual(['a', 'b']);
  });

  it.each([
    ['NUL', 'a\0b'],
    ['newline', 'a\nb'],
    ['carriage return', 'a\rb'],
    ['tab', 'a\tb'],
    ['DEL', 'a\x7fb'],
    ['non-ASCII', 'exаmple'],
    ['fullwidth semicolon', 'a；b'],
    ['leading dash', '-rf'],
    ['equals sign', 'A=b'],
  ])('refuses a value with %s (shellQuote cannot carry it, or leaves it unsafe bare)', (_what, v) => {
    expect(code(() => renderScript(['echo {{v}}'], { v }))).toBe('bad-value');
  });

  it.each([1.5, -1, NaN, Infinity, 2 ** 60])('refuses the number %s', (v) => {
    expect(code(() => renderScript(['echo {{v}}'], { v }))).toBe('bad-value');
  });

  it('inserts shellQuote(value) and nothing else', () => {
    expect(renderScript(['echo {{v}}'], { v: "it's" })).toContain(`echo ${shellQuote("it's")}\n`);
  });

  it('every string it accepts reaches bash as exactly one argument equal to the value', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 40 }),
          fc.string({
            unit: fc.constantFrom(...`;&|$()\`'"\\ !*?[]{}~#<>=%@+,.:/-_ab1\n\0`.split('')),
            maxLength: 30,
          }),
        ),
        (v) => {
          let script: string;
          try {
            script = renderScript(["printf '%s\\0' {{v}}"], { v });
          } catch (e) {
            expect(e).toBeInstanceOf(ScriptRenderError);
            // Refused only for what the file comment names.
            expect(/[^\x20-\x7e]/.test(v) || v.startsWith('-') || v.includes('=')).toBe(true);
            return;
          }
          expect(bashSyntaxOk(script)).toBe(true);
          expect(bashSees(v)).toBe(v);
        },
      ),
      { numRuns: 300 },
    );
  });
});
