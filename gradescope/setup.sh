#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder's image.
# The kit is in /autograder/source.
set -euo pipefail
if ! python3 -m pip --version > /dev/null 2>&1; then
    apt-get update
    apt-get install -y python3-pip
fi
python3 -m pip install -r /autograder/source/requirements.txt
