interface Disconnectable {
  disconnect(): void;
}

/** A BullMQ queue, flow producer, event listener or worker, as far as its connections go. */
export interface BullClient {
  getBackend(): { client: Promise<Disconnectable>; blockingClient?: Promise<Disconnectable> | undefined };
}

/**
 * Ends a BullMQ client's connections at once. Its own `close()` and `disconnect()` wait for Redis to answer,
 * or for an 'end' that a connection already lost never emits; ioredis's `disconnect()` stops reconnecting
 * at once, and then nothing keeps the process alive.
 */
export async function cutOff(client: BullClient): Promise<void> {
  const backend = client.getBackend();
  (await backend.client).disconnect();
  (await backend.blockingClient)?.disconnect();
}
