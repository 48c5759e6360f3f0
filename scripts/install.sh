#!/usr/bin/env bash
# `make` set-up: build .venv from the pinned versions, saying what it does while pip works
# (a fresh install takes about a minute and pip's quiet mode prints nothing meanwhile).
set -euo pipefail
VENV=${1:-.venv}
PY=$VENV/bin/python
echo "set-up: creating $VENV"
python3 -m venv "$VENV"
"$PY" -m pip install --quiet --upgrade pip
echo "set-up: installing the pinned packages (constraints.txt); about a minute on a fresh machine"
# One line, rewritten in place, counting the packages pip collects and installs.
"$PY" -m pip install --progress-bar off -c constraints.txt -e '.[dev]' 2>&1 | awk '
  /^Collecting / { collected++ }
  /^Requirement already satisfied/ { present++ }
  /^(Collecting|Requirement already satisfied)/ { printf "\rset-up: %d packages to install, %d already present", collected, present; fflush() }
  /^Installing collected packages/ { printf "\nset-up: installing %d packages...", collected; fflush() }
  /^(ERROR|error:)/ { print "\n" $0 }
  END { print "" }'
echo "set-up: done"
