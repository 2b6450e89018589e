/** Pattern pieces and wording that several symptom modules use. */
import type { Outcome } from '../domain/events.js';
import type { Penalty } from '../domain/knowledge.js';

/** One IPv4 octet, 0-255. */
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';

/** An IPv4 literal. */
export const IPV4 = `${OCTET}(?:\\.${OCTET}){3}`;

/**
 * A public IPv4 literal: not RFC 1918, loopback, link-local, CGNAT or 0/8. The documentation
 * ranges (192.0.2.0/24, ...) count as public because the lab uses them for the Internet side.
 */
const NOT_PRIVATE = `(?!(?:10|127|0)\\.|192\\.168\\.|172\\.(?:1[6-9]|2\\d|3[01])\\.|169\\.254\\.|100\\.(?:6[4-9]|[7-9]\\d|1[01]\\d|12[0-7])\\.)`;
// The address is matched first and its range checked looking back from its end: a pattern that
// starts with the range check is tried at every position of the text and costs ten times more.
export const PUBLIC_IPV4 = `${IPV4}(?<=(?<![\\d.])${NOT_PRIVATE}[\\d.]{7,15})`;

/** Builds a case-insensitive pattern from source pieces. */
export function re(source: string): RegExp {
  return new RegExp(source, 'i');
}

/** The hosts an AKS node must reach (Microsoft's "outbound network and FQDN rules for AKS"). */
export const AKS_REQUIRED_HOSTS =
  '(?:mcr\\.microsoft\\.com|\\.azurecr\\.io|login\\.microsoftonline\\.com|management\\.azure\\.com|packages\\.microsoft\\.com|acs-mirror\\.azureedge\\.net|packages\\.aks\\.azure\\.com)';

/** An IPv4 or bracketed IPv6 address as Go prints it in `dial tcp <addr>:<port>`. */
export const DIAL_ADDRESS = '(?:[\\d.]{7,15}|\\[[0-9a-f:]{2,45}\\])';

/**
 * Something answered and refused the caller's identity: a login, token or certificate problem
 * (kubelogin, an expired token, a kubelet that does not trust the API server), not a path that
 * drops traffic.
 */
export const CREDENTIAL_FAILURE: Penalty = {
  id: 'credentials-refused',
  pattern: re(
    'you must be logged in to the server|asked for the client to provide credentials|getting credentials: exec|\\bunauthorized\\b|aadsts\\d{5,6}|invalid_grant|token (?:has )?expired',
  ),
  factor: 0.3,
};

/**
 * The kubelet probing its own pod (liveness, readiness, startup): an app that is not up yet
 * refuses or times out on a path inside the node. Neither a Service nor the API server's way to
 * the kubelet is involved.
 */
export const KUBELET_PROBE: Penalty = {
  id: 'kubelet-probe',
  pattern: re('(?:readiness|liveness|startup) probe|probe failed'),
  factor: 0.3,
};

/**
 * The person says the far end is slow, not unreachable: a query or request that takes too long,
 * a statement cancelled. A gateway's 504 then is the application's time running out.
 */
export const SLOW_NOT_UNREACHABLE: Penalty = {
  id: 'slow-not-unreachable',
  pattern: re(
    '(?:quer(?:y|ies)|requests?|responses?|statements?) (?:takes?|took|taking|is taking|are taking) (?:too |very |a )?(?:long|much time|long time)|canceling statement|statement timeout|slow quer(?:y|ies)|long[- ]running (?:quer(?:y|ies)|requests?)',
  ),
  factor: 0.4,
};

/**
 * What an outcome says about the path, shown when it rules causes out. A refusal or a reset is
 * an answer: something on the path (the service, a host firewall's REJECT, a proxy) replied.
 */
export const OUTCOME_NOTES: Partial<Record<Outcome, string>> = {
  refused:
    'The connection was refused: something answered, so nothing listens on that address and port (a wrong address or port, a stopped service) or a host firewall rejects it. Causes that drop traffic silently do not fit it and are listed last.',
  reset:
    'The connection was reset: something on the path answered and closed it (the service, a proxy or a firewall that inspects traffic). Causes that drop traffic silently do not fit it and are listed last.',
  'no-endpoints': 'The Service has no ready endpoints: no pod matches its selector or none is ready.',
};
