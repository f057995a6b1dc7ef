"""The grading engine: runs each question's student part (in a child
process, or here for debugging), scores its outputs, tries again where
chance may have failed an attempt, and keeps the report.

    tracker = grade(questions, GradeOptions(models_path="entrega/models.py"))

`questions` is a list of (name, Question) pairs; autograder.py declares the
questions (their checks, points, time limits and data) and the layouts.
"""

import dataclasses
import importlib.util
import os
import sys
import threading
import time
import traceback
from typing import Callable, Optional

import numpy as np

import backend
from grading import mistakes, runner, seals
from grading.channel import ChildTracker, Replay, Run
from grading.endings import RESULT_OF, Ending, Result
from grading.packaging import KIT
from grading.report import Tracker, say


class CheckFailed(Exception):
    """A check found something wrong; the message is for the student, `code`
    names the mistake for the instructor (grading/mistakes.py), `figures`
    the numbers behind it (accuracy, loss, ...)."""

    def __init__(self, message, code=None, **figures):
        super().__init__(message)
        self.code, self.figures = code, figures


class ThresholdMissed(CheckFailed):
    """The trained model missed the question's threshold (accuracy or loss):
    a failure that chance can cause, so grading may try again with another seed."""


@dataclasses.dataclass(frozen=True)
class Question:
    """A question, declared once (autograder.QUESTIONS): the grader, the
    students' kit, --help, the guides (tools/update_guides.py) and the tests
    read what they say of it from here.

    key: its name in QUESTIONS; check_name: its check's name in the report;
    title: (Spanish, English), as the students' README calls it; train: the
    student's part (in the child); verify: the grader's structural checks on
    its record, worth `structural` points; score: the grader's scoring of
    its outputs, score(tracker, outputs, question), worth `trained` points
    when the trained model reaches `threshold` (`measure`: "accuracy", at
    least, or "loss", at most; `on`: of what); margin: what a hint suggests
    aiming for instead (a little past the threshold); validation_above: how
    far validation accuracy reads above the graded accuracy for the same
    model, a property of the data (the language words' dev reads about 3
    points above test, as the original kit's did): the hint adds it to the
    margin and a near miss may be that much wider; time_limit: seconds per
    attempt; data: the files (in data/) its student part needs."""

    key: str
    check_name: str
    title: tuple
    train: Callable
    score: Callable
    structural: int
    trained: int
    time_limit: float
    threshold: float
    measure: str = "accuracy"
    on: str = "test"
    margin: Optional[float] = None
    validation_above: float = 0.0
    data: tuple = ()
    verify: Optional[Callable] = None

    MEASURES = ("accuracy", "loss")

    @property
    def points(self):
        return self.structural + self.trained

    def __post_init__(self):
        problems = []
        if self.structural < 0 or self.trained < 0 or self.points <= 0:
            problems.append("points must be whole numbers >= 0, some of them > 0")
        if (self.structural > 0) != (self.verify is not None):
            problems.append("structural points need a verify function, and a verify function "
                            "structural points")
        if self.measure not in self.MEASURES:
            problems.append("measure must be one of {}".format(self.MEASURES))
        elif self.measure == "accuracy" and not 0 < self.threshold <= 1:
            problems.append("an accuracy threshold is a share in (0, 1]")
        if self.margin is not None and (self.margin - self.threshold) * (
                1 if self.measure == "accuracy" else -1) <= 0:
            problems.append("the margin must lie past the threshold, on the passing side")
        elif self.margin is not None and self.measure == "accuracy" and (
                self.margin - self.threshold > 0.005 + 1e-9):
            # The near-miss hint speaks of a miss by less than a point: 2 margins.
            problems.append("an accuracy margin lies within half a point of the threshold")
        if not 0 <= self.validation_above < 0.1 or (self.validation_above and (
                self.measure != "accuracy" or self.margin is None)):
            problems.append("validation_above is an accuracy offset in [0, 0.1), with a margin")
        if self.time_limit <= 0:
            problems.append("the time limit must be positive")
        if len(self.title) != 2:
            problems.append("the title is (Spanish, English)")
        if problems:
            raise ValueError("question {}: {}".format(self.key, "; ".join(problems)))

    def passes(self, value):
        """Whether a measured `value` reaches the threshold."""
        if self.measure == "accuracy":
            return value >= self.threshold
        return value <= self.threshold


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
        attempts = _attempts(tracker, question, options, budget, index)
        if attempts:
            best = max(attempts, key=lambda attempt: attempt.points)
            tracker.set_points(best.points)
            run = best.run
            run.mistakes = best.mistakes  # what cost the points that count
            run.attempts = [attempt.summary() for attempt in attempts]  # before the total:
            run.seconds = sum(attempt.run.seconds for attempt in attempts)  # each its own time
        else:
            tracker.set_points(0)
            run = Run(Ending.TIMEOUT, None, 0.0)
            run.attempts, run.mistakes = [], [mistakes.mistake("timeout")]
        tracker.record_run(run)
        tracker.end_check()
        tracker.end_question()
    tracker.finalize()
    return tracker


