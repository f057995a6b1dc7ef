"""Nothing of a grading is left running once its grader is ended: whatever
ends the grader (SIGTERM, SIGHUP, SIGKILL) mid-training, 2 s later no
process of that grading runs, in every sealing mode this machine has and in
a student's own run (mode none).

How: the kernel kills the child when its grader ends, whatever ends it
(PR_SET_PDEATHSIG, grading/launch.py: die_with; bwrap's --die-with-parent
and its own PID namespace), SIGTERM and SIGHUP stop the grader as Ctrl-C
does, ending everything the child started (grading/runner.py: stop_on_signals),
and a watchdog beside each child (grading/watchdog.py) ends what the
student's code started when a SIGKILL leaves the grader no time to.
"""

import os
import signal
import subprocess
import sys
import time

import pytest
from test_sealing import SYSTEM_PYTHON, labels_hidden_from_others, left_behind, need, sealed_kit

import hostile
import kit
from grading import lifetime

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the processes are found through /proc (Linux)")

STARTED = "TRAINING-STARTED-AND-NEVER-ENDING"
ENDLESS = hostile.before(hostile.REGRESSION_TRAIN, """
    print("{}", flush=True)
    while True:
        pass
    """.format(STARTED))


def with_descendant(marker, clean_environment, code="while True: pass"):
    """ENDLESS, whose training first starts a process of its own that outlives
    it: a new session (out of the child's process group), running `code`
    (an endless loop), `marker` on its command line; with
    `clean_environment`, an empty environment too (without the mark the
    process mode finds the child's processes by)."""
    return hostile.before(hostile.REGRESSION_TRAIN, """
        import subprocess, sys
        subprocess.Popen([sys.executable, "-c", {code!r}, "{marker}"],
                         start_new_session=True, env={{}} if {clean} else None,
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
        """.format(code=code, marker=marker, clean=clean_environment))


def running(marker, seconds=10):
    """The processes whose command line holds `marker`, once there is one
    (within `seconds`): a process's new command line shows in /proc a
    moment after its parent's Popen returned."""
    deadline = time.monotonic() + seconds
    while not left_behind(marker) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left_behind(marker)


def describe(pid):
    """A process as /proc shows it: its id, name, state, parent, user and command."""
    try:
        with open("/proc/{}/status".format(pid)) as f:
            fields = dict(line.split(":\t", 1) for line in f.read().splitlines() if ":\t" in line)
        with open("/proc/{}/cmdline".format(pid), "rb") as f:
            command = f.read().replace(b"\0", b" ").decode(errors="replace")[:200]
    except OSError:
        return "{} (gone)".format(pid)
    return "{} {} {} ppid {} uid {} {}".format(pid, fields.get("Name"), fields.get("State"),
                                              fields.get("PPid"), fields.get("Uid"), command)


def start_grader(tmp_path, mode, change=None):
    """The grader, graded q2 of ENDLESS (a student's own run for mode none),
    its output read until training has started; `change`: one more change
    to the source, applied first."""
    source = kit.reference_source()
    if change is not None:
        source = change(source)
    source = ENDLESS(source)
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


def end_everything(grader, *markers):
    """Leave nothing burning the CPU: every process whose command line holds
    one of `markers`, and the grader."""
    for marker in markers:
        for pid in left_behind(marker):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
    grader.kill()
    grader.wait()
    grader.stdout.close()


@pytest.mark.slow
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
            end_everything(grader, str(tmp_path))
    assert not grader_alive, "the grader did not end on {}".format(signal_name)
    assert left == [], "still running 2 s after {} of the grader: {}".format(signal_name, left)


@pytest.mark.slow
@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGHUP", "SIGKILL"])
@pytest.mark.parametrize("mode", ["none", "process", "user", "bwrap"])
def test_what_the_student_started_ends_with_the_grader(tmp_path, mode, signal_name):
    """A process the student's code started in a session of its own (in the
    sealed modes user and bwrap with an empty environment too) ends with
    the grader, SIGKILL included: a watchdog (grading/watchdog.py) ends it
    in modes none, process and user; bwrap's PID namespace in mode bwrap."""
    if mode != "none":
        need(mode)
    marker = "KIT-DESCENDANT-{}".format(os.getpid())
    change = with_descendant(marker, clean_environment=mode in ("user", "bwrap"))
    with labels_hidden_from_others(mode == "user"):
        grader = start_grader(tmp_path, mode, change)
        try:
            assert running(marker), "the control: the student's process runs"
            os.kill(grader.pid, getattr(signal, signal_name))
            time.sleep(2)
            left = left_behind(marker) + [pid for pid in left_behind(str(tmp_path))
                                          if pid != grader.pid]
            left = [describe(pid) for pid in left]
        finally:
            end_everything(grader, marker, str(tmp_path))
    assert left == [], "still running 2 s after {} of the grader: {}".format(signal_name, left)


