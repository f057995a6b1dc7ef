"""Hostile and broken submissions (tests/helpers/hostile.py), each graded for real:
the right points, a message saying what happened, a run that completes, and
no change outside temporary folders. Also --submission and the limits."""

import dataclasses
import hashlib
import io
import os
import shutil
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

import hostile
import kit
from grading import engine, runner
from grading.endings import Ending


def snapshot(folder):
    """{relative path: sha256} of every file under `folder` (links followed)."""
    found = {}
    for root, _, files in os.walk(folder, followlinks=True):
        for name in files:
            path = os.path.join(root, name)
            if "__pycache__" in path:
                continue
            with open(path, "rb") as f:
                found[os.path.relpath(path, folder)] = hashlib.sha256(f.read()).hexdigest()
    return found


@pytest.mark.slow
@pytest.mark.parametrize("entry", hostile.CORPUS, ids=[e.name for e in hostile.CORPUS])
def test_a_hostile_submission_gets_what_it_earned_and_changes_nothing(make_kit, entry):
    if entry.linux_only and not sys.platform.startswith("linux"):
        pytest.skip("the memory limit exists on Linux only")
    folder = make_kit(entry.source())
    before = snapshot(folder)
    result = kit.run_grader(folder, *entry.args, timeout=240)
    assert result.returncode == 0, result.describe()
    assert "Traceback" not in result.stderr, result.describe()
    report = result.report  # well formed, `Total:` last
    assert report.points() == entry.points, result.describe()
    assert entry.message in report.text(entry.question), result.describe()
    assert snapshot(folder) == before, "the kit changed"


@pytest.mark.slow
def test_the_output_of_a_chatty_submission_is_cut(make_kit):
    entry = next(e for e in hostile.CORPUS if e.name == "megabytes_of_printing")
    result = kit.run_grader(make_kit(entry.source()), *entry.args, timeout=240)
    text = result.report.text("q2")
    assert len(text.splitlines()) < 120, text[:2000]
    assert "line 0 xxxx" in text and "line 199999 xxxx" in text  # the head and the tail
    assert "line 100000 " not in text


def test_fake_report_lines_from_student_code_are_marked(make_kit):
    entry = next(e for e in hostile.CORPUS if e.name == "patches_the_grader_and_prints_fake_passes")
    result = kit.run_grader(make_kit(entry.source()), *entry.args, timeout=240)
    lines = result.stdout.splitlines()
    assert "| ### Question q1: 6/6 ###" in lines and "| Total: 18/18" in lines
    assert "### Question q1: 2/6 ###" in lines and lines[-1] == "Total: 2/6"
    assert "The weights after training are wrong." in result.report.text("q1")


# --------------------------------------------------------------------------
# --submission
# --------------------------------------------------------------------------

def test_a_submission_folder_is_graded_with_the_kits_own_files(make_kit, tmp_path,
                                                               reference_source):
    folder = make_kit(kit.skeleton_source())  # the kit's own models.py earns nothing
    submission = tmp_path / "alumno"
    submission.mkdir()
    (submission / "models.py").write_text(reference_source, encoding="utf-8")
    (submission / "nn.py").write_text("raise SystemExit('a changed nn.py')\n")
    (submission / "backend.py").write_text((kit.ROOT / "backend.py").read_text())
    result = kit.run_grader(folder, "--submission", str(submission), "-q", "q2")
    assert result.returncode == 0, result.describe()
    assert result.report.points() == {"q2": 6}
    assert ("Note: the submission's nn.py differs from the kit's; it is ignored, and the kit's "
            "own nn.py is used.") in result.stdout
    assert "backend.py differs" not in result.stdout  # the same as the kit's: no note


def test_a_submission_file_is_graded(make_kit, tmp_path, reference_source):
    folder = make_kit(kit.skeleton_source())
    path = tmp_path / "entrega_de_ana.py"
    path.write_text(reference_source, encoding="utf-8")
    result = kit.run_grader(folder, "--submission", str(path), "-q", "q1")
    assert result.report.points() == {"q1": 6}, result.describe()


def test_a_submission_without_models_py_is_refused(make_kit, tmp_path, reference_source):
    result = kit.run_grader(make_kit(reference_source), "--submission", str(tmp_path))
    assert result.returncode == 2
    assert "No models.py at {}".format(tmp_path) in result.stderr


# --------------------------------------------------------------------------
# The child never holds the test labels; the in-process path still works
# --------------------------------------------------------------------------

