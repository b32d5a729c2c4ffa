/**
 * Builds a function's adapters once per worker process and shares them across invocations (token caches and
 * storage clients live as long as the worker). A failed build is forgotten: a storage hiccup at start-up must
 * not poison every later invocation.
 */
export function oncePerProcess<T>(build: () => Promise<T>): () => Promise<T> {
  let built: Promise<T> | undefined;
  return () => {
    built ??= build().catch((err: unknown) => {
      built = undefined;
      throw err;
    });
    return built;
  };
}