def _attempts(tracker, question, options, budget, index):
    """The attempts at `question` (the index-th), until one earns every point,
    fails in a way chance cannot cause, or the attempts or the time run out."""
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
        if attempt.points == question.points or not attempt.result.chance:
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
    return attempts


MINIMUM_ATTEMPT = 5.0  # seconds: a second attempt with less time than this is not started
GRADING_ATTEMPTS = 2   # attempts per question when grading someone else's code


def run_attempt(tracker, question, options, seed, limit):
    """One attempt at `question`: its student part (in a child process, or
    here) with `seed`, then the scoring of its outputs. Returns an Attempt."""
    try:
        if options.isolate:
            run = runner.run_question(tracker, question, options, seed, limit)
        else:
            run = run_in_process(tracker, question, options, seed)
    except Exception as error:  # a fault of the grader's: this question only
        tracker.print(say("The grader failed on this question ({error}); please report it to "
                          "your instructor. Grading goes on with the next question.",
                          error="{}: {}".format(type(error).__name__, error)))
        run = Run(Ending.CRASH, None, 0.0)
    result = RESULT_OF[run.status]
    found = mistakes.of_ending(run)
    verified = _verify(tracker, question, run, seed, found)
    if run.outputs is not None and verified:
        result = _score(tracker, question, run.outputs, seed, found)
    unique = list({entry["code"]: entry for entry in reversed(found)}.values())[::-1]
    return Attempt(seed, run, tracker.points[tracker.current], result,
                   limit if options.isolate else None, unique)


def _score(tracker, question, outputs, seed, found):
    """Score the outputs of a finished student part; its Result. A
    failure's mistake is appended to `found`."""
    with _SCORING:  # scoring seeds numpy's global random state
        np.random.seed(seed)
        tracker.seed = seed  # the scoring parts rebuild what the student's part used
        try:
            question.score(tracker, outputs, question)
            return Result.PASSED
        except ThresholdMissed as failure:
            tracker.print(str(failure))
            found.append(mistakes.of_check(failure, structural=False))
            return Result.THRESHOLD
        except CheckFailed as failure:
            tracker.print(str(failure))
            found.append(mistakes.of_check(failure, structural=False))
        except KeyError as missing:  # outputs that the grader did not write
            tracker.print(say("The grader did not get the output {name} of your trained "
                              "model.", name=missing))
            found.append(mistakes.mistake("outputs_missing"))
        except Exception as error:  # outputs.npz was tampered with
            found.append(mistakes.mistake("outputs_missing"))
            tracker.print(say("The outputs of your trained model could not be scored "
                              "({error}); this check earns no more points.", error=error))
    return Result.FAILED


_SCORING = threading.Lock()  # batch grading scores several submissions at once


def _verify(tracker, question, run, seed, found):
    """The structural points, given here or not at all: the question's own
    checks run again on the record of the model's answers that the student's
    part left (grading/probes.py verifies each of its nodes first). True if
    they passed (or the question has none: no `verify`). A part that ended
    before its checks passed left no record, and has said why."""
    from grading import probes
    if question.verify is None:  # a question without structural checks
        return True
    if run.structure is None:
        if run.outputs is not None:  # it finished, so the record was made: it went missing
            tracker.print(say("The grader did not get the output {name} of your trained model.",
                              name="structure.npz"))
            found.append(mistakes.mistake("structure:record"))
        return False
    problem = None
    with _SCORING:
        tracker.seed = seed  # the probes are drawn from the seed
        try:
            question.verify(tracker, probes.load(run.structure))
        except CheckFailed as failure:
            tracker.print(str(failure))
            found.append(mistakes.of_check(failure, structural=True))
            return False
        except Exception as error:  # probes.Invalid, or a record tampered with otherwise
            problem = str(error) if isinstance(error, probes.Invalid) else "{}: {}".format(
                type(error).__name__, error)
    if problem is not None:
        found.append(mistakes.mistake("structure:record"))
        tracker.print(say("The autograder could not check your model's answers to its "
                          "structural checks ({problem}): the structural points are not given.",
                          problem=problem))
        return False
    tracker.add_points(question.structural)
    return True


