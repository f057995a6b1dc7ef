"""The autograder's command line: what each option does.

autograder.py declares the questions and the layouts and hands them here:

    grading.cli.main(argv, QUESTIONS, LAYOUTS, DEFAULT_LAYOUT)

In three steps: parse_arguments (argparse, with a type= for each range),
build_options (the GradeOptions the arguments ask for, and nothing else),
then one function per command: check_dependencies, package, grade_batch,
grade_one_run. An option that grading needs is a field of GradeOptions
(engine.grading_option: grading/__init__.py says how to add one) with its
argparse line here; build_options copies it, and every way of grading then
gets it.
"""

import argparse
import dataclasses
import os
import random
import sys
import time

import backend
import plots
from grading import packaging, seals, shards, similarity
from grading.batch import grade_batch
from grading.dependencies import check_dependencies, has_matplotlib
from grading.engine import GRADING_ATTEMPTS, GradeOptions, grade, grading_fields
from grading.report import LANGUAGES, Tracker, say, set_language
from grading.submissions import find_submission
from grading.summaries import write_gradescope_results

# --------------------------------------------------------------------------
# The arguments
# --------------------------------------------------------------------------

def _at_least_one(text):
    """--attempts: an integer, 1 or more."""
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or value < 1:
        raise argparse.ArgumentTypeError(say("--attempts must be 1 or more, not {attempts}.",
                                             attempts=text))
    return value


def _number(kind, option, smallest, zero_too=False):
    """An argparse type: a number of `kind` (int or float), more than
    `smallest` (or equal to it if `zero_too`), for `option`."""
    def read(text):
        try:
            value = kind(text)
        except ValueError:
            value = None
        if value is None or not (value > smallest or (zero_too and value == smallest)):
            if zero_too:
                message = say("{option} takes a number, {smallest} or more, not {value}.",
                              option=option, smallest=smallest, value=text)
            else:
                message = say("{option} takes a number more than {smallest}, not {value}.",
                              option=option, smallest=smallest, value=text)
            raise argparse.ArgumentTypeError(message)
        return value
    return read


def _share(text):
    """--similarity-threshold: a share, more than 0 and at most 1, or a percentage."""
    try:
        value = float(text)
    except ValueError:
        value = None
    if value is not None and 1 < value <= 100:
        value /= 100  # a percentage
    if value is None or not 0 < value <= 1:
        raise argparse.ArgumentTypeError(say(
            "--similarity-threshold takes a share of the code, more than 0 and at most 1 (or a "
            "percentage), not {threshold}.", threshold=text))
    return value


