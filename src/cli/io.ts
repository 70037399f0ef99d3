// The CLI's contact with the outside world, in one place so commands stay testable:
// tests pass an io that captures output instead of the process's streams.
import { openSync, readSync, closeSync, fstatSync } from 'node:fs';

export interface CliIO {
  /** false: the text is queued and the caller should await drain() before writing much more. */
  stdout(s: string): boolean | void;
  /** Resolves when standard output has taken what was queued (or is closed). */
  drain?(): Promise<void>;
  stderr(s: string): void;
  /** Read a whole (small) file; `-` is standard input. Throws CliInputError, also when it
   * holds more than maxBytes (default MAX_SMALL_FILE): `--scenario /dev/zero` must end. */
  readFile(path: string, maxBytes?: number): Promise<Uint8Array>;
  /** Stream a file (or `-`) in chunks. Throws CliInputError before the first chunk. */
  readChunks(path: string, onChunk: (chunk: Uint8Array) => void): Promise<void>;
}

export class CliInputError extends Error {}

const CHUNK = 1 << 20;

/** Scenario and profile files are a few KB; anything past this is not one (or never ends). */
const MAX_SMALL_FILE = 4 << 20;

function tooLarge(path: string, max: number, what: string): CliInputError {
  return new CliInputError(`${path}: more than ${max >> 20} MB: too large for a ${what} file (is it the right one?)`);
}

/** A small text file read whole, synchronously, stopping past max bytes (a device or a pipe
 * that never ends included). Throws CliInputError for a file too large, else Node's error. */
export function readSmallFile(path: string, max: number, what: string): string {
  const fd = openSync(path, 'r');
  try {
    if (fstatSync(fd).isDirectory()) throw new CliInputError(`${path}: is a directory, not a ${what} file`);
    const parts: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(CHUNK, max + 1 - total));
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      total += n;
      if (total > max) throw tooLarge(path, max, what);
      parts.push(buf.subarray(0, n));
    }
    return new TextDecoder('utf-8').decode(Buffer.concat(parts));
  } finally {
    closeSync(fd);
  }
}

function explain(path: string, e: NodeJS.ErrnoException): CliInputError {
  const what = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'is a directory, not a log file'
    : e.code === 'EACCES' ? 'permission denied' : e.message;
  return new CliInputError(`${path}: ${what}`);
}

/** Set once standard output is a closed pipe (`rcu-lens analyze big.log | head`). */
let stdoutClosed = false;

/**
 * Make a closed standard output quiet, as Unix tools are under `| head`: EPIPE on stdout stops
 * further output (nothing could be read any more) instead of an unhandled 'error' stack trace,
 * and the command still ends with its own exit code. Nothing is dropped while the pipe stays
 * open: writes are queued by Node and flushed before exit (the CLI sets process.exitCode, it
 * never calls process.exit). Other stdout errors are reported on stderr (exit 3).
 */
export function quietOnClosedStdout(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') { stdoutClosed = true; return; }
    process.stderr.write(`rcu-lens: cannot write the output: ${e.message}\n`);
    process.exitCode = 3;
    stdoutClosed = true;
  });
  // stderr closed too (2>&1 | head): nothing left to tell, and no stack trace to tell it with
  process.stderr.on('error', () => { /* nowhere to report it */ });
}

export function nodeIO(): CliIO {
  const readChunks = async (path: string, onChunk: (c: Uint8Array) => void): Promise<void> => {
    if (path === '-') {
      for await (const c of process.stdin) onChunk(c as Buffer);
      return;
    }
    let fd: number;
    try {
      fd = openSync(path, 'r');
      if (fstatSync(fd).isDirectory()) { closeSync(fd); throw Object.assign(new Error('dir'), { code: 'EISDIR' }); }
    } catch (e) {
      throw explain(path, e as NodeJS.ErrnoException);
    }
    try {
      for (;;) {
        const buf = Buffer.allocUnsafe(CHUNK);
        let n: number;
        try { n = readSync(fd, buf, 0, CHUNK, null); } catch (e) { throw explain(path, e as NodeJS.ErrnoException); }
        if (n === 0) break;
        onChunk(buf.subarray(0, n));
      }
    } finally {
      closeSync(fd);
    }
  };
  return {
    stdout: (s) => stdoutClosed || process.stdout.write(s),
    drain: () => new Promise<void>((resolve) => {
      const out = process.stdout;
      if (stdoutClosed) { resolve(); return; }
      // write() said false with nothing queued: the stream is broken; let its 'error' be heard
      if (!out.writableNeedDrain) { setImmediate(resolve); return; }
      const done = (): void => { out.off('drain', done); out.off('close', done); out.off('error', done); resolve(); };
      out.on('drain', done); out.on('close', done); out.on('error', done);
    }),
    stderr: (s) => process.stderr.write(s),
    readChunks,
    async readFile(path, maxBytes = MAX_SMALL_FILE) {
      const parts: Uint8Array[] = [];
      let total = 0;
      await readChunks(path, (c) => {
        total += c.length;
        if (total > maxBytes) throw tooLarge(path, maxBytes, 'scenario, profile or litmus');
        parts.push(c);
      });
      return Buffer.concat(parts);
    },
  };
}

/** Write a long text given in pieces (jsonChunks), waiting whenever standard output is backed
 * up: a gigabyte of JSON is never one string, nor queued whole in memory. */
export async function writeChunks(io: CliIO, chunks: Iterable<string>): Promise<void> {
  for (const c of chunks) {
    if (io.stdout(c) === false && io.drain) await io.drain();
    if (stdoutClosed) return; // `| head`: nobody reads the rest, so it is not even made
  }
}

/** Buffer's native byte search (memchr), twice as fast as Uint8Array's; works on plain views. */
const bufferIndexOf = Buffer.prototype.indexOf;
export const nodeIndexOf = (b: Uint8Array, byte: number, from: number): number =>
  bufferIndexOf.call(b, byte, from);
