"""A class graded in shards (grading/shards.py): which students a
shard grades, --shard's values and errors in both languages, shards run one
after another into one folder, a shard killed and run again, --merge with a
shard missing, and the script of --make-slurm-script. tests/test_cluster.py
runs that script on a real Slurm."""

import csv
import html
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import unicodedata

import pytest

import example_batch
import kit
from grading import shards
from grading.shards import ShardError, parse_shard
from grading.submissions import select_shard, shard_of, shard_sizes

# --------------------------------------------------------------------------
# The split
# --------------------------------------------------------------------------


def test_a_students_shard_is_pinned_by_the_sha256_of_the_name():
    # The same on every machine and Python: these numbers must never change, or
    # shards started by two versions of the kit would grade a student twice or never.
    assert [shard_of(name, 3) for name in ("ana", "beto", "carla", "Núñez, José")] == \
        [2, 3, 2, 1]
    assert [shard_of(name, 10) for name in ("ana", "beto", "carla", "Núñez, José")] == \
        [9, 5, 4, 7]


def test_a_name_typed_on_macos_falls_in_the_same_shard():
    composed = "Núñez"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert all(shard_of(decomposed, n) == shard_of(composed, n) for n in range(1, 20))


def test_every_student_is_in_exactly_one_shard_and_a_newcomer_moves_nobody():
    students = ["student{:03d}".format(i) for i in range(600)]
    parts = [select_shard(students, k, 10) for k in range(1, 11)]
    assert sorted(student for part in parts for student in part) == sorted(students)
    late = students + ["aaron", "zoe"]  # late submissions
    for k in range(1, 11):
        assert [s for s in select_shard(late, k, 10) if s in students] == parts[k - 1]


def test_shards_are_roughly_even():
    sizes = shard_sizes(["student{:03d}".format(i) for i in range(600)], 10)
    assert sum(sizes) == 600
    assert 45 <= min(sizes) and max(sizes) <= 75, sizes  # 60 each on average


# --------------------------------------------------------------------------
# --shard's values
# --------------------------------------------------------------------------

SLURM_ARRAY = {"SLURM_ARRAY_TASK_ID": "7", "SLURM_ARRAY_TASK_MIN": "5",
               "SLURM_ARRAY_TASK_MAX": "8", "SLURM_ARRAY_TASK_COUNT": "4"}


@pytest.mark.parametrize("value, environ, expected", [
    ("2/5", {}, (2, 5)), (" 1 / 1 ", {}, (1, 1)), ("5/5", SLURM_ARRAY, (5, 5)),
    ("auto", SLURM_ARRAY, (3, 4)),
    ("AUTO", {"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_MIN": "1",
              "SLURM_ARRAY_TASK_MAX": "3"}, (1, 3)),
    ("auto/8", SLURM_ARRAY, (7, 8)),
    # A shard submitted again alone (sbatch --array=3) is still shard 3 of 8.
    ("auto/8", {"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_MIN": "3",
                "SLURM_ARRAY_TASK_MAX": "3", "SLURM_ARRAY_TASK_COUNT": "1"}, (3, 8)),
    ("auto/4", {"JOB_COMPLETION_INDEX": "0"}, (1, 4)),
    ("auto/4", {"JOB_COMPLETION_INDEX": "3"}, (4, 4)),
])
def test_shard_values(value, environ, expected):
    assert parse_shard(value, environ) == expected


@pytest.mark.parametrize("value, environ, message", [
    ("2", {}, 'not "2"'), ("a/b", {}, 'not "a/b"'), ("2/", {}, 'not "2/"'),
    ("-1/3", {}, 'not "-1/3"'), ("1/3/2", {}, 'not "1/3/2"'), ("", {}, 'not ""'),
    ("0/3", {}, "there is no shard 0 of 3; K goes from 1 to 3"),
    ("4/3", {}, "there is no shard 4 of 3"),
    ("1/0", {}, "there must be at least one shard"),
    ("auto/0", {"JOB_COMPLETION_INDEX": "0"}, "there must be at least one shard"),
    ("auto", {}, "no job runner's variable is set here"),
    ("auto/3", {}, "no job runner's variable is set here"),
    ("auto", {"JOB_COMPLETION_INDEX": "2"}, "write --shard auto/N, N the Job's completions"),
    ("auto/3", {"JOB_COMPLETION_INDEX": "3"}, "makes this shard 4, but there are 3 shards"),
    ("auto/3", {"SLURM_ARRAY_TASK_ID": "0"}, "number the Slurm array's tasks 1 to 3"),
    ("auto", {"SLURM_ARRAY_TASK_ID": "2"}, "not the array's extent"),
    ("auto", {"SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_MIN": "1",
              "SLURM_ARRAY_TASK_MAX": "5", "SLURM_ARRAY_TASK_COUNT": "3"},
     "not consecutive (3 tasks from 1 to 5)"),
    ("auto/3", {"SLURM_ARRAY_TASK_ID": "two"}, 'SLURM_ARRAY_TASK_ID is "two", not a whole'),
])
def test_shard_values_that_cannot_be_used_say_why(value, environ, message):
    with pytest.raises(ShardError, match=None) as caught:
        parse_shard(value, environ)
    assert message in str(caught.value)


