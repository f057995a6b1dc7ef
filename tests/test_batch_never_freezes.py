"""Batch grading never freezes and always moves on: children started
without fork beside numpy in other threads, a submission whose grading
makes no progress recorded as a grader fault, SIGTERM that stops a batch
mid-run within seconds, user ids of mode user held across graders, and a
soak run of a class graded in rounds with more jobs than cores."""

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

import kit
from batches import class_of, fake_grade, read_summary
from grading import batch, engine, seals

sys.path.insert(0, str(kit.ROOT / "bench"))

POSIX = pytest.mark.skipif(os.name == "nt", reason="POSIX: the launcher, signals, flock")


# --------------------------------------------------------------------------
# No fork beside numpy
# --------------------------------------------------------------------------

@pytest.mark.slow
@POSIX
def test_children_start_beside_probes_computed_in_another_thread_without_freezing():
    # ../shared/repro/fork_while_blas.py inside the grader: before the
    # launcher (a preexec_fn, so fork and OpenBLAS's fork handler) this froze
    # in 3 runs of 3 (2 whole, 1 a thread), within 20 s.
    command = [sys.executable, str(kit.HELPERS / "fork_beside_blas.py"), str(kit.ROOT), "20", "3"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=90)
    except subprocess.TimeoutExpired:
        pytest.fail("the grader froze whole: a fork beside numpy's threads")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no freeze" in done.stdout


@POSIX
@pytest.mark.parametrize("mode", ["none", "process", "bwrap", "user"])
def test_no_mode_starts_its_child_in_a_way_that_forks(mode, monkeypatch, tmp_path):
    # CPython forks (and so runs fork handlers) for a Popen with a
    # preexec_fn, user, group or extra_groups; without them it uses vfork.
    import subprocess as real
    seen = []

    class Recorded:
        def __init__(self, argv, **kwargs):
            seen.append((argv, kwargs))
            raise RuntimeError("recorded")
    monkeypatch.setattr(real, "Popen", Recorded)
    kind = {"none": seals.NoSeal, "process": seals.Seal, "bwrap": seals.BwrapSeal,
            "user": seals.UserSeal}[mode]
    seal = kind("test")
    if mode == "user":
        import pwd
        monkeypatch.setattr(pwd, "getpwuid", _no_account)
        monkeypatch.setattr(seals, "give_folder", lambda folder, uid: None)
        seal.uids = seals.UserIds(str(tmp_path / "locks"))
    monkeypatch.setattr(seal, "make_guard", lambda: None)
    monkeypatch.setattr(type(seal), "make_guard", lambda self: None)
    child = seal.prepare(str(tmp_path))
    try:
        with pytest.raises(RuntimeError, match="recorded"):
            child.start(["python", "-c", "pass"], {})
    finally:
        child.release()
    argv, kwargs = seen[0]
    assert not {"preexec_fn", "user", "group", "extra_groups"} & set(kwargs), kwargs
    assert argv[3] == seals.LAUNCHER and argv[4] == str(os.getpid())
    if mode == "user":
        assert argv[argv.index("--user") + 1] == str(seals.FIRST_UID)


def _no_account(uid):
    raise KeyError(uid)


# --------------------------------------------------------------------------
# A submission that makes no progress
# --------------------------------------------------------------------------

