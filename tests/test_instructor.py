"""What instructors run: batch grading, Gradescope's results.json, the
packages they hand out and upload."""

import csv
import json
import subprocess
import sys
import tarfile
import zipfile

import pytest

import hostile
import kit
from batches import class_of, fake_grade, read_summary
from grading import engine

# --------------------------------------------------------------------------
# --batch
# --------------------------------------------------------------------------


@pytest.fixture
def batch_folder(tmp_path, reference_source, skeleton_source):
    """A folder mixing the reference, the skeleton and corpus entries, as
    folders and as single files."""
    folder = tmp_path / "entregas"
    folder.mkdir()
    (folder / "ana").mkdir()
    (folder / "ana" / "models.py").write_text(reference_source, encoding="utf-8")
    (folder / "ana" / "nn.py").write_text("# changed\n")
    (folder / "beto.py").write_text(skeleton_source, encoding="utf-8")
    for student, name in (("carla", "os_exit_in_train"), ("dani", "syntax_error"),
                          ("eva", "infinite_loop")):
        entry = next(e for e in hostile.CORPUS if e.name == name)
        (folder / (student + ".py")).write_text(entry.source(), encoding="utf-8")
    (folder / "fede").mkdir()  # a folder without models.py
    (folder / ".DS_Store").write_text("")
    return folder


