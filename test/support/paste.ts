import type { Fixture } from './fixtures.js';

/** The shell prompt on an AKS node, as it appears in front of a pasted command. */
export const PROMPT = 'azureuser@aks-nodepool1-12345678-vmss000000:~$';

/** The fixture as pasted from a terminal into Slack: prompt, command, output, prompt, a question. */
export function withChatter(fx: Fixture): string {
  return [
    'here is what the node says:',
    `${PROMPT} ${fx.meta.command}`,
    fx.text,
    `${PROMPT} `,
    'any idea?',
  ].join('\n');
}

/** The lines of a tool's output, trimmed, so a test can check that evidence is a line it printed. */
export function outputLines(text: string): string[] {
  return text.split('\n').map((l) => l.trim());
}

/** Script output as `az vm run-command invoke` prints it in plain text: the status line, then both streams. */
export function runCommandEnvelope(stdout: string, stderr = ''): string {
  return `Enable succeeded: \n[stdout]\n${stdout}\n[stderr]\n${stderr}`;
}

/** The same envelope as `az` prints it with `-o json`, which is how most people paste it. */
export function runCommandJson(stdout: string): string {
  return JSON.stringify(
    { value: [{ code: 'ProvisioningState/succeeded', message: runCommandEnvelope(stdout) }] },
    null,
    2,
  );
}

/** Output between the markers our diagnostic script prints; without an exit code, as if it never finished. */
export function withMarkers(stdout: string, exitCode?: number): string {
  return `aksdiag-begin\n${stdout}${exitCode === undefined ? '' : `aksdiag-exit=${exitCode}\n`}`;
}

/** What a Slack thread around a paste says: the question before it, the command typed, and a reply after it. */
export interface SlackThread {
  ask: string;
  command: string;
  /** A reply that looks like the tool's own output, so a test shows it is not read as such. */
  reply: string;
}

/** A way people paste a tool's output, named for the test title. */
export type PasteWrapper = [string, (text: string) => string];

/** Ways people paste: around it a Slack conversation, a shell prompt, code fences, CRLF, quotes. */
export function pasteWrappers(thread: SlackThread): PasteWrapper[] {
  return [
    [
      'slack chatter and prompt',
      (t) =>
        [
          'alice  10:42 AM',
          thread.ask,
          `${PROMPT} ${thread.command}`,
          t,
          `${PROMPT} `,
          'bob  10:44 AM',
          thread.reply,
        ].join('\n'),
    ],
    ['code fence', (t) => '```' + t.trimEnd() + '```\nthoughts?'],
    ['CRLF line ends', (t) => t.replace(/\n/g, '\r\n')],
    [
      'quoted in Slack',
      (t) =>
        t
          .split('\n')
          .map((l) => `> ${l}`)
          .join('\n'),
    ],
  ];
}