class Attempt:
    """One attempt at a question: its seed, how the student's part ended (a
    Run), the points it earned, its Result, its time limit (None: none) and
    its mistakes (grading/mistakes.py)."""

    def __init__(self, seed, run, points, result, limit, mistakes=()):
        self.seed, self.run, self.points, self.result, self.limit = (
            seed, run, points, result, limit)
        self.mistakes = list(mistakes)

    def summary(self):
        return {"seed": self.seed, "result": self.result.value, "points": self.points,
                "seconds": round(self.run.seconds, 2),
                "limit": None if self.limit is None else round(self.limit, 1),
                "mistakes": self.mistakes}


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
    return {Result.PASSED: say("passed"), Result.THRESHOLD: say("threshold missed"),
            Result.DIVERGED: say("diverged"), Result.TIMEOUT: say("out of time"),
            Result.FAILED: say("a check failed"), Result.ERROR: say("exception"),
            Result.CRASH: say("process ended")}[result]


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


def grading_option(default=None, flag=None, sets=None, name=None, setting=None, given=None,
                   **field):
    """A GradeOptions field that decides a submission's grade or its report,
    declared once. `flag`: the command-line option that sets it (its
    argparse line in cli.parse_arguments; build_options copies it from
    there); `sets`: for a flag without a value, the value it gives. A batch
    keeps its value in each report's settings (batch.settings_of, under
    `name`, as `setting(value)`), so that a batch run again with another
    value grades again, and every shard of a cluster is given it
    (shards.passed_on: `given(args)`, the words; by default the flag and
    the value)."""
    if "default_factory" not in field:
        field["default"] = default
    return dataclasses.field(metadata={
        "flag": flag, "sets": sets, "name": name, "setting": setting, "given": given}, **field)


def grading_fields(options):
    """The fields of `options` declared with grading_option."""
    return [field for field in dataclasses.fields(options) if "flag" in field.metadata]


def grading_settings(options):
    """{name: value} of every option that decides a grade (grading_option)."""
    settings = {}
    for field in grading_fields(options):
        value, meta = getattr(options, field.name), field.metadata
        settings[meta["name"] or field.name] = meta["setting"](value) if meta["setting"] else value
    return settings


def command_words(options, args):
    """The command-line words that give another run every option of
    `options` that decides a grade, as this one has it (`args`: its
    parsed command line, for an option declared with `given`)."""
    words = []
    for field in grading_fields(options):
        value, meta = getattr(options, field.name), field.metadata
        if meta["given"] is not None:
            words += meta["given"](args)
        elif meta["sets"] is not None:
            words += [meta["flag"]] if value == meta["sets"] else []
        elif value is not None:
            words += [meta["flag"], repr(value) if isinstance(value, float) else str(value)]
    return words


def _seal_setting(seal):
    return None if seal.mode == "none" else seal.mode


@dataclasses.dataclass(frozen=True)
class GradeOptions:
    """How to grade. Frozen: a variant is made with dataclasses.replace
    (batch grading makes one per submission), so every field reaches every
    way of grading.

    models_path: the models.py to grade (None: the kit's own); seed: the
    first seed; attempts per question; time_budget: for the whole run, in
    seconds (None: none); isolate: child processes, or this process (for
    debugging); mute: hide what models.py prints; time_limit: seconds per
    question (None: the question's own); memory_limit: MB (0: none);
    single_thread: one BLAS thread per child (several children at once);
    graphics: plots on or off; plots: the folder for pictures when no window
    can open; student: a student grading their own models.py (a failure
    then suggests running again) rather than an instructor grading a
    submission; seal: how the child processes are sealed (grading/seals.py);
    stop: a threading.Event that, once set, stops every child at once (batch
    grading on Ctrl-C); data: the children's copies of the data files.

    The fields declared with grading_option decide a grade or a report: a
    new one is one such line (and its argparse line in cli.py)."""

    models_path: Optional[str] = None
    seed: int = grading_option(0, "--seed")
    isolate: bool = grading_option(True, "--no-isolation", sets=False)
    mute: bool = grading_option(False, "--mute", sets=True)
    time_limit: Optional[float] = grading_option(None, "--time-limit")
    memory_limit: int = grading_option(2048, "--memory-limit")
    single_thread: bool = False
    graphics: bool = False
    plots: Optional[str] = None
    attempts: int = grading_option(1, "--attempts")
    time_budget: Optional[float] = grading_option(None, "--time-budget")
    student: bool = False
    seal: seals.Seal = grading_option(
        flag="--sandbox", name="sandbox", setting=_seal_setting,
        given=lambda args: ["--sandbox", args.sandbox], default_factory=seals.NoSeal)
    stop: Optional[threading.Event] = dataclasses.field(default=None, compare=False)
    data: runner.StudentData = dataclasses.field(default_factory=runner.StudentData,
                                                 compare=False, repr=False)

    def models_file(self):
        """The absolute path of the models.py to grade."""
        return os.path.abspath(self.models_path or os.path.join(KIT, "models.py"))


