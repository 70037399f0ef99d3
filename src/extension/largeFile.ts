// Reading a file from disk in chunks, for logs too big for VS Code to hand to an extension as a
// document (over 50 MB). In a Node extension host, local files are read with ranged reads, so
// memory stays at one chunk; elsewhere (web, virtual file systems) workspace.fs reads the file
// whole and it is fed in chunks. Either way the caller sees chunks, progress and cancellation.
import * as vscode from 'vscode';
import { nodeFs } from './env';

const CHUNK_BYTES = 4 * 1024 * 1024;

interface ChunkSink {
  chunk(bytes: Uint8Array): void;
  /** Called between chunks with bytes done so far; may await (to let the host breathe). */
  progress?(done: number, total: number): void | Promise<void>;
}

/** Whether readInChunks reads `uri` a chunk at a time (local files in a Node extension host) rather
 * than whole (VS Code for the Web, virtual file systems). */
export function readsInRanges(uri: vscode.Uri): boolean {
  return uri.scheme === 'file' && nodeFs() !== null;
}

/** Reads the file into sink. Returns false when cancelled. Throws on read errors. */
export async function readInChunks(uri: vscode.Uri, sink: ChunkSink, token?: vscode.CancellationToken): Promise<boolean> {
  const total = (await vscode.workspace.fs.stat(uri)).size;
  const fs = readsInRanges(uri) ? nodeFs() : null;
  if (fs) {
    const fh = await fs.promises.open(uri.fsPath, 'r');
    try {
      let done = 0;
      for (;;) {
        if (token?.isCancellationRequested) return false;
        // A fresh buffer per chunk: the analyzer may keep the first chunks (format sniffing).
        const buf = new Uint8Array(CHUNK_BYTES);
        const { bytesRead } = await fh.read(buf, 0, CHUNK_BYTES, null);
        if (bytesRead === 0) break;
        sink.chunk(bytesRead === CHUNK_BYTES ? buf : buf.subarray(0, bytesRead));
        done += bytesRead;
        await sink.progress?.(done, Math.max(total, done));
      }
      return true;
    } finally {
      await fh.close();
    }
  }
  const all = await vscode.workspace.fs.readFile(uri);
  for (let i = 0; i < all.length; i += CHUNK_BYTES) {
    if (token?.isCancellationRequested) return false;
    sink.chunk(all.subarray(i, Math.min(all.length, i + CHUNK_BYTES)));
    await sink.progress?.(Math.min(all.length, i + CHUNK_BYTES), all.length);
  }
  return true;
}
