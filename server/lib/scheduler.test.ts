import { describe, expect, it } from 'vitest';
import { Scheduler } from './scheduler.js';

const quietLog = () => {
  const lines: Array<[string, object]> = [];
  return {
    lines,
    info: (o: object) => lines.push(['info', o]),
    debug: (o: object) => lines.push(['debug', o]),
    error: (o: object) => lines.push(['error', o]),
  };
};

describe('Scheduler', () => {
  it('runs each job at start, never overlapping itself, and stop() waits for the run in progress', async () => {
    let runs = 0;
    let finished = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const log = quietLog();
    const s = new Scheduler(
      [
        {
          name: 'slow',
          everyMs: 60_000,
          run: async (signal) => {
            runs++;
            await gate;
            finished++;
            return { aborted: signal.aborted };
          },
        },
      ],
      log,
    );
    s.start();
    s.start();
    expect(runs).toBe(1);
    const joined = s.runNow('slow');
    expect(runs).toBe(1); // joined the run in progress
    const stopped = s.stop();
    let done = false;
    void stopped.then(() => {
      done = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(done).toBe(false); // still waiting for the job
    release();
    await stopped;
    await joined;
    expect(finished).toBe(1);
    expect(log.lines).toEqual([['info', expect.objectContaining({ job: 'slow', aborted: true })]]);
    await s.runNow('slow');
    expect(runs).toBe(1); // nothing runs after stop
  });

  it('logs a failure with its code and message only, and keeps going', async () => {
    const log = quietLog();
    let n = 0;
    const s = new Scheduler(
      [
        {
          name: 'flaky',
          everyMs: 60_000,
          run: async () => {
            n++;
            if (n === 1) throw Object.assign(new Error('boom'), { code: 'X1', detail: 'Key (iin)=(123) secret' });
            return { done: 1 };
          },
        },
      ],
      log,
    );
    await s.runNow('flaky');
    await s.runNow('flaky');
    expect(log.lines).toEqual([
      ['error', { job: 'flaky', code: 'X1', message: 'boom' }],
      ['info', expect.objectContaining({ job: 'flaky', done: 1 })],
    ]);
    expect(JSON.stringify(log.lines)).not.toContain('secret');
    await s.stop();
  });
});
