#!/usr/bin/env bash
# Install everything the tests need into .venv and run the whole suite.
# The end-to-end tests (tests/e2e) drive Debian's chromium through Playwright: install it (and the
# fonts it draws text and emoji with) when missing. Playwright's own browser download is never used.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_install() {
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null && sudo="sudo -n" || { echo "test.sh: cannot install $* (not root, no sudo); the e2e tests will fail" >&2; return 0; }
    fi
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" \
        || echo "test.sh: installing $* failed; the e2e tests will fail" >&2
}

if [ ! -x /usr/bin/chromium ]; then
    apt_install chromium fonts-noto-color-emoji fonts-dejavu-core
elif ! dpkg -s fonts-noto-color-emoji >/dev/null 2>&1; then
    apt_install fonts-noto-color-emoji       # without it headless Chromium draws emoji as boxes
fi

python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
# Two workers on two cores (-n auto): the tests are single-threaded, so the suite takes about half the time.
exec .venv/bin/python -m pytest -n auto --dist loadfile "$@"
