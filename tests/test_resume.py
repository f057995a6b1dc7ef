"""Batches that resume where they stopped: what a batch run again keeps,
grades again, moves and says; Ctrl-C and other stops; the progress line."""

import io
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time

import pytest

import example_batch
import kit
from batches import Tables, class_of, fake_grade, read_summary
from grading import batch, engine
from grading.endings import Ending

# --------------------------------------------------------------------------
# Resuming a batch
# --------------------------------------------------------------------------

def _batch_of(folder, output):
    """run(options, regrade): q1 of the batch graded by batches.fake_grade; the
    models.py it graded, sorted, and the lines it logged."""
    from grading.batch import grade_batch
    questions = kit.questions("proyecto3b", "q1")

    def run(options=None, regrade=False):
        graded, said = [], []
        grade_batch(str(folder), questions, options or engine.GradeOptions(),
                    str(output), jobs=1, grade=fake_grade(graded), log=said.append,
                    regrade=regrade)
        return sorted(graded), said
    return run


@pytest.mark.slow
def test_a_batch_run_again_grades_only_what_is_new_or_changed(tmp_path):
    folder, output = class_of(tmp_path, ("ana", "beto", "carla"))
    run = _batch_of(folder, output)
    assert run()[0] == ["ana.py", "beto.py", "carla.py"]
    graded, said = run()
    assert graded == [] and "3 of the 3 submissions were graded before" in said[0], said
    (folder / "beto.py").write_text("# beto, changed\n")
    (folder / "dani.py").write_text("# dani, new\n")
    assert run()[0] == ["beto.py", "dani.py"]
    assert run(engine.GradeOptions(seed=7))[0] == ["ana.py", "beto.py", "carla.py",
                                                       "dani.py"]  # other options
    assert run(engine.GradeOptions(seed=7), regrade=True)[0] == [
        "ana.py", "beto.py", "carla.py", "dani.py"]
    # A report cut short (the machine stopped while writing it) is graded again.
    (output / "carla.json").write_text('{"student": "carla", "key": ')
    assert run(engine.GradeOptions(seed=7))[0] == ["carla.py"]
    assert [row["student"] for row in read_summary(output)] == ["ana", "beto", "carla", "dani"]


def test_a_batch_run_again_grades_time_outs_and_crashes_again(tmp_path):
    from grading.batch import grade_batch
    statuses = {"beto": Ending.TIMEOUT, "carla": Ending.ERROR,
                "dani": Ending.EXIT}  # exit: a crash
    folder, output = class_of(tmp_path, ("ana", "beto", "carla", "dani"))
    questions = kit.questions("proyecto3b", "q1")

    def run():
        graded, said = [], []
        grade_batch(str(folder), questions, engine.GradeOptions(), str(output), jobs=1,
                    grade=fake_grade(graded, statuses=statuses), log=said.append)
        return sorted(graded), said

    assert run()[0] == ["ana.py", "beto.py", "carla.py", "dani.py"]
    assert [row["status"] for row in read_summary(output)] == ["completed", "timeout", "error",
                                                               "crash"]
    graded, said = run()
    assert graded == ["beto.py", "dani.py"], said  # the machine may have caused those
    assert "2 of the 4 submissions were graded before" in said[0], said
    assert "1 of them with an error" in said[0], said
    assert [row["status"] for row in read_summary(output)] == ["completed", "timeout", "error",
                                                               "crash"]


def test_a_batch_that_cannot_write_goes_on_and_writes_at_the_end(tmp_path):
    """summary.csv open in a spreadsheet on Windows (os.replace refuses), a
    full disk: the batch warns once, grades on, and writes everything at the
    end. Here summary.csv and beto.json are folders while ana, beto are graded."""
    from grading.batch import grade_batch
    folder, output = class_of(tmp_path, ("ana", "beto", "carla"))
    graded, said = [], []
    counting = fake_grade(graded)
    blocked = [output / "summary.csv", output / "beto.json"]

    def grade(questions, options, out=None):
        if not graded:
            for path in blocked:
                if path.exists():
                    path.unlink()
                path.mkdir()
        return counting(questions, options, out)

    def log(line):
        said.append(line)
        if line.startswith("[2/3]"):
            for path in blocked:
                path.rmdir()

    grade_batch(str(folder), kit.questions("proyecto3b", "q1"),
                engine.GradeOptions(), str(output), jobs=1, grade=grade, log=log)
    assert graded == ["ana.py", "beto.py", "carla.py"]
    warnings = [line for line in said if line.startswith("Could not write the grades")]
    assert len(warnings) == 1, said
    assert [row["student"] for row in read_summary(output)] == ["ana", "beto", "carla"]
    assert json.loads((output / "beto.json").read_text(encoding="utf-8"))["points"] == 6
    assert (output / "report.html").is_file()


