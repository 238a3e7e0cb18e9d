import { createHmac, timingSafeEqual } from 'node:crypto';
import { fromWire, toWire } from './wire.js';

/** What a signature vouches for: the payload a coordinator gave a job, or the result a worker gave back. */
export type SignedKind = 'job' | 'result';

// The kind and the job id are signed with the body: a result cannot pass for a job, nor one job's payload
// or result for another's.
const mac = (kind: SignedKind, jobId: string, body: string, secret: string) =>
  createHmac('sha256', secret).update(`${kind}\n${jobId}\n${body}`).digest();

/** `value` on the wire, signed for one job with the queue's shared secret (HMAC-SHA256). */
export function signWire(kind: SignedKind, jobId: string, value: unknown, secret: string): string {
  const body = toWire(value);
  return JSON.stringify({ body, mac: mac(kind, jobId, body, secret).toString('hex') });
}

/**
 * The value `signWire` signed for this job, or a one-line Error: not signed, or signed with another secret
 * or for another job, or changed since.
 */
export function openWire(kind: SignedKind, jobId: string, text: unknown, secret: string): unknown {
  const envelope = parsed(text);
  if (typeof envelope?.body !== 'string' || typeof envelope.mac !== 'string') {
    throw new Error(`the ${kind} is not signed`);
  }
  const expected = mac(kind, jobId, envelope.body, secret);
  const given = Buffer.from(envelope.mac, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new Error(
      `the ${kind}'s signature does not match (forged, changed, or signed with another secret)`,
    );
  }
  return fromWire(envelope.body);
}

function parsed(text: unknown): { body?: unknown; mac?: unknown } | null {
  if (typeof text !== 'string') return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? value : null;
  } catch {
    return null;
  }
}
