"""A soak run of batch grading: a synthetic class graded again and again with
more jobs than cores, counting hangs, students lost or graded twice, wrong
grades and the throughput per job count. Prints figures.

    python bench/bench_soak.py                                   # 500 students, --jobs 8, 4 rounds
    python bench/bench_soak.py --students 40 --jobs 1 2 4 8 --rounds 2
    python bench/bench_soak.py --students 100 --jobs 4 --baseline 386869e   # against a revision

The class: STUDENTS submissions drawn in turn from VARIANTS, the kit's own
models.py and its wrong models (tests/helpers/wrong_models.py), each quick (the
digits trained for 50 batches, the regression for a few hundred steps in
most variants) so that a submission takes seconds of real training and a
round starts many children and verifies many probes. Each round is
`python autograder.py --batch CLASS --batch-output OUT --jobs J` as an
instructor types it (--attempts 1, q1-q3, seed 0; a fresh output folder),
the rounds interleaved: every job count (and kit), then again.

A round is a hang if the batch prints nothing for --hang seconds (it is
then sent SIGTERM, and SIGKILL 10 s later: the soak can always be stopped,
and so can the whole run with Ctrl-C). After each round: the students
without a row in summary.csv or without their JSON (lost), with two rows or
two progress lines (twice), with a grader fault, and with a grade other
than their variant's in the first round that graded it alone (--jobs 1,
or the first round): the same models.py and seed give the same grade.
"""

import argparse
import collections
import csv
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "helpers"))
sys.path.insert(0, ROOT)

import kit  # noqa: E402
import wrong_models  # noqa: E402


def _quick_regression(source):
    """The reference's regression stopped after about 300 updates (real training)."""
    anchor = "            for x, y in dataset.iterate_once(self.batch_size):\n"
    start = source.index("class RegressionModel")
    at = source.index(anchor, start) + len(anchor)
    return source[:at] + (
        "                self.quick_steps = getattr(self, 'quick_steps', 0) + 1\n"
        "                if self.quick_steps > 300:\n"
        "                    return\n") + source[at:]


def variants():
    """{name: models.py source}: quick submissions, each a mistake of its own."""
    reference = kit.reference_source()
    quick = wrong_models.QUICK_DIGITS(reference)
    found = {"reference_quick_digits": quick,
             "reference_quick": _quick_regression(quick)}
    for name, change in wrong_models.WRONG.items():
        source = change(reference)
        if "digits" not in name and name != "wrong_output_shapes":
            source = _quick_regression(source)
        found[name] = source
    return found


def write_class(folder, students):
    """`students` submissions in `folder` (a folder each, drawn from
    variants() in turn); {student: variant}."""
    sources, made = variants(), {}
    names = sorted(sources)
    for number in range(students):
        variant = names[number % len(names)]
        student = "s{:04d}_{}".format(number, variant)
        os.makedirs(os.path.join(folder, student))
        with open(os.path.join(folder, student, "models.py"), "w", encoding="utf-8") as f:
            f.write("# {}\n".format(student) + sources[variant])
        made[student] = variant
    return made


def grade_round(kit_folder, class_folder, output, jobs, question, hang, extra=(),
                python=sys.executable):
    """One batch as an instructor runs it (every question, or `question`);
    a dict of what happened."""
    command = [python, "autograder.py", "--batch", class_folder, "--batch-output",
               output, "--jobs", str(jobs), "--attempts", "1", "--seed", "0", "--lang", "en",
               "--no-graphics", *extra]
    if question:
        command += ["-q", question]
    start = time.monotonic()
    process = subprocess.Popen(command, cwd=kit_folder, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, encoding="utf-8",
                               errors="replace", start_new_session=True)
    lines, last = [], [time.monotonic()]

    def read():
        for line in process.stdout:
            lines.append(line.rstrip("\n"))
            last[0] = time.monotonic()
    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    hung = False
    try:
        while process.poll() is None:
            time.sleep(0.5)
            if time.monotonic() - last[0] > hang:
                hung = True
                _end(process)
    except BaseException:
        _end(process)
        raise
    reader.join(timeout=10)
    return {"seconds": time.monotonic() - start, "hung": hung, "code": process.returncode,
            "lines": lines}