def test_the_childs_copy_of_the_data_has_no_test_labels():
    import numpy as np

    from grading import runner
    with np.load(runner.StudentData().path("mnist.npz")) as data, np.load(kit.MNIST) as real:
        assert (data["test_labels"][1::2] == -1).all()
        assert (data["test_labels"][0::2] == real["test_labels"][0::2]).all()  # validation
        assert (data["test_images"] == real["test_images"]).all()
    with np.load(runner.StudentData().path("lang_id.npz")) as data:
        assert (data["test_y"] == -1).all() and (data["dev_y"] >= 0).all()


@pytest.mark.slow
def test_no_isolation_grades_the_same(make_kit, reference_source):
    folder = make_kit(reference_source)
    isolated = kit.run_grader(folder, "-q", "q2")
    direct = kit.run_grader(folder, "-q", "q2", "--no-isolation")

    def without_time(report):  # the only line that differs: no limit without isolation
        return [line for line in report.sections["q2"] if not line.startswith("Time: ")]
    assert without_time(direct.report) == without_time(isolated.report)
    assert "Time: " in isolated.report.text("q2")  # the control: the line was there


def descendants(pid):
    """The process ids below `pid` (its children, theirs, ...), found with pgrep -P."""
    import subprocess
    found, todo = [], [pid]
    while todo:
        children = subprocess.run(["pgrep", "-P", str(todo.pop())], capture_output=True,
                                  text=True).stdout.split()
        found += [int(child) for child in children]
        todo += [int(child) for child in children]
    return found


def command_line(pid):
    import subprocess
    return subprocess.run(["ps", "-o", "command=", "-p", str(pid)], capture_output=True,
                          text=True).stdout.strip()


def still_running(pid):
    """Whether process `pid` still runs: it exists (os.kill(pid, 0)) and is not
    a zombie (dead, waiting to be reaped: ps says Z). Works on Linux and macOS,
    with or without /proc."""
    import subprocess
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process (the sealed child): it exists
        pass
    state = subprocess.run(["ps", "-o", "stat=", "-p", str(pid)], capture_output=True,
                           text=True).stdout.strip()
    return state != "" and not state.startswith("Z")


def can_check_processes():
    return (os.name == "posix" and shutil.which("pgrep") is not None
            and shutil.which("ps") is not None)


@pytest.mark.skipif(not can_check_processes(),
                    reason="needs POSIX signals and pgrep/ps to find and check the child")
def test_still_running_tells_a_live_process_from_a_dead_one():
    # The control for the next test: the check sees a running process, and
    # does not take a dead one (reaped or a zombie) for a running one.
    import signal
    import subprocess
    import time
    sleeper = subprocess.Popen(["sleep", "60"])
    try:
        assert still_running(sleeper.pid)
        os.kill(sleeper.pid, signal.SIGKILL)
        time.sleep(0.5)  # dead, not reaped yet: a zombie, which os.kill(pid, 0) still finds
        os.kill(sleeper.pid, 0)
        assert not still_running(sleeper.pid), "a zombie taken for a running process"
    finally:
        sleeper.kill()
        sleeper.wait()
    assert not still_running(sleeper.pid)  # reaped: gone


@pytest.mark.skipif(not can_check_processes(),
                    reason="sends SIGINT, finds the child with pgrep and checks it with ps "
                           "(POSIX only)")
