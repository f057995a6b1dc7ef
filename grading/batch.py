"""Grade every submission in a folder: `python autograder.py --batch DIR`.

A submission is a folder (named after the student) holding a models.py, or a
single `.py` file (named after the student). Submissions are graded in
parallel, as many at a time as `jobs` (default: the cores this process may
use, cores()); each question of each submission runs in its own child
process with its limits, so one bad submission never stops the batch
(without isolation, for debugging the kit: one submission at a time, in this
process). Writes, into the output folder:

    summary.csv       student, points per question, total, seconds, status
    mistakes.csv      what went wrong: student, question, code, points lost,
                      the figures behind it (grading/mistakes.py)
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

A shard (grading/shards.py: `shard`, (K, N)) grades, keeps and moves only
its own students' reports, beside other shards writing into the same
folder; the other shards' reports still up to date go into its summary.csv.

In three parts: `plan` decides what to grade, what to keep and what moves
(it only reads), `Plan.tidy` moves it, a `Writer` saves each result as it
comes (and again at the end what it could not), and `_grade_all` runs the
pool. A batch changes no module's state: its options (a GradeOptions made
with dataclasses.replace) carry everything, each submission's own event
that stops its children included. A submission that makes no progress
for far longer than its budget is a grader fault (stuck_after), and the
batch goes on; with `feedback`, each student's feedback is written at the
end (grading/feedback.py).
"""


import collections
import csv
import dataclasses
import hashlib
import io
import json
import os
import queue
import re
import threading
import time

from grading import engine, html_report, mistakes, packaging
from grading import feedback as student_feedback
from grading.endings import KEPT, Status
from grading.report import language, say
from grading.submissions import find_submission, find_submissions, select_shard, unused_name
from grading.summaries import summary, write_whole


def grade_batch(folder, questions, options, output, jobs=None, grade=None, log=print,
                regrade=False, similar=None, shard=None, feedback=None):
    """Grade every submission in `folder` not graded before (all of them if
    `regrade`); write summary.csv, one JSON per student and report.html into
    `output`; return the list of summaries. `similar`: the pairs of similar
    submissions for the report (grading/similarity.py), if they were compared.
    `grade`: the engine's grade function (tests pass their own). `shard`:
    (K, N) to grade only shard K of N (grading/shards.py), beside the other
    shards writing into the same `output`. `feedback`: None, or the words
    before -q in a student's repeat command ("" or "--layout L "): each
    student's feedback is written into output/feedback/ (grading/feedback.py)."""
    if not options.isolate:  # in-process grading shares sys.modules: one at a time
        if jobs and jobs > 1:
            log(say("Without isolation, submissions are graded one at a time, in this process "
                    "(--jobs is ignored)."))
        jobs = 1
    jobs = jobs or cores()
    # No plots in a batch, one core per child when several run at once.
    options = dataclasses.replace(options, single_thread=jobs > 1, graphics=False, plots=None,
                                  student=False)
    os.makedirs(output, exist_ok=True)
    work = plan(folder, questions, options, output, regrade, shard)
    work.tidy(output, folder, log, keep_similarity=similar is not None)

    def write_report(results):
        html_report.write_report(os.path.join(output, "report.html"), results, questions,
                                 options, folder=folder, similar=similar)

    writer = Writer(output, work.files, [name for name, _ in questions], write_report, log)
    writer.results.extend(work.kept + work.others)
    writer.rewrite(work.rewrite)
    writer.save()  # from the start, an earlier run's summary.csv and report.html are replaced

    def grade_one(student, path, stamp, stop):
        return _grade_one(grade or engine.grade, questions,
                          dataclasses.replace(options, stop=stop), student, path, stamp)
    _grade_all(work, grade_one, writer, jobs, log, regrade, questions,
               stuck_after(questions, options))
    writer.flush()
    if feedback is not None:
        mine = {student for student, _ in work.submissions}
        for result in writer.results:
            if result["student"] in mine:
                student_feedback.write(output, result, work.files[result["student"]][:-5],
                                       feedback)
    return writer.in_order()


def cores():
    """The cores this process may use: the CPU set a job runner gave it
    (Slurm, a container), where the system says; else the machine's."""
    if hasattr(os, "sched_getaffinity"):
        try:
            return len(os.sched_getaffinity(0)) or 1
        except OSError:
            pass
    return os.cpu_count() or 1


