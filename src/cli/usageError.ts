import type { EngineKind } from '../engine/engine.js';
import { queueName, redisUrl } from '../queue/queueRules.js';
import { type FailOn, failOnChoices } from './failingModels.js';

/** Bad input on the command line: one line on stderr and exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** `--engine node|wasm`. */
export function engineArgument(text: string): EngineKind {
  if (text !== 'node' && text !== 'wasm')
    throw new UsageError(`--engine expects node or wasm, got '${text}'`);
  return text;
}

/** `--fail-on error|alert|never`. */
export function failOnArgument(text: string): FailOn {
  const choice = failOnChoices.find((name) => name === text);
  if (choice === undefined) throw new UsageError(`--fail-on expects error, alert or never, got '${text}'`);
  return choice;
}

export function numberArgument(
  flag: string,
  text: string,
  { integer = false, min = -Infinity } = {},
): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min) {
    const what = integer ? 'an integer' : 'a number';
    throw new UsageError(
      `${flag} expects ${what}${min > -Infinity ? ` of at least ${min}` : ''}, got '${text}'`,
    );
  }
  return value;
}

/** `--queue redis://HOST:PORT`. */
export function queueUrlArgument(text: string): string {
  if (redisUrl(text, '--queue').length > 0) {
    throw new UsageError(`--queue expects redis://HOST:PORT[/DB] or rediss://, DB a number, got '${text}'`);
  }
  return text;
}

/** The name of the environment variable that holds a queue's shared secret. */
export const QUEUE_SECRET_VARIABLE = 'SERVICE_C_QUEUE_SECRET';

/** The queue's shared secret, from the environment (a flag would show it to every user of `ps`). */
export function queueSecretVariable(env: NodeJS.ProcessEnv): string {
  const secret = env[QUEUE_SECRET_VARIABLE];
  if (!secret) {
    throw new UsageError(
      `--queue needs the queue's shared secret in ${QUEUE_SECRET_VARIABLE} (the same on the run and every worker)`,
    );
  }
  return secret;
}

/** `--queue-name NAME`: BullMQ keeps a queue under keys "bull:NAME:...", so no ':'. */
export function queueNameArgument(text: string): string {
  if (queueName(text, '--queue-name').length > 0) {
    throw new UsageError(`--queue-name expects a name without ':', got '${text}'`);
  }
  return text;
}