def autograder(*arguments, env=None, timeout=300):
    """Run autograder.py with `arguments` in the kit's folder."""
    return subprocess.run([sys.executable, "autograder.py", *map(str, arguments)],
                          cwd=str(kit.ROOT), capture_output=True, text=True, timeout=timeout,
                          env=env, check=False)


def without_runner():
    return {name: value for name, value in os.environ.items()
            if not name.startswith("SLURM_") and name != "JOB_COMPLETION_INDEX"}


@pytest.mark.parametrize("value, english, spanish", [
    ("4/3", "--shard 4/3: there is no shard 4 of 3; K goes from 1 to 3.",
     "--shard 4/3: no existe la parte 4 de 3; K va de 1 a 3."),
    ("tres", '--shard takes K/N (shard K of N, K from 1 to N, e.g. 2/5), auto or auto/N',
     "--shard admite K/N (la parte K de N, K de 1 a N, p. ej. 2/5), auto o auto/N"),
    ("auto", "--shard auto: no job runner's variable is set here",
     "--shard auto: aquí no está definida ninguna variable de un gestor de trabajos"),
])
def test_the_command_line_refuses_a_bad_shard_in_both_languages(tmp_path, value, english,
                                                                 spanish):
    for language, expected in (("en", english), ("es", spanish)):
        done = autograder("--batch", tmp_path, "--batch-output", tmp_path / "out", "--shard",
                          value, "--lang", language, env=without_runner())
        assert done.returncode == 2, done
        assert expected in done.stderr, done.stderr
        assert "Traceback" not in done.stderr and not (tmp_path / "out").exists()


def test_shard_merge_and_slurm_script_need_batch_and_go_one_at_a_time(tmp_path):
    done = autograder("--shard", "1/2", "--lang", "en")
    assert done.returncode == 2 and "work with --batch DIR" in done.stderr, done
    done = autograder("--batch", tmp_path, "--shard", "1/2", "--merge", "--lang", "en")
    assert done.returncode == 2 and "go one at a time" in done.stderr, done


# --------------------------------------------------------------------------
# The example batch in shards, against one --batch
# --------------------------------------------------------------------------

# The example batch's first question, one attempt, 10 s a question (the endless loop).
GRADING = ["-q", "q1", "--attempts", "1", "--time-limit", "10", "--lang", "en"]


