// The prefix trie shared by analyzers (log/prefixes.ts sharedTrie): one per distinct list of
// (prefix, group) pairs, never changed once shared, and never the trie of another list.
import * as assert from 'node:assert/strict';
import { sharedTrie } from '../../src/core/log/prefixes';

const enc = new TextEncoder();

describe('prefixes: shared tries', () => {
  it('the same list gives the same trie; another list, even one spelled alike, another', () => {
    const a = sharedTrie([['rcu:', 0], ['hit ', 1]]);
    assert.equal(sharedTrie([['rcu:', 0], ['hit ', 1]]), a);
    assert.notEqual(sharedTrie([['rcu:', 0], ['hit ', 2]]), a);
    // a string prefix and bytes whose list reads the same are different prefixes
    const s = sharedTrie([['104,105', 0]]), b = sharedTrie([[enc.encode('hi'), 0]]);
    assert.notEqual(s, b);
    const line = enc.encode('hi there');
    assert.equal(s.match(line, 0, line.length), 0);
    assert.equal(b.match(line, 0, line.length), 1);
    // and a string and its bytes are one prefix
    assert.equal(sharedTrie([['hi', 0]]), b);
  });

  it('a shared trie cannot change', () => {
    const t = sharedTrie([['only', 3]]);
    assert.throws(() => t.add('more', 1), /shared trie cannot change/);
    const line = enc.encode('only this');
    assert.equal(t.match(line, 0, line.length), 1 << 3);
  });
});
