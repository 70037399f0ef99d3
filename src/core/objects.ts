// Empty arrays that V8 already keeps as arrays of objects. An empty literal starts out as an array
// of small integers; code optimized while an earlier analysis filled its arrays meets the next
// analysis's fresh ones and deoptimizes at the first push of each ("not a Smi"), site by site: the
// bench saw eight rounds of such deopts on a 100 MB log before its analyses ran at full speed (and
// an extension host analyses one log after another). Used for the arrays an analysis fills per line.

/** An empty array for objects, in V8's elements kind for objects from the start. */
export function objects<T>(): T[] {
  const a: unknown[] = [null];
  a.pop();
  return a as T[];
}
