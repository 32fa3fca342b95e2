/**
 * Power of two choices: two candidates at random, the less loaded wins. With one candidate, it;
 * ties go to the first drawn.
 */
export function pickByLoad<T>(candidates: T[], loadOf: (candidate: T) => number, random: () => number = Math.random): T {
  if (candidates.length === 1) return candidates[0]!;
  const first = Math.floor(random() * candidates.length);
  let second = Math.floor(random() * (candidates.length - 1));
  if (second >= first) second++;
  const a = candidates[first]!;
  const b = candidates[second]!;
  return loadOf(b) < loadOf(a) ? b : a;
}
