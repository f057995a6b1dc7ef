"""How fast do the recurrent networks students write learn a language data set?

    python bench/bench_lang_difficulty.py                       # the kit's data, seed 0
    python bench/bench_lang_difficulty.py --seeds 0 1 2 --jobs 2
    python bench/bench_lang_difficulty.py --data OTHER.npz      # any file with lang_id.npz's keys

The measurement of issue 17 (and of ../shared/lang_difficulty.py, which gives
the same figures: the same networks, draws and arithmetic). Each family is a
plain Elman RNN, h = relu(x W + h Wh + b), whose last hidden state goes into a
linear output layer, trained with the kit's nn.py by SGD on batches of 100
words drawn as the original kit draws them (a word length picked at random,
weighted by its number of training words, then 100 words of that length, with
replacement). Dev accuracy is read every --every steps; for each family it
prints the first step at which dev accuracy reaches 0.85 / 0.87 / 0.89, the
best dev accuracy seen, what a student stopping at 0.85 reads on dev and
scores on test, and test accuracy at the end.

Then the table of issue 17: each family next to the original kit's data
(seed 0, measured by the issue with the same script) and whether it meets the
targets: 0.85 and 0.87 within 25% of the original's steps (or sooner), 0.89
within 5,000 steps for the two largest networks.

Each (family, seed) trains in a fresh process on one thread; --jobs runs
several at once (the figures are step counts, so they do not depend on it).
"""

import argparse
import multiprocessing
import os
import sys
import time

import workers  # bench/workers.py: a pool worker dies with its bench

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
THRESHOLDS = (0.85, 0.87, 0.89)
FAMILIES = [(64, 0.1), (128, 0.05), (128, 0.1), (256, 0.03), (256, 0.1), (400, 0.05)]
BATCH = 100
# The original kit's data, seed 0 (issue 17's table): first step at 0.85 / 0.87 / 0.89
# (None: not reached in 5,000 steps), and test accuracy of a run stopped at 0.85.
ORIGINAL = {
    (64, 0.1): ((2750, 3750, None), 0.826),
    (128, 0.05): ((3250, 5000, None), 0.812),
    (128, 0.1): ((2250, 2750, None), 0.840),
    (256, 0.03): ((3000, 4750, None), 0.802),
    (256, 0.1): ((2000, 2000, 3250), 0.838),
    (400, 0.05): ((2250, 3250, 5000), 0.846),
}
LARGEST = [(256, 0.1), (400, 0.05)]  # must reach 0.89 within 5,000 steps
SLACK = 1.25  # 0.85 and 0.87 within 25% of the original's steps


def batches(data, size, rng):
    """Endless (x, y) batches drawn the original kit's way."""
    buckets = data["train_buckets"]
    sizes = buckets[:, 1] - buckets[:, 0]
    weights = sizes / sizes.sum()
    while True:
        start, end = buckets[rng.choice(len(buckets), p=weights)]
        rows = start + rng.choice(end - start, size=size)  # with replacement
        yield data["train_x"][rows], data["train_y"][rows]


def train(job):
    """One family at one seed, in this process: a dict of what it measured."""
    data_path, hidden, rate, seed, steps, every = job
    os.environ["OPENBLAS_NUM_THREADS"] = "1"  # set before numpy loads (fresh process)
    import numpy as np
    sys.path.insert(0, ROOT)
    from bench_lang_gap import student_model  # the same network, the same arithmetic

    import nn

    with np.load(data_path) as archive:
        data = {key: archive[key] for key in archive.files}
    eye = np.eye(len(data["chars"]), dtype=np.float32)

    def one_hots(x):  # (batch, length) indices -> one batch x 47 Constant per character
        return [nn.Constant(eye[x[:, i]]) for i in range(x.shape[1]) if (x[:, i] >= 0).any()]

    def accuracy(split):
        right = 0
        for start, end in data[split + "_buckets"]:
            logits = model.run(one_hots(data[split + "_x"][start:end])).data
            right += int((logits.argmax(axis=1) == data[split + "_y"][start:end]).sum())
        return right / len(data[split + "_y"])

    np.random.seed(seed)
    rng = np.random.default_rng(seed)
    model = student_model(nn, hidden, rate)  # its parameters drawn as the shared script's
    result = {"family": (hidden, rate), "seed": seed, "first": {}, "best": 0.0, "stop": None,
              "end": None, "status": "ok"}
    stream = batches(data, BATCH, rng)
    start = time.perf_counter()
    try:
        for step in range(1, steps + 1):
            x, y = next(stream)
            model.step(one_hots(x), nn.Constant(np.eye(5, dtype=np.float32)[y]))
            if step % every == 0:
                dev = accuracy("dev")
                result["best"] = max(result["best"], dev)
                for threshold in THRESHOLDS:
                    if threshold not in result["first"] and dev >= threshold:
                        result["first"][threshold] = step
                        if threshold == THRESHOLDS[0]:  # a student stopping here
                            result["stop"] = (dev, accuracy("test"))
        result["end"] = accuracy("test")
    except FloatingPointError:
        result["status"] = "diverged at step {}".format(step)
    result["seconds"] = time.perf_counter() - start
    return result