def _grade_one(grade, questions, options, student, path, stamp):
    """One submission's result; a fault of the grader's costs this submission
    only (with no key: it is graded again next time)."""
    try:
        start = time.perf_counter()
        try:
            models, notes = find_submission(path)
        except FileNotFoundError as error:
            return _missing(student, path, questions, str(error), stamp)
        report = io.StringIO()
        for line in [options.seal.describe()] + notes:
            if line:
                report.write(line + "\n")
        tracker = grade(questions, dataclasses.replace(options, models_path=models), out=report)
        result = summary(tracker, student, path, time.perf_counter() - start)
        result["report"] = report.getvalue()
        result["notes"] = notes
        result.update(stamp)
        return result
    except Exception as error:  # a bug in the grader must not cost the batch
        return _missing(student, path, questions, "{}: {}".format(type(error).__name__, error),
                        dict(stamp, key=None),  # its settings, to say why it is graded again
                        Status.GRADER_FAULT)


# --------------------------------------------------------------------------
# The plan: what to grade, what to keep, what moves
# --------------------------------------------------------------------------

@dataclasses.dataclass
class Plan:
    """What a batch does with an output folder: `submissions` [(student,
    path)]; `files` {student: their JSON's name}; `kept`, the results graded
    before that stand; `to_grade` [(student, path, stamp)]; `why` {reason:
    count} of those graded again (changed); `removed`, the reports of
    students no longer in the folder; `previous`, the reports a regrade sets
    aside; `stale`, report files whose student's report now has another
    name; `rewrite`, the kept results to write again (under a new name, or
    read from an older kit's report). In a shard (`shard`, (K, N)), every
    list but `files` holds its own students only; `others` are the other
    shards' reports still up to date (in summary.csv, never touched)."""

    submissions: list
    files: dict
    kept: list = dataclasses.field(default_factory=list)
    to_grade: list = dataclasses.field(default_factory=list)
    why: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    removed: list = dataclasses.field(default_factory=list)
    previous: list = dataclasses.field(default_factory=list)
    stale: list = dataclasses.field(default_factory=list)
    rewrite: list = dataclasses.field(default_factory=list)
    shard: tuple = None
    others: list = dataclasses.field(default_factory=list)

    def tidy(self, output, folder, log, keep_similarity):
        """Move and remove what the plan says, in `output`; say what and why."""
        # A shard leaves them alone: other shards may be writing (shards.clean_up).
        for name in os.listdir(output) if self.shard is None else ():
            if name.endswith(".part"):  # left by a batch stopped while it wrote
                _remove(os.path.join(output, name))
        # An earlier run's similarity.csv would not match this one (shards leave it to --merge).
        if not keep_similarity and self.shard is None:
            _remove(os.path.join(output, "similarity.csv"))
        for name in self.removed:
            _move_aside(output, name, REMOVED)
        if self.removed:
            log(say("{count} reports in {folder} are of students no longer in {batch}: moved "
                    "into {removed}.", count=len(self.removed), folder=output, batch=folder,
                    removed=os.path.join(output, REMOVED)))
        for name in self.previous:  # so that a regrade stopped halfway resumes without it
            _move_aside(output, name, PREVIOUS)
        for name in self.stale:
            _remove(os.path.join(output, name))
        if self.kept:
            log(say("{kept} of the {count} submissions were graded before with the same "
                    "models.py, kit and options: their grades are kept, {failed} of them with an "
                    "error in the student's code (--regrade grades them again; a time-out or a "
                    "crash is always graded again).", kept=len(self.kept),
                    count=len(self.submissions),
                    failed=sum(1 for r in self.kept if r["status"] != Status.COMPLETED.value)))
        for reason, count in sorted(self.why.items()):
            log(_regrade_reason(reason, count))


def plan(folder, questions, options, output, regrade=False, shard=None):
    """The Plan of a batch of `folder` into `output` (read, never changed).
    `shard`: (K, N) for shard K of N (grading/shards.py): the plan grades,
    keeps and moves the shard's own students only; the other shards'
    reports still up to date are its `others`, counted in summary.csv."""
    every = find_submissions(folder)
    mine = _of_shard([student for student, _ in every], shard)
    submissions = [entry for entry in every if entry[0] in mine]
    work = Plan(submissions, _report_files([student for student, _ in every]), shard=shard)
    settings = settings_of(questions, options)
    earlier = graded_before(output)  # {student: (file name, result)}
    current = dict(every)
    work.removed = [name for student, (name, _) in earlier.items()
                    if student not in current and student in _of_shard([student], shard)]
    stamps = {student: stamp_of(path, settings) for student, path in every}
    work.others = [kept for student, (_, kept) in sorted(earlier.items())
                   if student in current and student not in mine
                   and kept.get("key") == stamps[student]["key"]]
    if regrade:
        work.previous = [earlier[student][0] for student in sorted(mine & earlier.keys())]
        earlier = {}
    for student, path in submissions:
        stamp = stamps[student]
        name, kept = earlier.get(student, (None, {}))
        # A time-out or a crash may be the machine's doing (too many --jobs, the host
        # out of memory), so it is graded again; an error is the code's own.
        if kept.get("key") == stamp["key"] and _status(kept) in KEPT:
            work.kept.append(kept)
            if name != work.files[student] or _upgrade(kept):
                work.rewrite.append(kept)
        else:
            work.to_grade.append((student, path, stamp))
            if kept:
                work.why[changed(kept, stamp)] += 1
        if name is not None and name != work.files[student]:  # renumbered, see _report_files
            work.stale.append(name)
    return work


