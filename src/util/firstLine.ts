import { errorMessage } from './errorMessage.js';

/** The first line of an error's message: what a log line or a status field can hold. */
export function firstLine(error: unknown): string {
  const message = errorMessage(error);
  return message.split('\n')[0] ?? message;
}
