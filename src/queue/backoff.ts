/**
 * How long to wait before trying again: exponential, with jitter so that workers that failed
 * together do not come back together, and never sooner than Azure's Retry-After.
 */

/** `base * 2^n`, at most `cap`, spread over [50 %, 100 %] of that ("equal jitter"). */
export function backoffMs(
  n: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  const exp = Math.min(capMs, baseMs * 2 ** Math.max(0, n));
  return Math.round(exp / 2 + (exp / 2) * random());
}

/** At least Retry-After (plus up to 20 % so a crowd does not return at once), else the back-off. */
export function retryDelayMs(
  retryAfterMs: number | undefined,
  n: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  const fallback = backoffMs(n, baseMs, capMs, random);
  if (retryAfterMs === undefined) return fallback;
  return Math.max(fallback, Math.round(retryAfterMs * (1 + 0.2 * random())));
}
