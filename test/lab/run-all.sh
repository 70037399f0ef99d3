#!/bin/bash
# run-all.sh [OUT] - make every lab log the fixtures use (see README.md), in order of need.
# Needs the kernel from ../shared/lab/build-kernel.sh; each run boots QEMU (1-3 min under TCG).
# Runs already present in OUT (their .meta exists) are skipped; ONLY="a b" limits the set.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
LAB=${LAB:-/work/shared/lab}
OUT=${1:-/work/lab-out}
export KSRC=${KSRC:-$HOME/.cache/rcu-lab/linux}
RL=$HERE/rcu-list

want() { [ -z "${ONLY:-}" ] || [[ " $ONLY " == *" $1 "* ]]; }
# run DIR NAME MODULE ARGS [TRACE] [KERNEL ARGS]
run() {
	local dir=$1 name=$2; shift 2
	want "$name" || return 0
	[ -e "$OUT/$dir/$name.meta" ] && { echo "[$name] exists, skipped"; return 0; }
	OUTDIR=$OUT/$dir "$LAB/run.sh" "$name" "$@" || echo "[$name] run.sh failed: $?"
	[ -n "${AFTER_RUN:-}" ] && "$AFTER_RUN" "$dir" "$name"
	return 0
}
uaf() { local n; n=$(grep -c 'use-after-free of element' "$OUT/rcu-list/$1.dmesg.log" 2>/dev/null); echo "${n:-0}"; }

run rcu-list sync "$RL" "mode=sync"
run rcu-list none-1 "$RL" "mode=none"
run rcu-list call_rcu "$RL" "mode=call_rcu"
run rcu-list kfree_rcu "$RL" "mode=kfree_rcu"
# `none` until one run shows the use-after-free and one hides it (at most 6 runs).
for i in 2 3 4 5 6; do
	shows=0; hides=0
	for f in "$OUT"/rcu-list/none-*.dmesg.log; do
		[ -e "$f" ] || continue
		n=$(basename "$f" .dmesg.log)
		if [ "$(uaf "$n")" -gt 0 ]; then shows=1; else hides=1; fi
	done
	[ $shows = 1 ] && [ $hides = 1 ] && break
	run rcu-list "none-$i" "$RL" "mode=none"
done
run rcu-list sync-trace "$RL" "mode=sync" 1
run rcu-list call_rcu-trace "$RL" "mode=call_rcu" 1
# rcutorture with a CPU stall (a module refuses stall_cpu with fwd_progress on; its initramfs is not rcu_list's, so `ONLY=stall run-all.sh` can run
# alongside the others).
export WAIT=30
run rcutorture-stall stall rcutorture \
	"torture_type=rcu stat_interval=10 fwd_progress=0 stall_cpu=8 stall_cpu_holdoff=10" 0 "rcupdate.rcu_cpu_stall_timeout=3"
# The same with the ftrace buffer (31 MB: the fixture keeps the events of 11.9-21.5 s, see SOURCES.md).
run rcutorture-stall stall-trace rcutorture \
	"torture_type=rcu stat_interval=10 fwd_progress=0 stall_cpu=8 stall_cpu_holdoff=10" 1 "rcupdate.rcu_cpu_stall_timeout=3"
# rcutorture on its deliberately broken RCU: the FAILURE verdict.
run rcutorture busted rcutorture "torture_type=busted stat_interval=10"
unset WAIT
echo "run-all: done"
