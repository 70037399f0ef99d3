// The kernel RCU rules' thresholds on the command line (analyze, check): the editor's
// rcuLens.kernel.stallTimeout and rcuLens.kernel.readerBlockThreshold settings.
//   --stall-timeout SECONDS           a kernel grace period longer than this is kernel-gp-long
//                                     (over the timeout the log announces, else 21 s)
//   --reader-block-threshold SECONDS  a preempted reader holding one up longer is kernel-reader-blocking (1 s)
import { CliInputError } from './io';
import type { KernelOptions } from '../core/kernel/collector';

/** The option names, for each command's OptionSpec. */
export const KERNEL_OPTIONS = ['stall-timeout', 'reader-block-threshold'] as const;
export const KERNEL_USAGE = '[--stall-timeout SECONDS] [--reader-block-threshold SECONDS]';

/** Seconds as a plain decimal number, with an optional `s`: `21`, `2.5`, `0.25s`. */
function seconds(name: string, v: string, min: 'positive' | 'non-negative'): number {
  const m = /^(\d+(?:\.\d*)?|\.\d+)s?$/.exec(v.trim());
  const n = m ? Number(m[1]) : NaN;
  const ok = Number.isFinite(n) && (min === 'positive' ? n > 0 : n >= 0) && n <= 1e9;
  if (!ok) {
    const want = min === 'positive' ? 'a number of seconds greater than 0' : 'a number of seconds, 0 or more';
    throw new CliInputError(`--${name} ${JSON.stringify(v)}: ${want} (for example --${name} ${min === 'positive' ? '21' : '0.5'})`);
  }
  return n;
}

/** The KernelOptions the flags ask for; undefined when neither is given. */
export function kernelOptions(flags: ReadonlyMap<string, string | true>): KernelOptions | undefined {
  const st = flags.get('stall-timeout'), rb = flags.get('reader-block-threshold');
  if (st === undefined && rb === undefined) return undefined;
  const out: KernelOptions = {};
  if (typeof st === 'string') out.stallTimeout = seconds('stall-timeout', st, 'positive');
  if (typeof rb === 'string') out.readerBlockThreshold = seconds('reader-block-threshold', rb, 'non-negative');
  return out;
}