def _of_shard(students, shard):
    """The set of `students` that shard (K, N) grades; all of them if `shard` is None."""
    if shard is None:
        return set(students)
    return set(select_shard(students, *shard))


def _status(result):
    """The Status of a result read from a JSON report; None if it has none."""
    try:
        return Status.read(result.get("status"))
    except ValueError:
        return None


def _upgrade(result):
    """Write the statuses of a result read from an older kit's report under
    their names now (grading/endings.py: OLDER_NAMES); whether any changed."""
    changed = False
    for part in [result] + list(result.get("questions", {}).values()):
        if isinstance(part, dict) and isinstance(part.get("status"), str):
            status = Status.read(part["status"]).value
            changed = changed or status != part["status"]
            part["status"] = status
    return changed


# --------------------------------------------------------------------------
# Writing the reports, and running the pool
# --------------------------------------------------------------------------

class Writer:
    """Saves a batch's results into `output` as they come: each one's JSON
    and summary.csv (and report.html, through `write_report(results)`, at
    the start and the end). What cannot be written (summary.csv open in a
    spreadsheet on Windows, a full disk) is said once and written again by
    flush()."""

    def __init__(self, output, files, names, write_report, log):
        self.output, self.files, self.names = output, files, names
        self.write_report, self.log = write_report, log
        self.results, self.unsaved, self.warned = [], [], False

    def in_order(self):
        return sorted(self.results, key=lambda r: r["student"])

    def add(self, result):
        self.results.append(result)
        self.save(result)

    def save(self, result=None):
        """Write `result`'s JSON and summary.csv; without one, summary.csv and
        report.html."""
        try:
            if result is not None:
                self._write_json(result)
            self._write_summary()
            if result is None:
                self.write_report(self.in_order())
        except OSError as error:
            if not self.warned:
                self.log(say("Could not write the grades into {folder} ({error}); grading goes "
                             "on, and they are written again at the end.", folder=self.output,
                             error=error))
                self.warned = True
            if result is not None:
                self.unsaved.append(result)

    def rewrite(self, results):
        """Write kept `results` again (under a new name, or an older kit's
        report): what cannot be written is said and written by flush()."""
        for result in results:
            self.save(result)

    def flush(self):
        """Write what could not be written before, summary.csv and report.html."""
        for result in self.unsaved:
            self._write_json(result)
        self.unsaved.clear()
        self._write_summary()
        self.write_report(self.in_order())

    def _write_json(self, result):
        _write_json(os.path.join(self.output, self.files[result["student"]]), result)

    def _write_summary(self):
        write_csv(os.path.join(self.output, "summary.csv"), self.in_order(), self.names)
        write_mistakes(os.path.join(self.output, "mistakes.csv"), self.in_order())


# A submission still being graded after STUCK_FACTOR times its time budget,
# plus STUCK_SLACK seconds per attempt at a question (starting the child,
# copying the data, scoring, on a machine busy with other jobs), is taken as
# the grader's fault: the grader's side of it made no progress.
STUCK_FACTOR = 3
STUCK_SLACK = 60.0
STOP_WAIT = 3.0  # seconds a stopped batch waits for its running submissions to end


def stuck_after(questions, options):
    """Seconds after which a submission still being graded is recorded as a
    grader fault (GRADER_FAULT) and the batch goes on without it; None
    without isolation (no time limits there: debugging)."""
    if not options.isolate:
        return None
    limits = sum(options.time_limit or question.time_limit for _, question in questions)
    budget = limits * options.attempts
    if options.time_budget is not None:
        budget = min(budget, options.time_budget)
    return STUCK_FACTOR * budget + STUCK_SLACK * len(questions) * options.attempts


