// The real-kernel lab logs (test/fixtures/lab, made by test/lab/run-all.sh under QEMU): every
// format of every run is detected as what it is, parsed without throwing, and gives the same
// module lines whichever tool printed it; the stall run gives its stall reports, the traced runs
// their grace periods; `rcu-lens analyze` takes each file. Logs differ between runs, so the
// checks compare a file with itself and its siblings, not with numbers typed in here.
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { analyzeBytes } from '../../src/core/analyze';
import { readRecords } from '../../src/core/log/records';
import type { FormatId } from '../../src/core/model';
import { cli } from './support/cli';

const LAB = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'lab');

/** What each file of a run is, by the tool that printed it (see ../shared/lab/README.md). */
const FORMAT: Record<string, FormatId> = {
  'dmesg': 'dmesg',              // busybox dmesg
  'dmesg-T': 'dmesg-ctime',      // util-linux dmesg -T
  'dmesg-iso': 'dmesg-iso',      // dmesg --time-format=iso
  'dmesg-ul': 'dmesg',           // util-linux dmesg
  'dmesg-x': 'dmesg-decoded',    // dmesg -x
  'dmesg-r': 'dmesg-raw',        // busybox dmesg -r
  'kmsg': 'kmsg',                // raw /dev/kmsg records
  'console': 'dmesg',            // the serial console (printk time on)
  'trace': 'ftrace',             // the tracefs buffer
};

interface LabFile { dir: string; run: string; kind: string; path: string }

function labFiles(): LabFile[] {
  const out: LabFile[] = [];
  for (const dir of readdirSync(LAB).sort()) {
    if (!statSync(join(LAB, dir)).isDirectory()) continue;
    for (const f of readdirSync(join(LAB, dir)).sort()) {
      const m = /^(.+)\.([a-zA-Z-]+)\.log(\.gz)?$/.exec(f);
      if (m) out.push({ dir, run: m[1]!, kind: m[2]!, path: join(LAB, dir, f) });
    }
  }
  return out;
}

const bytesOf = (f: LabFile): Uint8Array => {
  const b = readFileSync(f.path);
  return f.path.endsWith('.gz') ? gunzipSync(b) : b;
};

/** The module's own lines of a file, in order, as the parser reads them. */
function moduleLines(f: LabFile, prefix: string): string[] {
  return readRecords(bytesOf(f)).records.filter((r) => r.kind === 'kernel' && r.text.startsWith(prefix)).map((r) => r.text);
}

const files = labFiles();

/** The console of a `quiet` boot gets only KERN_WARNING and worse: for an rcu_list run that is the
 * init script's own lines and `reboot: Power down` — hardly a kernel log. */
const nearlyEmpty = (f: LabFile): boolean => f.kind === 'console' && f.dir === 'rcu-list';
const runs = [...new Set(files.map((f) => `${f.dir}/${f.run}`))];

describe('lab logs: real kernel runs under QEMU', () => {
  it('has the runs the other tests lean on, each with its .meta', () => {
    for (const want of ['rcu-list/sync', 'rcu-list/call_rcu', 'rcu-list/kfree_rcu', 'rcutorture-stall/stall']) {
      assert.ok(runs.includes(want), `missing run ${want}`);
    }
    assert.ok(runs.some((r) => r.startsWith('rcu-list/none')), 'a run of mode=none');
    for (const r of runs) assert.ok(statSync(join(LAB, `${r}.meta`)).isFile(), `${r}.meta`);
  });

  for (const f of files) {
    // A nearly empty console is `console` (bare lines) or `dmesg` when an early warning was stamped.
    const want: FormatId[] = nearlyEmpty(f) ? ['console', 'dmesg'] : [FORMAT[f.kind]!];
    it(`${f.dir}/${f.run}.${f.kind}: detected as ${want.join(' or ')}, one boot of Linux 6.1, never thrown`, () => {
      const bytes = bytesOf(f);
      const a = analyzeBytes(bytes);
      assert.ok(want.includes(a.format), a.format);
      if (!nearlyEmpty(f)) assert.ok(a.kernelLines > 0);
      const newlines = bytes.reduce((n, b) => n + (b === 10 ? 1 : 0), 0);
      assert.equal(a.lines, newlines);
      if (f.kind === 'trace') {
        assert.ok(a.kernel.gracePeriods.length > 0, 'the trace shows the kernel\'s grace periods');
        assert.ok(Object.keys(a.trace.events).some((e) => e.startsWith('rcu_')), 'RCU tracepoints counted');
      } else if (f.kind !== 'console') {
        // The console of a `quiet` boot lacks the banner (KERN_NOTICE); the kernel log has it.
        assert.equal(a.boots.length, 1);
        assert.match(a.boots[0]!.banner ?? '', /^Linux version 6\.1\./);
      }
    });
  }

  for (const run of runs.filter((r) => r.startsWith('rcu-list/'))) {
    it(`${run}: every kernel-log format gives the same rcu_list lines, and the summary counts them`, () => {
      const mine = files.filter((f) => `${f.dir}/${f.run}` === run && f.kind !== 'console' && f.kind !== 'trace');
      assert.ok(mine.length >= 3);
      const ref = moduleLines(mine[0]!, 'rcu_list: ');
      assert.ok(ref.some((t) => t.startsWith('rcu_list: init mode=')), 'init line');
      assert.ok(ref.includes('rcu_list: exit'), 'the run ran to its end');
      for (const f of mine.slice(1)) assert.deepEqual(moduleLines(f, 'rcu_list: '), ref, f.kind);
      // The module's own count of use-after-free lines matches the lines the parser found.
      const summary = /use_after_free=(\d+)/.exec(ref.find((t) => t.startsWith('rcu_list: summary')) ?? '');
      assert.ok(summary, 'summary line');
      assert.equal(ref.filter((t) => t.includes(': use-after-free of element')).length, Number(summary[1]));
      if (!run.includes('/none')) assert.equal(Number(summary[1]), 0, 'a grace period protects the readers');
    });
  }

  it('rcutorture-stall/stall: the stall warning is found in every kernel-log format', () => {
    for (const f of files.filter((x) => x.dir === 'rcutorture-stall' && x.run === 'stall' && x.kind !== 'trace')) {
      const a = analyzeBytes(bytesOf(f));
      assert.ok(a.stalls.length >= 1, `${f.kind}: no stall found`);
      assert.ok(a.stalls.every((s) => s.flavor === 'rcu_preempt'), f.kind);
    }
  });

  it('the CLI analyzes every file: exit 0, a report, nothing on stderr', async function () {
    this.timeout(60000);
    for (const f of files.filter((x) => !x.path.endsWith('.gz'))) {
      const r = await cli('analyze', f.path);
      if (nearlyEmpty(f) && r.code === 2) {
        assert.equal(r.err.trim().split('\n').length, 1, 'one clear line');
        continue;
      }
      assert.equal(r.code, 0, `${f.path}: ${r.err}`);
      assert.equal(r.err, '');
      assert.ok(r.out.length > 0);
    }
  });
});
