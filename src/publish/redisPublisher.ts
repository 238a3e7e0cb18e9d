import { setTimeout as sleep } from 'node:timers/promises';
import { Counter, Registry } from 'prom-client';
import { defaultCompareOptions } from '../compare/options.js';
import type { Engine } from '../engine/engine.js';
import type { DriftThresholds } from '../events/driftEvent.js';
import { defaultPerformanceOptions } from '../performance/options.js';
import { redisUrl } from '../queue/queueRules.js';
import { defaultSchema, type RunOptions, type Schema, schemaRule } from '../run/options.js';
import { checkOptions, func, nullable, optional, positive, shape, text, valid } from '../util/optionRules.js';
import { ageInWords } from './ageInWords.js';
import { connectPublisher, FIRST_RETRY_DELAY_MS } from './connectPublisher.js';
import { type DriftMessage, driftMessage } from './driftMessage.js';
import { featureRows, markPublished, messageDetails, performanceRows, unpublishedModels } from './outbox.js';
import { thresholdRules, thresholdsOf } from './thresholds.js';
import { trimStream } from './trimStream.js';

export interface RedisPublisherOptions {
  /** redis://[[user]:password@]host[:port][/db] */
  url: string;
  /** The stream every result is appended to. */
  stream: string;
  /** A model's latest result is the hash `${hashPrefix}${model}`. */
  hashPrefix: string;
  /**
   * How long a run (or one publishPending call outside a run) may wait for Redis in all, retries
   * included; what Redis has not taken by then waits in DuckDB for a later try. Once a run's budget is
   * spent, each later result gets one quick try: an outage costs a run this budget once, not per model.
   */
  retryBudgetMs: number;
  /** Gets one line each time a result is left for later, and when Redis cannot be reached at start. */
  log: (message: string) => void;
  /** The run's schema: the results are read from its drift_results table and its outbox. */
  schema: Schema;
  /**
   * Each run start trims the stream's entries older than this (by their ids, Redis' clock), except what a
   * consumer group has not read or acknowledged yet; null never trims.
   */
  streamMaxAgeMs: number | null;
  /** Where `drift_stream_trimmed_total` is registered, when given. */
  registry?: Registry;
  /**
   * The thresholds each message says were in force: give the runs' own (their compare and performance
   * options) when they are not the defaults.
   */
  thresholds: DriftThresholds;
}

export type RedisPublisherOptionsInput = Partial<Omit<RedisPublisherOptions, 'schema' | 'thresholds'>> &
  Pick<RedisPublisherOptions, 'url'> & { schema?: Partial<Schema>; thresholds?: Partial<DriftThresholds> };

const DAY_MS = 86_400_000;

export const defaultRedisPublisherOptions: Readonly<Omit<RedisPublisherOptions, 'url'>> = Object.freeze({
  stream: 'drift:events',
  hashPrefix: 'drift:model:',
  retryBudgetMs: 2000,
  log: (message: string) => console.warn(message),
  schema: defaultSchema,
  streamMaxAgeMs: 7 * DAY_MS,
  thresholds: thresholdsOf(defaultCompareOptions, defaultPerformanceOptions),
});

/** What each option may hold, checked once on the merged options, by the rules every public entry uses. */
const redisPublisherRules = shape<RedisPublisherOptions>({
  url: redisUrl,
  stream: text,
  hashPrefix: text,
  retryBudgetMs: positive,
  log: func,
  schema: schemaRule,
  streamMaxAgeMs: nullable(positive),
  registry: optional(valid((v) => v instanceof Registry, 'a prom-client Registry')),
  thresholds: thresholdRules,
});

/** The defaults, then the caller's options, merged once and checked (an OptionsError names every problem). */
export function resolveRedisPublisherOptions(input: RedisPublisherOptionsInput): RedisPublisherOptions {
  const options: RedisPublisherOptions = {
    ...defaultRedisPublisherOptions,
    ...input,
    schema: { ...defaultRedisPublisherOptions.schema, ...input.schema },
    thresholds: { ...defaultRedisPublisherOptions.thresholds, ...input.thresholds },
  };
  checkOptions(options, redisPublisherRules, 'redis publisher');
  return options;
}

export interface RedisPublisher {
  /** Spread into startServiceC's options: both publish whatever is unpublished, oldest first. */
  hooks: Required<Pick<RunOptions, 'onRunStart' | 'onModelWritten'>>;
  /**
   * Publishes every unpublished result in drift_results in order of computed_at, each as a stream entry
   * and its model's hash, then stamps its rows published_at. It stops at the first result Redis does not
   * take within the budget, so that the stream keeps that order.
   */
  publishPending(engine: Engine): Promise<void>;
  close(): void;
}

/**
 * What is left of a run's budget (or of one publishPending call's). Only sends that Redis did not take at
 * the first try spend it: a long run with a healthy Redis never runs out, an outage spends it once.
 */
