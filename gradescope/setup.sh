#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder's image.
# The kit is in /autograder/source. Running it again changes nothing.
set -euo pipefail
# numpy >= 1.21 and matplotlib >= 3.4 for python3, unless it has them already.
if ! python3 -c "
import sys, numpy, matplotlib
version = lambda module: tuple(int(part) for part in module.__version__.split('.')[:2])
sys.exit(version(numpy) < (1, 21) or version(matplotlib) < (3, 4))" 2> /dev/null; then
    if ! python3 -m pip --version > /dev/null 2>&1; then
        apt-get update
        apt-get install -y python3-pip
    fi
    python3 -m pip install -r /autograder/source/requirements.txt \
        || python3 -m pip install --break-system-packages -r /autograder/source/requirements.txt
fi
# bubblewrap seals each submission's code (grading/seals.py). Where it cannot
# run (a container without user namespaces) the code runs as a user id of its
# own instead. Best effort: the report's first line says which one is used.
if ! command -v bwrap > /dev/null 2>&1; then
    (apt-get update && apt-get install -y bubblewrap) || echo "bubblewrap not installed"
fi
# The test labels (data/) and the grader's files: readable by root only, so a
# submission's code running as another user cannot read them.
chown -R root:root /autograder/source
chmod -R go-rwx /autograder/source
