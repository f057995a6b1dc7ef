"""The grading engine: runs each question's student part (in a child
process, or here for debugging), scores its outputs, tries again where
chance may have failed an attempt, and keeps the report.

    tracker = grade(questions, GradeOptions(models_path="entrega/models.py"))

`questions` is a list of (name, Question) pairs; autograder.py declares the
questions (their checks, points, time limits and data) and the layouts.
"""

import os
import sys
import threading
import time
import traceback

import numpy as np

import backend
from grading.events import ChildTracker, Replay, Run
from grading.messages import say
from grading.report import CheckFailed, ThresholdMissed, Tracker

KIT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Question:
    """A question: its key in QUESTIONS, its check's name, its two parts, its points (of which
    `structural` are earned in the child), its time limit in seconds, and the data files
    (in data/) its student part needs."""

    def __init__(self, key, check_name, train, score, points, structural, time_limit, data=()):
        self.key, self.check_name, self.train, self.score = key, check_name, train, score
        self.points, self.structural, self.time_limit = points, structural, time_limit
        self.data = data


def grade(questions, options=None, out=None):
    """Grade `questions`, a list of (name, Question); return the Tracker.

    `options` (a GradeOptions) says where models.py is, whether to run it in
    child processes (the default), with which seed, limits and attempts.

    Attempts, as the handout advises ("parameters start at random: if a
    question fails twice in a row, explore other architectures"): attempt k
    uses seed options.seed + k. Only a failure that chance can cause leads to
    another attempt: a threshold missed, a divergence, a time-out. The best
    attempt counts.
    """
    options = options or GradeOptions()
    tracker = Tracker([(name, question.points) for name, question in questions], out=out)
    budget = TimeBudget(options.time_budget,
                        [options.time_limit or question.time_limit for _, question in questions])
    for index, (name, question) in enumerate(questions):
        tracker.begin_question(name)
        tracker.begin_check(question.check_name)
        attempts = []
        for number in range(options.attempts):
            seed = options.seed + number
            limit = budget.limit(index)
            if limit < (1.0 if number == 0 else min(MINIMUM_ATTEMPT, budget.limits[index])):
                tracker.print(say("No time is left in this submission's time budget "
                                  "({budget:.0f} s) for another attempt.",
                                  budget=options.time_budget))
                break
            if options.attempts > 1:
                tracker.print(say("Attempt {number} of {attempts}, seed {seed}:", number=number + 1,
                                  attempts=options.attempts, seed=seed))
            tracker.begin_attempt()
            attempt = run_attempt(tracker, question, options, seed, limit)
            attempts.append(attempt)
            _print_time(tracker, attempt, number, options)
            if attempt.points == question.points or not attempt.chance:
                break
            if number + 1 < options.attempts:
                tracker.print(say("This can happen by chance (parameters start at random): "
                                  "trying again with seed {seed}.", seed=seed + 1))
            elif options.attempts == 1 and options.student:
                tracker.print(say("This can happen by chance (parameters start at random). Run "
                                  "the autograder again: each run draws a new seed. When "
                                  "grading, a question is tried {attempts} times with different "
                                  "seeds and the best attempt counts. If it fails twice in a "
                                  "row, explore other architectures or learning rates.",
                                  attempts=GRADING_ATTEMPTS))
        if attempts:
            best = max(attempts, key=lambda attempt: attempt.points)
            tracker.set_points(best.points)
            run = best.run
            run.seconds = sum(attempt.run.seconds for attempt in attempts)
            run.attempts = [attempt.summary() for attempt in attempts]
        else:
            tracker.set_points(0)
            run = Run("timeout", None, 0.0)
            run.attempts = []
        tracker.record_run(run)
        tracker.end_check()
        tracker.end_question()
    tracker.finalize()
    return tracker


MINIMUM_ATTEMPT = 5.0  # seconds: a second attempt with less time than this is not started
GRADING_ATTEMPTS = 2   # attempts per question when grading someone else's code


def run_attempt(tracker, question, options, seed, limit):
    """One attempt at `question`: its student part (in a child process, or
    here) with `seed`, then the scoring of its outputs. Returns an Attempt."""
    try:
        if options.isolate:
            from grading import sandbox
            run = sandbox.run_question(tracker, question, options, seed, limit)
        else:
            run = run_in_process(tracker, question, options, seed)
    except Exception as error:  # a fault of the grader's: this question only
        tracker.print(say("The grader failed on this question ({error}); please report it to "
                          "your instructor. Grading goes on with the next question.",
                          error="{}: {}".format(type(error).__name__, error)))
        run = Run("crash", None, 0.0)
    result = {"ok": "failed", "failed": "failed", "error": "error", "diverged": "diverged",
              "timeout": "timeout"}.get(run.status, "crash")
    if run.outputs is not None:
        with _SCORING:  # scoring seeds numpy's global random state
            np.random.seed(seed)
            tracker.seed = seed  # the scoring parts rebuild what the student's part used
            try:
                question.score(tracker, run.outputs)
                result = "passed"
            except ThresholdMissed as failure:
                tracker.print(str(failure))
                result = "threshold"
            except CheckFailed as failure:
                tracker.print(str(failure))
            except KeyError as missing:  # outputs that the grader did not write
                tracker.print(say("The grader did not get the output {name} of your trained "
                                  "model.", name=missing))
            except Exception as error:  # outputs.npz was tampered with
                tracker.print(say("The outputs of your trained model could not be scored "
                                  "({error}); this check earns no more points.", error=error))
    return Attempt(seed, run, tracker.points[tracker.current], result,
                   limit if options.isolate else None)


