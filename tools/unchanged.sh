#!/usr/bin/env bash
# Run a command and fail if it changed the checkout: nbdev-ci's "nbdev_clean / nbdev_export leave no diff" check.
# Works on a dirty checkout too: it compares the state before and after, not against the last commit.
set -euo pipefail
state() { git status --porcelain --untracked-files=all; git diff; \
  git ls-files -o --exclude-standard -z | xargs -0r sha256sum; }
if ! git rev-parse --git-dir >/dev/null 2>&1; then
  echo "not a git checkout: running '$*' without the no-diff check"; exec "$@"
fi
before=$(state | sha256sum)
"$@"
after=$(state | sha256sum)
if [ "$before" != "$after" ]; then
  echo "FAILED: '$*' changed the checkout. Notebooks and library are out of sync, or notebooks are not clean:" >&2
  git status --short >&2
  exit 1
fi
echo "ok: '$(basename "$1")' left the checkout unchanged"
