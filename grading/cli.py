"""The autograder's command line: what each option does.

autograder.py declares the questions and the layouts and hands them here:

    grading.cli.main(argv, QUESTIONS, LAYOUTS, DEFAULT_LAYOUT)
"""

import argparse
import os
import random
import sys
import time

import backend
import plots
from grading.dependencies import has_matplotlib
from grading.engine import GRADING_ATTEMPTS, GradeOptions, grade
from grading.messages import LANGUAGES, say, set_language
from grading.submissions import find_submission
from grading.report import Tracker
from grading import similarity


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
    parser.add_argument("--attempts", type=int, metavar="N",
                        help="attempts per question, with seeds SEED, SEED+1, ...; only a "
                             "missed threshold, a divergence or a time-out is tried again "
                             "(default: 1 for your own run, {} when grading a submission)"
                             .format(GRADING_ATTEMPTS))
    instructor = parser.add_argument_group("for instructors")
    instructor.add_argument("--submission", metavar="PATH",
                            help="grade the models.py at PATH (a file, or a folder holding "
                                 "one) with this kit's nn.py, backend.py and data")
    instructor.add_argument("--time-limit", type=float, metavar="SECONDS",
                            help="wall-clock limit for each attempt at a question (default: "
                                 "the question's own: {})".format(_limits_text(questions)))
    instructor.add_argument("--time-budget", type=float, metavar="SECONDS",
                            help="the most one submission's grading may take, every question "
                                 "and attempt together (default when grading a submission: "
                                 "the sum of the questions' limits; none for your own run)")
    instructor.add_argument("--memory-limit", type=int, default=2048, metavar="MB",
                            help="memory limit of the process running the student's code, "
                                 "on Linux (default: %(default)s; 0 for none)")
    instructor.add_argument("--batch", metavar="DIR",
                            help="grade every submission in DIR (a folder or a .py file per "
                                 "student), in parallel; writes summary.csv and a JSON per "
                                 "student into --batch-output")
    instructor.add_argument("--batch-output", metavar="DIR", default="grades",
                            help="where --batch writes its reports (default: %(default)s)")
    instructor.add_argument("--jobs", type=int, metavar="N",
                            help="submissions graded at once by --batch (default: the "
                                 "number of cores)")
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
    instructor.add_argument("--similarity-threshold", type=float, metavar="SHARE",
                            help="with --similarity: also flag every pair where this share of "
                                 "one side's code matches the other (the rule before the "
                                 "class-relative one): more than 0 and at most 1, or a "
                                 "percentage (default: none)")
    instructor.add_argument("--gradescope-output", action="store_true",
                            help="also write Gradescope's results.json (into "
                                 "/autograder/results/ when it exists, else here)")
    instructor.add_argument("--edx-output", action="store_true",
                            help="accepted for compatibility with the original kit; "
                                 "the report is the same")
    instructor.add_argument("--make-student-kit", metavar="OUT.tar.gz",
                            help="write the students' kit: models.py cut to the skeleton, "
                                 "--layout as its default, the data, a README")
    instructor.add_argument("--make-gradescope-zip", metavar="OUT.zip",
                            help="write the zip to upload as a Gradescope autograder")
    instructor.add_argument("--gradescope-timeout", type=int, metavar="SECONDS", default=600,
                            help="the timeout set for the autograder on Gradescope; the zip's "
                                 "run_autograder grades within it, a minute to spare "
                                 "(default: %(default)s, Gradescope's own default)")
    instructor.add_argument("--sandbox", choices=("auto", "bwrap", "user", "process"),
                            default="auto",
                            help="how a submission's code is sealed: bwrap (Linux with "
                                 "bubblewrap), user (as root: another user id), process (a "
                                 "child process, partial); default: the strongest that works")
    instructor.add_argument("--no-isolation", action="store_true",
                            help="run the student's code in this process, without limits "
                                 "(for debugging the kit)")
    return parser.parse_args(argv)


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


def select_questions(questions, layouts, layout, question):
    """The (name, Question) pairs to grade; None, with a message, if `question`
    is not in the layout."""
    questions = [(name, questions[key]) for name, key in layouts[layout]]
    if question is None:
        return questions
    chosen = [(name, q) for name, q in questions if name == question]
    if not chosen:
        print(say("There is no question {question} in layout {layout}. Its questions are: {known}",
                  question=question, layout=layout,
                  known=", ".join(name for name, _ in questions)), file=sys.stderr)
        return None
    return chosen


