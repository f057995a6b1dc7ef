"""Grading infrastructure: how student code is run, scored and reported.
The question checks themselves live in autograder.py.

The modules, in the order a run meets them:

    cli.py          the command line: parse_arguments, build_options (a
                    GradeOptions from the arguments), one function per command
    engine.py       GradeOptions (frozen: a variant is dataclasses.replace(...)),
                    grade(): attempts, scoring, the time budget; run_in_process
    runner.py       runs a question's student part in a child process of its own
                    (child.py is the child's entry point; events.py what passes
                    between them) and reads what it says
    seals.py        how that child is sealed: one class per mode (bwrap, user,
                    process, none), chosen by seals.choose()
    launch.py       the child's first program: applies its limits, then execs
                    the child (so the grader never forks: see its docstring)
    guards.py       what ends a child's processes if its grader dies first:
                    watchdog.py as a process of its own (on Windows a job
                    object); watchdog.py also ends them at each question's end
    status.py       the one vocabulary of how things ended: Ending (a run),
                    Result (an attempt), Status (summary.csv and the JSON)
    report.py       the text report, in the original autograder's format
    results.py      a submission's summary (JSON) and Gradescope's results.json
    batch.py        --batch: plan (what to grade, keep, move), a Writer, the pool
    shards.py       --shard K/N (a batch on several machines), --merge,
                    --make-slurm-script
    html_report.py  the batch's report.html;  similarity.py  similar submissions
    submissions.py  finding submissions and their models.py
    packaging.py    the students' kit and the Gradescope zip
    dependencies.py --check-dependencies;  kitfiles.py  which files make the
                    kit (and where it is: KIT);  skeleton.py  models.py cut to
                    the students' skeleton;  messages.py  the messages' language

Adding an option that decides a grade or a report: one field of
GradeOptions declared with engine.grading_option(default, "--its-flag"), and
its argparse line in cli.parse_arguments (with the Spanish of its help in
spanish.py). cli.build_options copies it from the command line; every way of
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
first: grading/guards.py), started(child), end(child) and release().
start(command, env) starts the child through the launcher: never add a
preexec_fn, user or group to its Popen (each makes CPython fork).
List it in
seals.STRONGEST_FIRST: --sandbox offers it and `auto` tries it in that order.
The runner never looks at a mode's name.
"""
