"""Machine-readable reports of a grading run: a JSON summary per student (for
batch grading) and Gradescope's results.json (its format: Gradescope's autograder
specification)."""

import json
import os
import socket

from grading.endings import STATUS_OF, Status


def write_whole(path, write, newline=None):
    """Write the file `path` whole or not at all: `write(f)` writes into a
    temporary file beside it (PATH.HOST-PID.part, this process's own, so that
    shards of a batch on several machines never write into one), which is
    then renamed over it (the batch's JSONs, summary.csv, report.html and
    similarity.csv)."""
    temporary = "{}.{}-{}.part".format(path, socket.gethostname(), os.getpid())
    try:
        with open(temporary, "w", encoding="utf-8", newline=newline) as f:
            write(f)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.remove(temporary)
        except OSError:
            pass
        raise


def question_status(run):
    """The Status of one question's run (None: not run, so nothing went wrong)."""
    return Status.COMPLETED if run is None else STATUS_OF[run.status]


def summary(tracker, student=None, submission=None, seconds=None):
    """A dict with everything about one graded submission."""
    questions = {}
    for name, maximum in tracker.maxes.items():
        run = tracker.runs.get(name)
        questions[name] = {
            "points": tracker.points[name],
            "max_points": maximum,
            "status": question_status(run).value,
            "seconds": round(run.seconds, 2) if run else None,
            "attempts": getattr(run, "attempts", []) if run else [],
            "mistakes": getattr(run, "mistakes", []) if run else [],
            "output": "\n".join(tracker.notes[name]).strip("\n"),
        }
    statuses = [Status(q["status"]) for q in questions.values()]
    earned, possible = tracker.total()
    return {
        "student": student,
        "submission": submission,
        "points": earned,
        "max_points": possible,
        "status": Status.worst(statuses).value,
        "seconds": round(seconds, 2) if seconds is not None else None,
        "questions": questions,
    }


def gradescope_results(tracker, seconds):
    """Gradescope's results.json as a dict: one test per question."""
    from grading import mistakes
    from grading.report import say
    tests = []
    for number, (name, maximum) in enumerate(tracker.maxes.items(), start=1):
        run, diagnosis = tracker.runs.get(name), []
        for entry in getattr(run, "mistakes", None) or []:  # as --feedback says it
            what, attempt = mistakes.explain(entry["code"])
            diagnosis += [say("What went wrong: {what}.", what=what),
                          say("What to try: {attempt}", attempt=attempt)]
        tests.append({
            "name": "Question {}".format(name),
            "number": str(number),
            "score": float(tracker.points[name]),
            "max_score": float(maximum),
            "output": "\n".join(diagnosis + tracker.notes[name]).strip("\n"),
            "visibility": "visible",
            "tags": [name],
        })
    earned, possible = tracker.total()
    return {
        "score": float(earned),
        "execution_time": round(float(seconds), 2),
        "output": "Total: {}/{}".format(earned, possible),
        "visibility": "visible",
        "stdout_visibility": "visible",
        "tests": tests,
    }


GRADESCOPE_RESULTS = "/autograder/results"


def write_gradescope_results(tracker, seconds, folder=None):
    """Write results.json into Gradescope's results folder when it exists, else
    into the current folder; return its path."""
    if folder is None:
        folder = GRADESCOPE_RESULTS if os.path.isdir(GRADESCOPE_RESULTS) else os.getcwd()
    path = os.path.join(folder, "results.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(gradescope_results(tracker, seconds), f, ensure_ascii=False, indent=2)
    return path
