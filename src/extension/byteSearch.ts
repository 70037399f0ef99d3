// The byte search the analyzer's line splitter and skim loops run on: Node's Buffer#indexOf
// (memchr) where the extension host has it (desktop VS Code), about twice as fast as the core's
// generic search, which VS Code for the Web (no Buffer) keeps.

const search: ((this: Uint8Array, value: number, from: number) => number) | undefined =
  typeof Buffer === 'function' ? (Buffer.prototype.indexOf as (this: Uint8Array, value: number, from: number) => number) : undefined;

/** For `new Analyzer({ indexOf })`: undefined where the host has no Buffer. */
export const hostIndexOf = search === undefined ? undefined : (b: Uint8Array, byte: number, from: number): number => search.call(b, byte, from);
