"""Are the mistake codes right when they are given? A class with planted
faults, graded as an instructor grades it; per code, its precision (of the
submissions given the code, how many really have that fault) and recall (of
those with the fault, how many get its code). Prints figures.

    python bench/bench_mistakes.py [--jobs 2] [--keep DIR]

The class: the kit's wrong models (tests/helpers/wrong_models.py), its
example batch's endless loop, and faults planted in the styles students
write (each a change to the reference, or a digit model from bench/students/
in place of the reference's): a regression that never trains, one that
updates with a zero step, one that stops on a running average of its batch
losses at the threshold, one that trains 100 steps, learning rates that
diverge, batch sizes that do not divide the data, an update with the wrong
sign, os._exit; digit models that never train, that stop the moment
validation reaches the threshold, that train one epoch; and passing
solutions in several styles (fixed epochs, stopping rules above the
threshold, tiny and large batches). Graded with `--batch --attempts 1` at
seed 0 and the questions' own limits.

A planted fault is the set of (question, code) it must get; a submission
whose fault may or may not cost points (stopping at the threshold) accepts
either its code or none. Any other code given is a false positive of that
code; a planted code not given is a miss.
"""

import argparse
import collections
import csv
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "helpers"))
sys.path.insert(0, ROOT)

import hostile  # noqa: E402
import kit  # noqa: E402
import wrong_models  # noqa: E402
from hostile import REGRESSION_TRAIN, before, chain, replace  # noqa: E402
from wrong_models import QUICK_DIGITS, digits_stop_at  # noqa: E402

REGRESSION_STEP = ("                for parameter, gradient in zip(self.parameters, grads):\n"
                   "                    parameter.update(gradient, -self.learning_rate)\n")
QUICK = "threshold_missed"  # what QUICK_DIGITS costs q3


def regression(change):
    """A regression fault, the digits trained 50 batches."""
    return chain(QUICK_DIGITS, change)


def digits_student(name):
    """The reference with bench/students/NAME.py's digit model in its place."""
    with open(os.path.join(ROOT, "bench", "students", name + ".py"), encoding="utf-8") as f:
        theirs = f.read()
    body = theirs[theirs.index("class DigitClassificationModel"):]

    def change(source):
        start = source.index("class DigitClassificationModel")
        end = source.find("\nclass ", start + 1)
        return source[:start] + body.rstrip("\n") + "\n\n" + (
            source[end + 1:] if end != -1 else "")
    return change