interface Budget {
  leftMs: number;
}

/**
 * A publisher of drift results to Redis, for Service D. DuckDB is the outbox: a result is published from
 * its committed rows and stamped once Redis has it, so what Redis missed is sent later, at least once.
 * Resolves also when Redis cannot be reached: that is logged, and the results wait in DuckDB. Rejects with
 * an OptionsError for options the rules refuse, and a PublisherError when Redis answers but has no database
 * of the URL's index.
 */
export async function createRedisPublisher(input: RedisPublisherOptionsInput): Promise<RedisPublisher> {
  const options = resolveRedisPublisherOptions(input);
  const budget = options.retryBudgetMs;
  const maxAge = options.streamMaxAgeMs;
  const trimmedTotal =
    options.registry &&
    new Counter({
      name: 'drift_stream_trimmed_total',
      help: 'Entries the publisher trimmed from the Redis stream by age',
      registers: [options.registry],
    });
  const { client, where, cause } = await connectPublisher(options);

  const send = async (model: string, message: DriftMessage) => {
    const fields = message.flat();
    // One transaction: Service D never sees a stream entry whose hash is older.
    const replies = await client
      .multi([
        ['xadd', options.stream, '*', ...fields],
        ['hset', `${options.hashPrefix}${model}`, ...fields],
      ])
      .exec();
    if (replies === null) throw new Error('the transaction was aborted');
    const failed = replies.find(([error]) => error !== null);
    if (failed) throw failed[0];
  };

  // The current run's; instance state, renewed by each run's onRunStart.
  let runBudget: Budget = { leftMs: budget };

  const publishPending = async (engine: Engine, wallet: Budget) => {
    const pending = await unpublishedModels(engine, options.schema);
    for (const [index, model] of pending.entries()) {
      const message = driftMessage(
        model,
        await featureRows(engine, options.schema, model),
        await performanceRows(engine, options.schema, model),
        await performanceRows(engine, options.schema, model, 'performance_estimated'),
        await messageDetails(engine, options.schema, model, options.thresholds),
      );
      const started = performance.now();
      const spend = () => {
        wallet.leftMs = Math.max(0, wallet.leftMs - (performance.now() - started));
      };
      try {
        if (await retryUntil(started + wallet.leftMs, () => send(model.model, message))) spend();
      } catch (error) {
        spend();
        options.log(
          `redis publisher: Redis at ${where} did not take the result of model ${JSON.stringify(model.model)} ` +
            `(run ${model.runId}) within the ${budget} ms budget (${cause(error)}); ${pending.length - index} ` +
            'result(s) wait in DuckDB for the next try',
        );
        return;
      }
      await markPublished(engine, options.schema, model, new Date());
    }
  };

  // Once per run, and only while Redis answers: an outage is already logged by the publishing.
  const trim = async () => {
    if (maxAge === null || client.status !== 'ready') return;
    try {
      const { trimmed, holdingBack } = await trimStream(client, options.stream, maxAge);
      trimmedTotal?.inc(trimmed);
      for (const { group, oldestAgeMs } of holdingBack) {
        options.log(
          `redis publisher: consumer group ${JSON.stringify(group)} of ${options.stream} still needs an entry ` +
            `${ageInWords(oldestAgeMs)} old, past the ${ageInWords(maxAge)} limit: older entries stay ` +
            '(XGROUP DESTROY a group that is gone)',
        );
      }
    } catch (error) {
      options.log(`redis publisher: could not trim ${options.stream} (${cause(error)}); trying next run`);
    }
  };

  return {
    hooks: {
      onRunStart: async ({ engine }) => {
        runBudget = { leftMs: budget };
        await publishPending(engine, runBudget);
        await trim();
      },
      onModelWritten: ({ engine }) => publishPending(engine, runBudget),
    },
    publishPending: (engine) => publishPending(engine, { leftMs: budget }),
    close: () => client.disconnect(),
  };
}

/**
 * Runs `attempt` until it succeeds, waiting 50 ms, 100 ms, 200 ms… in between, and gives up with its
 * last error when the next wait would end past the deadline. No attempt outlives the deadline, except
 * that there is always one try of at least 50 ms. Resolves to whether it took more than one try.
 */
async function retryUntil(deadline: number, attempt: () => Promise<void>): Promise<boolean> {
  for (let delay = FIRST_RETRY_DELAY_MS; ; delay *= 2) {
    try {
      await beforeDeadline(attempt(), Math.max(deadline, performance.now() + FIRST_RETRY_DELAY_MS));
      return delay > FIRST_RETRY_DELAY_MS;
    } catch (error) {
      if (performance.now() + delay >= deadline) throw error;
      await sleep(delay);
    }
  }
}

function beforeDeadline<T>(promise: Promise<T>, deadline: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no answer within the budget')), deadline - performance.now());
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
