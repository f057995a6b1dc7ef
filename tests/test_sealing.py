"""Grading a submission sealed: each attack of tests/helpers/hostile.py's
SEALED list, and the whole hostile corpus, graded with `--submission` under
each sealing mode of grading/seals.py that this machine has.

    bwrap    needs bubblewrap that works here (installed by .ci/run)
    user     needs root, and a Python other users can run with numpy
             (/usr/bin/python3 with Debian's python3-numpy, from .ci/run)
    process  everywhere (the partial mode: only its own promises are tested)

Each test says why it is skipped where a mode is missing.
"""

import os
import re
import signal
import socket
import sys
import time

import pytest

import hostile
import kit
from sealed import SYSTEM_PYTHON, labels_hidden_from_others, need, sealed_kit

MODE_LINE = {"bwrap": "Isolation: bwrap.", "user": "Isolation: another user.",
             "process": "Isolation: partial."}


def grade(tmp_path, mode, source, *args, timeout=300):
    folder = sealed_kit(tmp_path, mode)
    submission = tmp_path / "entrega"
    submission.mkdir()
    (submission / "models.py").write_text(source, encoding="utf-8")
    python = SYSTEM_PYTHON if mode == "user" else sys.executable
    start = time.perf_counter()
    with labels_hidden_from_others(mode == "user"):
        result = kit.run_grader(folder, "--submission", str(submission), "--sandbox", mode,
                                "--attempts", "1", *args, timeout=timeout, python=python)
    result.seconds = time.perf_counter() - start
    assert MODE_LINE[mode] in result.stdout.splitlines()[0], result.describe()
    return result


def still_touched(path, seconds=1.0):
    """Whether something still touches `path` (its time of change moves)
    `seconds` after the first look; the control: it was touched at all."""
    assert os.path.exists(path), "the control: the chain ran and touched {}".format(path)
    before = os.stat(path).st_mtime_ns
    time.sleep(seconds)
    touched = os.stat(path).st_mtime_ns != before
    os.unlink(path)
    return touched


