import fc from 'fast-check';
import type { RunCommandVerdict } from '../domain/verdicts.js';
import { listFixtures, loadFixture } from '../../test/support/fixtures.js';
import { runCommandEnvelope, withMarkers } from '../../test/support/paste.js';
import { interpretNc } from './nc.js';
import { interpretNslookup } from './nslookup.js';
import {
  interpretRunCommand,
  RUN_COMMAND_OUTPUT_LIMIT,
  unwrapRunCommand,
  utf8ByteLength,
} from './run-command.js';

interface Case {
  verdict: RunCommandVerdict['verdict'];
  /** A piece of the evidence line. */
  evidence: string;
  exitCode?: number;
  truncated: boolean;
  /** What the script's output says, read by the tool's own interpreter. */
  inner?: (u: { stdout: string; stderr: string }) => void;
  note?: string;
}

/** Every fixture in test/fixtures/run-command, with what a user relies on. */
const EXPECTED: Record<string, Case> = {
  'az-json-nc-open': {
    verdict: 'succeeded',
    evidence: 'aksdiag-exit=0',
    exitCode: 0,
    truncated: false,
    inner: (u) => expect(interpretNc(u.stdout).verdict).toBe('open'),
  },
  'enable-failed': {
    verdict: 'failed',
    evidence: 'Enable failed: failed to execute command',
    exitCode: 127,
    truncated: false,
    inner: (u) => expect(u.stderr).toContain('No such file or directory'),
    note: 'may not have run',
  },
  'failed-exit-1': {
    verdict: 'failed',
    evidence: 'aksdiag-exit=1',
    exitCode: 1,
    truncated: false,
    inner: (u) => {
      expect(u.stdout).toBe('');
      expect(interpretNc(u.stderr).verdict).toBe('refused');
    },
    note: 'even when the script fails',
  },
  'no-markers': {
    verdict: 'succeeded',
    evidence: 'Enable succeeded:',
    truncated: false,
    inner: (u) => expect(interpretNc(u.stderr).verdict).toBe('open'),
    note: 'does not report its exit status',
  },
  'succeeded-nc-open': {
    verdict: 'succeeded',
    evidence: 'aksdiag-exit=0',
    exitCode: 0,
    truncated: false,
    inner: (u) => {
      expect(interpretNc(u.stdout).verdict).toBe('open');
      expect(u.stderr).toBe('');
    },
  },
  'succeeded-nslookup': {
    verdict: 'succeeded',
    evidence: 'aksdiag-exit=0',
    exitCode: 0,
    truncated: false,
    inner: (u) => expect(interpretNslookup(u.stdout).verdict).toBe('resolved'),
  },
  'truncated-port-sweep': {
    verdict: 'succeeded',
    evidence: 'aksdiag-exit=0',
    exitCode: 0,
    truncated: true,
    inner: (u) => {
      expect(u.stdout).not.toContain('aksdiag-begin');
      // What Azure kept: exactly the last 4,096 bytes of stdout, of which the exit line was the end.
      expect(utf8ByteLength(u.stdout) + 'aksdiag-exit=0\n'.length).toBe(RUN_COMMAND_OUTPUT_LIMIT);
      expect(interpretNc(u.stdout, { port: 10250 }).verdict).toBe('open');
      expect(interpretNc(u.stdout, { port: 20120 }).verdict).toBe('refused');
    },
    note: '4,096 bytes',
  },
};

describe('run-command envelopes around real script output', () => {
  it('has an expectation for every fixture', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(listFixtures('run-command'));
  });

  describe.each(listFixtures('run-command'))('%s', (name) => {
    const fx = loadFixture('run-command', name);
    const c = EXPECTED[name] as Case;

    it('gives the verdict, evidence, exit status and truncation', () => {
      const v = interpretRunCommand(fx.text);
      expect(v.kind).toBe('run-command');
      expect(v.verdict).toBe(c.verdict);
      expect(v.evidence).toContain(c.evidence);
      expect(v.exitCode).toBe(c.exitCode);
      // The script's real exit status, as the capture recorded it.
      expect(v.exitCode ?? 0).toBe(fx.meta.exitCode);
      expect(v.truncated ?? false).toBe(c.truncated);
      expect(v.stdout).not.toMatch(/^aksdiag-(begin|exit=)/m);
      if (c.note) expect(v.notes.join(' ')).toContain(c.note);
    });

    it('unwraps to stdout and stderr the tools can read', () => {
      const u = unwrapRunCommand(fx.text);
      expect(u.wrapped).toBe(true);
      expect(u.statusLine).toMatch(/^Enable (succeeded|failed)/);
      expect(u.status).toBe(c.verdict === 'failed' && c.exitCode === 127 ? 'failed' : 'succeeded');
      c.inner?.(u);
    });

    it('ignores chatter around the envelope', () => {
      const before = `PS C:\\> ${fx.meta.command}\n`;
      const after = '\nPS C:\\> ';
      const plain = interpretRunCommand(fx.text);
      expect(interpretRunCommand(before + fx.text)).toEqual(plain);
      // After a bare envelope, trailing text can only be read as more stderr; the verdict does not change.
      const trailing = interpretRunCommand(before + fx.text + after);
      expect({ ...trailing, stderr: '' }).toEqual({ ...plain, stderr: '' });
    });
  });

  it('reads the JSON form and the plain form the same way', () => {
    const json = unwrapRunCommand(loadFixture('run-command', 'az-json-nc-open').text);
    const plain = unwrapRunCommand(loadFixture('run-command', 'succeeded-nc-open').text);
    expect(json).toEqual(plain);
  });

  it('is unknown for text without an envelope or markers', () => {
    const text = loadFixture('nc', 'open-10250').text;
    const v = interpretRunCommand(text);
    expect(v.verdict).toBe('unknown');
    expect(unwrapRunCommand(text)).toEqual({
      wrapped: false,
      stdout: text,
      stderr: '',
      status: 'unknown',
      truncated: false,
      statusLine: null,
    });
  });

  it('judges bare script output by its own exit marker', () => {
    const text = withMarkers(loadFixture('nc', 'refused').text, 1);
    const v = interpretRunCommand(text);
    expect(v.verdict).toBe('failed');
    expect(v.exitCode).toBe(1);
    expect(v.stdout).toBe(loadFixture('nc', 'refused').text);
  });

  it('is unknown when the script began but never printed its exit line', () => {
    const text = runCommandEnvelope(withMarkers(loadFixture('nc', 'open-10250').text));
    const v = interpretRunCommand(text);
    expect(v.verdict).toBe('unknown');
    expect(v.notes.join(' ')).toContain('no aksdiag-exit');
  });

  it('flags a stream of 4,096 bytes or more as cut, counting UTF-8 bytes', () => {
    expect(unwrapRunCommand(runCommandEnvelope('é'.repeat(2048))).truncated).toBe(true); // 2,048 characters, 4,096 bytes
    expect(unwrapRunCommand(runCommandEnvelope(`${'é'.repeat(2047)}a`)).truncated).toBe(false); // 4,095 bytes
    expect(unwrapRunCommand(runCommandEnvelope('', 'x'.repeat(4096))).truncated).toBe(true);
  });

  it('counts UTF-8 bytes like TextEncoder', () => {
    expect(utf8ByteLength('\uD800x')).toBe(new TextEncoder().encode('\uD800x').length); // lone surrogate: U+FFFD
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        (s) => utf8ByteLength(s) === new TextEncoder().encode(s).length,
      ),
    );
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme' }),
        (s) => utf8ByteLength(s) === new TextEncoder().encode(s).length,
      ),
    );
  });
});