def name(family):
    return "h{} lr{}".format(*family)


def steps_text(steps):
    """'2000 / 2250 /    -' for the first steps at 0.85, 0.87 and 0.89 (None: not reached)."""
    return " / ".join("{:>4}".format(step or "-") for step in steps)


def first_steps(result):
    return [result["first"].get(threshold) for threshold in THRESHOLDS]


def misses(result):
    """The targets of issue 17 this run misses (an empty list: all met)."""
    family, first = result["family"], result["first"]
    wanted, _ = ORIGINAL[family]
    missed = []
    for threshold, original in zip(THRESHOLDS[:2], wanted[:2]):
        if original is not None and (first.get(threshold) or float("inf")) > SLACK * original:
            missed.append("{} after {:.0f}".format(threshold, SLACK * original))
    if family in LARGEST and (first.get(0.89) or float("inf")) > 5000:
        missed.append("0.89 after 5000")
    return missed


def line(result):
    stop = "{:.3f}/{:.3f}".format(*result["stop"]) if result["stop"] else "  -  /  -  "
    end = "{:.3f}".format(result["end"]) if result["end"] is not None else "  -  "
    return ("seed {:<2d} {:12s} first step {}  dev/test at a 0.85 stop {}  best dev {:.3f}  "
            "test at the end {}  {} {:.0f} s").format(
        result["seed"], name(result["family"]), steps_text(first_steps(result)), stop,
        result["best"], end, result["status"], result["seconds"])


def table(results, seeds):
    print("\n| hidden, lr | original's data, seed 0: 0.85 / 0.87 / 0.89 | test at 0.85 stop | "
          + " | ".join("seed {}: 0.85 / 0.87 / 0.89 (best) | test at 0.85 stop".format(s)
                       for s in seeds) + " | targets |")
    print("|---" * (3 + 2 * len(seeds)) + "|---|")
    outside = {seed: 0 for seed in seeds}
    for family in FAMILIES:
        mine = {r["seed"]: r for r in results if r["family"] == family}
        if not mine:
            continue
        wanted, original_test = ORIGINAL[family]
        cells = ["{}, {}".format(*family), steps_text(wanted), "{:.3f}".format(original_test)]
        verdicts = []
        for seed in seeds:
            r = mine.get(seed)
            if r is None:
                cells += ["", ""]
                continue
            cells.append("{} ({:.3f})".format(steps_text(first_steps(r)), r["best"]))
            cells.append("{:.3f}".format(r["stop"][1]) if r["stop"] else "-")
            missed = misses(r)
            outside[seed] += bool(missed)
            verdicts.append("seed {}: {}".format(seed, "; ".join(missed)) if missed else "")
        verdict = ", ".join(v for v in verdicts if v) or "met"
        print("| " + " | ".join(cells) + " | " + verdict + " |")
    stopped = [r["stop"] for r in results if r["stop"]]
    if stopped:
        gap = sum(100 * (dev - test) for dev, test in stopped) / len(stopped)
        passing = sum(test >= 0.81 for _, test in stopped)
        print("\nruns stopped at 0.85: {}; mean dev-test gap {:+.2f} points; test >= 0.81 in {}"
              .format(len(stopped), gap, passing))
    print("family-seeds outside the targets: " + ", ".join(
        "seed {}: {}".format(seed, count) for seed, count in outside.items()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=os.path.join(ROOT, "data", "lang_id.npz"),
                        help="a file with the keys of data/lang_id.npz (default: the kit's)")
    parser.add_argument("--seeds", nargs="+", type=int, default=[0])
    parser.add_argument("--families", nargs="+", default=None, metavar="HIDDEN,LR",
                        help="e.g. 64,0.1 256,0.1 (default: the six of issue 17)")
    parser.add_argument("--steps", type=int, default=6000, help="steps a run (default 6000)")
    parser.add_argument("--every", type=int, default=250,
                        help="steps between validation checks (default 250)")
    parser.add_argument("--jobs", type=int, default=1, help="runs at once (default 1)")
    args = parser.parse_args()
    families = FAMILIES
    if args.families:
        families = [(int(h), float(lr)) for h, lr in (f.split(",") for f in args.families)]
        unknown = [f for f in families if f not in ORIGINAL]
        if unknown:
            parser.error("no original figures for {}; families: {}".format(
                unknown, " ".join("{},{}".format(*f) for f in FAMILIES)))
    data = os.path.abspath(args.data)
    jobs = [(data, hidden, rate, seed, args.steps, args.every)
            for seed in args.seeds for hidden, rate in families]
    print("{} runs of {} steps, dev read every {}; data {}".format(
        len(jobs), args.steps, args.every, args.data), flush=True)
    results = []
    with multiprocessing.get_context("spawn").Pool(args.jobs, maxtasksperchild=1,
                                                   initializer=workers.die_with_bench) as pool:
        for result in pool.imap(train, jobs, chunksize=1):
            results.append(result)
            print(line(result), flush=True)
    table(results, args.seeds)


if __name__ == "__main__":
    main()
