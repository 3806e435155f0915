#!/usr/bin/env bash
# The web dashboard: builds the WebAssembly package, then serves the repository statically;
# open http://localhost:8000/examples/web/ (PORT overrides 8000).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/wasm-setup.sh
bash scripts/wasm-build.sh
port="${PORT:-8000}"
echo "masterykit dashboard: http://localhost:${port}/examples/web/  (Ctrl-C stops)"
exec python3 -m http.server "$port" --bind 127.0.0.1
