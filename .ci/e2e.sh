#!/usr/bin/env bash
# End to end: the binary (BIN, by default the debug build `cargo test`
# leaves) in a real window under Xvfb. Press 1 and
# check, through the autosaved session, that the first move was taken.
# Screenshots are kept in target/e2e/ for inspection.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=target/e2e
rm -rf "$OUT"
mkdir -p "$OUT"
DATA=$(mktemp -d)
export DISPLAY=:97 LIBGL_ALWAYS_SOFTWARE=1 DEMARCHE_DATA_DIR="$DATA"
XDG_RUNTIME_DIR=$(mktemp -d)
export XDG_RUNTIME_DIR

Xvfb "$DISPLAY" -screen 0 1280x800x24 -nolisten tcp &
XVFB=$!
APP=
cleanup() {
    [[ -n "$APP" ]] && kill "$APP" 2>/dev/null || true
    kill "$XVFB" 2>/dev/null || true
}
trap cleanup EXIT

for _ in $(seq 100); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done

"${BIN:-target/debug/demarche}" 2>"$OUT/app.log" &
APP=$!
WID=$(timeout 60 xdotool search --sync --onlyvisible --name "demarche - Vienna" | head -1)
# Wait until the scenario is loaded: the autosave of the opening appears.
SESSION="$DATA/sessions/vienna-2021.ron"
for _ in $(seq 100); do [[ -f "$SESSION" ]] && break; sleep 0.1; done
[[ -f "$SESSION" ]] || { echo "e2e: the app never saved its session"; exit 1; }
sleep 1
xdotool windowfocus --sync "$WID"
import -window root "$OUT/before.png"

xdotool key 1
for _ in $(seq 50); do grep -q 'move: "table_new_demands"' "$SESSION" && break; sleep 0.1; done
sleep 0.5
import -window root "$OUT/after.png"

if grep -q 'move: "table_new_demands"' "$SESSION"; then
    echo "e2e: pressing 1 took the first move (table_new_demands); screenshots in $OUT"
else
    echo "e2e: pressing 1 did not take the first move; session file:"
    cat "$SESSION"
    exit 1
fi
