import { FlowProducer, Queue, QueueEvents } from 'bullmq';
import type { QueueOptions } from '../run/options.js';
import { cutOff } from './cutOff.js';
import { runsQueueName } from './modelJob.js';
import { outageLog } from './outageLog.js';
import { within } from './within.js';

/** A run's clients of the queue's Redis. */
export interface QueueConnections {
  /** The queue the workers take models from. */
  models: Queue;
  /** The queue of the runs' parent jobs, which no worker takes from. */
  runs: Queue;
  flows: FlowProducer;
  /** Finished jobs, as the queue's event stream tells them. */
  events: QueueEvents;
  /** HOST:PORT, for messages. */
  where: string;
  /** Whether Redis answers right now. */
  reachable(): Promise<boolean>;
  /** Closes every client; those a lost Redis holds up are disconnected after a few seconds. */
  close(): Promise<void>;
}

// A graceful close waits for Redis to acknowledge; one that went away never does.
const CLOSE_MS = 3000;

/** The clients a queue run needs, ready; their errors go to `queue.log`, an outage once a minute. */
export async function openQueueConnections(queue: QueueOptions): Promise<QueueConnections> {
  const connection = { url: queue.url, ...(queue.tls ? { tls: queue.tls } : {}) };
  const where = new URL(queue.url).host;
  const models = new Queue(queue.name, { connection });
  const runs = new Queue(runsQueueName(queue.name), { connection });
  const flows = new FlowProducer({ connection });
  const events = new QueueEvents(queue.name, { connection });
  const clients = [events, flows, runs, models];
  const onError = outageLog(queue.log, where);
  events.on('error', onError);
  flows.on('error', onError);
  runs.on('error', onError);
  models.on('error', onError);
  const close = async () => {
    const closing = Promise.allSettled(clients.map((client) => client.close()));
    if (
      !(await within(
        closing.then(() => true),
        CLOSE_MS,
        false,
      ))
    ) {
      await Promise.allSettled(clients.map(cutOff));
    }
  };
  try {
    await events.waitUntilReady();
  } catch (error) {
    await close();
    throw error;
  }
  return {
    models,
    runs,
    flows,
    events,
    where,
    reachable: async () => (await models.getBackend().client).status === 'ready',
    close,
  };
}