@pytest.mark.slow
def test_a_student_process_that_kills_everyone_ends_with_the_grader(tmp_path):
    """Mode user: once its grader and the child are gone, a process of the
    student's kills every process of its user id without end. Had the
    watchdog become that user to end them (kill -1), it would be killed
    first; it ends them as root."""
    need("user")
    marker = "KIT-KILLS-EVERYONE-{}".format(os.getpid())
    change = with_descendant(marker, clean_environment=True,
                             code=hostile.kill_everyone(marker, once_orphaned=True))
    with labels_hidden_from_others(True):
        grader = start_grader(tmp_path, "user", change)
        try:
            assert running(marker), "the control: the student's process runs"
            os.kill(grader.pid, signal.SIGKILL)
            time.sleep(2)
            left = [describe(pid) for pid in left_behind(marker)]
        finally:
            end_everything(grader, marker, str(tmp_path))
    assert left == [], "still running 2 s after SIGKILL of the grader: {}".format(left)


# --------------------------------------------------------------------------
# The watchdog on its own (grading/watchdog.py, grading/lifetime.py)
# --------------------------------------------------------------------------

def marked_process(mark, marker):
    """A process in a session of its own, its environment marked with `mark`,
    `marker` on its command line, running until killed."""
    env = dict(os.environ, KIT_GRADING_CHILD=mark)
    return subprocess.Popen([sys.executable, "-c", "while True: pass", marker], env=env,
                            start_new_session=True, stdin=subprocess.DEVNULL)


def test_the_watchdog_ends_the_marked_processes_when_its_grader_dies(tmp_path):
    marker = "KIT-WATCHED-{}".format(os.getpid())
    guard = lifetime.Watchdog("a" * 32)
    group_leader = marked_process("b" * 32, marker)  # the child: killed by its group
    marked = marked_process("a" * 32, marker)        # its descendant: by its mark
    unmarked = marked_process("c" * 32, marker)      # someone else's: left alone
    try:
        guard.watch(group_leader)
        guard.process.stdin.close()  # what the system does when the grader dies
        guard.process.wait(timeout=10)
        for process in (group_leader, marked):
            assert process.wait(timeout=2) == -signal.SIGKILL
        assert unmarked.poll() is None
    finally:
        for process in (group_leader, marked, unmarked):
            process.kill()
            process.wait()


def test_a_dismissed_watchdog_ends_nothing(tmp_path):
    guard = lifetime.Watchdog("d" * 32)
    marked = marked_process("d" * 32, "KIT-DISMISSED-{}".format(os.getpid()))
    try:
        guard.watch(marked)
        guard.dismiss()  # the grader ended the child itself
        assert guard.process.returncode == 0
        time.sleep(0.5)
        assert marked.poll() is None
    finally:
        marked.kill()
        marked.wait()


def test_the_job_objects_limits_have_windows_layout():
    """The structure SetInformationJobObject reads, in the sizes of 64-bit
    Windows (the Job itself runs on Windows only)."""
    import ctypes
    if ctypes.sizeof(ctypes.c_void_p) != 8:
        pytest.skip("the sizes checked are those of 64-bit Windows")
    assert ctypes.sizeof(lifetime.BasicLimits) == 64
    assert ctypes.sizeof(lifetime.ExtendedLimits) == 144
    assert lifetime.ExtendedLimits.basic.offset == 0
    assert lifetime.BasicLimits.flags.offset == 16
    assert lifetime.ExtendedLimits.process_memory.offset == 112


@pytest.mark.slow
def test_a_stopped_watchdog_does_not_hold_up_its_grader():
    """In modes process and none the student's code may stop the watchdog
    (SIGSTOP: the same user): dismissing it waits a moment, then kills it."""
    guard = lifetime.Watchdog("e" * 32)
    os.kill(guard.process.pid, signal.SIGSTOP)
    start = time.monotonic()
    guard.dismiss()
    assert time.monotonic() - start < lifetime.DISMISS_WAIT + 5
    assert guard.process.returncode == -signal.SIGKILL


def test_a_child_without_its_token_runs_nothing(tmp_path):
    """A grader that dies between starting the child and sending its token
    leaves a child that reads the end of its input: it exits, and no
    student code runs (the guard may not be watching it yet)."""
    folder = kit.make_kit(tmp_path / "kit", hostile.before(hostile.REGRESSION_TRAIN,
                                                           "print('STUDENT-CODE-RAN')")(
        kit.reference_source()))
    result = subprocess.run([sys.executable, "-m", "grading.child", "regression"],
                            cwd=str(folder), stdin=subprocess.DEVNULL, capture_output=True,
                            text=True, timeout=120, env=kit.grader_environment())
    assert result.returncode != 0
    assert "no token" in result.stderr
    assert "STUDENT-CODE-RAN" not in result.stdout and "@grader" not in result.stdout
