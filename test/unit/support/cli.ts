// The real CLI entry (src/cli/main.ts) run in-process on real files, its output captured.
import { main } from '../../../src/cli/main';
import { nodeIO } from '../../../src/cli/io';

export async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const io = { ...nodeIO(), stdout: (s: string) => { out += s; }, stderr: (s: string) => { err += s; } };
  const code = await main(args, io);
  return { code, out, err };
}