@pytest.mark.slow
def test_batch_grades_every_submission_and_one_bad_one_stops_nothing(make_kit, reference_source,
                                                                     batch_folder, tmp_path):
    output = tmp_path / "notas"
    result = kit.run_grader(make_kit(reference_source), "--batch", str(batch_folder),
                            "--batch-output", str(output), "-q", "q2", "--time-limit", "20",
                            "--jobs", "2", timeout=600)
    assert result.returncode == 0, result.describe()
    with open(output / "summary.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [row["student"] for row in rows] == ["ana", "beto", "carla", "dani", "eva", "fede"]
    got = {row["student"]: (row["q2"], row["total"], row["max"], row["status"]) for row in rows}
    assert got == {
        "ana": ("6", "6", "6", "completed"),
        "beto": ("0", "0", "6", "completed"),  # the skeleton: no crash, no points
        "carla": ("2", "2", "6", "crash"),    # os._exit in train after the structural points
        "dani": ("0", "0", "6", "error"),     # a syntax error
        "eva": ("6", "6", "6", "completed"),  # its endless loop is in q1, not graded here
        "fede": ("0", "0", "6", "crash"),     # nothing to grade
    }
    for row in rows:
        assert float(row["seconds"]) >= 0
    ana = json.loads((output / "ana.json").read_text(encoding="utf-8"))
    assert ana["points"] == 6 and ana["questions"]["q2"]["status"] == "completed"
    assert "Your final loss is:" in ana["questions"]["q2"]["output"]
    assert "nn.py differs from the kit's" in ana["report"]
    carla = json.loads((output / "carla.json").read_text(encoding="utf-8"))
    assert "Your code ended its process" in carla["questions"]["q2"]["output"]
    fede = json.loads((output / "fede.json").read_text(encoding="utf-8"))
    assert "No models.py at" in fede["report"]
    assert "[6/6]" in result.stdout and "summary.csv" in result.stdout


@pytest.mark.slow
def test_batch_reports_a_timeout(make_kit, reference_source, tmp_path):
    folder = tmp_path / "entregas"
    folder.mkdir()
    entry = next(e for e in hostile.CORPUS if e.name == "infinite_loop")
    (folder / "eva.py").write_text(entry.source(), encoding="utf-8")
    output = tmp_path / "notas"
    result = kit.run_grader(make_kit(reference_source), "--batch", str(folder), "--batch-output",
                            str(output), "-q", "q1", "--time-limit", "3", timeout=120)
    assert result.returncode == 0, result.describe()
    row = next(csv.DictReader(open(output / "summary.csv", encoding="utf-8")))
    assert (row["q1"], row["status"]) == ("2", "timeout")


def test_batch_of_a_missing_folder_is_refused(make_kit, reference_source, tmp_path):
    result = kit.run_grader(make_kit(reference_source), "--batch", str(tmp_path / "nope"))
    assert result.returncode == 2
    assert "is not a folder. --batch takes a folder" in result.stderr


# --------------------------------------------------------------------------
# Gradescope
# --------------------------------------------------------------------------

def test_gradescope_results_json_has_the_fields_and_adds_up(make_kit, tmp_path):
    source = hostile.CORPUS[0].source()  # sys.exit in the regression's train: q2 2/6
    folder = make_kit(source)
    result = kit.run_grader(folder, "--gradescope-output", "--layout", "nn_student", "-q", "q1")
    assert result.returncode == 0, result.describe()
    results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    assert set(results) >= {"score", "execution_time", "output", "visibility",
                            "stdout_visibility", "tests"}
    assert isinstance(results["score"], float) and isinstance(results["execution_time"], float)
    visibilities = {"hidden", "after_due_date", "after_published", "visible"}
    assert results["visibility"] in visibilities
    assert results["stdout_visibility"] in visibilities
    for test in results["tests"]:
        assert set(test) >= {"name", "score", "max_score", "output", "visibility"}
        assert isinstance(test["score"], float) and isinstance(test["max_score"], float)
        assert isinstance(test["name"], str) and isinstance(test["output"], str)
        assert test["visibility"] in visibilities
    assert [(t["name"], t["score"], t["max_score"]) for t in results["tests"]] == [
        ("Question q1", 2.0, 6.0)]
    assert sum(t["score"] for t in results["tests"]) == results["score"]
    assert "Your code called sys.exit(0)" in results["tests"][0]["output"]


def test_the_gradescope_folder_runs_the_grader_on_the_submission():
    script = (kit.ROOT / "gradescope" / "run_autograder").read_text()
    assert "--submission /autograder/submission" in script and "--gradescope-output" in script
    setup = (kit.ROOT / "gradescope" / "setup.sh").read_text()
    assert "requirements.txt" in setup
    for name in ("run_autograder", "setup.sh"):
        assert (kit.ROOT / "gradescope" / name).stat().st_mode & 0o111, name + " not executable"
        subprocess.run(["bash", "-n", str(kit.ROOT / "gradescope" / name)], check=True)


@pytest.mark.slow
def test_the_gradescope_zip_holds_the_kit_without_the_solution(tmp_path, reference_source):
    path = tmp_path / "autograder.zip"
    subprocess.run([sys.executable, "autograder.py", "--make-gradescope-zip", str(path),
                    "--layout", "nn_student"], cwd=str(kit.ROOT), check=True,
                   capture_output=True)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert {"setup.sh", "run_autograder", "autograder.py", "nn.py", "backend.py",
                "requirements.txt", "data/mnist.npz", "grading/runner.py"} <= set(names)
        assert "models.py" not in names
        assert 'DEFAULT_LAYOUT = "nn_student"' in archive.read("autograder.py").decode()
        assert archive.getinfo("run_autograder").external_attr >> 16 & 0o111
    # Unpacked as Gradescope would, it grades a submission folder.
    source = tmp_path / "source"
    zipfile.ZipFile(path).extractall(source)
    submission = tmp_path / "submission"
    submission.mkdir()
    (submission / "models.py").write_text(reference_source, encoding="utf-8")
    result = subprocess.run([sys.executable, "autograder.py", "--submission", str(submission),
                             "--no-graphics", "--gradescope-output", "-q", "q1"],
                            cwd=str(source), env=kit.grader_environment(), capture_output=True,
                            text=True, encoding="utf-8", timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads((source / "results.json").read_text())["score"] == 6.0


# --------------------------------------------------------------------------
# The students' kit
# --------------------------------------------------------------------------

@pytest.mark.parametrize("name, layout, questions", [
    ("machinelearning.tar.gz", "proyecto3b", ["q1", "q2", "q3"]),
    ("nn_student.tar.gz", "nn_student", ["q1", "q2"]),
])
@pytest.mark.slow
def test_the_student_kit_grades_0_as_given_and_full_marks_solved(tmp_path, reference_source,
                                                                 name, layout, questions):
    path = tmp_path / name
    made = subprocess.run([sys.executable, "autograder.py", "--make-student-kit", str(path),
                           "--layout", layout], cwd=str(kit.ROOT), capture_output=True,
                          text=True)
    assert made.returncode == 0, made.stderr
    top = name[:-len(".tar.gz")]
    with tarfile.open(path) as tar:
        names = tar.getnames()
        tar.extractall(tmp_path / "unpacked")
    assert all(n.startswith(top + "/") for n in names)
    kit_folder = tmp_path / "unpacked" / top
    for needed in ("models.py", "nn.py", "backend.py", "autograder.py", "README.md",
                   "requirements.txt", "data/mnist.npz", "grading/report.py"):
        assert (kit_folder / needed).is_file(), needed
    models = (kit_folder / "models.py").read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in models and '"*** YOUR CODE HERE ***"' in models
    assert "tests" not in {n.split("/")[1] for n in names}

    given = kit.run_grader(kit_folder, timeout=300)  # no --layout: the kit's own default
    assert given.returncode == 0, given.describe()
    assert given.report.points() == {q: 0 for q in questions}, given.describe()

    (kit_folder / "models.py").write_text(reference_source, encoding="utf-8")
    solved = kit.run_grader(kit_folder, timeout=300)
    assert solved.report.points() == {q: 6 for q in questions}, solved.describe()


# --------------------------------------------------------------------------
# --no-isolation, --mute and names in --batch; a batch after Ctrl-C
# --------------------------------------------------------------------------

def test_no_isolation_grades_the_submission_not_the_kits_models(make_kit, reference_source,
                                                                tmp_path):
    folder = make_kit(reference_source)  # the kit's own models.py earns 6/6
    submission = tmp_path / "entrega.py"
    submission.write_text(kit.wrong_model("perceptron_never_updates"), encoding="utf-8")
    result = kit.run_grader(folder, "--submission", str(submission), "--no-isolation",
                            "-q", "q1")
    assert result.returncode == 0, result.describe()
    assert result.report.points() == {"q1": 2}, result.describe()
    skeleton = tmp_path / "skeleton"
    skeleton.mkdir()
    (skeleton / "models.py").write_text(kit.skeleton_source(), encoding="utf-8")
    result = kit.run_grader(folder, "--submission", str(skeleton), "--no-isolation", "-q", "q1")
    assert result.report.points() == {"q1": 0}, result.describe()


def test_no_isolation_restores_the_models_module(tmp_path, monkeypatch):
    import io

    import backend
    monkeypatch.setattr(backend, "use_graphics", False)
    submission = tmp_path / "models.py"
    submission.write_text(kit.wrong_model("perceptron_never_updates"), encoding="utf-8")
    before = sys.modules.get("models")
    options = engine.GradeOptions(models_path=str(submission), isolate=False)
    tracker = engine.grade(kit.questions("proyecto3b", "q1"), options,
                               out=io.StringIO())
    assert tracker.points == {"q1": 2}
    assert sys.modules.get("models") is before
    assert not (tmp_path / "__pycache__").exists()  # the submission's folder is left as it was


def test_batch_passes_isolation_and_mute_on_and_grades_in_process_one_at_a_time(tmp_path):
    import threading
    import time

    from grading.batch import grade_batch
    folder, _ = class_of(tmp_path, ("ana", "beto", "carla"))
    calls, running, most = [], [0], [0]
    lock = threading.Lock()
    fake = fake_grade(calls=calls)

    def grade(questions, options, out=None):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.2)
        with lock:
            running[0] -= 1
        return fake(questions, options, out)

    options = engine.GradeOptions(isolate=False, mute=True, attempts=2)
    grade_batch(str(folder), kit.questions("proyecto3b", "q1"), options,
                str(tmp_path / "notas"), jobs=4, grade=grade, log=lambda *args: None)
    assert [(o.isolate, o.mute, o.attempts) for o, _ in calls] == [(False, True, 2)] * 3
    assert sorted(models for _, models in calls) == [
        str(folder / (student + ".py")) for student in ("ana", "beto", "carla")]
    assert most[0] == 1  # in-process grading shares sys.modules: one submission at a time


@pytest.mark.slow
def test_batch_with_mute_keeps_the_students_output_out_of_the_report(make_kit, reference_source,
                                                                     tmp_path):
    folder = tmp_path / "entregas"
    folder.mkdir()
    source = hostile.before(hostile.PERCEPTRON_INIT, "print('MARKER-7391')")(reference_source)
    (folder / "ana.py").write_text(source, encoding="utf-8")
    grader = make_kit(reference_source)
    for flags, shown in (((), True), (("--mute",), False)):  # the first: the control
        output = tmp_path / "notas{}".format(len(flags))
        result = kit.run_grader(grader, "--batch", str(folder), "--batch-output", str(output),
                                "-q", "q1", *flags, timeout=120)
        assert result.returncode == 0, result.describe()
        ana = json.loads((output / "ana.json").read_text(encoding="utf-8"))
        assert ana["points"] == 6, ana
        assert ("MARKER-7391" in json.dumps(ana)) == shown, (flags, ana)


def test_batch_with_no_isolation_grades_each_students_models(make_kit, skeleton_source,
                                                             reference_source, tmp_path):
    folder = tmp_path / "entregas"
    folder.mkdir()
    (folder / "ana").mkdir()
    (folder / "ana" / "models.py").write_text(reference_source, encoding="utf-8")
    (folder / "beto.py").write_text(kit.wrong_model("perceptron_never_updates"),
                                    encoding="utf-8")
    output = tmp_path / "notas"
    result = kit.run_grader(make_kit(skeleton_source), "--batch", str(folder), "--batch-output",
                            str(output), "-q", "q1", "--no-isolation", "--jobs", "2",
                            timeout=300)
    assert result.returncode == 0, result.describe()
    assert {row["student"]: row["q1"] for row in read_summary(output)} == {"ana": "6",
                                                                             "beto": "2"}
    for student in ("ana", "beto"):
        report = json.loads((output / (student + ".json")).read_text(encoding="utf-8"))
        attempts = report["questions"]["q1"]["attempts"]
        assert attempts and all(a["limit"] is None for a in attempts), report  # in-process


def test_a_batch_after_ctrl_c_still_grades(reference_source, tmp_path):
    import threading

    from grading.batch import grade_batch
    folder = tmp_path / "entregas"
    folder.mkdir()
    (folder / "ana.py").write_text(reference_source, encoding="utf-8")
    stopped = threading.Event()
    stopped.set()  # the options of a first batch interrupted with Ctrl-C, used again
    results = grade_batch(str(folder), kit.questions("proyecto3b", "q1"),
                          engine.GradeOptions(stop=stopped), str(tmp_path / "notas"),
                          log=lambda *args: None)
    assert [(r["student"], r["points"], r["max_points"], r["status"]) for r in results] == [
        ("ana", 6, 6, "completed")], results


def test_ctrl_c_in_a_batch_writes_the_summary_of_what_was_graded(tmp_path):
    from grading.batch import grade_batch
    folder, output = class_of(tmp_path, ("ana", "beto", "carla"))
    with pytest.raises(KeyboardInterrupt):
        grade_batch(str(folder), kit.questions("proyecto3b", "q1"),
                    engine.GradeOptions(), str(output), jobs=1,
                    grade=fake_grade(interrupt_on=2), log=lambda *args: None)
    assert [(row["student"], row["q1"]) for row in read_summary(output)] == [("ana", "6")]
    assert sorted(p.name for p in output.iterdir()) == ["ana.json", "mistakes.csv",
                                                         "report.html", "summary.csv"]


def test_batch_names_that_collide_keep_a_row_and_a_json_each(tmp_path):
    from grading.batch import grade_batch
    folder = tmp_path / "entregas"
    folder.mkdir()
    (folder / "ana").mkdir()
    (folder / "ana" / "models.py").write_text("# the folder\n")
    for name in ("ana.py", "ana b.py", "ana_b.py"):
        (folder / name).write_text("# {}\n".format(name))
    output = tmp_path / "notas"
    grade_batch(str(folder), kit.questions("proyecto3b", "q1"),
                engine.GradeOptions(), str(output), jobs=1, grade=fake_grade(),
                log=lambda *args: None)
    rows = read_summary(output)
    assert sorted(row["student"] for row in rows) == ["ana", "ana b", "ana.py", "ana_b"]
    reports = {}
    for path in output.glob("*.json"):
        report = json.loads(path.read_text(encoding="utf-8"))
        reports[report["student"]] = (path.name, report["submission"])
    assert sorted(reports) == ["ana", "ana b", "ana.py", "ana_b"]
    assert reports["ana"] == ("ana.json", str(folder / "ana"))
    assert reports["ana.py"][1] == str(folder / "ana.py")
    assert reports["ana_b"] == ("ana_b.json", str(folder / "ana_b.py"))  # its own name
    assert reports["ana b"][1] == str(folder / "ana b.py")
    assert len({name for name, _ in reports.values()}) == 4


@pytest.mark.parametrize("arguments, message", [
    (("--attempts", "0"), "--attempts must be 1 or more, not 0."),
    (("--jobs", "0"), "--jobs takes a number more than 0, not 0."),
    (("--time-limit", "-5"), "--time-limit takes a number more than 0, not -5."),
    (("--time-budget", "soon"), "--time-budget takes a number more than 0, not soon."),
    (("--memory-limit", "-1"), "--memory-limit takes a number, 0 or more, not -1."),
])
def test_an_option_out_of_its_range_is_refused_before_anything_runs(capsys, arguments, message):
    import autograder
    assert autograder.main(["--lang", "en", "-q", "q1", *arguments]) == 2
    err = capsys.readouterr().err
    assert message in err, err
    assert "Question q1" not in err


def test_the_options_reach_a_batch_whole(tmp_path):
    """Every field of GradeOptions reaches each submission's grading, but
    those a batch sets itself (one core per child, no plots, its own stop)."""
    import dataclasses

    from grading import seals
    from grading.batch import grade_batch
    folder, _ = class_of(tmp_path, ("ana",))
    calls = []
    given = engine.GradeOptions(seed=5, mute=True, time_limit=9.0, memory_limit=512,
                                attempts=3, time_budget=99.0, seal=seals.Seal("test"),
                                graphics=True, plots="plots")
    grade_batch(str(folder), kit.questions("proyecto3b", "q1"), given, str(tmp_path / "notas"),
                jobs=2, grade=fake_grade(calls=calls), log=lambda *args: None)
    (options, models), = calls
    assert models == str(folder / "ana.py")
    assert options.stop is not None and given.stop is None
    assert dataclasses.replace(options, models_path=None, stop=None) == dataclasses.replace(
        given, single_thread=True, graphics=False, plots=None)
