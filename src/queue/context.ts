/**
 * The per-diagnosis context (inventory, Kubernetes snapshot, the planned requests), stored once
 * in Redis with a TTL instead of being copied into every child: a 500-node inventory is hundreds
 * of kilobytes. Each worker process keeps the few it is working on parsed in memory.
 */
import type { Redis } from 'ioredis';
import { type Keys } from './keys.js';
import { type DiagnosisContext, contextSchema, parsePayload, PayloadError } from './payloads.js';

const KEEP_PARSED = 8;

export class ContextStore {
  /** Parsed contexts, and loads in flight: a burst of children of one diagnosis reads it once. */
  private readonly parsed = new Map<string, Promise<DiagnosisContext>>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async save(diagnosis: string, context: DiagnosisContext, ttlMs: number): Promise<void> {
    const valid = parsePayload(contextSchema, context, 'the diagnosis context');
    await this.redis.set(this.keys.context(diagnosis), JSON.stringify(valid), 'PX', Math.ceil(ttlMs));
  }

  load(diagnosis: string): Promise<DiagnosisContext> {
    const hit = this.parsed.get(diagnosis);
    if (hit) {
      // Most recently used last.
      this.parsed.delete(diagnosis);
      this.parsed.set(diagnosis, hit);
      return hit;
    }
    const loading = this.read(diagnosis);
    this.parsed.set(diagnosis, loading);
    // A failed read is not kept: the next child tries again.
    loading.catch(() => {
      if (this.parsed.get(diagnosis) === loading) this.parsed.delete(diagnosis);
    });
    while (this.parsed.size > KEEP_PARSED) {
      const oldest = this.parsed.keys().next().value;
      if (oldest === undefined) break;
      this.parsed.delete(oldest);
    }
    return loading;
  }

  private async read(diagnosis: string): Promise<DiagnosisContext> {
    const raw = await this.redis.get(this.keys.context(diagnosis));
    if (raw === null) {
      throw new PayloadError(
        `the context of diagnosis ${diagnosis} is gone from Redis (expired, or Redis lost it)`,
      );
    }
    return parsePayload(contextSchema, JSON.parse(raw), `the context of diagnosis ${diagnosis}`);
  }
}