@pytest.mark.slow
def test_a_submission_that_makes_no_progress_is_a_grader_fault_and_the_batch_goes_on(
        tmp_path, monkeypatch):
    # ana's grading never returns in time and ignores its stop; the others
    # are graded; ana's late result is dropped (one row each), and the next
    # run grades ana again.
    monkeypatch.setattr(batch, "STUCK_SLACK", 1.0)
    folder, output = class_of(tmp_path, ("ana", "beto", "carla", "dani"))
    counting, release = fake_grade([]), threading.Event()
    late = []

    def grade(questions, options, out=None):
        if options.models_path.endswith("ana.py") and not release.is_set():
            time.sleep(5)  # deaf to options.stop: a grader stuck in its own code
            late.append(True)
        else:
            time.sleep(1)
        return counting(questions, options, out)

    options = engine.GradeOptions(time_limit=0.5, attempts=1)
    assert batch.stuck_after(kit.questions("proyecto3b", "q1"), options) == 2.5
    said = []
    start = time.monotonic()
    batch.grade_batch(str(folder), kit.questions("proyecto3b", "q1"), options, str(output),
                      jobs=2, grade=grade, log=said.append)
    assert time.monotonic() - start < 5  # it did not wait for ana
    rows = read_summary(output)
    assert [row["student"] for row in rows] == ["ana", "beto", "carla", "dani"]
    assert [row["status"] for row in rows] == ["grader_fault"] + ["completed"] * 3
    ana = json.loads((output / "ana.json").read_text(encoding="utf-8"))
    assert ana["key"] is None and "made no progress" in ana["report"]
    time.sleep(5)  # ana's late result arrives: nothing reads it
    assert late == [True]
    assert [row["student"] for row in read_summary(output)] == ["ana", "beto", "carla", "dani"]
    assert sum(1 for line in said if line.startswith("[")) == 4

    release.set()
    graded, said = [], []
    batch.grade_batch(str(folder), kit.questions("proyecto3b", "q1"), options, str(output),
                      jobs=2, grade=fake_grade(graded), log=said.append)
    assert graded == ["ana.py"]
    assert any("met a fault of the grader's are graded again" in line for line in said), said
    assert [row["status"] for row in read_summary(output)] == ["completed"] * 4


def test_a_grader_without_isolation_is_never_taken_as_stuck():
    options = engine.GradeOptions(isolate=False)
    assert batch.stuck_after(kit.questions("proyecto3b", "q1"), options) is None


# --------------------------------------------------------------------------
# SIGTERM mid-run
# --------------------------------------------------------------------------

SLOW = "import time\ntime.sleep(60)  # slow to import: still running when the batch stops\n"


@pytest.mark.slow
@POSIX
def test_sigterm_stops_a_busy_batch_within_seconds_and_the_next_run_resumes(
        make_kit, reference_source, tmp_path):
    folder = tmp_path / "entregas"
    folder.mkdir()
    for student in ("ana", "beto"):
        (folder / (student + ".py")).write_text(reference_source, encoding="utf-8")
    for student in ("carla", "dani", "eva", "fer"):
        (folder / (student + ".py")).write_text(SLOW + reference_source, encoding="utf-8")
    grader = make_kit(reference_source)
    output = tmp_path / "grades"
    arguments = ["--batch", str(folder), "-q", "q1", "--jobs", "4", "--batch-output",
                 str(output), "--time-limit", "120"]
    process = subprocess.Popen([sys.executable, "autograder.py", "--no-graphics", "--lang", "en",
                                *arguments], cwd=str(grader), env=kit.grader_environment(),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               encoding="utf-8")
    lines = []
    try:
        for line in process.stdout:
            lines.append(line)
            if line.startswith("[2/6]"):
                break
        time.sleep(1)  # the four slow ones run their children
        stopped = time.monotonic()
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        took = time.monotonic() - stopped
        lines += process.stdout.readlines()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    out = "".join(lines)
    assert took < 5, (took, out)
    assert process.returncode == 128 + signal.SIGTERM, out
    assert "list the 2 of 6" in out, out
    assert sorted(row["student"] for row in read_summary(output)) == ["ana", "beto"]

    # The next run grades the rest only (the slow ones, made quick).
    for student in ("carla", "dani", "eva", "fer"):
        (folder / (student + ".py")).write_text(reference_source, encoding="utf-8")
    resumed = kit.run_grader(grader, *arguments, timeout=300)
    assert resumed.returncode == 0, resumed.describe()
    assert "2 of the 6 submissions were graded before" in resumed.stdout
    assert [row["q1"] for row in read_summary(output)] == ["6"] * 6


