"""A class graded in shards against one --batch: wall time, and the same grades.

    python bench/bench_shards.py [--shards 2] [--jobs 2] [--slurm] [--batch DIR]
                                 [-- GRADING OPTIONS]

Grades a batch (by default the kit's example batch, tests/helpers/example_batch.py)
three ways, on this machine, and prints the wall time of each:
  1. one `--batch --jobs J`;
  2. N shards started at once (`--shard K/N --jobs J/N` each, as GNU parallel
     would start them), then `--merge`;
  3. with --slurm, the script of --make-slurm-script (N shards of J/N CPUs and
     the merge) on a one-node Slurm started on localhost for the run
     (tests/test_cluster.py's, which needs root, slurm-wlm and munge):
     from `bash grade.sh` to the merge's end.
Each way writes into its own folder; their summary.csv must match (times
aside), or the benchmark says so and fails. On one machine, shards cannot be
faster than one batch with the same CPUs: the figures say what sharding
costs (starting N graders, scheduling, the merge); the gain comes from the
machines a cluster adds.

GRADING OPTIONS default to `--attempts 1 --time-limit 30 --lang en` (the
example batch's endless loop then costs 30 s a question, not 14 minutes).
"""

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KIT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(KIT / "tests" / "helpers"))

import example_batch  # noqa: E402

DEFAULT_GRADING = ["--attempts", "1", "--time-limit", "30", "--lang", "en"]


def autograder(*arguments):
    done = subprocess.run([sys.executable, "autograder.py", *map(str, arguments)],
                          cwd=str(KIT), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit("autograder.py {} failed:\n{}{}".format(" ".join(map(str, arguments)),
                                                         done.stdout, done.stderr))
    return done


def grades(output):
    with open(os.path.join(str(output), "summary.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        del row["seconds"]
    return rows


def same_grades(output, single):
    """Whether `output`'s summary.csv is `single`'s, times aside; the rows that differ
    are printed."""
    mine, theirs = grades(output), grades(single)
    for row in mine:
        if row not in theirs:
            print("  {}: {}".format(output.name, row))
    for row in theirs:
        if row not in mine:
            print("  one batch: {}".format(row))
    return mine == theirs


def one_batch(batch, output, jobs, grading):
    start = time.perf_counter()
    autograder("--batch", batch, "--batch-output", output, "--jobs", jobs, *grading)
    return time.perf_counter() - start


def shards_at_once(batch, output, shards, jobs, grading):
    start = time.perf_counter()
    processes = [subprocess.Popen(
        [sys.executable, "autograder.py", "--batch", str(batch), "--batch-output", str(output),
         "--jobs", str(max(1, jobs // shards)), "--shard", "{}/{}".format(k, shards), *grading],
        cwd=str(KIT), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for k in range(1, shards + 1)]
    for process in processes:
        if process.wait() != 0:
            sys.exit("a shard failed")
    graded = time.perf_counter() - start
    autograder("--batch", batch, "--batch-output", output, "--merge", *grading)
    return graded, time.perf_counter() - start


def on_slurm(batch, output, shards, jobs, grading, root):
    from test_cluster import Cluster
    cluster = Cluster(root / "slurm")
    cluster.env["PATH"] = cluster.env.get("PATH", os.defpath) + os.pathsep + "/usr/sbin"
    script = root / "grade.sh"
    autograder("--batch", batch, "--batch-output", output, "--make-slurm-script", script,
               "--shards", shards, "--jobs", max(1, jobs // shards), *grading)
    try:
        cluster.start()
        start = time.perf_counter()
        cluster.run("bash", str(script))
        if not cluster.wait(timeout=24 * 3600):
            sys.exit("the Slurm jobs did not end")
        return time.perf_counter() - start
    finally:
        cluster.stop()


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    grading = DEFAULT_GRADING
    if "--" in argv:
        grading = argv[argv.index("--") + 1:]
        argv = argv[:argv.index("--")]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shards", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="CPUs in all (default: this machine's)")
    parser.add_argument("--slurm", action="store_true")
    parser.add_argument("--batch", help="a folder of submissions (default: the example batch)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench_shards-") as folder:
        root = Path(folder)
        batch = Path(args.batch) if args.batch else root / "entregas"
        if not args.batch:
            example_batch.write(str(batch))
        count = sum(1 for name in os.listdir(str(batch)) if not name.startswith("."))
        print("{} submissions, grading options: {}; {} CPUs in all, load average before: "
              "{:.2f}".format(count, " ".join(grading), args.jobs, os.getloadavg()[0]))
        single = one_batch(batch, root / "single", args.jobs, grading)
        print("one --batch --jobs {}: {:.1f} s".format(args.jobs, single))
        graded, merged = shards_at_once(batch, root / "shards", args.shards, args.jobs, grading)
        same = same_grades(root / "shards", root / "single")
        print("{} shards at once, --jobs {} each: {:.1f} s, with the merge {:.1f} s "
              "({:.2f}x one batch); same grades: {}".format(
                  args.shards, max(1, args.jobs // args.shards), graded, merged,
                  merged / single, same))
        if args.slurm:
            took = on_slurm(batch, root / "slurm-grades", args.shards, args.jobs, grading, root)
            same_slurm = same_grades(root / "slurm-grades", root / "single")
            print("Slurm, {} shards of {} CPUs and the merge: {:.1f} s ({:.2f}x one batch); "
                  "same grades: {}".format(args.shards, max(1, args.jobs // args.shards), took,
                                           took / single, same_slurm))
            same = same and same_slurm
        print("load average after: {:.2f}".format(os.getloadavg()[0]))
        return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
