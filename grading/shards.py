"""Grading a large class on several machines: shards, a merge, a Slurm script.

    python autograder.py --batch DIR --shard 2/5      grade shard 2 of 5
    python autograder.py --batch DIR --shard auto     K and N from the job runner
    python autograder.py --batch DIR --merge          summary.csv and report.html
    python autograder.py --batch DIR --make-slurm-script grade.sh [--shards N]

A shard is a fixed part of the class, chosen by student name alone
(shard_of), so N shards started anywhere, in any order, at any time, grade
every student exactly once between them, and a shard run again grades the
same students. Every shard writes the same per-student JSON as --batch into
the one --batch-output folder (each file written whole, under a name only its
shard writes); --merge then rebuilds summary.csv and report.html from those
files, grading nothing, and lists the students with no grade yet.

Why a hash of the name and not the sorted names dealt out in turn: dealing
gives shards equal to one student, but a student added to the folder (a late
submission) moves every student after them to another shard, so shards that
started before and after the change could grade a student twice or not at
all, and a shard run again would grade others than the first time. A hash
depends on the name only. It costs balance: with 600 students in 10 shards
(60 on average), the largest holds about 71 (77 one class in ten); the time
limit of the Slurm script is computed from the largest shard of the actual
folder, so it is never too short.
"""

import csv
import math
import os
import re
import shlex
import stat
import sys
import time

from grading import packaging
from grading.report import say
from grading.submissions import find_submissions, shard_of, shard_sizes
from grading.summaries import write_whole


class ShardError(ValueError):
    """A --shard value that cannot be used; its message says why, in the
    user's language."""


# --------------------------------------------------------------------------
# Which students a shard grades
# --------------------------------------------------------------------------


# --------------------------------------------------------------------------
# --shard K/N, auto, auto/N
# --------------------------------------------------------------------------

# The job runners' variables --shard auto reads.
SLURM_ID, SLURM_MIN, SLURM_MAX, SLURM_COUNT = (
    "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_MAX",
    "SLURM_ARRAY_TASK_COUNT")
KUBERNETES_INDEX = "JOB_COMPLETION_INDEX"


def parse_shard(value, environ=None):
    """(K, N), shard K of N (1 <= K <= N), from a --shard value:

    K/N      as given, e.g. 2/5;
    auto     from a Slurm array job: K = SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN + 1,
             N = SLURM_ARRAY_TASK_COUNT (the array must be consecutive task IDs);
    auto/N   N as given; K = SLURM_ARRAY_TASK_ID (tasks numbered 1 to N, as the
             script of --make-slurm-script numbers them, so `--array=3` runs shard 3
             again), or K = JOB_COMPLETION_INDEX + 1 in a Kubernetes Indexed Job
             (indexes 0 to N-1).

    Raises ShardError with a message that says what is wrong and what to do."""
    environ = os.environ if environ is None else environ
    text = value.strip()
    match = re.fullmatch(r"(\d+)\s*/\s*(\d+)", text)
    if match:
        return _in_range(value, int(match.group(1)), int(match.group(2)))
    match = re.fullmatch(r"auto(?:\s*/\s*(\d+))?", text, re.IGNORECASE)
    if not match:
        raise ShardError(say("--shard takes K/N (shard K of N, K from 1 to N, e.g. 2/5), auto "
                             "or auto/N (K from the job runner), not \"{value}\".", value=value))
    if match.group(1) is None:
        return _from_runner(value, environ)
    count = int(match.group(1))
    if count < 1:
        raise ShardError(say("--shard {value}: there must be at least one shard.",
                             value=value))
    if SLURM_ID in environ:
        return _in_range(value, _number(value, environ, SLURM_ID), count, SLURM_ID)
    if KUBERNETES_INDEX in environ:
        return _in_range(value, _number(value, environ, KUBERNETES_INDEX) + 1, count,
                         KUBERNETES_INDEX)
    raise ShardError(_no_runner(value))


