import { redisUrl } from '../queue/queueRules.js';
import { queueOptionFields, runOptionFields } from '../run/options.js';
import { type JsonSchema, shape } from '../util/optionRules.js';
import { fileQueueKeys, fileRunKeys } from './configKeys.js';

const pick = <K extends string, V>(fields: Readonly<Record<K, V>>, keys: readonly K[]) =>
  Object.fromEntries(keys.map((key) => [key, fields[key]])) as Record<K, V>;

/**
 * The JSON Schema of service-c.config.json, made from the option rules themselves (for editors; the rules
 * stay what decides). Committed as service-c.config.schema.json; `service-c config --schema` prints it.
 */
export function configSchema(): JsonSchema {
  const run = shape(pick(runOptionFields, fileRunKeys)).json as { properties: Record<string, JsonSchema> };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'service-c.config.json',
    description: "service-c's run options as data; flags given on the command line override them",
    type: 'object',
    properties: {
      $schema: { type: 'string' },
      ...run.properties,
      queue: shape(pick(queueOptionFields, fileQueueKeys)).json,
      redis: redisUrl.json,
    },
    additionalProperties: false,
  };
}
