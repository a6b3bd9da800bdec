#!/usr/bin/env bash
# Install the app into .venv and start it with the demo company loaded.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
AUDIT_DEMO=1 exec .venv/bin/streamlit run app.py "$@"
