"""Grade every submission in a folder: `python autograder.py --batch DIR`.

A submission is a folder (named after the student) holding a models.py, or a
single `.py` file (named after the student). Submissions are graded in
parallel, as many at a time as `jobs` (default: the number of cores); each
question of each submission runs in its own child process with its limits,
so one bad submission never stops the batch. Writes, into the output folder:

    summary.csv       student, points per question, total, seconds, status
    <student>.json    the same and each question's report text
"""

import concurrent.futures
import csv
import io
import json
import os
import re
import time

from grading.reports import summary


def find_submissions(folder):
    """[(student, path)] for every submission in `folder`, sorted by student."""
    found = []
    for entry in sorted(os.listdir(folder)):
        path = os.path.join(folder, entry)
        if entry.startswith("."):
            continue
        if os.path.isdir(path):
            found.append((entry, path))
        elif entry.endswith(".py"):
            found.append((entry[:-3], path))
    return found


def grade_batch(folder, questions, options, output, jobs=None, grade=None, log=print):
    """Grade every submission in `folder`; write summary.csv and one JSON per
    student into `output`; return the list of summaries."""
    import autograder
    from grading.messages import say
    grade = grade or autograder.grade
    submissions = find_submissions(folder)
    jobs = jobs or os.cpu_count() or 1
    os.makedirs(output, exist_ok=True)

    def one(student, path):
        start = time.perf_counter()
        report = io.StringIO()
        mine = autograder.GradeOptions(seed=options.seed, time_limit=options.time_limit,
                                       memory_limit=options.memory_limit,
                                       single_thread=jobs > 1, mute=False,
                                       attempts=options.attempts,
                                       time_budget=options.time_budget)
        try:
            mine.models, notes = autograder.find_submission(path)
        except FileNotFoundError as error:
            return _missing(student, path, questions, str(error))
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
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=jobs)
    try:
        futures = {pool.submit(safely, student, path): student for student, path in submissions}
        for done, future in enumerate(concurrent.futures.as_completed(futures), start=1):
            result = future.result()
            results.append(result)
            _write_json(output, result)
            log(say("batch_progress", done=done, count=len(submissions),
                    student=result["student"], points=result["points"],
                    max_points=result["max_points"], status=result["status"],
                    seconds=result["seconds"]))
    except KeyboardInterrupt:  # Ctrl-C: stop the running children, drop the rest
        from grading import sandbox
        sandbox.STOP.set()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown()
    results.sort(key=lambda r: r["student"])
    _write_csv(os.path.join(output, "summary.csv"), results, [name for name, _ in questions])
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


def _write_json(folder, result):
    path = os.path.join(folder, _safe_name(result["student"]) + ".json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False, indent=2)


def _write_csv(path, results, names):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["student", *names, "total", "max", "seconds", "status"])
        for r in results:
            writer.writerow([r["student"], *(r["questions"][n]["points"] for n in names),
                             r["points"], r["max_points"], r["seconds"], r["status"]])