_SCORING = threading.Lock()  # batch grading scores several submissions at once


class Attempt:
    """One attempt at a question: its seed, how the student's part ended (a
    Run), the points it earned, its result ('passed', 'threshold', 'diverged',
    'timeout', 'failed', 'error' or 'crash') and its time limit (None: none)."""

    CHANCE = ("threshold", "diverged", "timeout")  # results another seed may change

    def __init__(self, seed, run, points, result, limit):
        self.seed, self.run, self.points, self.result, self.limit = (
            seed, run, points, result, limit)
        self.chance = result in self.CHANCE

    def summary(self):
        return {"seed": self.seed, "result": self.result, "points": self.points,
                "seconds": round(self.run.seconds, 2),
                "limit": None if self.limit is None else round(self.limit, 1)}


def _print_time(tracker, attempt, number, options):
    """How long the attempt took against its limit (and, with several attempts,
    how it ended)."""
    seconds = attempt.run.seconds
    if options.attempts > 1:
        values = dict(number=number + 1, seed=attempt.seed, result=_result_words(attempt.result),
                      points=attempt.points, max_points=tracker.maxes[tracker.current],
                      seconds=seconds, limit=attempt.limit)
        if attempt.limit:
            tracker.print(say("Attempt {number}: seed {seed}, {result}, {points}/{max_points} "
                              "points, {seconds:.1f} s of {limit:.0f} s", **values))
        else:
            tracker.print(say("Attempt {number}: seed {seed}, {result}, {points}/{max_points} "
                              "points, {seconds:.1f} s (no limit without isolation)", **values))
    elif attempt.limit is None:
        tracker.print(say("Time: {seconds:.1f} s (no limit without isolation)", seconds=seconds))
    else:
        tracker.print(say("Time: {seconds:.1f} s of the {limit:.0f} s limit",
                          seconds=seconds, limit=attempt.limit))


def _result_words(result):
    """How an attempt ended (Attempt.result), in words."""
    return {"passed": say("passed"), "threshold": say("threshold missed"),
            "diverged": say("diverged"), "timeout": say("out of time"),
            "failed": say("a check failed"), "error": say("exception"),
            "crash": say("process ended")}[result]


class TimeBudget:
    """How long each attempt may take: the question's own limit, and, when
    the run has a total budget (`total` seconds, e.g. within Gradescope's
    timeout), no more than what is left of it once the questions still to
    come have kept their share. Each later question keeps a share of what is
    left in proportion to its limit (capped at that limit), so a slow or
    repeated question never takes the time of the ones after it."""

    def __init__(self, total, limits):
        self.total, self.limits = total, limits
        self.start = time.perf_counter()

    def limit(self, index):
        own = self.limits[index]
        if self.total is None:
            return own
        left = self.total - (time.perf_counter() - self.start)
        pending = sum(self.limits[index:])
        kept = sum(min(later, left * later / pending) for later in self.limits[index + 1:])
        return max(0.0, min(own, left - kept))


class GradeOptions:
    """How to grade: models_path, the models.py to grade (None: the kit's own); the
    first seed, attempts per question and, for the whole run, a time budget
    in seconds (None: none); child processes or not; limits (seconds per
    question, None: the question's own; memory in MB); plots (graphics on or
    off; the folder for pictures when no window can open); `student`: a
    student grading their own models.py (a failure then suggests running
    again) rather than an instructor grading a submission; `seal`: how the
    child processes are sealed (grading/sealing.py)."""

    def __init__(self, models_path=None, seed=0, isolate=True, mute=False, time_limit=None,
                 memory_limit=2048, single_thread=False, graphics=False, plots=None,
                 attempts=1, time_budget=None, student=False, seal=None):
        self.models_path, self.seed, self.isolate, self.mute = models_path, seed, isolate, mute
        self.time_limit, self.memory_limit = time_limit, memory_limit
        self.single_thread, self.graphics, self.plots = single_thread, graphics, plots
        self.attempts, self.time_budget, self.student = attempts, time_budget, student
        self.seal = seal  # a grading.sealing.Seal (None: a plain child process)

    def models_file(self):
        """The absolute path of the models.py to grade."""
        return os.path.abspath(self.models_path or os.path.join(KIT, "models.py"))