def _from_runner(value, environ):
    """--shard auto: (K, N) from a Slurm array's variables."""
    if SLURM_ID not in environ:
        if KUBERNETES_INDEX in environ:
            raise ShardError(say("--shard auto: {name} (a Kubernetes Indexed Job) gives the "
                                 "shard, not how many there are: write --shard auto/N, N the "
                                 "Job's completions.", name=KUBERNETES_INDEX))
        raise ShardError(_no_runner(value))
    task = _number(value, environ, SLURM_ID)
    if SLURM_MIN not in environ or (SLURM_MAX not in environ and SLURM_COUNT not in environ):
        raise ShardError(say("--shard auto: {name} is set but not the array's extent "
                             "({low}, {high}): write --shard auto/N, N the number of shards.",
                             name=SLURM_ID, low=SLURM_MIN, high=SLURM_MAX))
    low = _number(value, environ, SLURM_MIN)
    count = (_number(value, environ, SLURM_COUNT) if SLURM_COUNT in environ
             else _number(value, environ, SLURM_MAX) - low + 1)
    if SLURM_MAX in environ and _number(value, environ, SLURM_MAX) - low + 1 != count:
        raise ShardError(say("--shard auto: the Slurm array's task IDs are not consecutive "
                             "({count} tasks from {low} to {high}), so they cannot number the "
                             "shards: write --shard auto/N and number the tasks 1 to N.",
                             count=count, low=low, high=_number(value, environ, SLURM_MAX)))
    return _in_range(value, task - low + 1, count, SLURM_ID)


def _no_runner(value):
    return say("--shard {value}: no job runner's variable is set here ({slurm} in a Slurm "
               "array job, {kubernetes} in a Kubernetes Indexed Job). Give the shard as K/N, "
               "e.g. --shard 1/4.", value=value, slurm=SLURM_ID, kubernetes=KUBERNETES_INDEX)


def _number(value, environ, name):
    text = environ[name].strip()
    if not re.fullmatch(r"\d+", text):
        raise ShardError(say("--shard {value}: the job runner's variable {name} is \"{got}\", "
                             "not a whole number.", value=value, name=name, got=environ[name]))
    return int(text)


def _in_range(value, shard, count, variable=None):
    if count < 1:
        raise ShardError(say("--shard {value}: there must be at least one shard.",
                             value=value))
    if not 1 <= shard <= count:
        if variable is None:
            raise ShardError(say("--shard {value}: there is no shard {shard} of {count}; K "
                                 "goes from 1 to {count}.", value=value, shard=shard,
                                 count=count))
        raise ShardError(say("--shard {value}: {name} makes this shard {shard}, but there are "
                             "{count} shards (number the Slurm array's tasks 1 to {count}; "
                             "a Kubernetes Job's indexes go from 0 to {last}).", value=value,
                             name=variable, shard=shard, count=count, last=count - 1))
    return shard, count


# --------------------------------------------------------------------------
# --merge: summary.csv and report.html from the JSON reports
# --------------------------------------------------------------------------

NOT_GRADED = "not_graded.csv"  # beside summary.csv while some students have no grade


def merge(folder, output, questions, options, shards=None, similar=None, log=print):
    """Rebuild summary.csv and report.html in `output` from the JSON reports
    already there, for the submissions in `folder`, grading nothing. A
    student with no report, or one whose models.py or grading settings
    changed since (a report of other code or other rules), is listed as not
    graded, in the log and in not_graded.csv, never counted as zero.
    `shards`: the number of shards, to say which one each such student is in.
    Returns (the results written, [(student, why)] not graded)."""
    from grading import batch, html_report
    submissions = find_submissions(folder)
    results, missing, other_sandbox = _sort_reports(submissions, output, questions, options)
    os.makedirs(output, exist_ok=True)
    names = [name for name, _ in questions]
    batch.write_csv(os.path.join(output, "summary.csv"), results, names)
    batch.write_mistakes(os.path.join(output, "mistakes.csv"), results)
    html_report.write_report(os.path.join(output, "report.html"), results, questions,
                             options, folder=folder, similar=similar,
                             missing=[student for student, _ in missing])
    listed = os.path.join(output, NOT_GRADED)
    if missing:
        def write(f):
            writer = csv.writer(f)
            writer.writerow(["student", "shard", "why"])
            for student, why in missing:
                writer.writerow([student, shard_of(student, shards) if shards else "", why])
        write_whole(listed, write, newline="")
    elif os.path.exists(listed):
        os.remove(listed)
    log(say("Merged the reports in {folder}: {graded} of {count} submissions graded.",
            folder=output, graded=len(results), count=len(submissions)))
    if other_sandbox:
        log(say("{count} of them were sealed otherwise than this machine would seal them (each "
                "report says how).", count=other_sandbox))
    if missing:
        _say_missing(missing, listed, shards, log)
    return results, missing


