import { type Rule, valid } from '../util/optionRules.js';

/**
 * redis://HOST:PORT[/DB] or rediss://…: the database a number, or none (ioredis would send `SELECT NaN`
 * for `/abc`). Whether Redis has that database is only known once connected.
 */
export const redisUrl = valid(
  (value) => {
    if (typeof value !== 'string') return false;
    const url = URL.canParse(value) ? new URL(value) : null;
    return (
      (url?.protocol === 'redis:' || url?.protocol === 'rediss:') &&
      url.hostname !== '' &&
      /^(\/\d*)?$/.test(url.pathname)
    );
  },
  'a redis://HOST:PORT[/DB] or rediss:// URL, DB a number',
  { type: 'string', pattern: '^rediss?://' },
);

/** BullMQ keeps a queue under keys "bull:<name>:...", so no ':'. */
export const queueName = valid(
  (value) => typeof value === 'string' && value !== '' && !value.includes(':'),
  "a non-empty name without ':'",
  { type: 'string', pattern: '^[^:]+$' },
);

/** The fewest characters a queue secret may have: 32 hex digits are 128 bits. */
export const SECRET_MIN_LENGTH = 32;

/** The queue's shared secret; a message never shows it. */
export const queueSecret: Rule = (value, name) =>
  typeof value === 'string' && value.length >= SECRET_MIN_LENGTH
    ? []
    : [
        `${name} must be a shared secret of at least ${SECRET_MIN_LENGTH} characters, got ${
          typeof value === 'string' ? `${value.length}` : typeof value
        }`,
      ];

/** Options handed to Node's `tls.connect` through ioredis (a private CA, a client certificate). */
export const tlsOptions = valid(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  'an object of TLS options',
);
