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
    report.html       the class at a glance (grading/html_report.py)

Each submission's JSON and summary.csv are written as soon as it is graded.
A batch run again on the same folder keeps the grades of the submissions
already graded with the same models.py, the same kit and the same options
(the JSON's `key`; beside it, the settings themselves and the SHA-256 of
models.py, so the log can say what changed), and grades only the rest;
`regrade` grades everything, after moving the earlier reports into
previous/ (a regrade stopped halfway resumes without `regrade`). Reports of
students no longer in the folder are moved into removed/; kept reports are
rewritten under their current file name.
A time-out or a crash is graded again even then: the machine may have caused
it (too many jobs, the host out of memory). Stopped with Ctrl-C, or by any
other exception, it stops the children and still writes summary.csv and
report.html for what it had graded; a write that fails meanwhile (a file
open elsewhere, a full disk) is tried again at the end.
"""

import collections
import concurrent.futures
import csv
import hashlib
import io
import json
import os
import re
import time

import backend
from grading import kitfiles
from grading.results import summary, write_whole


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


def grade_batch(folder, questions, options, output, jobs=None, grade=None, log=print,
                regrade=False, similar=None):
    """Grade every submission in `folder` not graded before (all of them if
    `regrade`); write summary.csv, one JSON per student and report.html into
    `output`; return the list of summaries. `similar`: the pairs of similar
    submissions for the report (grading/similarity.py), if they were compared."""
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
    for name in os.listdir(output):
        if name.endswith(".part"):  # left by a batch stopped while it wrote
            _remove(os.path.join(output, name))
    if similar is None:  # an earlier run's similarity.csv would not match this one
        _remove(os.path.join(output, "similarity.csv"))
    sandbox.STOP.clear()  # a batch interrupted before in this process left it set

    def one(student, path, stamp):
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
            return _missing(student, path, questions, str(error), stamp)
        if mine.seal is not None:
            report.write(sealing.describe(mine.seal) + "\n")
        for note in notes:
            report.write(note + "\n")
        tracker = grade(questions, mine, out=report)
        result = summary(tracker, student, path, time.perf_counter() - start)
        result["report"] = report.getvalue()
        result["notes"] = notes
        result.update(stamp)
        return result

    def safely(student, path, stamp):
        try:
            return one(student, path, stamp)
        except Exception as error:  # a bug in the grader must not cost the batch
            return _missing(student, path, questions, "{}: {}".format(
                type(error).__name__, error))  # no key: graded again next time

    settings = _settings(questions, options)
    earlier = _graded_before(output)  # {student: (file name, result)}
    current = dict(submissions)
    for student, (name, _) in earlier.items():  # the reports of students no longer there
        if student not in current:
            _move_aside(output, name, REMOVED)
    if earlier.keys() - current.keys():
        log(say("{count} reports in {folder} are of students no longer in {batch}: moved into "
                "{removed}.", count=len(earlier.keys() - current.keys()), folder=output,
                batch=folder, removed=os.path.join(output, REMOVED)))
    if regrade:  # set aside, so that a regrade stopped halfway resumes without --regrade
        for student in current.keys() & earlier.keys():
            _move_aside(output, earlier[student][0], PREVIOUS)
        earlier = {}
    results, to_grade, why = [], [], collections.Counter()
    for student, path in submissions:
        stamp = _stamp(path, settings)
        name, kept = earlier.get(student, (None, {}))
        # A time-out or a crash may be the machine's doing (too many --jobs, the host
        # out of memory), so it is graded again; an error is the code's own.
        if kept.get("key") == stamp["key"] and kept.get("status") in KEPT_STATUSES:
            results.append(kept)
        else:
            to_grade.append((student, path, stamp))
            if kept:
                why[_changed(kept, stamp)] += 1
        if name is not None and name != files[student]:  # renumbered, see _report_files
            _remove(os.path.join(output, name))
    for result in results:  # under the name each has now
        if result["student"] in earlier and earlier[result["student"]][0] != files[
                result["student"]]:
            _write_json(os.path.join(output, files[result["student"]]), result)
    if results:
        log(say("{kept} of the {count} submissions were graded before with the same models.py, "
                "kit and options: their grades are kept, {failed} of them with an error in the "
                "student's code (--regrade grades them again; a time-out or a crash is always "
                "graded again).", kept=len(results), count=len(submissions),
                failed=sum(1 for r in results if r["status"] != "ok")))
    for reason, count in sorted(why.items()):
        log(_regrade_reason(reason, count))
    names = [name for name, _ in questions]

    def write_summary():
        _write_csv(os.path.join(output, "summary.csv"),
                   sorted(results, key=lambda r: r["student"]), names)

    def write_report():
        from grading import html_report
        html_report.write_report(os.path.join(output, "report.html"),
                                 sorted(results, key=lambda r: r["student"]), questions,
                                 options, folder=folder, similar=similar)

    unsaved, warned = [], []  # results whose JSON could not be written yet; the warning

    def save(result=None):
        """Write `result`'s JSON and summary.csv; without one, summary.csv and
        report.html. What cannot be written is written again at the end."""
        try:
            if result is not None:
                _write_json(os.path.join(output, files[result["student"]]), result)
            write_summary()
            if result is None:
                write_report()
        except OSError as error:  # summary.csv open in a spreadsheet on Windows, a full disk
            if not warned:
                log(say("Could not write the grades into {folder} ({error}); grading goes on, "
                        "and they are written again at the end.", folder=output, error=error))
                warned.append(error)
            if result is not None:
                unsaved.append(result)

    def save_all():
        for result in unsaved:
            _write_json(os.path.join(output, files[result["student"]]), result)
        unsaved.clear()
        write_summary()
        write_report()

    save()  # from the start, an earlier run's summary.csv and report.html are replaced
    if regrade:
        rest = say("run the same command again without --regrade to grade the rest (with "
                   "--regrade it would start over)")
    else:
        rest = say("run the same command again to grade the rest")
    graphics, backend.use_graphics = backend.use_graphics, False  # no plots in a batch
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=jobs)
    start, futures = time.perf_counter(), []
    try:
        futures = [pool.submit(safely, *entry) for entry in to_grade]
        for graded, future in enumerate(concurrent.futures.as_completed(futures), start=1):
            result = future.result()
            results.append(result)
            save(result)
            elapsed = time.perf_counter() - start
            log(say("[{done}/{count}] {student}: {points}/{max_points} ({status}, {seconds} s); "
                    "{elapsed} elapsed, about {left} left",
                    done=len(results), count=len(submissions),
                    student=result["student"], points=result["points"],
                    max_points=result["max_points"], status=result["status"],
                    seconds=result["seconds"], elapsed=_clock(elapsed),
                    left=_clock(_time_left(results[-graded:], len(submissions) - len(results),
                                           jobs))))
    except BaseException as error:  # Ctrl-C, or anything else: stop the children, drop the rest
        sandbox.STOP.set()
        for future in futures:
            future.cancel()
        # What was graded before it keeps its row; what it stopped has none.
        try:
            save_all()
        except OSError as problem:
            log(say("Could not write the grades into {folder} ({error}).", folder=output,
                    error=problem))
        try:
            if isinstance(error, KeyboardInterrupt):
                log(say("Interrupted: summary.csv and report.html list the {done} of {count} "
                        "submissions graded before Ctrl-C; {rest}.", done=len(results),
                        count=len(submissions), rest=rest))
            else:
                log(say("The batch stopped ({error}): summary.csv and report.html list the "
                        "{done} of {count} submissions graded before; {rest}.", rest=rest,
                        done=len(results), count=len(submissions),
                        error="{}: {}".format(type(error).__name__, error)))
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            sandbox.STOP.clear()  # every child has stopped
        raise
    finally:
        backend.use_graphics = graphics
    pool.shutdown()
    save_all()
    results.sort(key=lambda r: r["student"])
    return results


# Kept by a batch run again (each a submission's worst question status);
# a time-out or a crash is graded again.
KEPT_STATUSES = ("ok", "error")


def _time_left(graded, left, jobs):
    """About how long the `left` submissions take, `jobs` at a time, at the
    pace of those `graded` in this run (the time each took)."""
    if not left:
        return 0.0
    mean = sum(r["seconds"] or 0.0 for r in graded) / len(graded)
    return mean * left / min(jobs, left)


def _clock(seconds):
    """`seconds` as H:MM:SS."""
    seconds = int(round(seconds))
    return "{}:{:02d}:{:02d}".format(seconds // 3600, seconds // 60 % 60, seconds % 60)


def _settings(questions, options):
    """What, besides models.py, decides a submission's grade and report: the
    kit, the questions and the grading options."""
    from grading.messages import language
    return {"questions": [[name, q.key, q.points, q.time_limit] for name, q in questions],
            "seed": options.seed, "attempts": options.attempts,
            "time_limit": options.time_limit, "time_budget": options.time_budget,
            "memory_limit": options.memory_limit, "mute": options.mute,
            "isolate": options.isolate, "language": language(),
            "sandbox": options.seal.mode if options.seal is not None else None,
            "kit": kit_sum()}


# The grading package's modules that only show grades, never make them.
SHOWING_ONLY = ("html_report.py", "similarity.py")


def kit_sum():
    """The SHA-256 of the kit's code and of its data's checksums: a changed
    kit grades every submission again."""
    grading = os.path.join(kitfiles.KIT, kitfiles.PACKAGE)
    names = list(kitfiles.CODE) + sorted(
        os.path.join(kitfiles.PACKAGE, name) for name in os.listdir(grading)
        if name.endswith(".py") and name not in SHOWING_ONLY) + [
            os.path.join("data", kitfiles.SUMS)]
    digest = hashlib.sha256()
    for name in names:
        digest.update(name.encode("utf-8") + b"\0")
        path = os.path.join(kitfiles.KIT, name)
        if os.path.isfile(path):
            with open(path, "rb") as f:
                digest.update(hashlib.sha256(f.read()).digest())
    return digest.hexdigest()


def _stamp(path, settings):
    """What a submission's grade depends on, kept in its JSON: the SHA-256 of
    its models.py, the settings (_settings), and `key`, one SHA-256 of both."""
    from grading.submissions import find_submission
    try:
        models, _ = find_submission(path)
        with open(models, "rb") as f:
            models = hashlib.sha256(f.read()).hexdigest()
    except (FileNotFoundError, OSError):
        models = None
    text = json.dumps({"models.py": models, "settings": settings}, sort_keys=True)
    return {"key": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "models_sha256": models, "settings": settings}


def _changed(kept, stamp):
    """Why a submission graded before (`kept`, its result) is graded again:
    "older", "models.py", "status" or the names of the settings that
    changed ("kit" among them)."""
    if not isinstance(kept.get("settings"), dict):
        return "older"  # written before the JSON held its settings
    if kept.get("models_sha256") != stamp["models_sha256"]:
        return "models.py"
    names = sorted(name for name in stamp["settings"]
                   if kept["settings"].get(name) != stamp["settings"][name])
    return ", ".join(names) or "status"


def _regrade_reason(reason, count):
    """The log's line on `count` submissions graded again for `reason` (_changed)."""
    from grading.messages import say
    if reason == "older":
        return say("{count} submissions are graded again: their reports do not say how they "
                   "were graded (an older kit wrote them).", count=count)
    if reason == "models.py":
        return say("{count} submissions are graded again: their models.py changed.",
                   count=count)
    if reason == "status":
        return say("{count} submissions that ran out of time or crashed are graded again.",
                   count=count)
    if "kit" in reason.split(", "):
        return say("{count} submissions are graded again: the kit changed since they were "
                   "graded (its code or its data's checksums); settings that changed: "
                   "{names}.", count=count, names=reason)
    return say("{count} submissions are graded again: settings that changed: {names}.",
               count=count, names=reason)


