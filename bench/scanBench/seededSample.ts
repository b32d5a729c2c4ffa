import { Prng } from "../../dev/sim/generate/prng.js";

/** `size` distinct items chosen uniformly with a seeded generator (a partial Fisher–Yates), in their original order. */
export function seededSample<T>(items: readonly T[], size: number, seed: number): T[] {
  if (size >= items.length) return [...items];
  const rng = new Prng(seed);
  const indexes = items.map((_, i) => i);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(rng.next() * (indexes.length - i));
    [indexes[i], indexes[j]] = [indexes[j]!, indexes[i]!];
  }
  return indexes
    .slice(0, size)
    .sort((a, b) => a - b)
    .map((i) => items[i]!);
}