@pytest.mark.slow
def test_any_error_in_a_batch_stops_it_as_ctrl_c_does(tmp_path):
    """An exception in the batch's own loop (here from the progress line)
    stops the children, grades nothing more, writes what was graded, and is
    raised."""
    from grading.batch import grade_batch
    folder, output = class_of(tmp_path, ("ana", "beto", "carla", "dani", "eva"))
    graded, said, stopped = [], [], []
    counting = fake_grade(graded)

    def grade(questions, options, out=None):
        time.sleep(0.3)
        stopped.append(options.stop.is_set())
        return counting(questions, options, out)

    def log(line):
        said.append(line)
        if line.startswith("[2/"):
            raise RuntimeError("the console went away")

    given = engine.GradeOptions()
    with pytest.raises(RuntimeError):
        grade_batch(str(folder), kit.questions("proyecto3b", "q1"), given, str(output), jobs=1,
                    grade=grade, log=log)
    time.sleep(1.5)  # what the pool would still grade
    assert len(graded) <= 3, graded  # the one running when it stopped, at most
    assert stopped[2:] == [True] * len(stopped[2:])
    assert given.stop is None  # the batch's own event stopped its children, nothing else
    assert [row["student"] for row in read_summary(output)] == ["ana", "beto"]
    assert len(Tables((output / "report.html").read_text(encoding="utf-8")).rows(
        "students", "student")) == 2
    assert "The batch stopped (RuntimeError: the console went away)" in said[-1], said


def test_a_batch_run_again_tidies_its_folder_and_says_why_it_grades_again(tmp_path):
    folder, output = class_of(tmp_path, ("ana b", "beto", "carla"))
    run = _batch_of(folder, output)
    run()
    assert json.loads((output / "ana_b.json").read_text(encoding="utf-8"))["student"] == "ana b"
    # A new ana_b takes the name ana_b.json; the kept "ana b" moves to ana_b-2.json.
    (folder / "ana_b.py").write_text("# ana_b\n")
    (folder / "carla.py").unlink()  # carla left the class
    (output / "summary.csv.part").write_text("cut short")
    (output / "similarity.csv").write_text("student,other\n")  # from a run with --similarity
    graded, said = run()
    assert graded == ["ana_b.py"], said
    assert {path.name: json.loads(path.read_text(encoding="utf-8"))["student"]
            for path in output.glob("*.json")} == {"ana_b.json": "ana_b",
                                                   "ana_b-2.json": "ana b",
                                                   "beto.json": "beto"}
    assert (output / "removed" / "carla.json").is_file()
    assert "1 reports in {} are of students no longer in".format(output) in said[0], said
    assert sorted(path.name for path in output.iterdir()) == [
        "ana_b-2.json", "ana_b.json", "beto.json", "mistakes.csv", "removed", "report.html",
        "summary.csv"]
    # Each JSON holds what made its grade; a change is named before grading again.
    ana = json.loads((output / "ana_b-2.json").read_text(encoding="utf-8"))
    assert ana["settings"]["seed"] == 0 and len(ana["models_sha256"]) == 64
    (folder / "beto.py").write_text("# beto, changed\n")
    graded, said = run(engine.GradeOptions(seed=0, attempts=3))
    assert "2 submissions are graded again: settings that changed: attempts." in said, said
    assert "1 submissions are graded again: their models.py changed." in said, said


def test_a_regrade_stopped_halfway_resumes_without_regrade(tmp_path):
    from grading.batch import grade_batch
    folder, output = class_of(tmp_path, ("ana", "beto", "carla"))
    questions = kit.questions("proyecto3b", "q1")
    grade_batch(str(folder), questions, engine.GradeOptions(), str(output), jobs=1,
                grade=fake_grade([]), log=lambda line: None)
    graded, said = [], []
    counting = fake_grade(graded)

    def interrupted(questions, options, out=None):
        if graded:
            raise KeyboardInterrupt
        return counting(questions, options, out)

    with pytest.raises(KeyboardInterrupt):
        grade_batch(str(folder), questions, engine.GradeOptions(), str(output), jobs=1,
                    grade=interrupted, log=said.append, regrade=True)
    assert "run the same command again without --regrade to grade the rest" in said[-1], said
    assert [row["student"] for row in read_summary(output)] == ["ana"]
    assert sorted(path.name for path in (output / "previous").iterdir()) == [
        "ana.json", "beto.json", "carla.json"]
    graded.clear()
    grade_batch(str(folder), questions, engine.GradeOptions(), str(output), jobs=1,
                grade=counting, log=said.append)
    assert graded == ["beto.py", "carla.py"]


