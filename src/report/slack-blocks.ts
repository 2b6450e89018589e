/**
 * What the bot posts, as plain data: a diagnosis, the checks' progress, and their verdict, each as
 * Block Kit blocks plus fallback text and the message metadata other tools read. Every message
 * holds to Slack's limits however long the evidence (50 blocks, 3,000 characters a section, 75 a
 * button): long parts are cut and the raw-output button offered instead.
 */
import type { Diagnosis } from '../domain/diagnosis.js';
import type { CauseStatus } from '../domain/checks.js';
import type { CheckReport } from '../run/check-cluster.js';
import { TEXT_LIMITS, slackText } from './slack-text.js';

export const METADATA_EVENT = 'aksdiag_diagnosis';
export const MAX_BLOCKS = 50;
export const MAX_SECTION = 3000;
export const MAX_BUTTON = 75;
export const MAX_HEADER = 150;

export type Block = Record<string, unknown>;

export interface SlackMessage {
  text: string;
  blocks: Block[];
  /** Slack metadata values are strings, numbers or booleans: "none" stands for no symptom. */
  metadata: { event_type: typeof METADATA_EVENT; event_payload: Record<string, string | number> };
}

/** Where the "Run checks" button points: a cluster known from the paste or the channel, or none. */
export type ClusterChoice =
  | { kind: 'known'; query: string; label: string }
  | { kind: 'pick' }
  | { kind: 'unconfigured'; missing: string };

/** Action ids the bot listens for. */
export const ACTIONS = {
  runChecks: 'aksdiag_run_checks',
  showFix: 'aksdiag_show_fix',
  notThis: 'aksdiag_not_this',
  rerun: 'aksdiag_rerun',
  rawOutput: 'aksdiag_raw_output',
  applyFix: 'aksdiag_apply_fix',
  resolved: 'aksdiag_resolved',
  pickCluster: 'aksdiag_pick_cluster',
} as const;

/** A name from outside (a cluster, a node, a resource group) in mrkdwn: escaped and cut. */
const name = (s: string) => slackText(s, TEXT_LIMITS.name);

