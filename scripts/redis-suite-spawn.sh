#!/usr/bin/env bash
# Lay out a private copy of the Redis TCL suite (from /tmp/redis-suite, see
# ../shared/tools/redis-suite/README.md) whose src/redis-server starts OUR engine, so the
# suite can run in its normal mode and spawn servers itself (tests tagged external:skip).
#   scripts/redis-suite-spawn.sh /tmp/my-suite
#   cd /tmp/my-suite && ./runtest --single unit/dump --baseport 23310 --tags -slow
set -eu
DEST=${1:?usage: $0 DEST_DIR}
SRC=${RT_DIR:-/tmp/redis-suite}
REPO=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$DEST/src"
cp "$SRC/runtest" "$DEST/"
rm -rf "$DEST/tests" && cp -r "$SRC/tests" "$DEST/tests"
for f in redis-benchmark redis-check-aof redis-check-rdb redis-cli; do ln -sf "/usr/bin/$f" "$DEST/src/$f"; done
cat > "$DEST/src/redis-server" <<WRAP
#!/bin/sh
# exec keeps the PID the suite recorded; paths in the config are relative to the suite's cwd
export SUITE_CWD="\$PWD"
CFG=\$(readlink -f "\$1")
cd "$REPO" && exec node --import tsx scripts/redis-suite-launch.ts "\$CFG"
WRAP
chmod +x "$DEST/src/redis-server"
echo "suite with our engine as src/redis-server in $DEST"