class _Job:
    """One submission being graded, in a thread of its own, with an event
    of its own that stops its children (GradeOptions.stop)."""

    def __init__(self, entry, grade_one, done):
        self.entry, self.stop, self.started = entry, threading.Event(), time.monotonic()
        self.thread = threading.Thread(target=self._run, args=(grade_one, done), daemon=True,
                                       name="grading {}".format(entry[0]))
        self.thread.start()

    def _run(self, grade_one, done):
        try:
            result = grade_one(*self.entry, stop=self.stop)
        except BaseException as error:  # Ctrl-C in a test's grade, say: the batch stops
            result = error
        done.put((self, result))


def _grade_all(work, grade_one, writer, jobs, log, regrade, questions, stuck=None):
    """Grade work.to_grade, `jobs` at a time, each in a thread of its own,
    each result to `writer` as it comes. A submission still being graded
    after `stuck` seconds (stuck_after) is stopped and recorded as a grader
    fault; the batch goes on, and a late result of it is dropped (never two
    rows for one student). Stopped (Ctrl-C, SIGTERM, any exception), it
    ends every running child, writes what was graded, says how to go on,
    waits at most STOP_WAIT seconds for the running submissions, and raises.

    Threads, not processes: the submissions' student code runs in child
    processes already; the grader's threads start them, read them and score
    them. None of them ever forks: every child is started by vfork and exec
    (grading/launch.py says why), so a thread computing with numpy's BLAS
    beside another starting a child cannot freeze the batch. The main
    thread only waits, a second at a time, so a signal stops it at once."""
    pending, running, done = collections.deque(work.to_grade), set(), queue.Queue()
    start, count, graded = time.perf_counter(), len(work.submissions), 0
    try:
        while pending or running:
            while pending and len(running) < jobs:
                running.add(_Job(pending.popleft(), grade_one, done))
            results, finished = [], []
            try:
                finished.append(done.get(timeout=1.0))
                while True:  # every result in, before any job is taken as stuck
                    finished.append(done.get_nowait())
            except queue.Empty:
                pass
            for job, result in finished:
                if job in running:  # else abandoned as stuck: its fault is recorded already
                    running.remove(job)
                    if isinstance(result, BaseException):
                        raise result
                    results.append(result)
            now = time.monotonic()
            for job in [job for job in running if stuck and now - job.started > stuck]:
                job.stop.set()  # its children end; its thread is left behind
                running.remove(job)
                results.append(_grader_fault(job.entry, questions, stuck, now - job.started))
            for result in results:
                graded += 1
                writer.add(result)
                done_count = len(work.kept) + graded  # a shard's own
                log(say("[{done}/{count}] {student}: {points}/{max_points} ({status}, "
                        "{seconds} s); {elapsed} elapsed, about {left} left",
                        done=done_count, count=count, student=result["student"],
                        points=result["points"], max_points=result["max_points"],
                        status=result["status"], seconds=result["seconds"],
                        elapsed=_clock(time.perf_counter() - start),
                        left=_clock(_time_left(writer.results[-graded:], count - done_count,
                                               jobs))))
    except BaseException as error:  # Ctrl-C, or anything else: stop the children, drop the rest
        for job in running:
            job.stop.set()
        try:
            _stopped(writer, error, len(writer.results) - len(work.others), count, log,
                     regrade)
        finally:
            deadline = time.monotonic() + STOP_WAIT
            for job in running:
                job.thread.join(max(0.0, deadline - time.monotonic()))
        raise


def _grader_fault(entry, questions, stuck, seconds):
    """The row of a submission abandoned after `seconds` (over `stuck`)."""
    student, path, stamp = entry
    message = say("The grader made no progress on this submission for {seconds:.0f} s, far "
                  "longer than its time budget allows ({stuck:.0f} s): a fault of the grader's, "
                  "not of the student's code. The next run of the batch grades it again.",
                  seconds=seconds, stuck=stuck)
    return _missing(student, path, questions, message, dict(stamp, key=None),
                    Status.GRADER_FAULT)


def _stopped(writer, error, done, count, log, regrade):
    """Write what was graded before the batch stopped (what it stopped has no
    row), and say how to go on."""
    try:
        writer.flush()
    except OSError as problem:
        log(say("Could not write the grades into {folder} ({error}).", folder=writer.output,
                error=problem))
    if regrade:
        rest = say("run the same command again without --regrade to grade the rest (with "
                   "--regrade it would start over)")
    else:
        rest = say("run the same command again to grade the rest")
    if isinstance(error, KeyboardInterrupt):
        log(say("Interrupted: summary.csv and report.html list the {done} of {count} "
                "submissions graded before Ctrl-C; {rest}.", done=done, count=count, rest=rest))
    else:
        log(say("The batch stopped ({error}): summary.csv and report.html list the "
                "{done} of {count} submissions graded before; {rest}.", rest=rest,
                done=done, count=count, error="{}: {}".format(type(error).__name__, error)))


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