def test_ctrl_c_writes_the_summary_and_report_before_waiting_for_the_children(tmp_path):
    """A second Ctrl-C while the running children stop must not leave a report
    that contradicts summary.csv: both are written first. A stale report.html
    is replaced as the batch starts."""
    from grading.batch import grade_batch
    folder, output = class_of(tmp_path, ("ana", "beto", "carla"))
    output.mkdir()
    (output / "report.html").write_text("stale")
    seen, counting = {}, fake_grade([])

    def grade(questions, options, out=None):
        student = os.path.basename(options.models_path)
        if student == "ana.py":
            seen["at start"] = (output / "report.html").read_text(encoding="utf-8")
        elif student == "beto.py":
            time.sleep(0.5)  # carla starts meanwhile
            raise KeyboardInterrupt
        else:
            options.stop.wait(10)  # carla's child, stopped by Ctrl-C, ends a little later:
            deadline = time.monotonic() + 30  # the batch waits for it, so what it sees
            while time.monotonic() < deadline:  # was written before the wait
                seen["while stopping"] = (output / "report.html").read_text(encoding="utf-8")
                if "ana" in seen["while stopping"]:
                    break
                time.sleep(0.1)
        return counting(questions, options, out)

    with pytest.raises(KeyboardInterrupt):
        grade_batch(str(folder), kit.questions("proyecto3b", "q1"),
                    engine.GradeOptions(), str(output), jobs=2, grade=grade,
                    log=lambda line: None)
    assert seen["at start"] != "stale"
    assert seen["while stopping"] != "stale"  # written before the wait
    assert [cells[1] for cells in Tables(seen["while stopping"]).rows("students", "student")] == [
        "ana"]
    assert [row["student"] for row in read_summary(output)] == ["ana"]


@pytest.mark.slow
def test_the_time_left_counts_the_submissions_graded_at_once(tmp_path):
    from grading.batch import grade_batch
    folder, output = class_of(tmp_path, ("ana", "beto", "carla", "dani"))
    counting, said = fake_grade([]), []

    def grade(questions, options, out=None):
        time.sleep(2)
        return counting(questions, options, out)

    grade_batch(str(folder), kit.questions("proyecto3b", "q1"),
                engine.GradeOptions(), str(tmp_path / "grades"), jobs=2, grade=grade,
                log=said.append)
    # After the first two (2 s each, together), two are left: about 2 s, not 4.
    left = [re.search(r"about (\d+:\d\d:\d\d) left", line).group(1) for line in said]
    assert left[0] in ("0:00:02", "0:00:03"), said
    assert left[-1] == "0:00:00", said


def _wait_for(lines, text, timeout=120):
    """Wait until a line in the queue `lines` holds `text`; the lines read."""
    deadline, read = time.monotonic() + timeout, []
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            break
        if line is None:  # the grader ended
            break
        read.append(line)
        if text in line:
            return read
    raise AssertionError("no line with {!r} in:\n{}".format(text, "".join(read)))


def _lines_of(stream):
    """A queue that a thread fills with the lines of `stream`, then None."""
    lines = queue.Queue()

    def read():
        for line in stream:
            lines.put(line)
        lines.put(None)
    threading.Thread(target=read, daemon=True).start()
    return lines


