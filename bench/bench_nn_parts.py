"""What nn.py's own cost a step is made of: each part taken out in turn. Prints figures.

    python bench/bench_nn_parts.py                 # batch 5 and batch 100
    python bench/bench_nn_parts.py --batch 5 --rounds 11

A 784-100-10 network for batch 5 (the small-batch student solution of
bench/students/) and 784-200-10 for batch 100, float32, random data, the
same steps as bench_nn.py. Passes over 2,000 steps (batch 5) or 300 (batch
100) alternate between: nn.py as it is; nn.py with one part replaced by a
version that does not do it (Parameter.update's checks: the arguments'
types and shape, and the NaN check after the update; SoftmaxLoss's label
check); and the same steps written in numpy. Medians of the rounds, in
microseconds a step; the difference to "nn.py" is what the part costs.
"""

import argparse
import os
import statistics
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "bench"))

import bench_nn  # noqa: E402

import nn  # noqa: E402


def without_nan_check(self, direction, multiplier):
    self.data += multiplier * direction.data


def without_label_check(logits, labels):
    return None


PARTS = {
    "update's checks (NaN, types)": (nn.Parameter, "update", without_nan_check),
    "SoftmaxLoss's label check": (nn.SoftmaxLoss, "shape_error",
                                  staticmethod(without_label_check)),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--batch", type=int, nargs="+", default=[5, 100])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    print("machine: {} cores, Python {}, numpy {}; float32".format(
        os.cpu_count(), sys.version.split()[0], np.__version__))
    for batch in args.batch:
        hidden, steps = (100, 2000) if batch < 50 else (200, 300)
        rng = np.random.RandomState(1)
        x = rng.uniform(0, 1, (batch * steps, 784)).astype(np.float32)
        y = np.eye(10, dtype=np.float32)[rng.randint(0, 10, batch * steps)]
        weights = [rng.uniform(-0.1, 0.1, shape).astype(np.float32)
                   for shape in [(784, hidden), (1, hidden), (hidden, 10), (1, 10)]]
        times = {"nn.py": [], "numpy": [], **{part: [] for part in PARTS}}
        for _ in range(args.rounds):
            times["nn.py"].append(bench_nn.epoch_through_nn(x, y, weights, batch)[0])
            for part, (owner, name, replacement) in PARTS.items():
                original = owner.__dict__[name]
                setattr(owner, name, replacement)
                try:
                    times[part].append(bench_nn.epoch_through_nn(x, y, weights, batch)[0])
                finally:
                    setattr(owner, name, original)
            times["numpy"].append(bench_nn.epoch_in_numpy(x, y, weights, batch)[0])
        step = {label: 1e6 * statistics.median(values) / steps for label, values in times.items()}
        print("batch {}, 784-{}-10: nn.py {:.0f} us a step, numpy {:.0f} us".format(
            batch, hidden, step["nn.py"], step["numpy"]))
        for part in PARTS:
            print("  without {:32s} {:5.0f} us: the part costs {:4.0f} us".format(
                part, step[part], step["nn.py"] - step[part]))
        print("  the rest of nn.py's own cost: {:.0f} us".format(
            step["nn.py"] - step["numpy"] - sum(step["nn.py"] - step[part] for part in PARTS)))


if __name__ == "__main__":
    main()