def settings_of(questions, options):
    """What, besides models.py, decides a submission's grade and report: the
    kit, the questions and the grading options."""
    return dict(engine.grading_settings(options),  # every option declared to decide a grade
                questions=[[name, q.key, q.points, q.time_limit] for name, q in questions],
                language=language(), kit=kit_sum())


# The grading package's modules that only show grades, never make them.
SHOWING_ONLY = ("html_report.py", "similarity.py", "shards.py")


def kit_sum():
    """The SHA-256 of the kit's code and of its data's checksums: a changed
    kit grades every submission again."""
    grading = os.path.join(packaging.KIT, packaging.PACKAGE)
    names = list(packaging.CODE) + sorted(
        os.path.join(packaging.PACKAGE, name) for name in os.listdir(grading)
        if name.endswith(".py") and name not in SHOWING_ONLY) + [
            os.path.join("data", packaging.SUMS)]
    digest = hashlib.sha256()
    for name in names:
        digest.update(name.encode("utf-8") + b"\0")
        path = os.path.join(packaging.KIT, name)
        if os.path.isfile(path):
            with open(path, "rb") as f:
                digest.update(hashlib.sha256(f.read()).digest())
    return digest.hexdigest()


def stamp_of(path, settings):
    """What a submission's grade depends on, kept in its JSON: the SHA-256 of
    its models.py, the settings (settings_of), and `key`, one SHA-256 of both."""
    try:
        models, _ = find_submission(path)
        with open(models, "rb") as f:
            models = hashlib.sha256(f.read()).hexdigest()
    except (FileNotFoundError, OSError):
        models = None
    text = json.dumps({"models.py": models, "settings": settings}, sort_keys=True)
    return {"key": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "models_sha256": models, "settings": settings}


def changed(kept, stamp):
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
    """The log's line on `count` submissions graded again for `reason` (changed)."""
    if reason == "older":
        return say("{count} submissions are graded again: their reports do not say how they "
                   "were graded (an older kit wrote them).", count=count)
    if reason == "models.py":
        return say("{count} submissions are graded again: their models.py changed.",
                   count=count)
    if reason == "status":
        return say("{count} submissions that ran out of time, crashed or met a fault of the "
                   "grader's are graded again.", count=count)
    if "kit" in reason.split(", "):
        return say("{count} submissions are graded again: the kit changed since they were "
                   "graded (its code or its data's checksums); settings that changed: "
                   "{names}.", count=count, names=reason)
    return say("{count} submissions are graded again: settings that changed: {names}.",
               count=count, names=reason)


def graded_before(output):
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


def _missing(student, path, questions, message, stamp=None, status=Status.CRASH):
    """The row of a submission without a grade: no models.py (CRASH), or a
    fault of the grader's (GRADER_FAULT)."""
    result = {"student": student, "submission": path, "points": 0,
              "max_points": sum(q.points for _, q in questions), "status": status.value,
              "seconds": 0.0, "report": message, "notes": [], "key": None,
              "questions": {name: {"points": 0, "max_points": q.points,
                                   "status": status.value,
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
        name = unused_name(_safe_name(student), taken, "{}-{}", fold=str.lower)
        taken.add(name.lower())
        files[student] = name + ".json"
    return files


def _write_json(path, result):
    write_whole(path, lambda f: json.dump(result, f, ensure_ascii=False, indent=2))


def write_mistakes(path, results):
    """mistakes.csv: what went wrong, one row per student, question and
    mistake (grading/mistakes.py), with the figures behind it."""
    def write(f):
        writer = csv.writer(f)
        writer.writerow(["student", "question", "code", "points_lost", *mistakes.FIGURES])
        writer.writerows(mistakes.rows(results))
    write_whole(path, write, newline="")


def write_csv(path, results, names):
    def write(f):
        writer = csv.writer(f)
        writer.writerow(["student", *names, "total", "max", "seconds", "status"])
        for r in results:
            writer.writerow([r["student"], *(r["questions"][n]["points"] for n in names),
                             r["points"], r["max_points"], r["seconds"], r["status"]])
    write_whole(path, write, newline="")
