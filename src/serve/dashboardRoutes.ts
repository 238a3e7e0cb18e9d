import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ErrorResponse, PerformanceResponse } from '../api/dashboard.js';
import { defaultCompareOptions } from '../compare/options.js';
import type { Engine } from '../engine/engine.js';
import type { Schema } from '../run/options.js';
import {
  overviewOf,
  readFeatureDetail,
  readHistory,
  readModels,
  readOverview,
} from '../store/dashboardQueries.js';
import { readPerformance } from '../store/performanceQueries.js';
import { StoreError } from '../store/storeError.js';
import { firstLine } from '../util/firstLine.js';
import { loadPart, MissingPeerError } from '../util/optionalPeers.js';
import type { StoreCache } from './storeCache.js';

/** A request the dashboard answers: the page's files, or one of its JSON endpoints. */
export type DashboardRoute =
  | { kind: 'asset'; file: string }
  /** A file of the in-browser mode outside dist/web/: duckdb-wasm's browser files, the kernel. */
  | { kind: 'package_file'; locate: () => URL }
  | { kind: 'overview' }
  | { kind: 'models' }
  | { kind: 'model'; model: string }
  | { kind: 'history'; model: string; days: number }
  | { kind: 'feature'; model: string; feature: string }
  | { kind: 'performance' }
  /** Under /api/ but none of the above. */
  | { kind: 'api_not_found' }
  /** A name that is not valid percent-encoded UTF-8, or a bad parameter. */
  | { kind: 'bad_request'; error: string };

/** An HTTP answer: status, content type and body. */
export interface Answer {
  status: number;
  contentType: string;
  body: string | Uint8Array;
}

/** What the dashboard reads, and from where. */
export interface DashboardSource {
  /** The database's answers, kept until the file changes. */
  cache: StoreCache;
  schema: Schema;
  /** The folder of the page's files (index.html, its scripts and style sheet). */
  assets: URL;
}

/** The trend window of a history, in days up to the model's latest run: ?days=N, bounded. */
export const historyDays = Object.freeze({ default: 1, min: 1, max: 31 });

/** The page's files next to the compiled server: dist/web/. */
export const defaultAssets = new URL('../web/', import.meta.url);

const require = createRequire(import.meta.url);
const duckdbFiles = [
  'duckdb-mvp.wasm',
  'duckdb-eh.wasm',
  'duckdb-browser-mvp.worker.js',
  'duckdb-browser-eh.worker.js',
];

/**
 * The in-browser mode's files by path, exactly these: no other path reaches node_modules or build/. Each is
 * located when asked for: duckdb-wasm is an optional peer dependency, and a server without it serves the rest.
 */
const packageFiles: ReadonlyMap<string, () => URL> = new Map([
  ...duckdbFiles.map(
    (file) =>
      [`/duckdb/${file}`, () => pathToFileURL(require.resolve(`@duckdb/duckdb-wasm/dist/${file}`))] as const,
  ),
  // Where the bundled drift worker (dist/web/driftWorker.js) looks for it: its ../../build/kernel.wasm.
  ['/build/kernel.wasm', () => new URL('../../build/kernel.wasm', import.meta.url)],
]);

/**
 * The dashboard's route of a URL path (still percent-encoded) and its query, undefined when it is none of
 * the dashboard's. Names are one path segment each, percent-decoded after the path is split: `a%2Fb` is
 * the name `a/b`.
 */
export function dashboardRouteOf(
  path: string,
  query: URLSearchParams = new URLSearchParams(),
): DashboardRoute | undefined {
  if (path === '/') return { kind: 'asset', file: 'index.html' };
  const locate = packageFiles.get(path);
  if (locate !== undefined) return { kind: 'package_file', locate };
  const file = /^\/([\w-]+\.(?:js|css))$/.exec(path)?.[1];
  if (file !== undefined) return { kind: 'asset', file };
  const [, api, models, ...rest] = path.split('/');
  if (api !== 'api') return undefined;
  if (models === 'overview' && rest.length === 0) return { kind: 'overview' };
  if (models === 'performance' && rest.length === 0) return { kind: 'performance' };
  if (models !== 'models') return { kind: 'api_not_found' };
  let names: string[];
  try {
    names = rest.map((segment, i) => (i % 2 === 0 ? decodeURIComponent(segment) : segment));
  } catch {
    return { kind: 'bad_request', error: 'a name in the path is not valid percent-encoded UTF-8' };
  }
  const [model, section, feature] = names;
  if (names.length === 0) return { kind: 'models' };
  if (model === undefined || model === '') return { kind: 'api_not_found' };
  if (names.length === 1) return { kind: 'model', model };
  if (names.length === 2 && section === 'history') return historyRoute(model, query.get('days'));
  if (names.length === 3 && section === 'features' && feature !== undefined && feature !== '') {
    return { kind: 'feature', model, feature };
  }
  return { kind: 'api_not_found' };
}