def _end(process):
    """SIGTERM to the batch's process group, SIGKILL 10 s later."""
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
        except OSError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def check_round(made, output, lines, expected):
    """Counts of a round's lost, twice, grader-fault and wrong students;
    `expected` {variant: points} is filled from the first grade seen."""
    rows = collections.Counter()
    points = {}
    summary = os.path.join(output, "summary.csv")
    if os.path.exists(summary):
        with open(summary, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                rows[row["student"]] += 1
                points[row["student"]] = (row["total"], row["status"])
    progress = collections.Counter(line.split("] ", 1)[1].split(":")[0] for line in lines
                                   if line.startswith("[") and "] " in line)
    lost = [s for s in made if rows[s] == 0
            or not os.path.exists(os.path.join(output, s + ".json"))]
    twice = [s for s in made if rows[s] > 1 or progress[s] > 1]
    faults = [s for s, (_, status) in points.items() if status == "grader_fault"]
    wrong = []
    for student, grade in points.items():
        variant = made.get(student)
        if variant is None:
            continue
        if expected.setdefault(variant, grade) != grade:
            wrong.append((student, expected[variant], grade))
    return {"lost": lost, "twice": twice, "faults": faults, "wrong": wrong}


def kit_of(revision, folder):
    """This working tree's kit (revision None) or a revision's, in `folder`."""
    if revision is None:
        return kit.make_kit(folder, kit.reference_source())
    os.makedirs(folder)
    archive = subprocess.run(["git", "archive", revision], cwd=ROOT, check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
    shutil.rmtree(os.path.join(folder, "data"))
    os.symlink(os.path.join(ROOT, "data"), os.path.join(folder, "data"))
    return folder


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=500)
    parser.add_argument("--jobs", type=int, nargs="+", default=[4 * (os.cpu_count() or 1)])
    parser.add_argument("--rounds", type=int, default=4, help="rounds per job count")
    parser.add_argument("-q", "--question", help="one question (default: q1-q3, all of them)")
    parser.add_argument("--hang", type=float, default=600.0,
                        help="seconds without a line from the batch that make a hang")
    parser.add_argument("--baseline", help="a git revision graded in alternate rounds")
    parser.add_argument("--keep", help="a folder to keep the class and outputs in")
    args = parser.parse_args()
    folder = args.keep or tempfile.mkdtemp(prefix="soak-")
    try:
        run(args, folder)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


def run(args, folder):
    made = write_class(os.path.join(folder, "class"), args.students)
    kits = {"today": kit_of(None, os.path.join(folder, "kit-today"))}
    if args.baseline:
        kits[args.baseline] = kit_of(args.baseline, os.path.join(folder, "kit-baseline"))
    print("{} students from {} variants, {}, {} rounds of --jobs {} on {} cores{}"
          .format(len(made), len(set(made.values())), args.question or "q1-q3", args.rounds,
                  args.jobs, os.cpu_count(),
                  ", against {}".format(args.baseline) if args.baseline else ""), flush=True)
    expected, figures = {}, collections.defaultdict(list)
    totals = collections.Counter()
    for number in range(args.rounds):
        for jobs in args.jobs:
            for name, kit_folder in kits.items():
                output = os.path.join(folder, "out-{}-{}-{}".format(name, jobs, number))
                result = grade_round(kit_folder, os.path.join(folder, "class"), output, jobs,
                                     args.question, args.hang)
                found = check_round(made, output, result["lines"], expected)
                totals["rounds"] += 1
                totals["hangs"] += result["hung"]
                totals["graded"] += len(made) - len(found["lost"])
                for key in ("lost", "twice", "faults", "wrong"):
                    totals[key] += len(found[key])
                if not result["hung"]:
                    figures[(name, jobs)].append(len(made) / result["seconds"] * 60)
                print("round {} {} --jobs {}: {:.0f} s, exit {}{}, lost {}, twice {}, grader "
                      "faults {}, wrong {}".format(
                          number + 1, name, jobs, result["seconds"], result["code"],
                          " (HUNG)" if result["hung"] else "", len(found["lost"]),
                          len(found["twice"]), len(found["faults"]), len(found["wrong"])),
                      flush=True)
                for key in ("lost", "twice", "faults", "wrong"):
                    if found[key]:
                        print("  {}: {}".format(key, found[key][:5]), flush=True)
                shutil.rmtree(output, ignore_errors=True)
    print("\n{rounds} rounds, {graded} students graded: {hangs} hangs, {lost} lost, {twice} "
          "graded twice, {faults} grader faults, {wrong} wrong grades".format(**{
              key: totals[key] for key in ("rounds", "graded", "hangs", "lost", "twice",
                                           "faults", "wrong")}))
    print("\n| kit | --jobs | submissions a minute (median of rounds) | rounds |")
    print("|---|---|---|---|")
    for (name, jobs), values in sorted(figures.items(), key=lambda item: (item[0][1],
                                                                           item[0][0])):
        print("| {} | {} | {:.1f} | {} |".format(name, jobs, statistics.median(values),
                                               len(values)))
    return totals


if __name__ == "__main__":
    main()