def run_in_process(tracker, question, options, seed):
    """The student's part in this process: for debugging (--no-isolation), with
    no time or memory limit. The models.py graded is options.models_path (None: the
    kit's own), loaded afresh as the module `models` for this
    question only, as a child process would; whatever `models` was before is
    put back afterwards. One question at a time: sys.modules is shared."""
    path = options.models_file()
    start = time.perf_counter()
    np.random.seed(seed)
    replay = Replay(tracker, question)
    child = ChildTracker(seed, replay)
    missing = object()
    saved = sys.modules.get("models", missing)
    try:  # an error in models.py itself costs the question's points, as in a child
        status = run_check(child, lambda _: _load_models(path), options.mute)
        if status == "ok":
            status = run_check(child, question.train, options.mute)
    finally:
        if saved is missing:
            sys.modules.pop("models", None)
        else:
            sys.modules["models"] = saved
    outputs = child.outputs if status == "ok" else None
    return Run(status, outputs, time.perf_counter() - start, points=replay.points)


def _load_models(path):
    """Import the file `path` as the module `models` (into sys.modules, where
    the questions' `import models` finds it), writing no __pycache__ beside it."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("models", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["models"] = module
    saved, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop("models", None)
        raise
    finally:
        sys.dont_write_bytecode = saved


def run_check(tracker, check, mute=False):
    """Run one check; a failure or a crash in student code ends only this check.
    Returns 'ok', 'failed' (a check found a mistake), 'error' (an exception)
    or 'exit' (the code tried to end the process)."""
    stdout = sys.stdout
    if mute:
        sys.stdout = open(os.devnull, "w")
    status = "ok"
    try:
        check(tracker)
    except CheckFailed as failure:
        tracker.print(str(failure))
        status = "failed"
    except SystemExit as exit_:
        tracker.print(say("Your code called sys.exit({code}), which ends the check; do not exit "
                          "from models.py.", code=exit_.code))
        status = "exit"
    except KeyboardInterrupt:
        tracker.print(say("Your code raised KeyboardInterrupt, which ends the check."))
        status = "exit"
    except MemoryError:
        tracker.print(say("Your code ran out of memory (MemoryError). Look for arrays or lists "
                          "that grow without end, or that hold far more than the data."))
        status = "error"
    except FloatingPointError:  # nn.py: an update made a parameter NaN or infinite
        tracker.print(say("Your code raised an exception, so this check earns no more points:"))
        tracker.print(student_traceback())
        status = "diverged"
    except Exception as error:
        tracker.print(say("Your code raised an exception, so this check earns no more points:"))
        tracker.print(student_traceback())
        if "only 0-dimensional arrays can be converted" in str(error):
            tracker.print(say("Hint: numpy 2.4 and newer refuse float() on a 1x1 array. Use "
                              "nn.as_scalar(node) to get the number in a node."))
        status = "error"
    finally:
        if mute:
            sys.stdout.close()
            sys.stdout = stdout
        backend.maybe_sleep_and_close(0)
    return status


# Where a traceback should say the student's code is, when it runs from a
# copy (the child's folder): {path of the copy: the student's own path}.
shown_paths = {}


def student_traceback():
    """The current exception's traceback without the autograder's own frames,
    naming the student's own file rather than the child's copy of it."""
    _, error, tb = sys.exc_info()
    frames = traceback.extract_tb(tb)
    for frame in frames:
        frame.filename = shown_paths.get(os.path.abspath(frame.filename), frame.filename)
    if isinstance(error, SyntaxError) and error.filename:
        error.filename = shown_paths.get(os.path.abspath(error.filename), error.filename)
    theirs = [frame for frame in frames if not _is_grader_file(frame.filename)]
    if theirs:
        frames = theirs
    elif isinstance(error, SyntaxError):  # the message itself names the student's line
        frames = []
    # else the fault is in the grader: show everything
    if len(frames) > 30:  # e.g. a RecursionError: the first and the last frames say it all
        lines = (traceback.format_list(frames[:5])
                 + ["  ... {} more frames ...\n".format(len(frames) - 25)]
                 + traceback.format_list(frames[-20:]))
    else:
        lines = traceback.format_list(frames)
    lines += traceback.format_exception_only(type(error), error)
    return "Traceback (most recent call last):\n" + "".join(lines).rstrip()


def _is_grader_file(filename):
    """Whether a traceback's frame is the grader's own (autograder.py, grading/)."""
    path = os.path.abspath(filename)
    return (path == os.path.join(KIT, "autograder.py")
            or path.startswith(os.path.join(KIT, "grading") + os.sep)
            or filename.startswith("<frozen "))