const CUT = '\n… (cut: use "Show raw output" for all of it)';
/** A fix's commands in a code block: the values filled in came from outside too. */
const code = (s: string, max: number) => `\`\`\`${slackText(s, max - 6, CUT)}\`\`\``;
export function cut(text: string, max: number, marker = CUT): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - marker.length))}${marker}`;
}

const section = (text: string): Block => ({
  type: 'section',
  text: { type: 'mrkdwn', text: cut(text, MAX_SECTION) },
});
const context = (text: string): Block => ({
  type: 'context',
  elements: [{ type: 'mrkdwn', text: cut(text, MAX_SECTION) }],
});
const header = (text: string): Block => ({
  type: 'header',
  text: { type: 'plain_text', text: cut(text, MAX_HEADER, '…') },
});
export const button = (
  text: string,
  actionId: string,
  value: string,
  style?: 'primary' | 'danger',
): Block => ({
  type: 'button',
  text: { type: 'plain_text', text: cut(text, MAX_BUTTON, '…') },
  action_id: actionId,
  value: value.slice(0, 2000),
  ...(style ? { style } : {}),
});
const actions = (elements: Block[]): Block => ({ type: 'actions', elements: elements.slice(0, 25) });

/** At most 50 blocks: the last ones give way to a note, the action buttons are always kept. */
export function fit(blocks: Block[]): Block[] {
  if (blocks.length <= MAX_BLOCKS) return blocks;
  const tail = blocks.filter((b) => b['type'] === 'actions').slice(-1);
  const body = blocks.filter((b) => !tail.includes(b)).slice(0, MAX_BLOCKS - 1 - tail.length);
  return [...body, context('… more than fits in one message: "Show raw output" has the rest.'), ...tail];
}

const pct = (c: number) => `${Math.round(c * 100)}%`;

function entityLine(d: Diagnosis): string | null {
  const e = d.entities;
  const parts = [
    e.apiServers[0] ? `API server \`${name(e.apiServers[0].fqdn)}\`` : null,
    e.nodes.length
      ? `nodes ${e.nodes
          .slice(0, 5)
          .map((n) => `\`${name(n.name)}\``)
          .join(', ')}`
      : null,
    e.ips.length
      ? `IPs ${e.ips
          .slice(0, 6)
          .map((ip) => `\`${name(ip)}\``)
          .join(', ')}`
      : null,
    e.ports.length ? `ports ${e.ports.slice(0, 6).join(', ')}` : null,
    e.services.length
      ? `services ${e.services
          .slice(0, 3)
          .map((s) => `\`${name(s)}\``)
          .join(', ')}`
      : null,
    e.namespaces.length
      ? `namespaces ${e.namespaces
          .slice(0, 3)
          .map((s) => `\`${name(s)}\``)
          .join(', ')}`
      : null,
  ].filter((p): p is string => p !== null);
  return parts.length ? `Found in the paste: ${parts.join(' · ')}` : null;
}

/** The threaded reply to a recognised paste. */
export function diagnosisMessage(d: Diagnosis, diagnosisId: string, cluster: ClusterChoice): SlackMessage {
  const title = d.title ?? 'Not recognised';
  const checks = [...new Map(d.causes.flatMap((c) => c.checks).map((c) => [c.id, c.summary])).values()];
  const blocks: Block[] = [
    header(title),
    section(`*${name(title)}* (confidence ${pct(d.confidence)})`),
    section(
      `*Likely causes*\n${d.causes
        .map(
          (c, i) =>
            `${i + 1}. ${name(c.title)}${c.contradictedBy.length ? ' _(does not fit the paste)_' : ''}`,
        )
        .join('\n')}`,
    ),
  ];
  if (d.outcomeNote) blocks.push(context(slackText(d.outcomeNote, MAX_SECTION)));
  if (checks.length)
    blocks.push(section(`*What the checks look at*\n${checks.map((c) => `• ${name(c)}`).join('\n')}`));
  const entities = entityLine(d);
  if (entities) blocks.push(context(entities));
  if (d.input.redactions && Object.keys(d.input.redactions).length)
    blocks.push(context(':lock: Secrets in the paste were redacted before anything was read or stored.'));
  if (cluster.kind === 'unconfigured')
    blocks.push(context(`Live checks are off: set ${cluster.missing} to let aksdiag check the cluster.`));
  const run =
    cluster.kind === 'known'
      ? [button(`Run checks on ${cluster.label}`, ACTIONS.runChecks, diagnosisId, 'primary')]
      : cluster.kind === 'pick'
        ? [button('Run checks (pick a cluster)', ACTIONS.runChecks, diagnosisId, 'primary')]
        : [];
  blocks.push(
    actions([
      ...run,
      button('Show fix commands', ACTIONS.showFix, diagnosisId),
      button('Not this', ACTIONS.notThis, diagnosisId),
    ]),
  );
  return {
    text: `aksdiag: ${name(title)} (${pct(d.confidence)})`,
    blocks: fit(blocks),
    metadata: metadata(diagnosisId, d.symptom, d.confidence),
  };
}

export function metadata(
  diagnosisId: string,
  symptom: string | null,
  confidence: number,
  extra: Record<string, string | number | null> = {},
): SlackMessage['metadata'] {
  const payload: Record<string, string | number> = {
    diagnosis_id: diagnosisId,
    symptom: symptom ?? 'none',
    confidence: Math.round(confidence * 100) / 100,
  };
  // Metadata is not shown, but a cluster typed in Slack can be any length.
  for (const [k, v] of Object.entries(extra))
    if (v !== null) payload[k] = typeof v === 'string' ? v.slice(0, 200) : v;
  return { event_type: METADATA_EVENT, event_payload: payload };
}

/** The fix commands of every likely cause, for "Show fix commands". */
export function fixMessage(d: Diagnosis, diagnosisId: string): SlackMessage {
  const blocks = d.causes.map((c) =>
    section(`*${name(c.title)}*\n${code(c.fix, MAX_SECTION - TEXT_LIMITS.name - 10)}`),
  );
  return {
    text: `aksdiag: fix commands for ${d.title ?? 'the diagnosis'}`,
    blocks: fit(blocks),
    metadata: metadata(diagnosisId, d.symptom, d.confidence, { kind: 'fix-commands' }),
  };
}

const BAR = 20;
export function progressBar(done: number, total: number): string {
  const filled = total === 0 ? BAR : Math.round((done / total) * BAR);
  return `${'▓'.repeat(filled)}${'░'.repeat(BAR - filled)} ${done} of ${total}`;
}

export function progressMessage(
  p: { cluster: string; title: string; done: number; total: number; nodes?: string },
  diagnosisId: string,
  symptom: string | null,
): SlackMessage {
  return {
    text: `aksdiag: checking ${name(p.cluster)}: ${p.done} of ${p.total}`,
    blocks: [
      section(`:hourglass_flowing_sand: Checking *${name(p.cluster)}* for _${name(p.title)}_`),
      section(`\`${progressBar(p.done, p.total)}\` checks${p.nodes ? ` · ${name(p.nodes)}` : ''}`),
    ],
    metadata: metadata(diagnosisId, symptom, 0, { status: 'running', cluster: p.cluster }),
  };
}

