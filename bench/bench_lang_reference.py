"""Does the language data change the reference model's training time? The
reference LanguageIDModel trained on two language data files, interleaved in
one process, one thread: its time and test accuracy on each.

    python bench/bench_lang_reference.py --before 5394b84         # data/lang_id.npz then
    python bench/bench_lang_reference.py --before OTHER.npz --rounds 3

A round trains once on each file, with np.random.seed(round) before the model
is built, as the grader does; graphics off. Prints each run and the medians'
ratio (today's over the other's).
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

os.environ["OPENBLAS_NUM_THREADS"] = "1"  # before numpy loads

import numpy as np  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from bench_lang_gap import test_accuracy  # noqa: E402  (the grader's reading of test)

import backend  # noqa: E402
import models  # noqa: E402


def data_file(before, folder):
    """`before` if it is a file, else data/lang_id.npz at that revision, written into `folder`."""
    if os.path.isfile(before):
        return before
    path = os.path.join(folder, "lang_id.npz")
    with open(path, "wb") as f:
        f.write(subprocess.run(["git", "show", before + ":data/lang_id.npz"], cwd=ROOT,
                               check=True, capture_output=True).stdout)
    return path


def train_once(path, seed):
    """(seconds, test accuracy) of the reference trained on the language data at `path`."""
    kit_path = backend.get_data_path
    backend.get_data_path = lambda name: path if name == "lang_id.npz" else kit_path(name)
    try:
        np.random.seed(seed)
        model = models.LanguageIDModel()
        dataset = backend.LanguageIDDataset(model)
        start = time.perf_counter()
        model.train(dataset)
        return time.perf_counter() - start, test_accuracy(dataset)
    finally:
        backend.get_data_path = kit_path


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", required=True, help="a git revision or a lang_id.npz file")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    backend.use_graphics = False
    with tempfile.TemporaryDirectory() as folder:
        files = {"before": data_file(args.before, folder),
                 "today": os.path.join(ROOT, "data", "lang_id.npz")}
        times = {name: [] for name in files}
        for seed in range(args.rounds):
            for name, path in files.items():
                seconds, accuracy = train_once(path, seed)
                times[name].append(seconds)
                print("{:6s} seed {}: {:6.2f} s, test accuracy {:.4f}".format(
                    name, seed, seconds, accuracy), flush=True)
    before, today = (statistics.median(times[name]) for name in ("before", "today"))
    print("median before {:.2f} s, today {:.2f} s, ratio {:.2f}".format(
        before, today, today / before))


if __name__ == "__main__":
    main()
