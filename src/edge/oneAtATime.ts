// The turn is kept on the database object itself: calls on one database wait for each other, calls on two
// databases do not, and nothing lives in this module.
const TURN = Symbol('service-c: the analysis that holds this database');

/**
 * `work` once every earlier call on `db` has ended, failed or not. duckdb-wasm's bindings hold one database at
 * a time, and an analysis opens its own in them: two at once opened over each other ("Missing DB manager",
 * "Max expression depth limit of 0 exceeded" then on every later call).
 */
export function oneAtATime<T>(db: object, work: () => Promise<T>): Promise<T> {
  const holder = db as { [TURN]?: Promise<unknown> };
  const mine = (holder[TURN] ?? Promise.resolve()).then(work);
  Object.defineProperty(holder, TURN, { value: mine.catch(() => {}), configurable: true });
  return mine;
}