const ICON: Record<CauseStatus, string> = {
  confirmed: ':red_circle:',
  'ruled-out': ':white_check_mark:',
  unknown: ':grey_question:',
};
const WORD: Record<CauseStatus, string> = {
  confirmed: 'Confirmed',
  'ruled-out': 'Ruled out',
  unknown: 'Could not check',
};
const ORDER: Record<CauseStatus, number> = { confirmed: 0, unknown: 1, 'ruled-out': 2 };

/** The verdict: every cause with its status, evidence and (when confirmed) the fix with real values. */
export function reportMessage(
  r: CheckReport,
  titles: Record<string, string>,
  diagnosisId: string,
  applicable: string[],
): SlackMessage {
  const confirmed = r.causes.filter((c) => c.status === 'confirmed');
  const sample =
    r.nodes.checked < r.nodes.total ? ` (a sample of ${r.nodes.checked} of ${r.nodes.total} nodes)` : '';
  const blocks: Block[] = [
    header(
      confirmed.length
        ? `Found: ${titles[confirmed[0]!.id] ?? confirmed[0]!.id}`
        : `No cause confirmed on ${r.cluster}`,
    ),
    context(`*${name(r.cluster)}* (${name(r.resourceGroup)}) · ${r.findings.length} checks${sample}`),
  ];
  if (r.kube.read === 'unavailable')
    blocks.push(context(`Kubernetes API not readable: ${slackText(r.kube.reason, 1000)}`));
  if (r.kube.read === 'command-invoke') blocks.push(context('Kubernetes objects read with command invoke.'));
  for (const c of [...r.causes].sort((a, b) => ORDER[a.status] - ORDER[b.status])) {
    const evidence = c.evidence
      .slice(0, 3)
      .map(
        (f) =>
          `• \`${name(f.check)}\` on ${name(f.target)}: *${name(f.verdict)}*${f.evidence ? ` — ${slackText(f.evidence, TEXT_LIMITS.evidence)}` : ''}`,
      )
      .join('\n');
    const more = c.evidence.length > 3 ? `\n• …and ${c.evidence.length - 3} more` : '';
    blocks.push(
      section(
        `${ICON[c.status]} *${WORD[c.status]}:* ${name(titles[c.id] ?? c.id)}${evidence ? `\n${evidence}${more}` : ''}`,
      ),
    );
    if (c.status === 'confirmed') blocks.push(section(`*Fix*\n${code(c.fix, MAX_SECTION - 10)}`));
  }
  if (r.skipped.length)
    blocks.push(
      context(
        `Not checked: ${slackText(r.skipped.map((s) => `${s.check} (${s.reason})`).join('; '), MAX_SECTION - 20)}`,
      ),
    );
  blocks.push(
    actions([
      button('Re-run', ACTIONS.rerun, diagnosisId),
      button('Show raw output', ACTIONS.rawOutput, diagnosisId),
      // Each button's own action id (Slack wants them unique); the diagnosis keeps the causes in this order.
      ...applicable.map((cause, i) =>
        button(`Apply fix: ${titles[cause] ?? cause}`, `${ACTIONS.applyFix}:${i}`, diagnosisId, 'danger'),
      ),
      button('Resolved', ACTIONS.resolved, diagnosisId),
    ]),
  );
  const summary = confirmed.length
    ? confirmed.map((c) => name(titles[c.id] ?? c.id)).join('; ')
    : 'no cause confirmed';
  return {
    text: `aksdiag: ${name(r.cluster)}: ${summary}`,
    blocks: fit(blocks),
    metadata: metadata(diagnosisId, r.symptom, confirmed.length ? 1 : 0, {
      status: 'done',
      cluster: r.cluster,
      confirmed: confirmed.map((c) => c.id).join(',') || null,
    }),
  };
}

