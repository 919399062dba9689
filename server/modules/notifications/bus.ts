import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';

/**
 * «Something new for these people»: how the delivery job tells the open notification streams (stream.routes.ts)
 * that a recipient has a new or changed notification, so the bell and the diary refetch within the second instead
 * of at the next poll.
 *
 * One process (PGlite, or a single PostgreSQL process): an in-process emitter. With PostgreSQL the job may run in
 * another process than the one holding a parent's stream (WORKERS=N, several machines), so every process also
 * LISTENs on one channel and the job NOTIFYs there; a process ignores its own messages (it has already told its
 * streams). Messages carry person ids only, chunked under PostgreSQL's 8000-byte payload limit.
 */
const CHANNEL = 'dapter_notifications';
const CHUNK = 500;

type Log = { warn: (obj: object, msg: string) => void };

export class NotificationBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  /** Tells this bus's own NOTIFYs from other processes'. */
  private readonly origin = randomUUID().slice(0, 8);
  private listener: pg.Client | null = null;
  private listening: Promise<void> | null = null;
  private closed = false;
  log: Log | null = null;

  constructor(
    private readonly db: Database,
    private readonly databaseUrl: string | undefined,
  ) {}

  /** Runs the delivery job now (set by the routes plugin when the app runs its jobs). */
  wake: (() => Promise<unknown>) | null = null;
  private waking: NodeJS.Timeout | null = null;

  /**
   * An event was queued in a transaction about to commit: run the delivery job in a moment rather than at its next
   * poll, so the bell rings within the second. Twice: a run already in progress may have claimed before the commit.
   */
  queued() {
    if (!this.wake || this.waking) return;
    this.waking = setTimeout(() => {
      this.waking = null;
      const wake = this.wake;
      void wake?.().then(() => wake());
    }, 25);
    this.waking.unref();
  }

  /** Calls `fn` whenever `personId` has something new; returns the unsubscribe. */
  subscribe(personId: number, fn: () => void): () => void {
    if (this.databaseUrl) void this.listen();
    const name = `p:${personId}`;
    this.emitter.on(name, fn);
    return () => this.emitter.off(name, fn);
  }

  /** Call after the notifications are committed. Never throws (a stream missing a beat still polls). */
  async publish(personIds: number[]) {
    const ids = [...new Set(personIds)];
    if (ids.length === 0) return;
    this.emit(ids);
    if (!this.databaseUrl) return;
    try {
      for (let i = 0; i < ids.length; i += CHUNK) {
        const payload = `${this.origin}:${ids.slice(i, i + CHUNK).join(',')}`;
        await sql`select pg_notify(${CHANNEL}, ${payload})`.execute(this.db);
      }
    } catch (error) {
      this.log?.warn({ err: (error as Error).message }, 'notification bus: notify failed');
    }
  }

  private emit(ids: number[]) {
    for (const id of ids) this.emitter.emit(`p:${id}`);
  }

  /** One LISTEN connection per process, opened with the first stream and reopened after a failure. */
  private listen(): Promise<void> {
    if (this.listening || this.closed || !this.databaseUrl) return this.listening ?? Promise.resolve();
    this.listening = (async () => {
      const client = new pg.Client({ connectionString: this.databaseUrl });
      const lost = (error?: Error) => {
        if (this.listener !== client) return;
        this.listener = null;
        this.listening = null;
        client.end().catch(() => {});
        if (this.closed) return;
        this.log?.warn({ err: error?.message }, 'notification bus: LISTEN connection lost, reconnecting');
        setTimeout(() => void this.listen(), 1000).unref();
      };
      try {
        this.listener = client;
        client.on('error', lost);
        client.on('end', () => lost());
        client.on('notification', (m) => {
          if (m.channel !== CHANNEL || !m.payload) return;
          const [origin, list] = m.payload.split(':');
          if (origin === this.origin || !list) return;
          this.emit(list.split(',').map(Number));
        });
        await client.connect();
        await client.query(`listen ${CHANNEL}`);
      } catch (error) {
        lost(error as Error);
      }
    })();
    return this.listening;
  }

  async close() {
    this.closed = true;
    this.wake = null;
    if (this.waking) clearTimeout(this.waking);
    this.emitter.removeAllListeners();
    const client = this.listener;
    this.listener = null;
    await client?.end().catch(() => {});
  }
}

const buses = new WeakMap<Database, NotificationBus>();

/** The bus of this database (one per app: the routes' streams and the delivery job share it). */
export function busOf(deps: Pick<AppDeps, 'db' | 'config'>): NotificationBus {
  let bus = buses.get(deps.db);
  if (!bus) {
    bus = new NotificationBus(deps.db, deps.config.DATABASE_URL);
    buses.set(deps.db, bus);
  }
  return bus;
}