def main(argv, questions, layouts, default_layout):
    """The command line: `questions` {key: Question}, `layouts` {name: [(qN, key)]}."""
    # A console that cannot show a character (a legacy Windows code page, say)
    # gets a '?' instead of a UnicodeEncodeError.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    args = parse_arguments(argv, questions, layouts, default_layout)
    if args.lang:
        set_language(args.lang)
    if args.check_dependencies:
        from grading.dependencies import check_dependencies
        return check_dependencies()

    if args.make_student_kit or args.make_gradescope_zip:
        from grading import packaging
        if args.make_student_kit:
            packaging.make_student_kit(args.make_student_kit, args.layout,
                                       select_questions(questions, layouts, args.layout, None))
            print(say("Wrote {path} (layout {layout}).",
                      path=args.make_student_kit, layout=args.layout))
        if args.make_gradescope_zip:
            packaging.make_gradescope_zip(args.make_gradescope_zip, args.layout,
                                          timeout=args.gradescope_timeout)
            print(say("Wrote {path} (layout {layout}).",
                      path=args.make_gradescope_zip, layout=args.layout))
        return 0

    threshold = args.similarity_threshold
    if threshold is not None and 1 < threshold <= 100:
        threshold /= 100  # a percentage
    if threshold is not None and not 0 < threshold <= 1:
        print(say("--similarity-threshold takes a share of the code, more than 0 and at most 1 "
                  "(or a percentage), not {threshold}.", threshold=args.similarity_threshold),
              file=sys.stderr)
        return 2
    args.similarity_threshold = threshold or similarity.THRESHOLD
    if threshold is not None and not (args.similarity or args.reference):
        print(say("--similarity-threshold does nothing without --similarity."), file=sys.stderr)
    if args.boilerplate and not (args.similarity or args.reference):
        print(say("--boilerplate does nothing without --similarity."), file=sys.stderr)
    if args.regrade and not args.batch:
        print(say("--regrade does nothing without --batch."), file=sys.stderr)
    questions = select_questions(questions, layouts, args.layout, args.question)
    if questions is None:
        return 2
    if (args.similarity or args.reference) and not args.batch:
        print(say("--similarity and --reference work with --batch."), file=sys.stderr)
        return 2
    # Grading someone else's code is repeatable: fixed seeds, and a second
    # attempt where chance may have failed the first. A student's own run
    # draws a new seed each time and prints it, so --seed repeats it.
    student = not (args.submission or args.batch or args.gradescope_output)
    if args.attempts is not None and args.attempts < 1:
        print(say("--attempts must be 1 or more, not {attempts}.",
                  attempts=args.attempts), file=sys.stderr)
        return 2
    seed = args.seed
    if seed is None:
        seed = random.SystemRandom().randrange(100000) if student else 0
    attempts = args.attempts or (1 if student else GRADING_ATTEMPTS)
    budget = args.time_budget
    if budget is None and not student:
        budget = sum(args.time_limit or q.time_limit for _, q in questions)
    options = GradeOptions(seed=seed, isolate=not args.no_isolation, mute=args.mute,
                           time_limit=args.time_limit, memory_limit=args.memory_limit,
                           attempts=attempts, time_budget=budget, student=student)
    if not student:  # the report's first lines: how the code is sealed, which seeds
        if options.isolate:
            from grading import sealing
            options.seal = sealing.choose(args.sandbox)
            print(sealing.describe(options.seal))
        print(say("Seeds: {seeds}. A question that misses its threshold, diverges or runs out of "
                  "time is tried again with the next seed, up to {attempts} attempts; the best "
                  "attempt counts.", attempts=attempts,
                  seeds=", ".join(str(seed + k) for k in range(attempts))))
    if args.batch:
        from grading.batch import grade_batch
        if not os.path.isdir(args.batch):
            print(say("{path} is not a folder. --batch takes a folder with one submission per "
                      "student (a folder holding models.py, or a .py file).",
                      path=args.batch), file=sys.stderr)
            return 2
        similar = None
        if args.similarity or args.reference:
            similar = _compare(args)
            if similar is None:
                return 2
        grade_batch(args.batch, questions, options, args.batch_output, jobs=args.jobs,
                    regrade=args.regrade, similar=similar)
        print(say("Grades written to {path}, with a JSON report per student and report.html "
                  "beside it.", path=os.path.join(args.batch_output, "summary.csv")))
        return 0
    if args.submission:
        try:
            options.models_path, notes = find_submission(args.submission)
        except FileNotFoundError as error:
            print(error, file=sys.stderr)
            if args.gradescope_output:  # Gradescope shows the student why, with 0 points
                from grading.results import write_gradescope_results
                tracker = Tracker([(name, q.points) for name, q in questions])
                for name, _ in questions:
                    tracker.notes[name].append(str(error))
                write_gradescope_results(tracker, 0.0)
            return 2
        for note in notes:
            print(note)

    backend.use_graphics = not args.no_graphics and has_matplotlib()
    if options.seal is not None and options.seal.sealed:
        backend.use_graphics = False  # no window reaches a sealed child
    elif not args.no_graphics and not has_matplotlib():
        print(say("matplotlib is not installed, so there are no plots; grading goes on without "
                  "them. Install it with: python -m pip install matplotlib"))
    elif backend.use_graphics and plots.pyplot_with_display() is None:
        # No window can open: each plot's final picture goes to plots/ instead.
        backend.plot_folder = options.plots = os.path.abspath("plots")
        print(say("No display here, so no windows open: the final picture of each plot is saved "
                  "in {folder}, and training progress is printed as text. --no-graphics skips "
                  "both.", folder=options.plots))
    options.graphics = backend.use_graphics
    if student:
        question = "-q {} ".format(args.question) if args.question else ""
        print(say("Seed {seed}: parameters start at random. To repeat this run exactly: python "
                  "autograder.py {args}--seed {seed}", seed=seed, args=question))
    start = time.perf_counter()
    tracker = grade(questions, options)
    if args.gradescope_output:
        from grading.results import write_gradescope_results
        write_gradescope_results(tracker, time.perf_counter() - start)
    return 0
