/**
 * English messages of everything aksdiag says around the knowledge base: the terminal report, the
 * CLI's usage errors and help, the notes the engine adds to a fix, cause statuses. ICU MessageFormat
 * (plurals, selects; `<...>` is literal text, tags are not parsed). The knowledge base's own English
 * (titles, explanations, fixes) stays in the symptom modules; see ../knowledge.ts.
 */
import { slack } from './slack.js';

const core = {
  // Notes the engine adds to a diagnosis.
  'note.truncated':
    'Input was {chars} characters: only its first and last parts ({scanned} characters) were scanned.',
  'note.masked':
    '{count, plural, one {# secret was} other {# secrets were}} masked before anything was shown.',

  // A fix rendered as text.
  'fix.via.arm': 'Azure',
  'fix.via.kubernetes': 'Kubernetes',
  'fix.via.client': 'You',
  'fix.via.node': 'Node',
  'fix.warning':
    'Warning: Node-level change: editing an AKS agent node directly leaves AKS support and is lost on reimage or upgrade. Prefer the step above.',
  'fix.unfilled.before':
    'Values in <angle brackets> are not in the paste: `aksdiag check <cluster>` (or Run checks in Slack) fills them from Azure. By hand:',
  'fix.unfilled.after': 'The checks could not find the values in <angle brackets>. By hand:',

  // What a live check decided about a cause.
  'status.confirmed': 'CONFIRMED',
  'status.ruled-out': 'ruled out',
  'status.unknown': 'unknown',

  // `aksdiag explain` in a terminal.
  'terminal.note': 'Note: {note}',
  'terminal.noMatch': 'No AKS networking symptom recognised.',
  'terminal.closest': 'Closest: {symptom} at {confidence}, below the {threshold} needed to say so.',
  'terminal.pasteMore':
    'Paste more of the error (the full kubectl or log line), or check every symptom on the live cluster: aksdiag check <cluster>',
  'terminal.headline': '{symptom}  (confidence {confidence})',
  'terminal.recognisedBy': 'Recognised by: {signals}',
  'terminal.foundInPaste': 'Found in the paste:',
  'terminal.toolOutput': 'Tool output in the paste:',
  'terminal.likelyCauses': 'Likely causes:',
  'terminal.doesNotFit': '[does not fit: {outcomes}]',
  'terminal.pointedAt': '[the paste points here]',
  'terminal.checks': 'Checks: {checks}',
  'terminal.fix': 'Fix:',
  'terminal.alsoPossible': 'Also possible: {alternatives}',
  'entity.node': 'node',
  'entity.nodeVmss': '{name} (VMSS {vmss}, instance {instanceId})',
  'entity.apiServer': 'API server',
  'entity.apiServerDetail':
    '{fqdn} (DNS prefix {prefix}, {region}{private, select, yes {, private} other {}})',
  'entity.rbac': 'RBAC',
  'entity.rbacDenied':
    '{user} cannot {verb} {resource} {scope, select, cluster {at cluster scope} other {in namespace {namespace}}}',
  'entity.ips': 'IPs',
  'entity.ports': 'ports',
  'entity.namespaces': 'namespaces',
  'entity.pods': 'pods',
  'entity.services': 'services',

  // `aksdiag interpret` in a terminal.
  'verdict.forPort': '{kind} (port {port})',
  'verdict.cut': 'output was cut by run-command to its last 4,096 bytes',
  'verdict.note': 'note: {note}',
  'verdict.inside': 'inside: {line}',

  // `aksdiag check` in a terminal.
  'check.headline':
    '{cluster} ({resourceGroup}) - {symptom}: {count, plural, one {# check} other {# checks}}',
  'check.sample': '(a sample of {checked} of {total} nodes)',
  'check.commandInvoke': 'Kubernetes objects read with command invoke (kubectl inside the cluster).',
  'check.kubeUnavailable': 'Kubernetes API not readable: {reason}',
  'check.finding': '{check} on {target}: {verdict}',
  'check.notChecked': 'Not checked:',
  'check.azureEvidence': "Azure's own evidence:",
  'check.progress': 'checked {done} of {total}',

  // The CLI's usage errors (one line, exit status 2) and help.
  'cli.nothingToRead': 'nothing to read: {what}',
  'cli.explainInput': 'pass the error text as arguments or pipe it on stdin',
  'cli.interpretInput': 'pipe the output of the tool on stdin, e.g. ufw status | aksdiag interpret {kind}',
  'cli.emptyExplain': 'the input is empty: pass the error text as arguments or pipe it on stdin',
  'cli.emptyInterpret': "the input is empty: pipe the tool's output on stdin",
  'cli.binary': 'the input looks binary (NUL bytes or control characters): paste the error text instead',
  'cli.innerOutside':
    "--inner names the tool inside a run-command envelope: use it with 'interpret run-command', or interpret {inner} directly",
  'cli.noSymptomInText':
    'no AKS networking symptom recognised in --text; name one with --symptom ({ids}), or leave both out to check every symptom',
  'cli.badPort': 'give a TCP port from 1 to 65535',
  'cli.badIp': 'give an IPv4 or IPv6 address',
  'cli.badLang': 'aksdiag does not speak "{lang}": use one of {langs}',
  'cli.helpAfterError': '(run aksdiag --help for usage)',
  'cli.program': 'Recognises AKS networking errors, interprets tool output, and names the cause and the fix.',
  'cli.version': 'print the version',
  'cli.lang': 'the language of the answer: {langs} (default: from LC_ALL, LC_MESSAGES or LANG, else en)',
  'cli.explain': 'diagnose a pasted error (from the arguments, or stdin when there are none)',
  'cli.explain.text': 'the error text',
  'cli.explain.json': 'print the diagnosis as JSON',
  'cli.interpret': "read a tool's output on stdin and print its verdict",
  'cli.interpret.kind': 'which tool printed it',
  'cli.interpret.port': 'the TCP port the flow is judged for (iptables-list, ufw-status, nc)',
  'cli.interpret.source': 'source address of the flow, for source-scoped firewall rules',
  'cli.interpret.inner':
    'run-command only: the tool whose output is inside the envelope (default: recognised from it)',
  'cli.interpret.json': 'print the verdict as JSON',
  'cli.check':
    'run the checks for a symptom (or, with neither --symptom nor --text, every symptom) on a live cluster and say which cause it is',
  'cli.check.cluster': 'cluster name, or <resourceGroup>/<name>',
  'cli.check.symptom': 'the symptom to check',
  'cli.check.text': 'an error text: its symptom and the resources it names are used',
  'cli.check.clientIp': 'your public IP, for the authorized-ranges check',
  'cli.check.json': 'print the report as JSON',
} as const;

/** Every English message: the core ones above and the Slack bot's (./slack.ts). */
export const en = { ...core, ...slack } as const;

/** The id of a message every catalogue has. */
export type MessageId = keyof typeof en;

/** A translated catalogue: every message, as ICU MessageFormat text. */
export type Messages = Readonly<Record<MessageId, string>>;

/** A translated catalogue's Slack part (catalogues/<lang>/slack.ts). */
export type SlackMessages = Readonly<Record<keyof typeof slack, string>>;

/** A translated catalogue's other messages (catalogues/<lang>/messages.ts). */
export type CoreMessages = Readonly<Record<keyof typeof core, string>>;
