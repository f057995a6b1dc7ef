"""Is q4's time limit 1.5 times the slowest real-style solution? Grades the
slow learners students write for the language question, alone, in the
autograder, and prints each one's time against the limit.

    python bench/bench_lang_limit.py                           # the slow styles, seed 0
    python bench/bench_lang_limit.py --styles "h256 b200 frozen 0.85" --seeds 0 1 2

A style is a LanguageIDModel as real solutions for the original kit write it
(the network of ../shared/lang_family.py: a first state x W0 + b0, then
h = relu(x W + h Wh + b)), learning rate 0.01, trained on
dataset.iterate_forever(batch), that calls get_validation_accuracy() after
every batch (the costliest habit) and stops when it reads the style's
threshold; "frozen": Wh left out of the parameters it updates, a real
mistake. The rest of models.py is the reference. Each is graded with
`python autograder.py --layout cs188 -q q4 --no-graphics --seed S
--attempts 1` in a copy of this working tree, one at a time; the figure is
the question's time as the report prints it (child start, data, checks,
training, test). Targets (issue 28): the slowest style that passes takes at
most 2/3 of the limit, so the limit is at least 1.5 times it (a style that
never reaches its stop runs out of any limit, and is not counted).
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_students import working_tree_kit  # noqa: E402

# hidden, batch, Wh frozen, the validation accuracy it stops at
STYLES = ["h256 b200 frozen 0.85", "h400 b200 frozen 0.85", "h256 b200 0.86", "h400 b200 0.86"]

STUDENT = '''

# The student's model (bench/bench_lang_limit.py)
class LanguageIDModel(object):
    def __init__(self):
        self.num_chars = 47
        self.languages = ["English", "Spanish", "Finnish", "Dutch", "Polish"]
        hidden = {hidden}
        self.W0 = nn.Parameter(self.num_chars, hidden)
        self.b0 = nn.Parameter(1, hidden)
        self.W = nn.Parameter(self.num_chars, hidden)
        self.b = nn.Parameter(1, hidden)
        self.Wh = nn.Parameter(hidden, hidden)
        self.Wy = nn.Parameter(hidden, 5)
        self.by = nn.Parameter(1, 5)
        self.params = [self.W0, self.b0, self.W, self.b, self.Wy, self.by]{trained}

    def run(self, xs):
        h = nn.AddBias(nn.Linear(xs[0], self.W0), self.b0)
        for x in xs[1:]:
            h = nn.ReLU(nn.AddBias(nn.Add(nn.Linear(x, self.W), nn.Linear(h, self.Wh)), self.b))
        return nn.AddBias(nn.Linear(h, self.Wy), self.by)

    def get_loss(self, xs, y):
        return nn.SoftmaxLoss(self.run(xs), y)

    def train(self, dataset):
        for xs, y in dataset.iterate_forever({batch}):
            grads = nn.gradients(self.get_loss(xs, y), self.params)
            for param, grad in zip(self.params, grads):
                param.update(grad, -0.01)
            if dataset.get_validation_accuracy() >= {stop}:
                return
'''


def parse_style(style):
    """'h256 b200 frozen 0.85' -> (256, 200, True, 0.85)."""
    words = style.split()
    if (len(words) not in (3, 4) or not words[0].startswith("h") or not words[1].startswith("b")
            or (len(words) == 4 and words[2] != "frozen")):
        raise ValueError("a style is 'hHIDDEN bBATCH [frozen] STOP', e.g. 'h256 b200 frozen 0.85'")
    return int(words[0][1:]), int(words[1][1:]), len(words) == 4, float(words[-1])


def models_source(style):
    hidden, batch, frozen, stop = parse_style(style)
    with open(os.path.join(ROOT, "models.py"), encoding="utf-8") as f:
        source = f.read()
    return source + STUDENT.format(hidden=hidden, batch=batch, stop=stop,
                                   trained="" if frozen else " + [self.Wh]")


def grade(kit, seed, time_limit=None):
    """(question time, points) of q4 in `kit`."""
    command = [sys.executable, "autograder.py", "--layout", "cs188", "-q", "q4", "--no-graphics",
               "--seed", str(seed), "--attempts", "1"]
    if time_limit:
        command += ["--time-limit", str(time_limit)]
    result = subprocess.run(command, cwd=kit, capture_output=True, text=True)
    seconds = re.search(r"^Time: ([0-9.]+) s of the", result.stdout, re.M)
    points = re.search(r"^Question q4: (\d+)/(\d+)", result.stdout, re.M)
    if not (seconds and points):
        sys.exit("could not read the report of {}:\n{}{}".format(kit, result.stdout,
                                                                  result.stderr))
    return float(seconds.group(1)), int(points.group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--styles", nargs="+", default=STYLES,
                        help="'hHIDDEN bBATCH [frozen] STOP' each (default: {})".format(
                            "; ".join(STYLES)))
    parser.add_argument("--seeds", nargs="+", type=int, default=[0])
    parser.add_argument("--time-limit", type=float, metavar="SECONDS",
                        help="grade with this limit instead of q4's, to measure a style that "
                        "runs out of it (the verdict still compares with q4's)")
    args = parser.parse_args()
    try:
        sources = {style: models_source(style) for style in args.styles}
    except ValueError as error:
        parser.error(str(error))
    import autograder
    limit = autograder.QUESTIONS["languages"].time_limit
    times = {}
    with tempfile.TemporaryDirectory() as kit:
        working_tree_kit(kit)
        for style, source in sources.items():
            with open(os.path.join(kit, "models.py"), "w", encoding="utf-8") as f:
                f.write(source)
            for seed in args.seeds:
                seconds, points = grade(kit, seed, args.time_limit)
                if points == 7:
                    times.setdefault(style, []).append(seconds)
                print("{:24s} seed {}: {:6.1f} s (q4's limit {:.0f} s), {}/7".format(
                    style, seed, seconds, limit, points), flush=True)
    if not times:
        sys.exit("no style passed")
    slowest = max(times, key=lambda style: max(times[style]))
    worst = max(times[slowest])
    print("\nslowest that passes: {} at {:.1f} s (median {:.1f} s) = {:.2f} of the {:.0f} s "
          "limit; the limit is {:.2f} times it ({} 1.5)".format(
              slowest, worst, statistics.median(times[slowest]), worst / limit, limit,
              limit / worst, "at least" if limit >= 1.5 * worst else "BELOW"))


if __name__ == "__main__":
    main()