def _sort_reports(submissions, output, questions, options):
    """(the results that count, [(student, why)] with no grade, how many of
    those that count were sealed otherwise) from the JSON reports in
    `output`, for `submissions` [(student, path)]. A report's key says
    whether it still stands (grading/batch.py: stamp_of, changed)."""
    from grading import batch
    settings = batch.settings_of(questions, options)
    earlier = batch.graded_before(output) if os.path.isdir(output) else {}
    results, missing, other_sandbox = [], [], 0
    for student, path in submissions:
        _, kept = earlier.get(student, (None, None))
        if kept is None:
            missing.append((student, say("no report yet")))
            continue
        stamp = batch.stamp_of(path, settings)
        reason = "" if kept.get("key") == stamp["key"] else batch.changed(kept, stamp)
        if reason == "sandbox":  # a shard on a node with other means of sealing: still a grade
            other_sandbox += 1
        elif reason == "models.py":
            missing.append((student, say("models.py changed since it was graded")))
            continue
        elif reason == "older" or "kit" in reason.split(", "):
            missing.append((student, say("graded by another version of the kit")))
            continue
        elif reason:
            missing.append((student, say("graded with other settings ({names})",
                                         names=reason)))
            continue
        results.append(kept)
    return results, missing, other_sandbox


def _say_missing(missing, listed, shards, log):
    """The log's lines on the students with no grade (listed in `listed`)."""
    students = ", ".join(student for student, _ in missing[:20])
    if len(missing) > 20:
        students += ", ..."
    log(say("{count} submissions have no grade yet (a shard still running, stopped or not "
            "run, or a report out of date), listed in {path}: {students}.",
            count=len(missing), path=listed, students=students))
    if shards:
        numbers = sorted({shard_of(student, shards) for student, _ in missing})
        log(say("They are in shards {shards} of {count}: run those again (the script of "
                "--make-slurm-script takes them as its argument: {list}).",
                shards=", ".join(map(str, numbers)), count=shards,
                list=",".join(map(str, numbers))))


def clean_up(output, older_than=3600.0):
    """Remove the temporary files (NAME.*.part) that shards stopped while
    writing left in `output`, those older than `older_than` seconds (a younger
    one may be a running shard's)."""
    if not os.path.isdir(output):
        return
    for name in os.listdir(output):
        path = os.path.join(output, name)
        try:
            if name.endswith(".part") and time.time() - os.path.getmtime(path) > older_than:
                os.remove(path)
        except OSError:
            pass


# --------------------------------------------------------------------------
# --make-slurm-script
# --------------------------------------------------------------------------

SHARD_SIZE = 25        # submissions per shard when --shards is not given
STARTUP = 60.0         # seconds a submission may take beyond its time budget (start, data)
MARGIN = 600.0         # seconds added to each shard's time limit
MERGE_TIME = 3600.0    # the merge job's time limit (similarity included)
PARENT_MEMORY = 512    # MB a shard's own process needs beside each child's --memory-limit


def shard_time(size, jobs, per_submission):
    """Seconds shard of `size` submissions, `jobs` graded at once, each taking
    at most `per_submission` seconds, may need: rounds of `jobs` submissions,
    each round as long as its slowest, and MARGIN."""
    return math.ceil(size / max(jobs, 1)) * per_submission + MARGIN


