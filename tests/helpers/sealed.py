"""Where each sealing mode works, and a kit to grade sealed (not a test
file): tests/test_sealing.py and the batch tests that grade in mode user.

    need("user")                       # skips, saying why, where the mode cannot work
    folder = sealed_kit(tmp_path, "user")
    with labels_hidden_from_others(True):
        ...                            # grade with SYSTEM_PYTHON
"""

import contextlib
import os
import shutil
import sys

import pytest

import kit

SYSTEM_PYTHON = "/usr/bin/python3"


def _bwrap_problem():
    sys.path.insert(0, str(kit.ROOT))
    from grading import seals
    return seals._bwrap_problem()


def _user_problem():
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        return "mode user needs Linux and root"
    if not os.path.exists(SYSTEM_PYTHON):
        return "mode user needs {}".format(SYSTEM_PYTHON)
    import subprocess
    found = subprocess.run([SYSTEM_PYTHON, "-c", "import numpy, matplotlib"],
                           capture_output=True)
    if found.returncode != 0:
        return ("mode user needs numpy and matplotlib for {} (apt-get install python3-numpy "
                "python3-matplotlib)".format(SYSTEM_PYTHON))
    return None


def need(mode):
    """Skip with a message unless `mode` works on this machine."""
    if mode == "bwrap":
        problem = _bwrap_problem()
    elif mode == "user":
        problem = _user_problem()
    else:
        problem = None if os.name != "nt" else "the tests send POSIX signals"
    if problem:
        pytest.skip(problem)


def sealed_kit(tmp_path, mode):
    """A kit folder that only its owner can read, with real copies of the
    data (mode `user` refuses a kit whose labels other users can read)."""
    folder = kit.make_kit(tmp_path / "kit", kit.reference_source())
    data = folder / "data"
    if data.is_symlink():
        data.unlink()
        shutil.copytree(kit.ROOT / "data", data)
    os.chmod(str(tmp_path), 0o700)
    return folder


@contextlib.contextmanager
def labels_hidden_from_others(hide):
    """Mode `user` hides the kit's own data from the child's user id; any
    other readable copy of the labels on the machine is the machine's
    business (docs/sealing.md). This repository's data/ is one: while a test grades
    in mode `user`, other users cannot read it."""
    data = str(kit.ROOT / "data")
    mode = os.stat(data).st_mode
    if hide:
        os.chmod(data, mode & ~0o007)
    try:
        yield
    finally:
        if hide:
            os.chmod(data, mode)


def without_accounts(monkeypatch):
    """As if no user id had an account (mode user's ids are those without one)."""
    import pwd

    def no_account(uid):
        raise KeyError(uid)
    monkeypatch.setattr(pwd, "getpwuid", no_account)
