// sniff: which `.log` files light up. Real kernel lines (from ../shared/corpus, named per case) must
// be recognised; application logs that merely look similar must not.
import * as assert from 'node:assert/strict';
import { sniffBytes, sniffText } from '../../src/core/log/sniff';

// The seed's own dmesg excerpt (../shared/seed/phased-state-change-example.md).
const SEED = [
  '[   99.566511] phased state change - init module',
  '[   99.566653] start cco1',
  '[   99.566686] hit cco',
  '[   99.566687] hit cco_quickly',
  '[  101.133465] sched: RT throttling activated',
  '[  131.102127] start maint',
  '[  131.102161] hit maint',
  '[  159.569091] end cco_quickly',
  '[  159.601005] hit do_maint',
].join('\n');

// corpus/stall-rcu_preempt-kthread-starved-callerid-syzkaller-6.10-rc5.log (caller ids).
const CALLER_ID = [
  '[  204.021600][    C1] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:',
  '[  204.023224][    C1] rcu: \tTasks blocked on level-0 rcu_node (CPUs 0-1): P9294/1:b..l',
  '[  204.025087][    C1] rcu: \t(detected by 1, t=10002 jiffies, g=13073, q=1262 ncpus=2)',
  '[  204.030279][    C1] Call Trace:',
].join('\n');

// corpus/stall-rcu_preempt-timer-wakeup-notimestamp-syzbot-6.3-rc3.log style: no prefix at all.
const BARE = [
  'rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:',
  'rcu: \t0-...!: (1 GPs behind) idle=e7b8/0/0x0 softirq=85494/85495 fqs=0',
  'rcu: \t(detected by 1, t=10502 jiffies, g=13073, q=1262 ncpus=2)',
  'Call Trace:',
].join('\n');

const NOT_KERNEL: Record<string, string> = {
  'npm debug log': '0 verbose cli /usr/bin/node /usr/bin/npm\n1 info using npm@10.2.3\n2 info using node@v20.10.0\n3 verbose title npm install\n',
  'python logging': '2024-01-05 10:00:01,123 INFO app.main: starting\n2024-01-05 10:00:02,456 WARNING app.db: slow query [12.5 s]\n2024-01-05 10:00:03,000 ERROR app.main: boom\n',
  'apache access': '127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326\n127.0.0.1 - - [10/Oct/2000:13:55:37 -0700] "GET / HTTP/1.0" 200 100\n',
  'java': '2024-01-05T10:00:01.123Z [main] INFO  com.example.App - started in [2.5] seconds\nException in thread "main" java.lang.NullPointerException\n\tat com.example.App.main(App.java:12)\n',
  'empty': '',
  'blank lines': '\n\n   \n\r\n',
};

describe('sniff', () => {
  it('recognises the seed dmesg log', () => {
    const r = sniffText(SEED);
    assert.equal(r.kernel, true);
    assert.equal(r.format, 'dmesg');
    assert.equal(r.kernelLines, 9);
  });

  it('recognises dmesg with printk caller ids, and CRLF line ends', () => {
    assert.equal(sniffText(CALLER_ID).kernel, true);
    assert.equal(sniffText(CALLER_ID.replace(/\n/g, '\r\n')).kernel, true);
  });

  it('recognises a prefix-less console stall report by its kernel messages', () => {
    const r = sniffText(BARE);
    assert.equal(r.kernel, true);
    assert.ok(r.markers >= 2, `markers ${r.markers}`);
  });

  it('recognises a kernel log that starts after lots of unrelated lines only within the sample', () => {
    const noise = Array.from({ length: 500 }, (_, i) => `line ${i} of some build output`).join('\n');
    assert.equal(sniffText(noise + '\n' + SEED).kernel, false, 'beyond the sample: not looked at');
    assert.equal(sniffText(noise + '\n' + SEED, 1000).kernel, true);
  });

  for (const [name, text] of Object.entries(NOT_KERNEL)) {
    it(`leaves a non-kernel log dark: ${name}`, () => {
      assert.equal(sniffText(text).kernel, false);
    });
  }

  it('a single bracketed number in an application log is not enough', () => {
    assert.equal(sniffText('[  1.5] something\nhello\nworld\nfoo\nbar\n').kernel, false);
  });

  it('never throws on binary junk, NULs, invalid UTF-8 and a huge line', () => {
    const junk = new Uint8Array(100_000);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919) & 0xff;
    assert.equal(sniffBytes(junk).kernel, false);
    assert.equal(sniffText('\0\0\0' + 'x'.repeat(3_000_000)).kernel, false);
    assert.equal(sniffBytes(new Uint8Array([0xff, 0xfe, 0x5b, 0x20, 0x31, 0x5d])).kernel, false);
  });

  it('bytes and text agree', () => {
    assert.deepEqual(sniffBytes(new TextEncoder().encode(SEED)), sniffText(SEED));
  });
});
