"""Nothing of a grading is left running once its grader is ended (issue 19,
point 2): whatever ends the grader (SIGTERM, SIGHUP, SIGKILL) mid-training,
2 s later no process of that grading runs, in every sealing mode this
machine has and in a student's own run (mode none).

How: the kernel kills the child when its grader ends, whatever ends it
(PR_SET_PDEATHSIG, grading/seals.py: _with_grader; bwrap's --die-with-parent
and its own PID namespace), and SIGTERM and SIGHUP stop the grader as Ctrl-C
does, ending everything the child started (grading/runner.py: stop_on_signals).
"""

import os
import signal
import subprocess
import sys
import time

import pytest

import hostile
import kit
from test_sealing import (SYSTEM_PYTHON, labels_hidden_from_others, left_behind, need,
                          sealed_kit)

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the processes are found through /proc (Linux)")

STARTED = "TRAINING-STARTED-AND-NEVER-ENDING"
ENDLESS = hostile.before(hostile.REGRESSION_TRAIN, """
    print("{}", flush=True)
    while True:
        pass
    """.format(STARTED))


def start_grader(tmp_path, mode):
    """The grader, graded q2 of ENDLESS (a student's own run for mode none),
    its output read until training has started."""
    source = ENDLESS(kit.reference_source())
    if mode == "none":
        folder = kit.make_kit(tmp_path / "kit", source)
        args, python = ["-q", "q2"], sys.executable
    else:
        folder = sealed_kit(tmp_path, mode)
        submission = tmp_path / "entrega"
        submission.mkdir()
        (submission / "models.py").write_text(source, encoding="utf-8")
        args = ["--submission", str(submission), "--sandbox", mode, "-q", "q2"]
        python = SYSTEM_PYTHON if mode == "user" else sys.executable
    command = [python, "autograder.py", "--no-graphics", "--lang", "en", "--seed", "0"] + args
    grader = subprocess.Popen(command, cwd=str(folder), env=kit.grader_environment(),
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, encoding="utf-8")
    seen = []
    deadline = time.monotonic() + 120
    for line in grader.stdout:  # the grader shows the student's lines as they come
        seen.append(line)
        if STARTED in line or time.monotonic() > deadline:
            break
    assert STARTED in "".join(seen), "".join(seen)
    return grader


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGHUP", "SIGKILL"])
@pytest.mark.parametrize("mode", ["none", "process", "user", "bwrap"])
def test_nothing_of_the_grading_survives_its_grader(tmp_path, mode, signal_name):
    if mode != "none":
        need(mode)
    with labels_hidden_from_others(mode == "user"):
        grader = start_grader(tmp_path, mode)
        try:
            assert left_behind(str(tmp_path)), "the control: the grading runs"
            os.kill(grader.pid, getattr(signal, signal_name))
            time.sleep(2)
            left = [pid for pid in left_behind(str(tmp_path)) if pid != grader.pid]
            grader_alive = grader.poll() is None
        finally:
            for pid in left_behind(str(tmp_path)):  # leave nothing burning the CPU
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            grader.kill()
            grader.wait()
            grader.stdout.close()
    assert not grader_alive, "the grader did not end on {}".format(signal_name)
    assert left == [], "still running 2 s after {} of the grader: {}".format(signal_name, left)
