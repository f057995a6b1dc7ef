"""How long q3 takes to grade for typical student solutions, today against a
baseline revision of the kit. Prints figures.

    python bench/bench_students.py --baseline 6d206fb          # the kit before issue 11
    python bench/bench_students.py --baseline HEAD~3 --runs 5 --students typical
    python bench/bench_students.py --baseline 6d206fb --students small_batches --without-checks

Each solution in bench/students/ is a DigitClassificationModel as students
write them (see each file's docstring); the rest of models.py is the
reference. `reference` is the reference's own q3. Each is graded with
`python autograder.py -q q3 --no-graphics --seed S` in two kits: this working
tree's and the baseline revision's (`git archive`), in alternating runs, with
the same models.py and seed. Figures: the question's time as the report
prints it (child start, data, checks, training, test), medians over --runs,
their ratio, and the points each kit gave.

With --without-checks, a third kit runs alternately with them: this working
tree's, with the checks of Parameter.update (types, shape, NaN) and
SoftmaxLoss's label check taken out (appended to its nn.py), to show what the
checks the SPEC asks for cost a solution.

Then the per-step cost of the small-batch solution's network (784-100-10,
batch 5, float32) through nn.py beside the same steps written in numpy, the
arithmetic alone: bench_nn.py's functions, alternating, in this process.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "bench"))
STUDENTS = os.path.join(ROOT, "bench", "students")

from grading import packaging  # noqa: E402


def working_tree_kit(folder):
    """The kit of this working tree (its code, the grading package, data) in `folder`."""
    for name in packaging.CODE:
        shutil.copy(os.path.join(ROOT, name), folder)
    shutil.copytree(os.path.join(ROOT, packaging.PACKAGE), os.path.join(folder, packaging.PACKAGE),
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(os.path.join(ROOT, "data"), os.path.join(folder, "data"))


def revision_kit(folder, revision):
    """The kit as it was at `revision` (git archive), in `folder`."""
    archive = subprocess.run(["git", "archive", revision], cwd=ROOT, check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)


# Appended to the nn.py of the --without-checks kit.
WITHOUT_CHECKS = """

def _update_without_checks(self, direction, multiplier):
    self.data += multiplier * direction.data


Parameter.update = _update_without_checks
SoftmaxLoss.shape_error = staticmethod(lambda logits, labels: None)
"""


def models_source(student):
    """The reference models.py, with the student's DigitClassificationModel
    (defined after it, so it is the one models.DigitClassificationModel names)."""
    with open(os.path.join(ROOT, "models.py"), encoding="utf-8") as f:
        source = f.read()
    if student == "reference":
        return source
    with open(os.path.join(STUDENTS, student + ".py"), encoding="utf-8") as f:
        return source + "\n\n# The student's model\n" + f.read()


def grade(kit, seed):
    """(question time, points) of `autograder.py -q q3` in `kit`."""
    result = subprocess.run([sys.executable, "autograder.py", "-q", "q3", "--no-graphics",
                             "--seed", str(seed)], cwd=kit, capture_output=True, text=True)
    seconds = re.search(r"^Time: ([0-9.]+) s of the", result.stdout, re.M)
    points = re.search(r"^Question q3: (\d+)/(\d+)", result.stdout, re.M)
    if not (seconds and points):
        sys.exit("could not read the report of {}:\n{}{}".format(kit, result.stdout,
                                                                  result.stderr))
    return float(seconds.group(1)), int(points.group(1))


def per_step_costs(rounds):
    """Microseconds a step of 784-100-10, batch 5, float32: nn.py and numpy."""
    import bench_nn
    x, y = bench_nn.data("mnist", "float32")
    x, y = x[:10000], y[:10000]
    rng = np.random.RandomState(0)
    weights = [rng.uniform(-0.1, 0.1, shape).astype(np.float32)
               for shape in [(784, 100), (1, 100), (100, 10), (1, 10)]]
    steps = len(x) // 5
    times = {"nn": [], "numpy": []}
    for _ in range(rounds):
        times["nn"].append(bench_nn.epoch_through_nn(x, y, weights, batch=5)[0] / steps)
        times["numpy"].append(bench_nn.epoch_in_numpy(x, y, weights, batch=5)[0] / steps)
    return {side: 1e6 * statistics.median(values) for side, values in times.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", required=True, help="the git revision to compare with")
    parser.add_argument("--runs", type=int, default=3, help="runs of each kit a solution")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--without-checks", action="store_true",
                        help="also a kit without update's and SoftmaxLoss's checks")
    parser.add_argument("--students", nargs="+", default=["reference"] + sorted(
        name[:-3] for name in os.listdir(STUDENTS) if name.endswith(".py")))
    args = parser.parse_args()
    print("machine: {} cores, Python {}, numpy {}; baseline {}; q3 --seed {}".format(
        os.cpu_count(), sys.version.split()[0], np.__version__, args.baseline, args.seed))
    with tempfile.TemporaryDirectory() as temp:
        names = ["baseline", "today"] + (["without checks"] if args.without_checks else [])
        kits = {name: os.path.join(temp, name.replace(" ", "_")) for name in names}
        for folder in kits.values():
            os.mkdir(folder)
        revision_kit(kits["baseline"], args.baseline)
        working_tree_kit(kits["today"])
        if args.without_checks:
            working_tree_kit(kits["without checks"])
            with open(os.path.join(kits["without checks"], "nn.py"), "a", encoding="utf-8") as f:
                f.write(WITHOUT_CHECKS)
        for student in args.students:
            source = models_source(student)
            for kit in kits.values():
                with open(os.path.join(kit, "models.py"), "w", encoding="utf-8") as f:
                    f.write(source)
            seconds, points = {kit: [] for kit in kits}, {kit: set() for kit in kits}
            start = time.perf_counter()
            for _ in range(args.runs):
                for name, kit in kits.items():
                    taken, earned = grade(kit, args.seed)
                    seconds[name].append(taken)
                    points[name].add(earned)
            baseline, today = (statistics.median(seconds[kit]) for kit in ("baseline", "today"))
            print("{:14s} q3 baseline {:6.1f} s, today {:6.1f} s, ratio {:.2f}x; points "
                  "baseline {}, today {} ({} runs each, alternating, {:.0f} s)".format(
                      student, baseline, today, today / baseline,
                      "/".join(map(str, sorted(points["baseline"]))),
                      "/".join(map(str, sorted(points["today"]))), args.runs,
                      time.perf_counter() - start), flush=True)
            if args.without_checks:
                unchecked = statistics.median(seconds["without checks"])
                print("{:14s} q3 without update's and SoftmaxLoss's checks {:6.1f} s, ratio "
                      "{:.2f}x to the baseline; points {}".format(
                          "", unchecked, unchecked / baseline,
                          "/".join(map(str, sorted(points["without checks"])))), flush=True)
    costs = per_step_costs(rounds=5)
    print("small_batches' network, 784-100-10, batch 5, float32: nn.py {:.0f} us a step, the "
          "same steps in numpy {:.0f} us, ratio {:.2f}x (medians of 5 passes over 2,000 steps, "
          "alternating)".format(costs["nn"], costs["numpy"], costs["nn"] / costs["numpy"]))


if __name__ == "__main__":
    main()