def _graded_before(output):
    """{student: (file name, result)} from the JSON reports already in `output`."""
    found = {}
    for name in sorted(os.listdir(output)):
        if not name.endswith(".json"):
            continue
        try:
            with open(os.path.join(output, name), encoding="utf-8") as f:
                result = json.load(f)
        except (OSError, ValueError):
            continue  # not one of ours, or cut short: graded again
        if isinstance(result, dict) and isinstance(result.get("student"), str):
            found[result["student"]] = (name, result)
    return found


# Where a batch sets aside the reports of students no longer in its folder,
# and, with regrade, the reports it grades again (inside the output folder).
REMOVED, PREVIOUS = "removed", "previous"


def _move_aside(output, name, into):
    os.makedirs(os.path.join(output, into), exist_ok=True)
    os.replace(os.path.join(output, name), os.path.join(output, into, name))


def _remove(path):
    try:
        os.remove(path)
    except FileNotFoundError:
        pass


def _missing(student, path, questions, message, stamp=None):
    result = {"student": student, "submission": path, "points": 0,
              "max_points": sum(q.points for _, q in questions), "status": "crash",
              "seconds": 0.0, "report": message, "notes": [], "key": None,
              "questions": {name: {"points": 0, "max_points": q.points, "status": "crash",
                                   "seconds": None, "output": message}
                            for name, q in questions}}
    result.update(stamp or {})
    return result


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
    write_whole(path, lambda f: json.dump(result, f, ensure_ascii=False, indent=2))


def _write_csv(path, results, names):
    def write(f):
        writer = csv.writer(f)
        writer.writerow(["student", *names, "total", "max", "seconds", "status"])
        for r in results:
            writer.writerow([r["student"], *(r["questions"][n]["points"] for n in names),
                             r["points"], r["max_points"], r["seconds"], r["status"]])
    write_whole(path, write, newline="")
