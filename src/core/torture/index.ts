// rcutorture consoles: runs, statistics series and failures as the kernel's scripts
// (parse-console.sh, console-badness.sh) would flag them, and the words hovers use.
export { TortureCollector } from './collector';
export { TORTURE_PREFIXES } from './patterns';
export { explainTortureLine, tortureRunAt, fieldAt } from './explain';