def planted():
    """{name: (change to the reference, {question: code or a set of codes})}."""
    found = {}
    for name, change in wrong_models.WRONG.items():
        expected = dict(wrong_models.EXPECTED_CODES[name])
        if name != "wrong_output_shapes" and "q3" not in expected:
            expected["q3"] = QUICK
        found[name] = (change, expected)
    regression_steps = before(REGRESSION_TRAIN, "self.steps = 0\n")
    found.update({
        "never_trains": (regression(before(REGRESSION_TRAIN, "return\n")),
                         {"q2": "loss_flat", "q3": QUICK}),
        "zero_step": (regression(chain(regression_steps, replace(REGRESSION_STEP, (
            REGRESSION_STEP.replace("-self.learning_rate", "0.0")
            + "                self.steps += 1\n"
            "                if self.steps == 100:\n"
            "                    return\n")))), {"q2": "loss_flat", "q3": QUICK}),
        "zero_step_endless": (regression(replace(REGRESSION_STEP, REGRESSION_STEP.replace(
            "-self.learning_rate", "0.0"))), {"q2": "timeout", "q3": QUICK}),
        "diverges_1e6": (regression(before(REGRESSION_TRAIN, "self.learning_rate = 1e6\n")),
                         {"q2": "nan_parameter", "q3": QUICK}),
        "diverges_300": (regression(before(REGRESSION_TRAIN, "self.learning_rate = 300.0\n")),
                         {"q2": "nan_parameter", "q3": QUICK}),
        "batch_7": (regression(before(REGRESSION_TRAIN, "self.batch_size = 7\n")),
                    {"q2": "batch_size", "q3": QUICK}),
        "batch_30": (regression(before(REGRESSION_TRAIN, "self.batch_size = 30\n")),
                     {"q2": "batch_size", "q3": QUICK}),
        "wrong_sign": (regression(chain(regression_steps, replace(REGRESSION_STEP, (
            "                for parameter, gradient in zip(self.parameters, grads):\n"
            "                    parameter.update(gradient, 0.001)  # WRONG: plus\n"
            "                self.steps += 1\n"
            "                if self.steps == 50:\n"
            "                    return\n")))), {"q2": "loss_grows", "q3": QUICK}),
        "trains_100_steps": (regression(chain(regression_steps, replace(REGRESSION_STEP, (
            REGRESSION_STEP + "                self.steps += 1\n"
            "                if self.steps == 100:\n"
            "                    return\n")))), {"q2": "threshold_missed", "q3": QUICK}),
        "running_average_at_threshold": (regression(replace(
            "        while nn.as_scalar(self.get_loss(*everything)) > 0.005:\n"
            "            for x, y in dataset.iterate_once(self.batch_size):\n"
            "                grads = nn.gradients(self.get_loss(x, y), self.parameters)\n",
            "        average = 1.0\n"
            "        while average > 0.02:  # a running average of the batch losses\n"
            "            for x, y in dataset.iterate_once(self.batch_size):\n"
            "                loss = self.get_loss(x, y)\n"
            "                average = 0.9 * average + 0.1 * nn.as_scalar(loss)\n"
            "                if average <= 0.02:\n"
            "                    return\n"
            "                grads = nn.gradients(loss, self.parameters)\n")),
            {"q2": {"stopped_at_threshold", "threshold_missed", None}, "q3": QUICK}),
        "os_exit": (regression(before(REGRESSION_TRAIN, "import os\nos._exit(3)\n")),
                    {"q2": "exit", "q3": QUICK}),
        "endless": (regression(before(REGRESSION_TRAIN, (
            "for x, y in dataset.iterate_forever(self.batch_size):\n"
            "    pass\n"))), {"q2": "timeout", "q3": QUICK}),
        "digits_never_train": (digits_stop_at(1, "no training"), {"q3": "chance_accuracy"}),
        "digits_one_epoch": (digits_stop_at(600, "one epoch"), {"q3": "threshold_missed"}),
        "digits_stop_at_threshold": (replace(
            "dataset.get_validation_accuracy() >= 0.977:",
            "dataset.get_validation_accuracy() >= 0.970:"),
            {"q3": {"stopped_at_threshold", None}}),
    })
    digits_train = hostile.DIGITS_TRAIN
    found.update({
        "perceptron_returns_at_once": (chain(QUICK_DIGITS, before(
            hostile.PERCEPTRON_TRAIN, "return  # never goes over the data\n")),
            {"q1": "no_iteration", "q3": QUICK}),
        "perceptron_raises": (chain(QUICK_DIGITS, before(
            hostile.PERCEPTRON_TRAIN, "raise ValueError('not done yet')\n")),
            {"q1": "exception:ValueError", "q3": QUICK}),
        "regression_sys_exit": (regression(before(REGRESSION_TRAIN, "import sys\nsys.exit(1)\n")),
                                {"q2": "exit", "q3": QUICK}),
        "regression_batch_13": (regression(before(REGRESSION_TRAIN, "self.batch_size = 13\n")),
                                {"q2": "batch_size", "q3": QUICK}),
        "digits_raise": (before(digits_train, "raise KeyError('labels')\n"),
                         {"q3": "exception:KeyError"}),
        "digits_batch_7": (before(digits_train, "self.batch_size = 7\n"), {"q3": "batch_size"}),
        "digits_diverge": (before(digits_train, "self.learning_rate = 1e6\n"),
                           {"q3": {"nan_parameter", "chance_accuracy"}}),
        "digits_never_train_b": (before(digits_train, "return  # no training\n"),
                                 {"q3": "chance_accuracy"}),
    })
    for name in ("typical", "every_batch", "small_batches", "wide", "deep"):
        found["style_" + name] = (digits_student(name), {})
    found["reference"] = (lambda source: source, {})
    alt = (kit.HELPERS / "alt_solution" / "models.py").read_text(encoding="utf-8")
    found["alt_solution"] = (lambda source: alt, {})
    loop = next(entry for entry in hostile.CORPUS if entry.name == "infinite_loop")
    found["infinite_loop"] = (lambda source: loop.source(), {"q1": "timeout"})
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", help="a folder to keep the class and its grades in")
    args = parser.parse_args()
    top = args.keep or tempfile.mkdtemp(prefix="bench-mistakes-")
    try:
        run(args, top)
    finally:
        if not args.keep:
            shutil.rmtree(top, ignore_errors=True)


def run(args, top):
    reference = kit.reference_source()
    faults = planted()
    folder = os.path.join(top, "class")
    for name, (change, _) in faults.items():
        os.makedirs(os.path.join(folder, name))
        with open(os.path.join(folder, name, "models.py"), "w", encoding="utf-8") as f:
            f.write(change(reference))
    output = os.path.join(top, "grades")
    done = subprocess.run([sys.executable, "autograder.py", "--batch", folder, "--batch-output",
                           output, "--attempts", "1", "--seed", "0", "--jobs", str(args.jobs),
                           "--no-graphics", "--lang", "en"], cwd=ROOT, capture_output=True,
                          text=True)
    if done.returncode != 0:
        sys.exit(done.stdout + done.stderr)
    given = collections.defaultdict(dict)
    with open(os.path.join(output, "mistakes.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["points_lost"] != "0":  # the mistake that cost the points
                given[row["student"]][row["question"]] = row["code"]
    score = collections.defaultdict(lambda: {"given": 0, "right": 0, "planted": 0, "found": 0})
    wrong = []
    for name, (_, expected) in faults.items():
        for question in ("q1", "q2", "q3"):
            want = expected.get(question)
            accepted = want if isinstance(want, set) else {want}
            got = given[name].get(question)
            for code in accepted - {None}:
                if len(accepted) == 1:
                    score[code]["planted"] += 1
                    score[code]["found"] += got == code
            if got is not None:
                score[got]["given"] += 1
                score[got]["right"] += got in accepted
            if got not in accepted:
                wrong.append((name, question, sorted(map(str, accepted)), got))
    print("{} submissions, {} graded questions; mistakes.csv's codes that cost points:".format(
        len(faults), 3 * len(faults)))
    print("\n| code | given | of them right (precision) | planted | found (recall) |")
    print("|---|---|---|---|---|")
    for code in sorted(score):
        entry = score[code]
        precision = "{}/{}".format(entry["right"], entry["given"]) if entry["given"] else "-"
        recall = "{}/{}".format(entry["found"], entry["planted"]) if entry["planted"] else "-"
        print("| {} | {} | {} | {} | {} |".format(code, entry["given"], precision,
                                                  entry["planted"], recall))
    print("\nnot as planted: {}".format(wrong or "none"))


if __name__ == "__main__":
    main()
