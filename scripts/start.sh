#!/usr/bin/env bash
# Install the app into .venv and start it with the demo company loaded.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
# Two malloc arenas and large blocks in their own mappings keep a long-running server's memory flat
# (audits/malloc.py).
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-131072}"
AUDIT_DEMO=1 exec .venv/bin/streamlit run app.py "$@"
