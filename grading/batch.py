"""Grade every submission in a folder: `python autograder.py --batch DIR`.

A submission is a folder (named after the student) holding a models.py, or a
single `.py` file (named after the student). Submissions are graded in
parallel, as many at a time as `jobs` (default: the number of cores); each
question of each submission runs in its own child process with its limits,
so one bad submission never stops the batch (without isolation, for
debugging the kit: one submission at a time, in this process). Writes, into
the output folder:

    summary.csv       student, points per question, total, seconds, status
    <student>.json    the same and each question's report text (the name made
                      safe for a file, with a number if two come out the same)

Stopped with Ctrl-C, it still writes summary.csv for what it had graded.
"""

import concurrent.futures
import csv
import io
import json
import os
import re
import time

import backend
from grading.results import summary


def find_submissions(folder):
    """[(student, path)] for every submission in `folder`, sorted by student.

    A student is named after the folder, or after the file without its .py.
    Names are unique: when a folder and a file would share one (`ana/` and
    `ana.py`), the folder keeps it and the file keeps its .py ("ana.py")."""
    entries = []  # (name, the entry's full name, path)
    for entry in sorted(os.listdir(folder)):
        path = os.path.join(folder, entry)
        if entry.startswith("."):
            continue
        if os.path.isdir(path):
            entries.append((entry, entry, path))
        elif entry.endswith(".py"):
            entries.append((entry[:-3], entry, path))
    folders = {name for name, full, path in entries if os.path.isdir(path)}
    found, taken = [], set()
    for name, full, path in entries:
        if name in folders and not os.path.isdir(path):
            name = full
        name = _unused(name, taken, "{} ({})")
        taken.add(name)
        found.append((name, path))
    return sorted(found)


def _unused(name, taken, pattern, fold=str):
    """`name`, or the first of pattern.format(name, 2), ... whose fold(...)
    is not in `taken`."""
    number, candidate = 1, name
    while fold(candidate) in taken:
        number += 1
        candidate = pattern.format(name, number)
    return candidate


def grade_batch(folder, questions, options, output, jobs=None, grade=None, log=print):
    """Grade every submission in `folder`; write summary.csv and one JSON per
    student into `output`; return the list of summaries."""
    from grading import engine, sandbox, sealing
    from grading.messages import say
    from grading.submissions import find_submission
    grade = grade or engine.grade
    submissions = find_submissions(folder)
    files = _report_files([student for student, _ in submissions])
    if not options.isolate:  # in-process grading shares sys.modules: one at a time
        if jobs and jobs > 1:
            log(say("Without isolation, submissions are graded one at a time, in this process "
                    "(--jobs is ignored)."))
        jobs = 1
    jobs = jobs or os.cpu_count() or 1
    os.makedirs(output, exist_ok=True)
    sandbox.STOP.clear()  # a batch interrupted before in this process left it set

    def one(student, path):
        start = time.perf_counter()
        report = io.StringIO()
        mine = engine.GradeOptions(seed=options.seed, isolate=options.isolate,
                                       mute=options.mute, time_limit=options.time_limit,
                                       memory_limit=options.memory_limit,
                                       single_thread=jobs > 1,
                                       attempts=options.attempts,
                                       time_budget=options.time_budget,
                                       seal=options.seal)
        try:
            mine.models_path, notes = find_submission(path)
        except FileNotFoundError as error:
            return _missing(student, path, questions, str(error))
        if mine.seal is not None:
            report.write(sealing.describe(mine.seal) + "\n")
        for note in notes:
            report.write(note + "\n")
        tracker = grade(questions, mine, out=report)
        result = summary(tracker, student, path, time.perf_counter() - start)
        result["report"] = report.getvalue()
        return result

    def safely(student, path):
        try:
            return one(student, path)
        except Exception as error:  # a bug in the grader must not cost the batch
            return _missing(student, path, questions, "{}: {}".format(
                type(error).__name__, error))

    results = []
    names = [name for name, _ in questions]
    graphics, backend.use_graphics = backend.use_graphics, False  # no plots in a batch
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=jobs)
    try:
        futures = {pool.submit(safely, student, path): student for student, path in submissions}
        for done, future in enumerate(concurrent.futures.as_completed(futures), start=1):
            result = future.result()
            results.append(result)
            _write_json(os.path.join(output, files[result["student"]]), result)
            log(say("[{done}/{count}] {student}: {points}/{max_points} ({status}, {seconds} s)",
                    done=done, count=len(submissions),
                    student=result["student"], points=result["points"],
                    max_points=result["max_points"], status=result["status"],
                    seconds=result["seconds"]))
    except KeyboardInterrupt:  # Ctrl-C: stop the running children, drop the rest
        sandbox.STOP.set()
        pool.shutdown(wait=True, cancel_futures=True)
        sandbox.STOP.clear()  # every child has stopped
        # What was graded before Ctrl-C keeps its row; what it stopped has none.
        _write_csv(os.path.join(output, "summary.csv"), sorted(
            results, key=lambda r: r["student"]), names)
        log(say("Interrupted: summary.csv lists the {done} of {count} submissions graded before "
                "Ctrl-C.", done=len(results), count=len(submissions)))
        raise
    finally:
        backend.use_graphics = graphics
    pool.shutdown()
    results.sort(key=lambda r: r["student"])
    _write_csv(os.path.join(output, "summary.csv"), results, names)
    return results


def _missing(student, path, questions, message):
    return {"student": student, "submission": path, "points": 0,
            "max_points": sum(q.points for _, q in questions), "status": "crash",
            "seconds": 0.0, "report": message,
            "questions": {name: {"points": 0, "max_points": q.points, "status": "crash",
                                 "seconds": None, "output": message}
                          for name, q in questions}}


def _safe_name(student):
    return re.sub(r"[^\w.-]+", "_", student) or "_"


def _report_files(students):
    """{student: the name of their JSON report}: the student's name made safe
    for a file name, and unique, even where case does not count (Windows,
    macOS). A name already safe keeps it; another that comes out the same
    gets a number: "ana b" beside "ana_b" gets "ana_b-2.json"."""
    files, taken = {}, set()
    safe_first = sorted(students, key=lambda student: _safe_name(student) != student)
    for student in safe_first:
        name = _unused(_safe_name(student), taken, "{}-{}", fold=str.lower)
        taken.add(name.lower())
        files[student] = name + ".json"
    return files


def _write_json(path, result):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False, indent=2)


def _write_csv(path, results, names):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["student", *names, "total", "max", "seconds", "status"])
        for r in results:
            writer.writerow([r["student"], *(r["questions"][n]["points"] for n in names),
                             r["points"], r["max_points"], r["seconds"], r["status"]])
