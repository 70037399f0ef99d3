#!/bin/bash
# collect-fixtures.sh OUT DIR/RUN... - copy lab runs from OUT (run-all.sh's output) into
# test/fixtures/lab/DIR/: every log format and the .meta as they are, the ftrace buffer gzipped.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:?usage: collect-fixtures.sh OUT DIR/RUN...}; shift
DEST=$HERE/../fixtures/lab
for dr in "$@"; do
	dir=${dr%/*}; run=${dr##*/}
	mkdir -p "$DEST/$dir"
	cp "$OUT/$dir/$run.meta" "$DEST/$dir/"
	for f in "$OUT/$dir/$run".*.log; do
		case "$f" in
		*.trace.log) gzip -9nc "$f" > "$DEST/$dir/$(basename "$f").gz" ;;
		*) cp "$f" "$DEST/$dir/" ;;
		esac
	done
done
du -sh "$DEST"