function historyRoute(model: string, days: string | null): DashboardRoute {
  if (days === null) return { kind: 'history', model, days: historyDays.default };
  const n = Number(days);
  if (/^\d+$/.test(days) && n >= historyDays.min && n <= historyDays.max)
    return { kind: 'history', model, days: n };
  return {
    kind: 'bad_request',
    error: `days must be a whole number from ${historyDays.min} to ${historyDays.max}, got ${JSON.stringify(days)}`,
  };
}

const contentTypes: Readonly<Record<string, string>> = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
});

const json = (status: number, value: unknown): Answer => ({
  status,
  contentType: 'application/json',
  body: `${JSON.stringify(value)}\n`,
});

const notFound = (error: string) => json(404, { error } satisfies ErrorResponse);

/** Answers a dashboard route; the database's answers come from the cache, computed once per version. */
export async function answerDashboard(route: DashboardRoute, source: DashboardSource): Promise<Answer> {
  try {
    return await answer(route, source);
  } catch (error) {
    return json(errorStatus(error), { error: firstLine(error) } satisfies ErrorResponse);
  }
}

function errorStatus(error: unknown): number {
  // A database that cannot be used is the server's trouble for now, not the request's.
  if (error instanceof StoreError) return 503;
  // A file of a package this installation left out: the message says what to install.
  return error instanceof MissingPeerError ? 404 : 500;
}

async function answer(route: DashboardRoute, source: DashboardSource): Promise<Answer> {
  switch (route.kind) {
    case 'asset':
      return staticFile(new URL(route.file, source.assets));
    case 'package_file':
      return staticFile(await loadPart("the dashboard's in-browser mode", route.locate));
    case 'api_not_found':
      return notFound(
        'not found: try /api/overview, /api/models, /api/models/MODEL, /api/models/MODEL/history?days=N or /api/models/MODEL/features/FEATURE',
      );
    case 'bad_request':
      return json(400, { error: route.error } satisfies ErrorResponse);
    default:
      return source.cache.read(routeKey(route), (engine) => readAnswer(route, engine, source.schema));
  }
}

const routeKey = (route: DashboardRoute) => JSON.stringify(route);

const thresholds = { warning: defaultCompareOptions.psiWarning, alert: defaultCompareOptions.psiAlert };

/** The answer of a route that reads the database. */
async function readAnswer(
  route: Extract<
    DashboardRoute,
    { kind: 'overview' | 'models' | 'model' | 'history' | 'feature' | 'performance' }
  >,
  engine: Engine,
  schema: Schema,
): Promise<Answer> {
  switch (route.kind) {
    case 'overview':
      return json(200, overviewOf(await readOverview(engine, schema), thresholds));
    case 'models':
      return json(200, { thresholds, models: await readModels(engine, schema) });
    case 'model': {
      const [model] = await readModels(engine, schema, route.model);
      return model === undefined ? notFound(`unknown model: ${route.model}`) : json(200, model);
    }
    case 'history': {
      const history = await readHistory(engine, schema, route.model, route.days);
      return history === null ? notFound(`unknown model: ${route.model}`) : json(200, history);
    }
    case 'feature': {
      const detail = await readFeatureDetail(engine, schema, route.model, route.feature);
      if (detail === 'unknown_model') return notFound(`unknown model: ${route.model}`);
      if (detail === 'unknown_feature') {
        return notFound(`no result for feature ${route.feature} of model ${route.model}`);
      }
      return json(200, detail);
    }
    case 'performance':
      return json(200, { models: await readPerformance(engine, schema) } satisfies PerformanceResponse);
  }
}

async function staticFile(url: URL): Promise<Answer> {
  const file = basename(url.pathname);
  const contentType = contentTypes[extname(file)];
  const body =
    contentType === undefined
      ? undefined
      : await readFile(url).catch((error: NodeJS.ErrnoException) =>
          error.code === 'ENOENT' ? undefined : Promise.reject(error),
        );
  if (contentType === undefined || body === undefined) {
    return { status: 404, contentType: 'text/plain; charset=utf-8', body: `not found: ${file}\n` };
  }
  return { status: 200, contentType, body };
}
