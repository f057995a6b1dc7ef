"""What checking validation accuracy after every batch costs a language model.

    python bench/bench_lang_validation.py [--rounds 7] [--steps 40] [--hidden 128]

Real solutions call dataset.get_validation_accuracy() after every training
batch. This trains a student-style Elman RNN (hidden 128, batch 100, SGD)
that does exactly that, in blocks of --steps steps, alternating between:
- `kit`: the kit's dev set (data/lang_id.npz, all its words);
- `500 words`: 500 of those words, the same share of each length (the
  original kit's dev set had 500);
- `no check`: the same steps without reading validation accuracy.
Blocks alternate in one process, on one model (its weights do not change the
cost of a step), and the medians over --rounds blocks are printed with the
ratio kit / 500 words (issue 17: within 2x).

It runs twice, each time in a fresh process: as the autograder runs a
student's code (`python autograder.py -q q4` trains in a child process with
the allocator settings of grading's CHILD_ENVIRONMENT), and as a plain
`python` process with glibc's default allocator, where on some machines
every training step pays again for fresh memory (bench/README.md, "What makes a training
step fast").
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # a student's laptop core; before numpy

import numpy as np  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "bench"))

from bench_lang_gap import student_model  # noqa: E402

import backend  # noqa: E402
import nn  # noqa: E402
from grading.runner import CHILD_ENVIRONMENT  # noqa: E402


def with_fewer_dev_words(dataset, words):
    """A copy of `dataset` whose dev split keeps about `words` of its words, the
    same share of each length, evenly spaced (so still one language in five)."""
    fewer = backend.LanguageIDDataset(dataset.model)
    share = words / len(dataset.dev_y)
    kept = [np.unique(np.linspace(start, end - 1, max(1, round(share * (end - start))))
                      .round().astype(int)) for start, end in dataset.dev_buckets]
    ends = np.cumsum([len(rows) for rows in kept])
    fewer.dev_buckets = np.stack([ends - [len(rows) for rows in kept], ends], axis=1)
    rows = np.concatenate(kept)
    fewer.dev_x, fewer.dev_y = dataset.dev_x[rows], dataset.dev_y[rows]
    return fewer


def block(model, dataset, steps, validate):
    """Seconds a step over `steps` training steps (each followed by a check if `validate`)."""
    batches = dataset.iterate_forever(100)
    start = time.perf_counter()
    for _ in range(steps):
        xs, y = next(batches)
        model.step(xs, y)
        if validate:
            dataset.get_validation_accuracy()
    return (time.perf_counter() - start) / steps


def measure(args):
    """The measurement itself, in this process."""
    backend.use_graphics = False
    np.random.seed(0)
    model = student_model(nn, args.hidden, 0.05)
    kit = backend.LanguageIDDataset(model)
    fewer = with_fewer_dev_words(kit, 500)
    kinds = {"kit": (kit, True), "500 words": (fewer, True), "no check": (kit, False)}
    print("hidden {}, batch 100; dev words: kit {}, the other {}; {} rounds of {} steps".format(
        args.hidden, len(kit.dev_y), len(fewer.dev_y), args.rounds, args.steps), flush=True)
    block(model, kit, 10, True)  # warm up
    times = {kind: [] for kind in kinds}
    for _ in range(args.rounds):
        for kind, (dataset, validate) in kinds.items():
            times[kind].append(block(model, dataset, args.steps, validate))
    medians = {kind: statistics.median(values) for kind, values in times.items()}
    for kind, median in medians.items():
        print("{:10s} {:6.2f} ms a step (median; {:.2f}-{:.2f})".format(
            kind, 1000 * median, 1000 * min(times[kind]), 1000 * max(times[kind])))
    print("kit / 500 words: {:.2f}x; kit / no check: {:.2f}x".format(
        medians["kit"] / medians["500 words"], medians["kit"] / medians["no check"]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--steps", type=int, default=40, help="steps a block (default 40)")
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--here", action="store_true",
                        help="measure in this process only, with its own environment")
    args = parser.parse_args()
    if args.here:
        return measure(args)
    command = [sys.executable, os.path.abspath(__file__), "--here", "--rounds", str(args.rounds),
               "--steps", str(args.steps), "--hidden", str(args.hidden)]
    plain = {key: value for key, value in os.environ.items() if not key.startswith("MALLOC_")}
    for title, environment in (("as the autograder runs it (its child's allocator settings)",
                                dict(plain, **CHILD_ENVIRONMENT)),
                               ("as a plain python process", plain)):
        print("\n" + title, flush=True)
        subprocess.run(command, env=environment, check=True)


if __name__ == "__main__":
    main()