# --------------------------------------------------------------------------
# The soak, CI-sized
# --------------------------------------------------------------------------

@pytest.mark.slow
def test_a_class_graded_in_rounds_with_twice_the_jobs_per_core(tmp_path):
    # bench/bench_soak.py, small: 24 submissions (q1-q3, real training, each
    # a quick variant of the kit's models), --jobs 4 on this machine, 3
    # rounds: no hang, nobody lost or graded twice, no grader fault, and
    # every round gives each submission its variant's grade.
    import bench_soak
    made = bench_soak.write_class(str(tmp_path / "class"), 24)
    grader = bench_soak.kit_of(None, str(tmp_path / "kit"))
    expected = {}
    for number in range(3):
        output = str(tmp_path / "out{}".format(number))
        result = bench_soak.grade_round(str(grader), str(tmp_path / "class"), output, 4, None,
                                        hang=300)
        assert result["code"] == 0 and not result["hung"], "\n".join(result["lines"][-20:])
        found = bench_soak.check_round(made, output, result["lines"], expected)
        assert found == {"lost": [], "twice": [], "faults": [], "wrong": []}, found
    assert len(expected) == len(set(made.values()))
    assert len({grade for grade in expected.values()}) > 3  # the variants differ


# --------------------------------------------------------------------------
# Bench pools
# --------------------------------------------------------------------------

A_BENCH = r"""
import multiprocessing, os, sys, time
sys.path.insert(0, sys.argv[1])
import workers

def work(_):
    os.write(1, "{}\n".format(os.getpid()).encode())  # one write: lines never interleave
    time.sleep(60)

if __name__ == "__main__":
    with multiprocessing.get_context("spawn").Pool(2, maxtasksperchild=1,
                                                   initializer=workers.die_with_bench) as pool:
        pool.map(work, range(4), chunksize=1)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_bench_leaves_no_pool_worker(tmp_path):
    script = tmp_path / "a_bench.py"
    script.write_text(A_BENCH, encoding="utf-8")
    bench = subprocess.Popen([sys.executable, str(script), str(kit.ROOT / "bench")],
                             stdout=subprocess.PIPE, text=True)
    workers = [int(bench.stdout.readline()) for _ in range(2)]
    bench.kill()  # SIGKILL: no code of the bench's runs
    bench.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)


POOL_ROUNDS = r"""
import multiprocessing, sys, time
sys.path.insert(0, sys.argv[1])
import workers

def work(x):
    time.sleep(0.05)
    return x

if __name__ == "__main__":
    for round in range(int(sys.argv[2])):
        with multiprocessing.get_context("spawn").Pool(2, maxtasksperchild=1,
                                                       initializer=workers.die_with_bench) as pool:
            assert sorted(pool.imap_unordered(work, range(4))) == [0, 1, 2, 3]
        print(round, flush=True)
"""


def test_a_bench_pool_that_replaces_its_workers_always_ends(tmp_path):
    """The pool's terminate() after the last result: with PR_SET_PDEATHSIG a
    replacement worker died with the pool's thread that started it, holding
    the task queue's lock, and terminate() waited forever (4 rounds of 30
    froze a bench; every measurement bench ends this way)."""
    script = tmp_path / "pool_rounds.py"
    script.write_text(POOL_ROUNDS, encoding="utf-8")
    rounds = 25
    try:
        result = subprocess.run([sys.executable, str(script), str(kit.ROOT / "bench"),
                                 str(rounds)], capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired as stuck:
        pytest.fail("a pool froze after round {!r}".format((stuck.stdout or b"").split()[-1:]))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(n) for n in range(rounds)]


def _alive(pid):
    try:
        with open("/proc/{}/status".format(pid)) as f:
            return "zombie" not in f.read()
    except OSError:
        return False
