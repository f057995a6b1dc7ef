"""Which files make the kit: one list, read by the child's folder
(runner.py), the packages instructors hand out (packaging.py), the
submission finder and the tests."""

import os

KIT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CODE = ("nn.py", "backend.py", "plots.py", "spanish.py", "autograder.py")  # with grading/
PACKAGE = "grading"
DATA = ("mnist.npz", "lang_id.npz")              # in data/, with README.md and SHA256SUMS
SUMS = "SHA256SUMS"


def read_sums(path):
    """{file name: SHA-256} from a SHA256SUMS file (`sha256sum`'s format)."""
    sums = {}
    with open(path) as f:
        for line in f:
            if line.strip():
                digest, name = line.split()
                sums[name] = digest
    return sums