/** A health sweep: the symptoms with a confirmed cause in full, the rest in one line. */
export function sweepMessage(
  reports: CheckReport[],
  titlesFor: (symptom: string) => Record<string, string>,
  diagnosisId: string,
): SlackMessage {
  const found = reports.filter((r) => r.causes.some((c) => c.status === 'confirmed'));
  const clean = reports.filter((r) => !found.includes(r));
  const cluster = reports[0]?.cluster ?? 'the cluster';
  const blocks: Block[] = [
    header(
      found.length
        ? `Health check of ${cluster}: ${found.length} problem${found.length > 1 ? 's' : ''} found`
        : `Health check of ${cluster}: nothing found`,
    ),
  ];
  for (const r of found) {
    const titles = titlesFor(r.symptom);
    for (const c of r.causes.filter((x) => x.status === 'confirmed')) {
      const ev = c.evidence[0];
      blocks.push(
        section(
          `${ICON.confirmed} *${name(titles[c.id] ?? c.id)}* (${name(r.symptom)})${ev ? `\n• \`${name(ev.check)}\` on ${name(ev.target)}: *${name(ev.verdict)}*${ev.evidence ? ` — ${slackText(ev.evidence, TEXT_LIMITS.evidence)}` : ''}` : ''}`,
        ),
        section(`*Fix*\n${code(c.fix, MAX_SECTION - 10)}`),
      );
    }
  }
  if (clean.length)
    blocks.push(context(`No cause confirmed for: ${name(clean.map((r) => r.symptom).join(', '))}`));
  blocks.push(
    actions([
      button('Re-run', ACTIONS.rerun, diagnosisId),
      button('Show raw output', ACTIONS.rawOutput, diagnosisId),
      button('Resolved', ACTIONS.resolved, diagnosisId),
    ]),
  );
  return {
    text: `aksdiag: health check of ${name(cluster)}: ${found.length} problem(s)`,
    blocks: fit(blocks),
    metadata: metadata(diagnosisId, null, found.length ? 1 : 0, {
      status: 'done',
      cluster,
      confirmed:
        found
          .flatMap((r) => r.causes.filter((c) => c.status === 'confirmed').map((c) => `${r.symptom}/${c.id}`))
          .join(',') || null,
    }),
  };
}

/** "Show raw output": every finding of the last run, redacted by the caller, cut to what fits. */
export function rawOutputMessage(reports: CheckReport[], diagnosisId: string): SlackMessage {
  const lines = reports.flatMap((r) =>
    r.findings.map(
      (f) =>
        `${f.check} on ${f.target}: ${f.verdict}${f.evidence ? `\n  ${f.evidence}` : ''}${f.notes.length ? `\n  note: ${f.notes.join('\n  note: ')}` : ''}`,
    ),
  );
  // One code block per section, each under the 3,000-character limit.
  const chunks: string[] = [];
  let current = '';
  for (const line of lines) {
    // Node output can hold anything, `<!channel>` included.
    const piece = slackText(line, 2000);
    if (current.length + piece.length + 1 > MAX_SECTION - 10) {
      chunks.push(current);
      current = '';
    }
    current = current ? `${current}\n${piece}` : piece;
  }
  if (current) chunks.push(current);
  const blocks = chunks.map((c) => section(`\`\`\`${c}\`\`\``));
  return {
    text: `aksdiag: raw output of ${lines.length} findings`,
    blocks: fit(blocks.length ? blocks : [section('No findings were recorded.')]),
    metadata: metadata(diagnosisId, reports[0]?.symptom ?? null, 0, { kind: 'raw-output' }),
  };
}

/** The most options a static select holds. */
export const MAX_OPTIONS = 100;

/**
 * A private picker of the clusters aksdiag can see, for "Run checks (pick a cluster)". An option's
 * value is its index in `clusters` (at most MAX_OPTIONS), which the caller keeps with the
 * diagnosis named in the block id: no cluster name comes back from Slack to be trusted.
 */
export function clusterPicker(clusters: string[], diagnosisId: string): Block[] {
  const usable = clusters.slice(0, MAX_OPTIONS);
  if (usable.length === 0)
    return [section('No AKS clusters are visible to aksdiag in the configured subscriptions.')];
  return [
    section('Which cluster should I check?'),
    {
      type: 'actions',
      block_id: `pick:${diagnosisId}`,
      elements: [
        {
          type: 'static_select',
          action_id: ACTIONS.pickCluster,
          placeholder: { type: 'plain_text', text: 'Pick a cluster' },
          options: usable.map((c, i) => ({
            text: { type: 'plain_text', text: cut(c, MAX_BUTTON, '…') },
            value: String(i),
          })),
        },
      ],
    },
  ];
}
