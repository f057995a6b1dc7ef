"""The review's findings of issue 19 (point 3), each a test that failed
before its fix: mode user's user ids (taken where they are always given
back, enough of them for --jobs), a child that exits while a detached
process holds its output, a batch row from a grader fault, and reports
rewritten under new names when a write fails."""

import io
import os
import signal
import subprocess
import sys
import time

import pytest

from grading import batch, runner, seals
from grading.endings import Ending

# --------------------------------------------------------------------------
# Mode user: the user ids
# --------------------------------------------------------------------------

def _user_seal(monkeypatch, tmp_path):
    """A UserSeal whose ids are locked in `tmp_path` (no account looked up)."""
    _without_accounts(monkeypatch)
    seal = seals.UserSeal("test")
    seal.uids = seals.UserIds(str(tmp_path / "locks"))
    monkeypatch.setattr(seals, "give_folder", lambda folder, uid: None)
    return seal


def _without_accounts(monkeypatch):
    import pwd
    monkeypatch.setattr(pwd, "getpwuid", _no_account)


@pytest.mark.skipif(os.name == "nt", reason="mode user is POSIX")
def test_a_user_id_is_given_back_when_preparing_the_child_fails(monkeypatch, tmp_path):
    seal = _user_seal(monkeypatch, tmp_path)

    def broken(folder, *args):
        raise OSError("disk full")
    monkeypatch.setattr(runner, "prepare_folder", broken)
    import autograder
    from grading.engine import GradeOptions
    options = GradeOptions(seal=seal, models_path=str(tmp_path / "models.py"))
    with pytest.raises(OSError):
        runner.run_question(None, autograder.QUESTIONS["perceptron"], options, 0, 10)
    assert seal.uids.take().uid == seals.FIRST_UID  # free again


@pytest.mark.skipif(os.name == "nt", reason="mode user is POSIX")
def test_there_are_user_ids_for_every_job_on_a_large_machine(monkeypatch, tmp_path):
    # --jobs defaults to the core count: a batch on 96 cores as root takes
    # 96 user ids at once.
    _without_accounts(monkeypatch)
    pool = seals.UserIds(str(tmp_path))
    taken = [pool.take() for _ in range(200)]
    assert len({held.uid for held in taken}) == 200
    assert min(held.uid for held in taken) == seals.FIRST_UID
    for held in taken:
        held.give_back()


def _no_account(uid):
    raise KeyError(uid)


# --------------------------------------------------------------------------
# A child that exits while a detached process holds its output
# --------------------------------------------------------------------------

DETACHES_THEN_EXITS = """
import os, subprocess, sys
grandchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"],
                              start_new_session=True)
with open(sys.argv[1], "w") as f:
    f.write(str(grandchild.pid))
os._exit(3)
"""


class _Output:
    def __init__(self):
        self.lines = []

    def add(self, line):
        self.lines.append(line)


@pytest.mark.skipif(os.name == "nt", reason="start_new_session is POSIX")
def test_a_child_that_exits_while_a_detached_process_holds_its_output(tmp_path):
    pid_file = tmp_path / "grandchild.pid"
    child = subprocess.Popen([sys.executable, "-c", DETACHES_THEN_EXITS, str(pid_file)],
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT)
    try:
        ending = runner._follow(child, "0" * 32, lambda event: None, _Output(),
                                time.perf_counter() + 20)
    finally:
        child.kill()
        child.wait()
        if pid_file.exists():
            os.kill(int(pid_file.read_text()), signal.SIGKILL)
        child.stdout.close()
    # It ended its process, with its exit code: not "did not finish within the time limit".
    assert ending is Ending.ENDED
    assert child.returncode == 3


# --------------------------------------------------------------------------
# Batches
# --------------------------------------------------------------------------

class _Question:
    points = 6


def test_a_row_from_a_grader_fault_keeps_its_settings(tmp_path):
    (tmp_path / "models.py").write_text("x = 1\n", encoding="utf-8")
    stamp = batch.stamp_of(str(tmp_path), {"kit": "k", "seed": 0})

    def faulty(questions, options, out=None):
        raise RuntimeError("a bug in the grader")

    from grading.engine import GradeOptions
    result = batch._grade_one(faulty, [("q1", _Question())], GradeOptions(), "ana",
                              str(tmp_path), stamp)
    assert result["key"] is None  # graded again next time
    assert result["settings"] == stamp["settings"]
    # ... and the next run says why: its status, not "an older kit wrote them".
    assert batch.changed(result, stamp) == "status"


def test_a_report_rewritten_under_a_new_name_that_cannot_be_written(tmp_path, monkeypatch):
    """Plan.rewrite goes through the Writer: a failed write is said and
    written again at the end, never the end of the batch."""
    written, failing = [], {"once": True}
    real = batch._write_json

    def flaky(path, result):
        if path.endswith("ana.json") and failing["once"]:
            failing["once"] = False
            raise OSError("the disk is full")
        written.append(os.path.basename(path))
        real(path, result)
    monkeypatch.setattr(batch, "_write_json", flaky)
    log = io.StringIO()
    writer = batch.Writer(str(tmp_path), {"ana": "ana.json"}, ["q1"], lambda results: None,
                          lambda line: log.write(line + "\n"))
    result = {"student": "ana", "points": 0, "max_points": 6, "status": "completed",
              "seconds": 1.0, "questions": {}}
    writer.rewrite([result])
    assert "Could not write" in log.getvalue()
    writer.flush()
    assert "ana.json" in written
