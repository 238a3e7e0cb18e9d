// The CLI's queue flags, read by the same rules as the options they become (src/queue/queueRules.ts).
import { describe, expect, it } from 'vitest';
import { queueArguments } from '../src/cli/runCommand.js';
import { UsageError } from '../src/cli/usageError.js';
import { parseWorkerArgs } from '../src/cli/workerCommand.js';

const env = { SERVICE_C_QUEUE_SECRET: 's'.repeat(32) };
const queueNameError = new UsageError("--queue-name expects a name without ':', got 'a:b'");

describe('the --queue-name flag', () => {
  it("refuses a name with ':' for run and for worker, naming the flag", () => {
    const values = { queue: 'redis://127.0.0.1:6379', 'queue-name': 'a:b' };
    expect(() => queueArguments(values)).toThrow(queueNameError);
    expect(() =>
      parseWorkerArgs(
        ['--queue', 'redis://127.0.0.1:6379', '--queue-name', 'a:b', '--db', 'platform.duckdb'],
        env,
      ),
    ).toThrow(queueNameError);
  });

  it('takes any other name', () => {
    const values = { queue: 'redis://127.0.0.1:6379', 'queue-name': 'drift-eu.1' };
    expect(queueArguments(values).queue).toMatchObject({ name: 'drift-eu.1' });
  });
});
