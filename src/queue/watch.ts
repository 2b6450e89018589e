/**
 * One reader of the progress stream per process, handing each event to whoever watches that
 * diagnosis: a bot following many threads holds one blocking connection, not one per thread.
 */
import type { ProgressEvent } from './payloads.js';
import type { ProgressReader } from './progress.js';

export type ProgressHandler = (event: ProgressEvent) => void;

export class ProgressHub {
  private readonly handlers = new Map<string, Set<ProgressHandler>>();
  private started: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly reader: ProgressReader) {}

  /** Calls `handler` with every event of `diagnosis` added from now on; returns the unsubscribe. */
  async watch(diagnosis: string, handler: ProgressHandler): Promise<() => void> {
    this.started ??= this.reader.start().then(() => void this.loop());
    await this.started;
    let set = this.handlers.get(diagnosis);
    if (!set) this.handlers.set(diagnosis, (set = new Set()));
    set.add(handler);
    return () => {
      set.delete(handler);
      if (set.size === 0) this.handlers.delete(diagnosis);
    };
  }

  stop(): void {
    this.stopped = true;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let events: ProgressEvent[];
      try {
        events = await this.reader.read(1000);
      } catch {
        if (this.stopped) return;
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      for (const e of events) {
        for (const h of this.handlers.get(e.diagnosis) ?? []) {
          try {
            h(e);
          } catch {
            // One watcher's bug must not stop the others' events.
          }
        }
      }
    }
  }
}
