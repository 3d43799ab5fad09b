#!/usr/bin/env bash
# Runs the Windows build under Wine: the same JSON as the Linux build, an import into the default
# store under %APPDATA%, and `check` on it. Usage: .ci/windows-run.sh CAPDO.EXE LINUX_CAPDO
set -euo pipefail
exe=$1
linux=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
cp "$exe" "$work/capdo.exe"
x86_64-w64-mingw32-gcc -O2 -shared -o "$work/bcryptprimitives.dll" "$here/wine-shim.c" -lbcrypt
wineboot -i >/dev/null 2>&1 || true
unset CAPDO_DB CAPDO_CONFIG CAPDO_TODAY CAPDO_LANG

# 1. the same bytes as the Linux build
wine "$work/capdo.exe" --demo --today 2026-11-29 due --json > "$work/win.json"
"$linux" --demo --today 2026-11-29 due --json > "$work/linux.json"
if ! cmp -s "$work/win.json" "$work/linux.json"; then
    echo "error: capdo.exe due --json differs from the Linux build" >&2
    diff <(tr -d '\r' < "$work/win.json") "$work/linux.json" | head -20 >&2
    exit 1
fi
echo "windows: due --json identical to Linux ($(wc -c < "$work/win.json") bytes)"

# 2. an import into the default store (%APPDATA%), then check on it
cp "$here/../assets/sample/inventory.csv" "$work/ds.csv"
wine "$work/capdo.exe" --today 2026-11-29 import 'Z:'"$(echo "$work/ds.csv" | tr / '\\')" > "$work/import.txt"
store=$(find "$WINEPREFIX/drive_c/users" -path '*/AppData/Roaming/capdo/*' -name capdo.sqlite3 | head -1)
if [ -z "$store" ]; then
    echo "error: no store under %APPDATA% after the import" >&2
    find "$WINEPREFIX/drive_c/users" -ipath '*capdo*' >&2 || true
    exit 1
fi
echo "windows: store created at ${store#"$WINEPREFIX/"}"
set +e
wine "$work/capdo.exe" --today 2026-11-29 check > "$work/check.txt"
status=$?
set -e
"$linux" --db "$work/linux.db" --today 2026-11-29 import "$work/ds.csv" > /dev/null
set +e
"$linux" --db "$work/linux.db" --today 2026-11-29 check > "$work/check-linux.txt"
linux_status=$?
set -e
if [ "$status" -ne "$linux_status" ] || ! diff -q <(tr -d '\r' < "$work/check.txt") "$work/check-linux.txt" >/dev/null; then
    echo "error: check under Wine (exit $status) differs from Linux (exit $linux_status)" >&2
    cat "$work/check.txt" "$work/check-linux.txt" >&2
    exit 1
fi
echo "windows: check exit $status, same line as Linux: $(tr -d '\r' < "$work/check.txt")"