def left_behind(marker):
    """The processes still running whose command line holds `marker`."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/{}/cmdline".format(entry), "rb") as f:
                    if marker.encode() in f.read():
                        found.append(int(entry))
            except OSError:
                pass
    return found


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["bwrap", "user", "process"])
@pytest.mark.parametrize("entry", hostile.SEALED, ids=[e.name for e in hostile.SEALED])
def test_an_attack_on_the_grader_fails(tmp_path, entry, mode):
    if mode not in entry.notes:
        pytest.skip("mode {} does not promise to stop {} (docs/sealing.md)".format(
            mode, entry.name))
    if entry.linux_only and not sys.platform.startswith("linux"):
        pytest.skip("Linux only")
    need(mode)
    if mode == "user" and entry.name == "labels_by_walking_up_from_the_file":
        readable = hostile.readable_copies_of_the_labels(besides=kit.ROOT)  # hidden
        if readable:
            pytest.skip("other users can read a copy of the labels on this machine, which "
                        "mode user does not promise to hide (docs/sealing.md): {}".format(
                            readable[0]))
    source = entry.source()
    listener = None
    if "PORT" in source:  # something to connect to, on this machine
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        source = source.replace("PORT", str(listener.getsockname()[1]))
    if os.path.exists(hostile.CHAIN_ALIVE):
        os.unlink(hostile.CHAIN_ALIVE)
    try:
        result = grade(tmp_path, mode, source, *entry.args)
    finally:
        if listener is not None:
            listener.close()
    if hostile.CHAIN_ALIVE in source and mode != "bwrap":  # (bwrap: a /tmp of its own)
        touched = still_touched(hostile.CHAIN_ALIVE)
        if touched:  # end it, not to spoil the tests after this one
            from grading import seals, watchdog
            for uid in range(seals.FIRST_UID, seals.FIRST_UID + 8):
                watchdog.kill_all_as(uid)
        assert not touched, "the chain outlived the question"
    assert result.returncode == 0, result.describe()
    report = result.report  # well formed, and the grader's own `Total:` line is last
    assert report.points() == entry.points, result.describe()
    assert entry.message in report.text(entry.question), result.describe()
    assert "FOUND THE TEST LABELS" not in result.stdout, result.describe()
    assert "CONNECTED" not in result.stdout, result.describe()
    if entry.name == "detached_process_holds_the_output":
        assert result.seconds < 60, result.describe()
    if "LEFT-BEHIND-MARKER" in source:
        left = left_behind("LEFT-BEHIND-MARKER")
        for pid in left:  # nothing left running to spoil the next test
            os.kill(pid, signal.SIGKILL)
        assert left == [], result.describe()
    assert "FORGED-WITH-THE-MARK" not in report.lines, result.describe()
    if entry in hostile.FORGERS:  # the control: it had the token (its event was replayed)
        assert "FORGED-EVENT-ACCEPTED" in report.lines, result.describe()
    if entry.name == "fork_loop":
        from grading import seals
        forked = int(re.search(r"FORKED (\d+) PROCESSES", result.stdout).group(1))
        assert forked < seals.PROCESS_LIMIT, result.describe()


def test_the_attacks_succeed_without_the_seal(tmp_path):
    """The controls: run as a student runs their own code (no seal), the
    label hunter finds the labels through /proc and the network is there,
    so the tests above could fail."""
    entry = next(e for e in hostile.SEALED if e.name == "labels_through_the_parent_s_folder")
    if not sys.platform.startswith("linux"):
        pytest.skip("Linux only")
    folder = kit.make_kit(tmp_path / "kit", entry.source())
    result = kit.run_grader(folder, "-q", "q3", timeout=300)
    assert "FOUND THE TEST LABELS" in result.stdout, result.describe()
    assert result.report.points() == {"q3": 6}


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["bwrap", "user"])
@pytest.mark.parametrize("entry", hostile.CORPUS, ids=[e.name for e in hostile.CORPUS])
def test_the_hostile_corpus_gets_the_same_points_sealed(tmp_path, entry, mode):
    if entry.linux_only and not sys.platform.startswith("linux"):
        pytest.skip("Linux only")
    need(mode)
    result = grade(tmp_path, mode, entry.source(), *entry.args)
    assert result.returncode == 0, result.describe()
    assert result.report.points() == entry.points, result.describe()
    assert entry.message in result.report.text(entry.question), result.describe()


def test_a_student_s_own_run_is_not_sealed(make_kit):
    result = kit.run_grader(make_kit(kit.reference_source()), "-q", "q1")
    assert "Isolation:" not in result.stdout


def test_process_mode_says_why_it_is_partial(tmp_path):
    need("process")
    result = grade(tmp_path, "process", kit.reference_source(), "-q", "q1")
    first = result.stdout.splitlines()[0]
    assert first.startswith("Isolation: partial.") and "Why not more:" in first
    assert result.report.points() == {"q1": 6}


def test_a_childs_new_cgroup_survives_another_childs_clean_up(monkeypatch, tmp_path):
    # In a batch, one child's clean-up (seals.remove_empty_cgroups) used to
    # remove every empty cgroup of the grader, including the one just made for
    # a child that had not joined it yet: that child failed to start. Here the
    # clean-up runs in another thread at the worst moment, once the child is
    # started and before its launcher (grading/launch.py) has joined the cgroup.
    need("process")
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        pytest.skip("pids cgroups are made for root on Linux")
    import threading
    sys.path.insert(0, str(kit.ROOT))
    from grading import runner, seals
    if seals._make_pids_cgroup() is None:
        pytest.skip("this machine lets no pids cgroup be made")
    seals.remove_empty_cgroups()
    made = seals.Seal.start

    def made_then_cleaned(*args):
        arguments = made(*args)  # the cgroup exists, empty
        cleaner = threading.Thread(target=seals.remove_empty_cgroups)
        cleaner.start()
        cleaner.join(timeout=1)  # it leaves a cgroup in use alone (or removes it)
        return arguments

    monkeypatch.setattr(seals.Seal, "start", made_then_cleaned)
    import autograder
    from grading.engine import GradeOptions
    seal = seals.Seal("test").prepare(str(tmp_path))
    # Raised "Exception occurred in preexec_fn" before the lock: the cgroup was
    # gone. Since the launcher, the child would exit with launch.FAILED.
    child = runner._start(autograder.QUESTIONS["perceptron"], GradeOptions(), seed=0,
                          token="0" * 32, seal=seal)
    try:
        deadline, groups = time.monotonic() + 10, ""
        while time.monotonic() < deadline and child.poll() is None:
            with open("/proc/{}/cgroup".format(child.pid)) as f:
                groups = f.read()
            if "kit-grading-" in groups:
                break
            time.sleep(0.05)
        assert "kit-grading-" in groups, (child.poll(), groups)
    finally:
        seal.end(child)
        seal.release()