def _language_first(argv):
    """Set the messages' language from --lang before anything is said (so
    that an argument's error is said in it)."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang", choices=LANGUAGES)
    known, _ = early.parse_known_args(argv)
    if known.lang:
        set_language(known.lang)


def parse_arguments(argv, questions, layouts, default_layout):
    parser = argparse.ArgumentParser(
        description="Grade models.py. / Califica models.py.")
    parser.add_argument("-q", "--question", help="grade only this question, e.g. q1")
    parser.add_argument("--no-graphics", action="store_true", help="train without plots")
    parser.add_argument("--mute", action="store_true",
                        help="hide what models.py prints while it is graded")
    parser.add_argument("--check-dependencies", action="store_true",
                        help="check that numpy and matplotlib work, then exit")
    parser.add_argument("--layout", choices=sorted(layouts), default=default_layout,
                        help="which questions the handout has (default: %(default)s)")
    parser.add_argument("--lang", choices=LANGUAGES,
                        help="language of the messages (default: from the locale)")
    parser.add_argument("--seed", type=int,
                        help="random seed set before each question, to repeat a run (default: "
                             "a new one each run, printed; 0 when grading a submission)")
    parser.add_argument("--attempts", type=_at_least_one, metavar="N",
                        help="attempts per question, with seeds SEED, SEED+1, ...; only a "
                             "missed threshold, a divergence or a time-out is tried again "
                             "(default: 1 for your own run, {} when grading a submission)"
                             .format(GRADING_ATTEMPTS))
    _instructor_arguments(parser.add_argument_group("for instructors"), questions)
    return parser.parse_args(argv)


def _instructor_arguments(instructor, questions):
    """The instructors' options (grading others' code, batches, packages)."""
    instructor.add_argument("--submission", metavar="PATH",
                            help="grade the models.py at PATH (a file, or a folder holding "
                                 "one) with this kit's nn.py, backend.py and data")
    instructor.add_argument("--time-limit", type=_number(float, "--time-limit", 0),
                            metavar="SECONDS",
                            help="wall-clock limit for each attempt at a question (default: "
                                 "the question's own: {})".format(_limits_text(questions)))
    instructor.add_argument("--time-budget", type=_number(float, "--time-budget", 0),
                            metavar="SECONDS",
                            help="the most one submission's grading may take, every question "
                                 "and attempt together (default when grading a submission: "
                                 "the sum of the questions' limits; none for your own run)")
    instructor.add_argument("--memory-limit", type=_number(int, "--memory-limit", 0, True),
                            default=2048, metavar="MB",
                            help="memory limit of the process running the student's code, "
                                 "on Linux (default: %(default)s; 0 for none)")
    _batch_arguments(instructor)
    instructor.add_argument("--gradescope-output", action="store_true",
                            help="also write Gradescope's results.json (into "
                                 "/autograder/results/ when it exists, else here)")
    # The original kit's --edx-output wrote a file for the edX platform. Kept,
    # doing nothing, so that an instructor's command that passes it still runs
    # (the report printed is the same); hidden from --help.
    instructor.add_argument("--edx-output", action="store_true", help=argparse.SUPPRESS)
    instructor.add_argument("--make-student-kit", metavar="OUT.tar.gz",
                            help="write the students' kit: models.py cut to the skeleton, "
                                 "--layout as its default, the data, a README")
    instructor.add_argument("--make-gradescope-zip", metavar="OUT.zip",
                            help="write the zip to upload as a Gradescope autograder")
    instructor.add_argument("--gradescope-timeout", type=int, metavar="SECONDS", default=600,
                            help="the timeout set for the autograder on Gradescope; the zip's "
                                 "run_autograder grades within it, a minute to spare "
                                 "(default: %(default)s, Gradescope's own default)")
    modes = ("auto",) + tuple(kind.mode for kind in seals.STRONGEST_FIRST) + ("process",)
    instructor.add_argument("--sandbox", choices=modes,
                            default="auto",
                            help="how a submission's code is sealed: bwrap (Linux with "
                                 "bubblewrap), user (as root: another user id), process (a "
                                 "child process, partial); default: the strongest that works")
    instructor.add_argument("--no-isolation", action="store_true",
                            help="run the student's code in this process, without limits "
                                 "(for debugging the kit)")


def _batch_arguments(instructor):
    """The options of --batch."""
    instructor.add_argument("--batch", metavar="DIR",
                            help="grade every submission in DIR (a folder or a .py file per "
                                 "student), in parallel; writes summary.csv and a JSON per "
                                 "student into --batch-output")
    instructor.add_argument("--batch-output", metavar="DIR", default="grades",
                            help="where --batch writes its reports (default: %(default)s)")
    instructor.add_argument("--jobs", type=_number(int, "--jobs", 0), metavar="N",
                            help="submissions graded at once by --batch (default: the "
                                 "cores this process may use)")
    instructor.add_argument("--feedback", action="store_true",
                            help="with --batch: write each student's feedback into "
                                 "feedback/ beside the reports (HTML and text: the grade, "
                                 "what went wrong, what to try, the command that repeats it)")
    instructor.add_argument("--regrade", action="store_true",
                            help="with --batch: grade every submission again, also those "
                                 "already graded with the same models.py, kit and options")
    instructor.add_argument("--similarity", action="store_true",
                            help="with --batch: compare the submissions' models.py with each "
                                 "other (needs requirements-instructor.txt); similar pairs go "
                                 "into report.html and similarity.csv")
    instructor.add_argument("--reference", metavar="DIR",
                            help="with --similarity: also compare each submission with the "
                                 "known solutions in DIR (laid out as for --batch)")
    instructor.add_argument("--boilerplate", action="append", default=[], metavar="FILE",
                            help="with --similarity: more code to leave out of the "
                                 "comparison, on top of the kit's skeleton (another "
                                 "skeleton, a hint handed out); may be given again")
    instructor.add_argument("--similarity-threshold", type=_share, metavar="SHARE",
                            help="with --similarity: also flag every pair where this share of "
                                 "one side's code matches the other (the rule before the "
                                 "class-relative one): more than 0 and at most 1, or a "
                                 "percentage (default: none)")
    shards.add_arguments(instructor)  # --shard, --merge, --make-slurm-script


def _compare(args):
    """--similarity: compare the batch's submissions, write similarity.csv;
    the grading.similarity.Comparison, or None after saying what is wrong."""
    problem = similarity.missing()
    if problem is None and args.reference and not os.path.isdir(args.reference):
        problem = say("{path} is not a folder. --reference takes a folder of known solutions, "
                      "laid out as for --batch.", path=args.reference)
    for path in args.boilerplate if problem is None else ():
        try:
            similarity.read_boilerplate([path])
        except (OSError, UnicodeDecodeError) as error:
            problem = say("--boilerplate {path} cannot be read ({error}). It takes a Python "
                          "file whose code is left out of the comparison.", path=path,
                          error=error)
            break
    if problem is not None:
        print(problem, file=sys.stderr)
        return None
    similar = similarity.compare_folder(args.batch, args.reference, args.similarity_threshold,
                                        args.boilerplate)
    os.makedirs(args.batch_output, exist_ok=True)
    path = os.path.join(args.batch_output, "similarity.csv")
    similarity.write_csv(path, similar)
    print(say("Similarity: {count} pairs compared, {flagged} flagged (a reason to look, not a "
              "verdict), written to {path}; report.html shows them.", count=len(similar.pairs),
              flagged=len(similar.flagged), path=path))
    for note in similar.notes:
        print(note)
    return similar


def _limits_text(questions):
    limits = sorted({question.time_limit for question in questions.values()})
    return ", ".join("{} s".format(limit) for limit in limits)


def select_questions(questions, layouts, layout, question=None):
    """The (name, Question) pairs of `layout` to grade: all, or only
    `question`; a ValueError that says which there are if it has no such."""
    chosen = [(name, questions[key]) for name, key in layouts[layout]]
    if question is None:
        return chosen
    found = [(name, q) for name, q in chosen if name == question]
    if not found:
        raise ValueError(say("There is no question {question} in layout {layout}. Its questions "
                             "are: {known}", question=question, layout=layout,
                             known=", ".join(name for name, _ in chosen)))
    return found


def _warnings(args):
    """Options that do nothing with the others given: said, not refused."""
    if args.similarity_threshold is not None and not (args.similarity or args.reference):
        print(say("--similarity-threshold does nothing without --similarity."), file=sys.stderr)
    if args.boilerplate and not (args.similarity or args.reference):
        print(say("--boilerplate does nothing without --similarity."), file=sys.stderr)
    if args.regrade and not args.batch:
        print(say("--regrade does nothing without --batch."), file=sys.stderr)


def build_options(args, questions, draw_seed=None):
    """The GradeOptions that `args` ask for, grading `questions` [(name,
    Question)]. Grading someone else's code is repeatable: fixed seeds, and
    a second attempt where chance may have failed the first. A student's own
    run draws a new seed each time (`draw_seed()`), printed, so --seed
    repeats it. Where the code runs (the seal, the display) is decided by the
    command, on this machine."""
    student = not (args.submission or args.batch or args.gradescope_output)
    given = {}
    for field in grading_fields(GradeOptions):  # as the command line sets them
        meta = field.metadata
        value = _given(args, field)
        if meta["given"] is None and value is not None:
            given[field.name] = value if meta["sets"] is None else (
                meta["sets"] if value else field.default)
    # Then the defaults that depend on the run: a student's draws a seed,
    # grading someone else's is repeatable, with a time budget.
    if args.seed is None:
        given["seed"] = (draw_seed or _draw_seed)() if student else 0
    if args.attempts is None:
        given["attempts"] = 1 if student else GRADING_ATTEMPTS
    if args.time_budget is None and not student:
        # A float, as --time-budget parses: a shard given it back gets the same key.
        given["time_budget"] = float(sum(args.time_limit or q.time_limit for _, q in questions))
    return GradeOptions(student=student, **given)


def _draw_seed():
    return random.SystemRandom().randrange(100000)


# --------------------------------------------------------------------------
# The commands
# --------------------------------------------------------------------------

def main(argv, questions, layouts, default_layout):
    """The command line: `questions` {key: Question}, `layouts` {name: [(qN, key)]}."""
    # A console that cannot show a character (a legacy Windows code page, say)
    # gets a '?' instead of a UnicodeEncodeError.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    _language_first(argv)
    try:
        args = parse_arguments(argv, questions, layouts, default_layout)
    except SystemExit as stop:  # argparse said what was wrong (or printed --help)
        return stop.code
    if args.check_dependencies:
        return check_dependencies()
    if args.make_student_kit or args.make_gradescope_zip:
        return package(args, select_questions(questions, layouts, args.layout))
    _warnings(args)
    problem = shards.check(args)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    try:
        chosen = select_questions(questions, layouts, args.layout, args.question)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    if (args.similarity or args.reference) and not args.batch:
        print(say("--similarity and --reference work with --batch."), file=sys.stderr)
        return 2
    options = build_options(args, chosen)
    if not options.student:
        options = _for_others(args, options)
    if args.batch:
        return batch(args, chosen, options, default_layout)
    return grade_one_run(args, chosen, options, default_layout)


def package(args, questions):
    """--make-student-kit, --make-gradescope-zip."""
    if args.make_student_kit:
        packaging.make_student_kit(args.make_student_kit, args.layout, questions)
        print(say("Wrote {path} (layout {layout}).", path=args.make_student_kit,
                  layout=args.layout))
    if args.make_gradescope_zip:
        packaging.make_gradescope_zip(args.make_gradescope_zip, args.layout,
                                      timeout=args.gradescope_timeout)
        print(say("Wrote {path} (layout {layout}).", path=args.make_gradescope_zip,
                  layout=args.layout))
    return 0


def _for_others(args, options):
    """Grading someone else's code: seal it (the report's first line says
    how), and say the seeds."""
    if options.isolate:
        options = dataclasses.replace(options, seal=seals.choose(args.sandbox))
        print(options.seal.describe())
    print(say("Seeds: {seeds}. A question that misses its threshold, diverges or runs out of "
              "time is tried again with the next seed, up to {attempts} attempts; the best "
              "attempt counts.", attempts=options.attempts,
              seeds=", ".join(str(options.seed + k) for k in range(options.attempts))))
    return options


def batch(args, questions, options, default_layout=None):
    """--batch DIR: every submission in DIR, with --similarity if asked."""
    if not os.path.isdir(args.batch):
        print(say("{path} is not a folder. --batch takes a folder with one submission per "
                  "student (a folder holding models.py, or a .py file).",
                  path=args.batch), file=sys.stderr)
        return 2
    if args.shard or args.merge or args.make_slurm_script:
        return shards.command(args, questions, options, _compare)
    similar = None
    if args.similarity or args.reference:
        similar = _compare(args)
        if similar is None:
            return 2
    layout = "" if args.layout == default_layout else "--layout {} ".format(args.layout)
    grade_batch(args.batch, questions, options, args.batch_output, jobs=args.jobs,
                regrade=args.regrade, similar=similar,
                feedback=layout if args.feedback else None)
    print(say("Grades written to {path}, with a JSON report per student and report.html "
              "beside it.", path=os.path.join(args.batch_output, "summary.csv")))
    return 0


def grade_one_run(args, questions, options, default_layout=None):
    """A student's own run, or --submission PATH; --gradescope-output writes
    results.json too."""
    if args.submission:
        try:
            models, notes = find_submission(args.submission)
        except FileNotFoundError as error:
            print(error, file=sys.stderr)
            if args.gradescope_output:  # Gradescope shows the student why, with 0 points
                tracker = Tracker([(name, q.points) for name, q in questions])
                for name, _ in questions:
                    tracker.notes[name].append(str(error))
                write_gradescope_results(tracker, 0.0)
            return 2
        for note in notes:
            print(note)
        options = dataclasses.replace(options, models_path=models)
    options = _graphics(args, options)
    if options.student:
        print(say("Seed {seed}: parameters start at random. To repeat this run exactly: python "
                  "autograder.py {args}--seed {seed}", seed=options.seed,
                  args=repeat_arguments(args, default_layout)))
    start = time.perf_counter()
    tracker = grade(questions, options)
    if args.gradescope_output:
        write_gradescope_results(tracker, time.perf_counter() - start)
    return 0


def _given(args, field):
    """What the command line gave for a grading_option field (its flag's value)."""
    return getattr(args, field.metadata["flag"].lstrip("-").replace("-", "_"))


def repeat_arguments(args, default_layout):
    """The arguments, each followed by a space, that make a run like this
    one, but for its seed: the same questions (--layout unless the default,
    -q) and every option deciding a grade that was given (--time-limit,
    --attempts, ...: grading_option's flags)."""
    words = []
    if default_layout is not None and args.layout != default_layout:
        words += ["--layout", args.layout]
    if args.question:
        words += ["-q", args.question]
    for field in grading_fields(GradeOptions):
        flag = field.metadata["flag"]
        value = _given(args, field)
        if flag in ("--seed", "--sandbox"):
            continue  # the seed comes last; the sandbox plays no part in a student's run
        if field.metadata["sets"] is not None:  # a flag without a value
            words += [flag] if value else []
        elif value is not None and value != field.default:
            words += [flag, "{:g}".format(value) if isinstance(value, float) else str(value)]
    return "".join(word + " " for word in words)


def _graphics(args, options):
    """Plots: in windows where there is a display, as pictures in plots/
    where there is none, never in a sealed child or with --no-graphics. Sets
    backend's switches for this process (a student's run, one at a time)."""
    plots_folder = None
    graphics = not args.no_graphics and has_matplotlib()
    if options.seal.sealed:
        graphics = False  # no window reaches a sealed child
    elif not args.no_graphics and not has_matplotlib():
        print(say("matplotlib is not installed, so there are no plots; grading goes on without "
                  "them. Install it with: python -m pip install matplotlib"))
    elif graphics and plots.pyplot_with_display() is None:
        # No window can open: each plot's final picture goes to plots/ instead.
        plots_folder = os.path.abspath("plots")
        print(say("No display here, so no windows open: the final picture of each plot is saved "
                  "in {folder}, and training progress is printed as text. --no-graphics skips "
                  "both.", folder=plots_folder))
    backend.use_graphics = graphics
    if plots_folder is not None:
        backend.plot_folder = plots_folder
    return dataclasses.replace(options, graphics=graphics, plots=plots_folder)
