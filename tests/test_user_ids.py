"""Mode user's user ids: one per child running at once, enough for any
--jobs, given back however a child ends, and held across graders (a lock
per id, kept by the child's watchdog while it cleans up), so two graders on
one machine never share one."""

import os
import subprocess
import sys
import threading

import pytest

import kit
from batches import read_summary
from grading import runner, seals
from sealed import without_accounts

sys.path.insert(0, str(kit.ROOT / "bench"))

POSIX = pytest.mark.skipif(os.name == "nt", reason="mode user is POSIX")

def _user_seal(monkeypatch, tmp_path):
    """A UserSeal whose ids are locked in `tmp_path` (no account looked up)."""
    without_accounts(monkeypatch)
    seal = seals.UserSeal("test")
    seal.uids = seals.UserIds(str(tmp_path / "locks"))
    monkeypatch.setattr(seals, "give_folder", lambda folder, uid: None)
    return seal


@POSIX
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


@POSIX
def test_there_are_user_ids_for_every_job_on_a_large_machine(monkeypatch, tmp_path):
    # --jobs defaults to the core count: a batch on 96 cores as root takes
    # 96 user ids at once.
    without_accounts(monkeypatch)
    pool = seals.UserIds(str(tmp_path))
    taken = [pool.take() for _ in range(200)]
    assert len({held.uid for held in taken}) == 200
    assert min(held.uid for held in taken) == seals.FIRST_UID
    for held in taken:
        held.give_back()


HOLDS_AN_ID = """
import sys, time
sys.path.insert(0, sys.argv[1])
import pwd
def none(uid):
    raise KeyError(uid)
pwd.getpwuid = none
from grading import seals
held = seals.UserIds(sys.argv[2]).take()
print(held.uid, flush=True)
time.sleep(60)
"""


@POSIX
def test_a_user_id_taken_by_another_grader_is_not_taken(monkeypatch, tmp_path):
    without_accounts(monkeypatch)
    locks = str(tmp_path / "locks")
    other = subprocess.Popen([sys.executable, "-c", HOLDS_AN_ID, str(kit.ROOT), locks],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout.readline().strip() == str(seals.FIRST_UID)
        mine = seals.UserIds(locks).take()
        assert mine.uid == seals.FIRST_UID + 1
    finally:
        other.kill()
        other.wait()
    again = seals.UserIds(locks).take()  # the other grader is gone: its id is free
    assert again.uid == seals.FIRST_UID
    mine.give_back()
    again.give_back()


@POSIX
def test_a_user_id_stays_taken_while_its_watchdog_runs(monkeypatch, tmp_path):
    # The grader dies mid-question: its ids must stay taken until its
    # watchdog has ended their processes, or a second grader could take one.
    from grading import lifetime
    without_accounts(monkeypatch)
    ids = seals.UserIds(str(tmp_path))
    held = ids.take()
    guard = lifetime.Watchdog("no-such-mark", held=(held.handle,))
    try:
        held.give_back()  # the grader lets go (as its death would)
        assert ids.take().uid == seals.FIRST_UID + 1  # still held by the watchdog
        guard.dismiss()
        assert ids.take().uid == seals.FIRST_UID  # free once the watchdog is gone
    finally:
        guard.dismiss()


@pytest.mark.slow
def test_two_batches_as_root_in_mode_user_at_once_grade_right(tmp_path):
    # Before the ids were locked across processes, both took 61000 and up
    # and each ended the other's children with its own.
    import bench_soak
    import sealed
    sealed.need("user")
    made = bench_soak.write_class(str(tmp_path / "class"), 12)
    grader = sealed.sealed_kit(tmp_path, "user")
    runs = {}

    def run(name):
        output = str(tmp_path / name)
        runs[name] = output, bench_soak.grade_round(
            str(grader), str(tmp_path / "class"), output, 3, "q1", hang=300,
            extra=("--sandbox", "user"), python=sealed.SYSTEM_PYTHON)
    with sealed.labels_hidden_from_others(True):
        threads = [threading.Thread(target=run, args=(name,)) for name in ("first", "second")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    expected = {}
    for output, result in runs.values():
        said = "\n".join(result["lines"])
        assert result["code"] == 0 and not result["hung"], said
        assert "Isolation: another user" in said, said
        found = bench_soak.check_round(made, output, result["lines"], expected)
        assert found == {"lost": [], "twice": [], "faults": [], "wrong": []}, found
    first, second = ([(row["student"], row["q1"], row["status"]) for row in read_summary(output)]
                     for output, _ in runs.values())
    assert first == second
    assert {status for _, _, status in first} >= {"completed", "crash"}