@pytest.mark.slow
def test_ctrl_c_stops_the_child_too(make_kit):
    import signal
    import subprocess
    import time
    entry = next(e for e in hostile.CORPUS if e.name == "infinite_loop")
    folder = make_kit(entry.source())
    grader = subprocess.Popen([sys.executable, "autograder.py", "--no-graphics", "--lang", "en",
                               "-q", "q1"], cwd=str(folder), env=kit.grader_environment(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # This grader's own descendants only (another run on the machine may
        # have children of the same name), once the child is in its endless loop.
        deadline = time.monotonic() + 60
        while True:
            below = descendants(grader.pid)
            if any("grading.child perceptron" in command_line(pid) for pid in below):
                break
            if grader.poll() is not None:
                raise AssertionError("the grader ended before its child was seen:\n{}\n{}"
                                     .format(*grader.communicate()))
            assert time.monotonic() < deadline, "no child process found in 60 s"
            time.sleep(0.2)
        time.sleep(2)  # well into the endless loop
        below = descendants(grader.pid)
        assert all(still_running(pid) for pid in below)  # the check can see them running
        grader.send_signal(signal.SIGINT)
        out, err = grader.communicate(timeout=30)
    finally:
        if grader.poll() is None:
            grader.kill()
            grader.communicate()
    assert grader.returncode == 130, (out, err)
    assert "Grading interrupted (Ctrl-C)." in err
    deadline = time.monotonic() + 5
    while any(still_running(pid) for pid in below) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = {pid: command_line(pid) for pid in below if still_running(pid)}
    for pid in left:  # do not leave them behind
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    assert not left, "still running after Ctrl-C: {}".format(left)


@pytest.mark.parametrize("outputs, message", [
    ({"predictions": np.zeros((3, 3)), "loss": np.zeros(()), "initial_loss": np.zeros(())},
     "RegressionModel.run() should return a node of shape 200x1, got 3x3"),
    ({"predictions": np.zeros((200, 1)), "loss": np.zeros(2), "initial_loss": np.zeros(())},
     "The outputs of your trained model could not be scored"),
    ({"loss": np.zeros(())}, "The grader did not get the output 'predictions'"),
])
def test_tampered_outputs_cost_the_points_not_the_run(outputs, message):
    """Outputs that are not what the grader's own student part writes (code that
    overwrote outputs.npz, say) are refused with a message."""
    import io

    import autograder
    import backend
    from grading import probes

    def train(tracker):  # the real structural checks, then the outputs under test
        import models
        recorder = probes.Recorder()
        rows = autograder.first_rows(autograder._quiet_dataset(backend.RegressionDataset),
                                     autograder.BATCHES)
        autograder.check_structure(autograder.asking(models.RegressionModel(), recorder),
                                   "RegressionModel", rows, outputs=1)
        tracker.structure(recorder)
        for name, array in outputs.items():
            tracker.output(name, array)

    real = autograder.QUESTIONS["regression"]
    fake = dataclasses.replace(real, train=train, time_limit=60)
    out = io.StringIO()
    tracker = engine.grade([("q2", fake)], engine.GradeOptions(isolate=False), out=out)
    assert tracker.points == {"q2": 2}
    assert message in out.getvalue(), out.getvalue()


def test_a_folder_that_cannot_be_removed_costs_nothing(monkeypatch):
    # On Windows a file can stay locked a moment after its process ended, and
    # removing the child's folder fails: the outputs are read by then.
    from grading import runner
    real = shutil.rmtree

    def locked(path, ignore_errors=False, onerror=None, **kwargs):
        real(path, ignore_errors=True)
        if not ignore_errors:
            raise PermissionError("[WinError 32] the file is being used by another process")
    monkeypatch.setattr(shutil, "rmtree", locked)
    questions = kit.questions("proyecto3b", "q1")
    tracker = engine.grade(questions, engine.GradeOptions(seed=0), out=io.StringIO())
    assert tracker.points == {"q1": 6}
    assert runner.shutil.rmtree is locked  # the control: the grader met the locked folder


@pytest.mark.parametrize("returncode, windows, killed", [
    (-9, False, True), (0, False, False), (3, False, False),
    (0xC0000005, True, True), (-1073741819, True, True),  # an access violation, both ways
    (0xC00000FD, True, True), (0, True, False), (1, True, False), (3, True, False)])
def test_a_crash_is_told_from_an_exit_on_every_system(returncode, windows, killed):
    from grading import runner
    assert runner.killed(returncode, windows=windows) == killed


@pytest.mark.parametrize("submission", [False, True], ids=["student run", "submission"])
def test_the_child_trains_with_the_allocator_settings(make_kit, tmp_path, reference_source,
                                                      submission):
    # grading/runner.py's CHILD_ENVIRONMENT reaches the student's code, sealed or not.
    from grading.runner import CHILD_ENVIRONMENT
    source = reference_source.replace("import nn\n", "import nn\nimport os\nprint('allocator:', "
                                      "sorted((k, v) for k, v in os.environ.items() "
                                      "if k.startswith('MALLOC_')))\n", 1)
    folder = make_kit(source)
    args = ["-q", "q1"]
    if submission:
        path = tmp_path / "entrega.py"
        path.write_text(source, encoding="utf-8")
        args += ["--submission", str(path)]
    result = kit.run_grader(folder, *args)
    assert result.report.points() == {"q1": 6}, result.describe()
    assert "allocator: {}".format(sorted(CHILD_ENVIRONMENT.items())) in result.stdout, \
        result.describe()


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


@pytest.mark.slow
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
