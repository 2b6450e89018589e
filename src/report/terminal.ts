/** Renders diagnoses and verdicts for a terminal: short, plain text, most useful first. */
import type { Diagnosis, Entities } from '../domain/diagnosis.js';
import type { Verdict } from '../domain/verdicts.js';
import { CONFIDENCE_THRESHOLD } from '../engine/match.js';

const indent = (text: string, pad: string) =>
  text
    .split('\n')
    .map((l) => pad + l)
    .join('\n');

function entityLines(e: Entities): string[] {
  const lines: string[] = [];
  for (const n of e.nodes) {
    lines.push(
      n.vmss ? `node       ${n.name} (VMSS ${n.vmss}, instance ${n.instanceId})` : `node       ${n.name}`,
    );
  }
  for (const a of e.apiServers) {
    lines.push(
      `API server ${a.fqdn} (DNS prefix ${a.dnsPrefix}, ${a.region}${a.private ? ', private' : ''})`,
    );
  }
  for (const r of e.rbac) {
    const scope = r.namespace ? `in namespace ${r.namespace}` : 'at cluster scope';
    lines.push(
      `RBAC       ${r.user} cannot ${r.verb} ${r.resource}${r.apiGroup ? `.${r.apiGroup}` : ''} ${scope}`,
    );
  }
  const list = (label: string, items: readonly (string | number)[]) => {
    if (items.length) lines.push(`${label.padEnd(10)} ${items.join(', ')}`);
  };
  list('IPs', e.ips);
  list('ports', e.ports);
  list('namespaces', e.namespaces);
  list('pods', e.pods);
  list('services', e.services);
  return lines;
}

export function verdictLine(v: Verdict & { port?: number }): string {
  const port = v.port !== undefined ? ` (port ${v.port})` : '';
  return `${v.kind}${port}: ${v.verdict}${v.evidence ? `  <- ${v.evidence}` : ''}`;
}

export function renderDiagnosis(d: Diagnosis): string {
  const out: string[] = [];
  if (d.input.truncated) {
    out.push(
      `Note: input was ${d.input.chars} characters; scanned its first and last parts (${d.input.scannedChars} characters).`,
    );
  }
  const redacted = Object.values(d.input.redactions).reduce((a, b) => a + b, 0);
  if (redacted) out.push(`Note: ${redacted} secret(s) masked before anything was shown.`);
  if (!d.symptom) {
    const best = d.alternatives[0];
    out.push('No AKS networking symptom recognised.');
    if (best)
      out.push(
        `Closest: ${best.symptom} at ${best.confidence.toFixed(2)}, below the ${CONFIDENCE_THRESHOLD} needed to say so.`,
      );
    out.push(
      'Paste more of the error (the full kubectl or log line), or check every symptom on the live cluster: aksdiag check <cluster>',
    );
    return out.join('\n') + '\n';
  }
  out.push(`${d.symptom}  (confidence ${d.confidence.toFixed(2)})`);
  out.push(d.title ?? '');
  out.push(`Recognised by: ${d.matched.join(', ')}`);
  const entities = entityLines(d.entities);
  if (entities.length) out.push('', 'Found in the paste:', ...entities.map((l) => `  ${l}`));
  if (d.evidence.length)
    out.push('', 'Tool output in the paste:', ...d.evidence.map((v) => `  ${verdictLine(v)}`));
  out.push('', 'Likely causes:');
  if (d.outcomeNote) out.push(indent(d.outcomeNote, '  '));
  d.causes.forEach((c, i) => {
    const mark = c.contradictedBy.length
      ? `  [does not fit: ${c.contradictedBy.join(', ')}]`
      : c.pointedAtBy.length
        ? '  [the paste points here]'
        : '';
    out.push(`${String(i + 1).padStart(2)}. ${c.id}: ${c.title}${mark}`);
    out.push(indent(c.explanation, '    '));
    out.push(`    Checks: ${c.checks.map((k) => `${k.id} (${k.target})`).join(', ')}`);
    out.push('    Fix:', indent(c.fix, '      '));
  });
  if (d.alternatives.length) {
    out.push(
      '',
      `Also possible: ${d.alternatives.map((a) => `${a.symptom} (${a.confidence.toFixed(2)})`).join(', ')}`,
    );
  }
  return out.join('\n') + '\n';
}

export function renderVerdict(v: Verdict & { port?: number }): string {
  const out = [verdictLine(v)];
  if (v.truncated) out.push('output was cut by run-command to its last 4,096 bytes');
  for (const n of v.notes) out.push(`note: ${n}`);
  // A run-command result: then what the tool inside said, which is the answer the user is after.
  const inner = v.kind === 'run-command' ? (v.inner ?? []) : [];
  for (const i of inner) {
    const [first = '', ...rest] = renderVerdict(i).trimEnd().split('\n');
    out.push(`inside: ${first}`, ...rest.map((l) => `  ${l}`));
  }
  return out.join('\n') + '\n';
}