def run_in_process(tracker, question, options, seed):
    """The student's part in this process: for debugging (--no-isolation), with
    no time or memory limit. The models.py graded is options.models_path (None: the
    kit's own), loaded afresh as the module `models` for this
    question only, as a child process would; whatever `models` was before is
    put back afterwards, and so are backend's plot settings (set from
    options.graphics and options.plots for the question). One question at a
    time: sys.modules is shared."""
    path = options.models_file()
    start = time.perf_counter()
    np.random.seed(seed)
    replay = Replay(tracker, question)
    child = ChildTracker(seed, replay)
    missing = object()
    saved = sys.modules.get("models", missing), backend.use_graphics, backend.plot_folder
    backend.use_graphics, backend.plot_folder = options.graphics, options.plots
    try:  # an error in models.py itself costs the question's points, as in a child
        ending = run_check(child, lambda _: _load_models(path), options.mute)
        if ending is Ending.FINISHED:
            ending = run_check(child, question.train, options.mute)
    finally:
        if saved[0] is missing:
            sys.modules.pop("models", None)
        else:
            sys.modules["models"] = saved[0]
        backend.use_graphics, backend.plot_folder = saved[1:]
    outputs = child.outputs if ending is Ending.FINISHED else None
    return Run(ending, outputs, time.perf_counter() - start, structure=child.structure_arrays,
               details=child.failure)


def _load_models(path):
    """Import the file `path` as the module `models` (into sys.modules, where
    the questions' `import models` finds it), writing no __pycache__ beside it."""
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
    Returns an Ending: FINISHED, FAILED (a check found a mistake), ERROR (an
    exception), DIVERGED or EXIT (the code tried to end the process)."""
    stdout = sys.stdout
    if mute:
        sys.stdout = open(os.devnull, "w")
    status = Ending.FINISHED
    try:
        check(tracker)
    except CheckFailed as failure:
        tracker.print(str(failure))
        if hasattr(tracker, "failure") and failure.code:
            tracker.failure = {"code": failure.code}
        status = Ending.FAILED
    except SystemExit as exit_:
        tracker.print(say("Your code called sys.exit({code}), which ends the check; do not exit "
                          "from models.py.", code=exit_.code))
        status = Ending.EXIT
    except KeyboardInterrupt:
        tracker.print(say("Your code raised KeyboardInterrupt, which ends the check."))
        status = Ending.EXIT
    except MemoryError:
        tracker.print(say("Your code ran out of memory (MemoryError). Look for arrays or lists "
                          "that grow without end, or that hold far more than the data."))
        status = Ending.ERROR
    except FloatingPointError:  # nn.py: an update made a parameter NaN or infinite
        tracker.print(say("Your code raised an exception, so this check earns no more points:"))
        tracker.print(student_traceback())
        status = Ending.DIVERGED
    except Exception as error:
        if hasattr(tracker, "failure"):
            tracker.failure = mistakes.of_exception(error)
        tracker.print(say("Your code raised an exception, so this check earns no more points:"))
        tracker.print(student_traceback())
        if "only 0-dimensional arrays can be converted" in str(error):
            tracker.print(say("Hint: numpy 2.4 and newer refuse float() on a 1x1 array. Use "
                              "nn.as_scalar(node) to get the number in a node."))
        status = Ending.ERROR
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