@pytest.mark.slow
def test_an_interrupted_batch_resumes_and_ends_as_one_uninterrupted_run(make_kit,
                                                                       reference_source,
                                                                       tmp_path):
    folder = tmp_path / "entregas"
    folder.mkdir()
    sources = example_batch.submissions()
    slow = "import time\ntime.sleep(4)  # slow to import: Ctrl-C comes meanwhile\n" + (
        reference_source)
    for student, source in (("ana", reference_source), ("beto", sources["syntax_error"]),
                            ("carla", slow),
                            ("dani", sources["perceptron_wrong_sign"]),
                            ("eva", sources["alt_solution"])):
        (folder / (student + ".py")).write_text(source, encoding="utf-8")
    grader = make_kit(reference_source)
    arguments = ["--batch", str(folder), "-q", "q1", "--jobs", "1", "--seed", "3"]

    def run(output):
        return kit.run_grader(grader, *arguments, "--batch-output", str(output), timeout=300)

    # Ctrl-C while carla's sleeps: ana and beto are graded, the rest is not.
    interrupted = tmp_path / "interrupted"
    environment = dict(kit.grader_environment(), PYTHONUNBUFFERED="1")
    process = subprocess.Popen([sys.executable, "autograder.py", "--no-graphics", "--lang", "en",
                                *arguments, "--batch-output", str(interrupted)],
                               cwd=str(grader), env=environment, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, encoding="utf-8")
    try:
        lines = _lines_of(process.stdout)
        read = _wait_for(lines, "[2/5] beto")
        process.send_signal(signal.SIGINT)
        process.wait(timeout=120)
        read += iter(lines.get, None)
    finally:
        if process.poll() is None:
            process.kill()
    out = "".join(read)
    assert process.returncode == 130, out
    progress = [line for line in read if line.startswith("[2/5] beto")][0]
    assert re.search(r"\d+:\d\d:\d\d elapsed, about \d+:\d\d:\d\d left$", progress), progress
    assert "Interrupted: summary.csv and report.html list the 2 of 5" in out
    kept = (interrupted / "ana.json").read_text(encoding="utf-8")
    assert [row["student"] for row in read_summary(interrupted)] == ["ana", "beto"]
    assert len(Tables((interrupted / "report.html").read_text(encoding="utf-8")).rows(
        "students", "student")) == 2

    # Run again: only the other three are graded.
    resumed = run(interrupted)
    assert resumed.returncode == 0, resumed.describe()
    assert "2 of the 5 submissions were graded before" in resumed.stdout
    graded = [line.split("]")[1].split(":")[0].strip() for line in resumed.stdout.splitlines()
              if line.startswith("[")]
    assert graded and sorted(graded) == ["carla", "dani", "eva"], resumed.stdout

    # The same as one run that was never stopped, but for the times.
    whole = tmp_path / "whole"
    assert run(whole).returncode == 0

    def without_times(output):
        return [{key: value for key, value in row.items() if key != "seconds"}
                for row in read_summary(output)]
    assert without_times(interrupted) == without_times(whole)
    assert [row["q1"] for row in read_summary(whole)] == ["6", "0", "6", "2", "6"]
    # Grades kept by the resumed run are left as they were, seconds and all.
    assert (interrupted / "ana.json").read_text(encoding="utf-8") == kept
    for student in ("ana", "carla"):  # graded with the same settings in separate runs
        first, second = [json.loads((output / (student + ".json")).read_text(encoding="utf-8"))
                         for output in (interrupted, whole)]
        assert (first["key"], first["settings"], first["points"]) == (
            second["key"], second["settings"], second["points"])


def test_a_report_of_an_older_kit_is_resumed_with_its_status_under_its_new_name(tmp_path):
    """Older kits called the status "completed" (graded to the end) "ok": a
    folder written by one resumes, its "ok" read as "completed"."""
    from grading.endings import Status
    assert Status.read("ok") is Status.read("completed") is Status.COMPLETED
    with pytest.raises(ValueError):
        Status.read("okay")  # no other name is guessed
    folder, output = class_of(tmp_path, ("ana", "beto"))
    run = _batch_of(folder, output)
    run()
    older = json.loads((output / "ana.json").read_text(encoding="utf-8"))
    assert older["status"] == older["questions"]["q1"]["status"] == "completed"
    older["status"] = older["questions"]["q1"]["status"] = "ok"  # as the older kit wrote it
    (output / "ana.json").write_text(json.dumps(older), encoding="utf-8")
    graded, said = run()
    assert graded == [] and "2 of the 2 submissions were graded before" in said[0], said
    assert "0 of them with an error" in said[0], said
    assert [row["status"] for row in read_summary(output)] == ["completed", "completed"]
    ana = json.loads((output / "ana.json").read_text(encoding="utf-8"))
    assert ana["status"] == ana["questions"]["q1"]["status"] == "completed"


# --------------------------------------------------------------------------
# A grader fault's row, and a report that cannot be written
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