def slurm_time(seconds):
    """`seconds` as Slurm's --time: D-HH:MM:SS, rounded up to the minute."""
    minutes = max(1, math.ceil(seconds / 60))
    return "{}-{:02d}:{:02d}:00".format(minutes // 1440, minutes // 60 % 24, minutes % 60)


def make_slurm_script(path, batch, output, students, shards, per_submission, cpus=1,
                      partition=None, memory_mb=None, grade_arguments=(),
                      merge_arguments=(), python=None, kit=None):
    """Write `path`: a bash script that submits, with sbatch, an array job of
    `shards` tasks (each grading its shard of `batch` into `output`, `cpus`
    submissions at once, with the kit's command and --shard auto/N) and a
    merge job that runs after all of them, however they end (afterany).
    `students`: the names in `batch`, for the largest shard's time limit;
    `per_submission`: the most seconds one submission's grading takes;
    `memory_mb`: each child's memory limit (None or 0: no request);
    `grade_arguments`, `merge_arguments`: the autograder's options passed on
    to the shards and to the merge. Returns the script's text."""
    python = python or sys.executable
    kit = kit or packaging.KIT
    sizes = shard_sizes(students, shards)
    largest = max(sizes) if sizes else 0
    seconds = shard_time(largest, cpus, per_submission)
    q = shlex.quote
    batch, output = os.path.abspath(batch), os.path.abspath(output)
    logs = os.path.join(output, "slurm")
    command = [python, "autograder.py", "--batch", batch, "--batch-output", output]
    options = ["#SBATCH --cpus-per-task={}".format(cpus)]
    if partition:
        options.append("#SBATCH --partition={}".format(q(partition)))
    if memory_mb:
        options.append("#SBATCH --mem-per-cpu={}M".format(
            math.ceil(memory_mb + PARENT_MEMORY / cpus)))
    lines = _script_comment(path, batch, output, len(students), sizes, cpus, per_submission,
                            seconds) + [
        "set -euo pipefail",
        'tasks="${{1:-1-{}}}"'.format(shards),
        "mkdir -p {}".format(q(logs)),
        *_sbatch("shards", '--array="$tasks"', "shard", options, seconds,
                 os.path.join(logs, "shard-%a.out"), kit,
                 "{} --shard auto/{} --jobs \"${{SLURM_CPUS_PER_TASK:-{}}}\" {}".format(
                     " ".join(map(q, command)), shards, cpus, " ".join(map(q, grade_arguments)))),
        'shards="${shards%%;*}"  # the job ID (a federation appends ";cluster")',
        *_merge_job(command, shards, partition, logs, kit, merge_arguments),
        'echo "Submitted shards $tasks (job $shards) and the merge (job ${merge%%;*})."',
        "echo {}".format(q("Logs: {}; grades: {}".format(logs, output))),
        "",
    ]
    text = "\n".join(lines)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return text


def _script_comment(path, batch, output, count, sizes, cpus, per_submission, seconds):
    """The Slurm script's first lines: what it does, how to run it, and how
    its shards' time limit was computed."""
    largest, shards = max(sizes, default=0), len(sizes)
    return [
        "#!/bin/bash",
        "# Grades the submissions in {} on Slurm, in {} shards, then merges".format(batch, shards),
        "# the reports into {}.".format(output),
        "# Written by the kit's autograder.py --make-slurm-script; edit the #SBATCH lines",
        "# for your cluster (account, partition, modules) as you need.",
        "#",
        "#   bash {}          submit the shards, and the merge that follows them".format(
            os.path.basename(path)),
        "#   bash {} 2,5      submit shards 2 and 5 again (one that failed), and the merge".format(
            os.path.basename(path)),
        "#",
        "# Each shard grades a fixed part of the class (by student name), one JSON per",
        "# student into the output folder; a shard run again keeps what it graded",
        "# before. The merge job runs when every shard has ended, however it ended",
        "# (afterany): it writes summary.csv and report.html, and lists the students",
        "# with no grade yet in not_graded.csv.",
        "#",
        "# {} submissions, {} per shard (the largest shard: {}); each takes at most "
        "{:.0f} s,".format(
            count, "-".join(map(str, sorted({min(sizes, default=0), largest}))),
            largest, per_submission),
        "# {} at once, so a shard's limit is ceil({}/{}) x {:.0f} s + {:.0f} s = {}.".format(
            cpus, largest, cpus, per_submission, MARGIN, slurm_time(seconds)),
    ]


def _merge_job(command, shards, partition, logs, kit, merge_arguments):
    """The Slurm script's lines that submit the merge, after every shard."""
    q = shlex.quote
    options = ["#SBATCH --cpus-per-task=1"]
    if partition:
        options.append("#SBATCH --partition={}".format(q(partition)))
    return _sbatch("merge", '--dependency=afterany:"$shards"', "merge", options, MERGE_TIME,
                   os.path.join(logs, "merge.out"), kit,
                   "{} --shards {} --merge {}".format(
                       " ".join(map(q, command)), shards, " ".join(map(q, merge_arguments))))


def _sbatch(variable, flags, name, options, seconds, log, kit, command):
    """The Slurm script's lines that submit job `name` with sbatch `flags`
    (its job ID into `variable`): one task, `options` (#SBATCH lines), a
    time limit of `seconds`, its output into `log`, `command` run in `kit`."""
    q, end = shlex.quote, name.upper()
    return [
        "{}=$(sbatch --parsable {} <<'{}'".format(variable, flags, end),
        "#!/bin/bash",
        "#SBATCH --job-name=grade-{}".format(name),
        "#SBATCH --ntasks=1",
        *options,
        "#SBATCH --time={}".format(slurm_time(seconds)),
        "#SBATCH --output={}".format(q(log)),
        "cd {}".format(q(kit)),
        "exec {}".format(command).rstrip(),
        end,
        ")",
    ]


# --------------------------------------------------------------------------
# The command line (grading/cli.py hands these options over)
# --------------------------------------------------------------------------


def add_arguments(group):
    """The command line's options for grading in shards, into argparse `group`."""
    group.add_argument("--shard", metavar="K/N",
                       help="with --batch: grade only shard K of N (a fixed split by student "
                            "name), into the shared --batch-output; 'auto' takes K and N from "
                            "a Slurm array job, 'auto/N' takes K from SLURM_ARRAY_TASK_ID "
                            "(1 to N) or a Kubernetes Indexed Job's JOB_COMPLETION_INDEX "
                            "(0 to N-1)")
    group.add_argument("--merge", action="store_true",
                       help="with --batch: write summary.csv and report.html from the JSON "
                            "reports in --batch-output (the shards'), grading nothing; lists "
                            "the students not graded yet")
    group.add_argument("--make-slurm-script", metavar="OUT.sh",
                       help="with --batch: write a script that grades DIR on Slurm, an array "
                            "job of --shards tasks (--jobs CPUs each) and a merge after them")
    group.add_argument("--shards", type=int, metavar="N",
                       help="with --make-slurm-script: how many shards (default: one per "
                            "{} submissions); with --merge: to say which shards to run "
                            "again".format(SHARD_SIZE))
    group.add_argument("--partition", metavar="NAME",
                       help="with --make-slurm-script: the Slurm partition")
    group.add_argument("--time-per-submission", type=float, metavar="SECONDS",
                       help="with --make-slurm-script: the most one submission takes, for the "
                            "shards' time limit (default: its time budget + {:.0f} s)"
                            .format(STARTUP))


def check(args):
    """What is wrong with this module's options (given without what they
    need, or a --shard value that cannot be used), or None; the shard (K, N)
    goes into args.shard_numbers."""
    args.shard_numbers = None
    if (args.shard or args.merge or args.make_slurm_script) and not args.batch:
        return say("--shard, --merge and --make-slurm-script work with --batch DIR.")
    if sum(map(bool, (args.shard, args.merge, args.make_slurm_script))) > 1:
        return say("--shard, --merge and --make-slurm-script go one at a time.")
    if args.shards is not None and args.shards < 1:
        return say("--shards must be 1 or more, not {shards}.", shards=args.shards)
    if args.shard:
        try:
            args.shard_numbers = parse_shard(args.shard)
        except ShardError as error:
            return str(error)
    return None


def passed_on(args, options, merge=False):
    """The autograder's options a shard (or the merge, `merge`) must be given
    to grade as this command would: every setting that a report's key holds,
    written out, so that a node with another locale or default grades alike."""
    from grading.engine import command_words
    from grading.report import language
    given = ["--layout", args.layout, "--lang", language()]
    if args.question:
        given += ["--question", args.question]
    given += command_words(options, args)  # every option that decides a grade
    if merge and (args.similarity or args.reference):
        given.append("--similarity")
        if args.reference:
            given += ["--reference", os.path.abspath(args.reference)]
        if args.similarity_threshold is not None:
            given += ["--similarity-threshold", repr(args.similarity_threshold)]
    return given


def command(args, questions, options, compare):
    """--shard, --merge or --make-slurm-script, with --batch; the exit status.
    `compare(args)`: the similarity of the batch (grading/cli.py's _compare),
    or None after saying what is wrong."""
    from grading.batch import grade_batch
    if args.make_slurm_script:
        students = [student for student, _ in find_submissions(args.batch)]
        count = args.shards or max(1, math.ceil(len(students) / SHARD_SIZE))
        per_submission = args.time_per_submission
        if per_submission is None:
            per_submission = (options.time_budget or 0) + STARTUP
        jobs = args.jobs or 1
        make_slurm_script(args.make_slurm_script, args.batch, args.batch_output, students,
                          count, per_submission, cpus=jobs, partition=args.partition,
                          memory_mb=args.memory_limit, grade_arguments=passed_on(args, options),
                          merge_arguments=passed_on(args, options, merge=True))
        sizes = shard_sizes(students, count)
        print(say("Wrote {path}: {count} shards of {low} to {high} submissions, {jobs} at once "
                  "each, then the merge. Submit them with: bash {path}",
                  path=args.make_slurm_script, count=count, low=min(sizes), high=max(sizes),
                  jobs=jobs))
        return 0
    if args.merge:
        similar = None
        if args.similarity or args.reference:
            similar = compare(args)
            if similar is None:
                return 2
        clean_up(args.batch_output)
        _, missing = merge(args.batch, args.batch_output, questions, options,
                           shards=args.shards, similar=similar)
        return 1 if missing else 0
    shard, count = args.shard_numbers
    if args.similarity or args.reference:
        print(say("--similarity compares the whole class: give it to --merge, not to each "
                  "shard."), file=sys.stderr)
    print(say("Shard {shard} of {count}.", shard=shard, count=count))
    grade_batch(args.batch, questions, options, args.batch_output, jobs=args.jobs,
                regrade=args.regrade, shard=(shard, count))
    print(say("Grades written to {path}, with a JSON report per student and report.html "
              "beside it.", path=os.path.join(args.batch_output, "summary.csv")))
    return 0