def read_grades(path):
    """summary.csv's rows, without the seconds each took."""
    with open(str(path), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        del row["seconds"]
    return rows


def shard_students(k, n):
    return sorted(select_shard(list(example_batch.submissions()), k, n))


def graded_students(output):
    return sorted(json.loads(path.read_text(encoding="utf-8"))["student"]
                  for path in output.glob("*.json"))


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """The example batch, graded once by one --batch (folder `single`) and
    once by its 3 shards one after another (folder `sharded`, no merge)."""
    root = tmp_path_factory.mktemp("shards")
    batch = root / "entregas"
    example_batch.write(str(batch))
    done = autograder("--batch", batch, "--batch-output", root / "single", "--jobs", "2",
                      *GRADING)
    assert done.returncode == 0, done.stderr
    said = []
    for k in (1, 2, 3):
        done = autograder("--batch", batch, "--batch-output", root / "sharded", "--jobs", "2",
                          "--shard", "{}/3".format(k), *GRADING)
        assert done.returncode == 0, done.stderr
        said.append(done.stdout)
    return batch, root / "single", root / "sharded", said


@pytest.mark.slow
def test_three_shards_one_after_another_give_the_summary_of_one_batch(example):
    _, single, sharded, said = example
    assert all(shard_students(k, 3) for k in (1, 2, 3))  # none is empty
    assert read_grades(sharded / "summary.csv") == read_grades(single / "summary.csv")
    assert (sharded / "mistakes.csv").read_text(encoding="utf-8") == (
        single / "mistakes.csv").read_text(encoding="utf-8")
    # Each shard graded its own students only: its progress lines name them.
    for k in (1, 2, 3):
        progress = sorted(line.split("] ", 1)[1].split(": ")[0]
                          for line in said[k - 1].splitlines() if line.startswith("["))
        assert progress == shard_students(k, 3), said[k - 1]
        assert "Shard {} of 3.".format(k) in said[k - 1]
    assert not list(sharded.glob("*.part"))


@pytest.mark.slow
def test_merge_with_a_shard_missing_lists_its_students_as_not_graded(example, tmp_path):
    batch, single, sharded, _ = example
    output = tmp_path / "grades"
    shutil.copytree(str(sharded), str(output))
    missing = shard_students(2, 3)
    for path in output.glob("*.json"):
        if json.loads(path.read_text(encoding="utf-8"))["student"] in missing:
            path.unlink()
    done = autograder("--batch", batch, "--batch-output", output, "--merge", "--shards", "3",
                      *GRADING)
    assert done.returncode == 1, done
    count = len(example_batch.submissions())
    assert "Merged the reports in {}: {} of {} submissions graded.".format(
        output, count - len(missing), count) in done.stdout, done.stdout
    assert "They are in shards 2 of 3: run those again" in done.stdout, done.stdout
    # Not counted as zero: summary.csv holds the other shards' rows as one batch wrote them.
    assert read_grades(output / "summary.csv") == [
        row for row in read_grades(single / "summary.csv") if row["student"] not in missing]
    with open(str(output / "not_graded.csv"), encoding="utf-8") as f:
        listed = list(csv.DictReader(f))
    assert sorted(row["student"] for row in listed) == missing
    assert {(row["shard"], row["why"]) for row in listed} == {("2", "no report yet")}
    page = (output / "report.html").read_text(encoding="utf-8")
    assert "{} submissions from".format(count - len(missing)) in page
    assert "{} submissions have no grade yet and are not counted on this page (see " \
        "not_graded.csv): {}.".format(len(missing), html.escape(", ".join(missing))) in page
    # Shard 2 run now, the merge has every student, and not_graded.csv goes.
    done = autograder("--batch", batch, "--batch-output", output, "--shard", "2/3", *GRADING)
    assert done.returncode == 0, done.stderr
    done = autograder("--batch", batch, "--batch-output", output, "--merge", *GRADING)
    assert done.returncode == 0, done
    assert read_grades(output / "summary.csv") == read_grades(single / "summary.csv")
    assert not (output / "not_graded.csv").exists()


@pytest.mark.slow
def test_merge_does_not_count_a_report_of_other_code_or_other_settings(example, tmp_path):
    batch, single, sharded, _ = example
    sharded = tmp_path / "grades"
    shutil.copytree(str(example[2]), str(sharded))
    changed = tmp_path / "entregas"
    shutil.copytree(str(batch), str(changed))
    with open(str(changed / "ana" / "models.py"), "a", encoding="utf-8") as f:
        f.write("# handed in again\n")
    older = sharded / "syntax_error.json"  # as a shard of an earlier kit would have left it
    report = json.loads(older.read_text(encoding="utf-8"))
    report["settings"]["kit"], report["key"] = "0" * 64, "1" * 64
    older.write_text(json.dumps(report), encoding="utf-8")
    done = autograder("--batch", changed, "--batch-output", sharded, "--merge", *GRADING,
                      "--seed", "1")
    assert done.returncode == 1
    with open(str(sharded / "not_graded.csv"), encoding="utf-8") as f:
        why = {row["student"]: row["why"] for row in csv.DictReader(f)}
    assert why["ana"] == "models.py changed since it was graded"
    assert why["alt_solution"] == "graded with other settings (seed)"
    assert why["syntax_error"] == "graded by another version of the kit"
    # Merged again with the shards' settings, only the older report is left out.
    done = autograder("--batch", batch, "--batch-output", sharded, "--merge", *GRADING)
    assert done.returncode == 1, done
    assert read_grades(sharded / "summary.csv") == [
        row for row in read_grades(single / "summary.csv") if row["student"] != "syntax_error"]


@pytest.mark.slow
def test_a_shard_killed_halfway_and_run_again_grades_the_rest(example, tmp_path):
    batch, single, _, _ = example
    output = tmp_path / "grades"
    mine = shard_students(1, 3)
    command = [sys.executable, "autograder.py", "--batch", str(batch), "--batch-output",
               str(output), "--jobs", "1", "--shard", "1/3", *GRADING]
    process = subprocess.Popen(command, cwd=str(kit.ROOT), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while len(list(output.glob("*.json"))) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        os.killpg(process.pid, signal.SIGKILL)  # as a cluster kills a job out of time
        process.wait(30)
    written = list(output.glob("*.json"))
    assert 2 <= len(written) < len(mine), written
    # What it graded is kept, but for a crash or a time-out (graded again, as --batch does).
    before = {path.name: path.stat().st_mtime_ns for path in written
              if json.loads(path.read_text(encoding="utf-8"))["status"] in ("completed", "error")}
    done = subprocess.run(command, cwd=str(kit.ROOT), capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert "{} of the {} submissions were graded before".format(len(before), len(mine)) in \
        done.stdout, done.stdout
    assert done.stdout.count("\n[") == len(mine) - len(before), done.stdout
    assert graded_students(output) == mine
    for name, mtime in before.items():  # kept, not graded again
        assert (output / name).stat().st_mtime_ns == mtime, name
    assert read_grades(output / "summary.csv") == [
        row for row in read_grades(single / "summary.csv") if row["student"] in mine]


# --------------------------------------------------------------------------
# --make-slurm-script
# --------------------------------------------------------------------------


def test_slurm_times():
    assert shards.slurm_time(1) == "0-00:01:00"
    assert shards.slurm_time(60) == "0-00:01:00"
    assert shards.slurm_time(61) == "0-00:02:00"
    assert shards.slurm_time(26 * 3600 + 59) == "1-02:01:00"
    # 7 submissions, 2 at once: 4 rounds of at most 100 s, and the margin.
    assert shards.shard_time(7, 2, 100.0) == 400.0 + shards.MARGIN


def test_the_slurm_script_holds_the_shards_and_the_merge_after_them(tmp_path):
    students = ["student{:02d}".format(i) for i in range(40)]
    largest = max(shard_sizes(students, 4))
    path = tmp_path / "grade.sh"
    text = shards.make_slurm_script(str(path), "/data/entregas", "/data/notas", students, 4,
                                    per_submission=300.0, cpus=3, partition="short",
                                    memory_mb=2048, grade_arguments=["--seed", "0"],
                                    merge_arguments=["--seed", "0", "--similarity"],
                                    python="/opt/py/bin/python", kit="/opt/kit")
    assert path.read_text(encoding="utf-8") == text and os.access(str(path), os.X_OK)
    assert subprocess.run(["bash", "-n", str(path)], check=False).returncode == 0
    lines = text.splitlines()
    shard_job = lines[lines.index("SHARD") - 20:lines.index("SHARD")]
    assert 'tasks="${1:-1-4}"' in lines
    assert "#SBATCH --cpus-per-task=3" in shard_job and "#SBATCH --partition=short" in shard_job
    assert "#SBATCH --mem-per-cpu={}M".format(2048 + 171) in shard_job
    assert "#SBATCH --time={}".format(shards.slurm_time(
        -(-largest // 3) * 300.0 + shards.MARGIN)) in shard_job
    assert ("exec /opt/py/bin/python autograder.py --batch /data/entregas --batch-output "
            "/data/notas --shard auto/4 --jobs \"${SLURM_CPUS_PER_TASK:-3}\" --seed 0"
            ) in shard_job
    assert "cd /opt/kit" in shard_job
    assert 'merge=$(sbatch --parsable --dependency=afterany:"$shards" <<\'MERGE\'' in lines
    assert ("exec /opt/py/bin/python autograder.py --batch /data/entregas --batch-output "
            "/data/notas --shards 4 --merge --seed 0 --similarity") in lines


def test_the_slurm_script_quotes_paths_with_spaces(tmp_path):
    path = tmp_path / "grade.sh"
    text = shards.make_slurm_script(str(path), "/data/mis entregas", "/data/it's", ["ana"], 1,
                                    per_submission=60.0, python="/usr/bin/python3",
                                    kit="/opt/the kit")
    assert "cd '/opt/the kit'" in text
    assert "--batch '/data/mis entregas' --batch-output '/data/it'\"'\"'s'" in text
    assert subprocess.run(["bash", "-n", str(path)], check=False).returncode == 0


def test_make_slurm_script_from_the_command_line(tmp_path):
    batch = tmp_path / "entregas"
    example_batch.write(str(batch))
    script = tmp_path / "grade.sh"
    done = autograder("--batch", batch, "--make-slurm-script", script, "--shards", "3",
                      "--jobs", "2", "--seed", "5", "--lang", "es")
    assert done.returncode == 0, done.stderr
    sizes = shard_sizes(list(example_batch.submissions()), 3)
    assert "Escrito {}: 3 partes de {} a {} entregas, 2 a la vez".format(
        script, min(sizes), max(sizes)) in done.stdout, done.stdout
    text = script.read_text(encoding="utf-8")
    # The settings that make a report's key are written out, the language included.
    assert ("--shard auto/3 --jobs \"${SLURM_CPUS_PER_TASK:-2}\" --layout proyecto3b --lang es "
            "--seed 5 --memory-limit 2048 --attempts 2 --time-budget "
            + repr(float(sum(q.time_limit for _, q in kit.questions("proyecto3b"))))
            + " --sandbox auto") in text


@pytest.mark.slow
def test_shards_tidy_and_rename_only_their_own_students_reports(tmp_path):
    # Two shards start at once in a folder where a student left the class: only
    # the left student's own shard moves the report into removed/ (two shards
    # moving one file would stop the slower one).
    students = ["ana", "beto", "carla", "dani", "eva", "fede"]
    folder, output, run = shard_runner(tmp_path, students)
    for k in (1, 2):
        run((k, 2))
    assert graded_students(output) == students
    (folder / "ana.py").unlink()
    owner = shard_of("ana", 2)
    said = run((3 - owner, 2))
    assert (output / "ana.json").is_file() and not (output / "removed").exists(), said
    said = run((owner, 2))
    assert (output / "removed" / "ana.json").is_file(), said
    assert any("1 reports in" in line for line in said), said


def shard_runner(tmp_path, students):
    """(folder, output, run): a class of placeholder .py files for `students`,
    and run((K, N)), grading shard K of N with counting_grade (the log's lines)."""
    from grading.batch import grade_batch
    from grading.engine import GradeOptions
    folder, output = tmp_path / "entregas", tmp_path / "grades"
    folder.mkdir()
    for student in students:
        (folder / (student + ".py")).write_text("# {}\n".format(student))
    questions = kit.questions("proyecto3b", "q1")

    def run(shard):
        said = []
        grade_batch(str(folder), questions, GradeOptions(), str(output), jobs=1,
                    grade=counting_grade, log=said.append, shard=shard)
        return said
    return folder, output, run


def counting_grade(questions, options, out):
    """A grader that gives every question its points, without running anything."""
    from grading.report import Tracker
    tracker = Tracker([(name, q.points) for name, q in questions])
    for name, question in questions:
        tracker.points[name] = question.points
    return tracker


@pytest.mark.slow
def test_merge_with_similarity_compares_the_whole_class(example, tmp_path):
    pytest.importorskip("copydetect")
    batch, single, _, _ = example
    output = tmp_path / "grades"
    shutil.copytree(str(example[2]), str(output))
    done = autograder("--batch", batch, "--batch-output", output, "--merge", "--similarity",
                      *GRADING)
    assert done.returncode == 0, done
    with open(str(output / "similarity.csv"), encoding="utf-8") as f:
        pairs = {(row["student"], row["other"]) for row in csv.DictReader(f)}
    assert ("ana", "copy_of_ana") in pairs, pairs  # the disguised copy, across shards
    assert shard_of("ana", 3) != shard_of("copy_of_ana", 3)
    assert 'class="pair"' in (output / "report.html").read_text(encoding="utf-8")
    assert read_grades(output / "summary.csv") == read_grades(single / "summary.csv")


@pytest.mark.slow
def test_a_shards_progress_counts_its_own_students(tmp_path):
    # The [k/N] lines and the "graded before" line of a shard are about its own
    # students, not the other shards' reports already in the folder.
    students = ["ana", "beto", "carla", "dani", "eva", "fede", "gabi", "hugo"]
    _, output, run = shard_runner(tmp_path, students)
    run((1, 2))
    said = run((2, 2))
    own = len(select_shard(students, 2, 2))
    progress = [line for line in said if line.startswith("[")]
    assert len(progress) == own, said
    assert progress[-1].startswith("[{0}/{0}]".format(own)), said
    assert not any("graded before" in line for line in said), said
    with open(str(output / "summary.csv"), encoding="utf-8") as f:
        assert sorted(row["student"] for row in csv.DictReader(f)) == students  # both shards'
    said = run((2, 2))  # again: its own kept, the line counts them alone
    assert any(line.startswith("{0} of the {0} submissions were graded before".format(own))
               for line in said), said


def test_jobs_default_to_the_cores_this_process_may_use(monkeypatch):
    # Under Slurm (or in a container) a shard may use fewer cores than the node has.
    from grading import batch
    if hasattr(batch.os, "sched_getaffinity"):
        monkeypatch.setattr(batch.os, "sched_getaffinity", lambda pid: {0, 3})
        assert batch.cores() == 2
        monkeypatch.delattr(batch.os, "sched_getaffinity")
    monkeypatch.setattr(batch.os, "cpu_count", lambda: 7)
    assert batch.cores() == 7
