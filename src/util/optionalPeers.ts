import { errorMessage } from './errorMessage.js';

/**
 * The optional peer dependencies with the versions package.json pins for them (test/install.test.ts keeps the
 * two equal). Optional because most consumers use none of them: duckdb-wasm alone is 138 MB.
 */
export const peerVersions = Object.freeze({
  bullmq: '6.7.0',
  '@duckdb/duckdb-wasm': '1.32.0',
  'apache-arrow': '17.0.0',
});

export type OptionalPeer = keyof typeof peerVersions;

/** Each part of service-c that needs optional peers, by the name its message gives it. */
export const partPeers = Object.freeze({
  'the queue': ['bullmq'],
  'the wasm engine': ['@duckdb/duckdb-wasm', 'apache-arrow'],
  "the dashboard's in-browser mode": ['@duckdb/duckdb-wasm'],
} satisfies Record<string, readonly OptionalPeer[]>);

export type OptionalPart = keyof typeof partPeers;

/** A part of service-c used without the optional peer dependencies it needs; the message says what to install. */
export class MissingPeerError extends Error {
  override name = 'MissingPeerError';
}

/**
 * `load()` (an `import()` of the part, or a resolve of a file in a peer); when it fails because one of the
 * part's peers is not installed, a MissingPeerError of one line:
 * `the queue needs bullmq: npm install bullmq@6.7.0`. Any other failure is `load`'s own.
 */
export async function loadPart<T>(part: OptionalPart, load: () => T | Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const peers: readonly OptionalPeer[] = partPeers[part];
    if (!peers.some((peer) => isMissing(error, peer))) throw error;
    const install = peers.map((peer) => `${peer}@${peerVersions[peer]}`).join(' ');
    throw new MissingPeerError(`${part} needs ${peers.join(' and ')}: npm install ${install}`);
  }
}

/**
 * Whether an error is Node's "not found" of `peer` or of a file in it: `Cannot find package 'bullmq'` (an
 * import) or `Cannot find module '@duckdb/duckdb-wasm/dist/…'` (a require).
 */
function isMissing(error: unknown, peer: OptionalPeer): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  const message = errorMessage(error);
  return message.includes(`'${peer}'`) || message.includes(`'${peer}/`);
}
