"""What the plots cost: the share of a q3 (digits) training run spent on them.

    python bench/bench_plots.py            # 3 runs of each mode
    python bench/bench_plots.py --runs 5

Trains the reference digit model (seed 0, so every run takes the same steps)
in a fresh process per run, in three modes, and prints the median training
time of each and the share of it that the plots take:
- off:      no plots (--no-graphics);
- headless: no display: the plot drawn off screen, progress printed as text,
            the final picture saved as a PNG;
- window:   a live window (needs a display: DISPLAY set, or run under
            `xvfb-run`); skipped when there is none.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

TRAIN = """
import sys, time
sys.path.insert(0, {root!r})
import numpy as np, backend, models
backend.use_graphics = {graphics}
backend.plot_folder = {folder!r}
np.random.seed(0)
model = models.DigitClassificationModel()
dataset = backend.DigitClassificationDataset(model)
live = dataset.plot is not None and dataset.plot.live
if {graphics} and {window} != live:
    sys.exit("the plot is not in the expected mode")
start = time.perf_counter()
model.train(dataset)
backend.maybe_sleep_and_close(0)
print("SECONDS", time.perf_counter() - start)
"""


def train(mode, folder):
    env = dict(os.environ)
    if mode != "window":
        env.pop("DISPLAY", None)
        env.pop("WAYLAND_DISPLAY", None)
        env["MPLBACKEND"] = "Agg"
    code = TRAIN.format(root=ROOT, graphics=mode != "off", window=mode == "window",
                        folder=folder)
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True)
    if result.returncode != 0:
        sys.exit("{} run failed:\n{}{}".format(mode, result.stdout, result.stderr))
    return float(result.stdout.split("SECONDS")[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    modes = ["off", "headless"]
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        modes.append("window")
    times = {mode: [] for mode in modes}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(args.runs):
            for mode in modes:  # alternate, so load on the machine hits every mode alike
                times[mode].append(train(mode, folder))
    off = statistics.median(times["off"])
    print("q3 training, reference model, seed 0, median of {} runs:".format(args.runs))
    for mode in modes:
        median = statistics.median(times[mode])
        print("  {:8s} {:6.2f} s   plots' share {:5.1%}".format(
            mode, median, max(0.0, (median - off) / median)))
    if "window" not in modes:
        print("  window   skipped: no display (run under xvfb-run to measure it)")


if __name__ == "__main__":
    main()
