"""Grading infrastructure: how student code is run, scored and reported.
The question checks themselves live in autograder.py.

The modules, one line each, in the order a run meets them:

    cli.py          the command line: arguments, options, one function per command
    engine.py       Question, GradeOptions, grade(): attempts, scoring, time budget
    runner.py       a question's student part in a child process, read as it runs
    child.py        the child's entry point: runs the student's part, reports back
    channel.py      what passes from the child to the grader: events, the run
    seals.py        how a child is sealed (bwrap, user, process, none) and started
    launch.py       the child's first program: its limits, then exec (never fork)
    lifetime.py     what ends a child's processes if its grader dies first
    watchdog.py     the process that does it, and the kill functions it shares
    probes.py       the structural checks' answers, recomputed from the record
    endings.py      how things ended: Ending (a run), Result, Status (a report)
    report.py       what the reader is told: the messages' language, the text report
    summaries.py    a submission's JSON summary and Gradescope's results.json
    submissions.py  finding submissions, and which ones a shard grades
    batch.py        --batch: the plan, the writer, the pool of submissions
    shards.py       --shard, --merge, --make-slurm-script: a batch on many machines
    mistakes.py     what went wrong in an attempt, as codes a class is counted by
    feedback.py     each student's feedback after a batch (--feedback)
    html_report.py  the batch's report.html
    similarity.py   which submissions look alike
    packaging.py    the kit as files: its list, the skeleton, the students' kit, the zip
    dependencies.py --check-dependencies

Adding an option that decides a grade or a report: one field of
GradeOptions declared with engine.grading_option(default, "--its-flag"), and
its argparse line in cli.parse_arguments (help texts are in English).
cli.build_options copies it from the command line; every way of
grading gets it in its GradeOptions; a batch keeps it in each report's
settings (batch.settings_of: a batch run again with another value grades
again) and every shard of a cluster is given it (shards.passed_on). An
option that only says how to run (a display, a folder) is a plain field.

Adding a question: one Question in autograder.QUESTIONS (its title, points,
threshold and margin, time limit, data, and its train, verify and score
functions, which read the rest from it) and its place in autograder.LAYOUTS;
Question checks its parts at import. python tools/update_guides.py then
writes the guides' tables from it.

Adding a sealing mode: one class in seals.py, a subclass of seals.Seal with
its `mode` (the name --sandbox takes), `describe()` (the report's first
line), `problem()` (None where it works, else why not) and whichever of the
steps differ from the process mode's: prepare(folder) (this child's own
seal), environment(settings), wrap(command) (bwrap wraps it), limits() (what
grading/launch.py applies before the child runs: a cgroup, a user id, the
process cap), make_guard() (what ends its processes if the grader dies
first: grading/lifetime.py), started(child), end(child) and release().
start(command, env) starts the child through the launcher: never add a
preexec_fn, user or group to its Popen (each makes CPython fork).
List it in
seals.STRONGEST_FIRST: --sandbox offers it and `auto` tries it in that order.
The runner never looks at a mode's name.
"""
