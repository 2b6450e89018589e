import { describe, expect, it } from '@jest/globals';
import { backoffMs, retryDelayMs } from './backoff.js';

describe('backoff', () => {
  it('doubles from the base up to the cap, spread over the upper half', () => {
    expect([0, 1, 2, 3].map((n) => backoffMs(n, 100, 1000, () => 1))).toEqual([100, 200, 400, 800]);
    expect(backoffMs(10, 100, 1000, () => 1)).toBe(1000);
    expect(backoffMs(2, 100, 1000, () => 0)).toBe(200);
  });

  it('never comes back sooner than Retry-After, even when the back-off is shorter', () => {
    expect(retryDelayMs(5000, 0, 100, 1000, () => 0)).toBe(5000);
    expect(retryDelayMs(5000, 0, 100, 1000, () => 1)).toBe(6000);
    expect(retryDelayMs(50, 3, 100, 1000, () => 1)).toBe(800);
    expect(retryDelayMs(undefined, 1, 100, 1000, () => 1)).toBe(200);
  });
});
