"""Speed and memory of the kit, measured in one run. Prints figures.

    python bench/bench_kit.py             # everything
    python bench/bench_kit.py --runs 5    # more repetitions
    python bench/bench_kit.py --baseline 6d206fb   # and against the kit at a revision

1. The full default grading run, `python autograder.py --no-graphics`, with
   the reference models: wall time (median of --runs) and peak memory (the
   largest total resident memory of the grader and its children at once).
   The same with --no-isolation (the student's code in the grader's own
   process), which gives the cost of isolation; and q4, the language model,
   alone (`--layout cs188 -q q4`).
2. With --baseline REV: the full run and q4 alone again, in this tree and in
   the kit at git revision REV, runs alternating; medians and their ratio.
3. The cost of sealing (grading/seals.py): q1 of the reference graded as a
   submission in each mode that works here, against the same question run
   as a student runs it (no seal), runs interleaved; medians and differences.
   Mode `user` runs under /usr/bin/python3 (Debian's numpy), so its baseline
   is a student run under that Python too. Needs root for mode `user`.
4. nn.py against the same training steps written directly in numpy, on
   MNIST in float64 and in float32: bench/bench_nn.py (see there).
"""

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)


def grading_runs(runs, args, total, kit=ROOT):
    """Wall seconds and peak memory (MB) of each `autograder.py <args>` run, which
    must end with `total`. Memory: the largest sum of the resident sets of the
    grader and all its child processes, sampled every 100 ms (Linux's /proc;
    elsewhere, the grader's own peak)."""
    walls, peaks = [], []
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "autograder.py", *args],
                                 cwd=kit, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        chunks = []
        reader = threading.Thread(target=lambda: chunks.append(child.stdout.read()))  # noqa: B023 (joined below)
        reader.start()
        peak = 0
        while child.poll() is None:
            peak = max(peak, tree_rss(child.pid))
            time.sleep(0.1)
        reader.join()
        walls.append(time.perf_counter() - start)
        if not os.path.isdir("/proc"):
            import resource
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
        peaks.append(peak / 2 ** 20)
        output = b"".join(chunks).decode()
        found = [line for line in output.splitlines() if line.startswith("Total:")]
        if child.returncode != 0 or found != [total]:
            sys.exit("the reference did not grade {}:\n{}".format(total, output))
    return walls, peaks


def tree_rss(root):
    """Bytes resident in process `root` and all its descendants (Linux)."""
    parents, sizes = {}, {}
    for name in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if not name.isdigit():
            continue
        try:
            with open("/proc/{}/stat".format(name)) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open("/proc/{}/statm".format(name)) as f:
                resident = int(f.read().split()[1])
        except (OSError, IndexError, ValueError):
            continue
        parents[int(name)] = int(fields[1])
        sizes[int(name)] = resident * os.sysconf("SC_PAGE_SIZE")
    total = 0
    for pid, size in sizes.items():
        ancestor = pid
        while ancestor not in (root, 0, 1) and ancestor in parents:
            ancestor = parents[ancestor]
        if ancestor == root:
            total += size
    return total


def print_runs(label, walls, peaks):
    print("{}: wall median {:.2f} s (min {:.2f}, max {:.2f}) over {} runs; peak memory "
          "{:.0f} MB (grader and children together, max over runs)".format(
              label, statistics.median(walls), min(walls), max(walls), len(walls), max(peaks)))


def sealing_costs(runs):
    """{mode: (median seconds sealed, median seconds unsealed)} for q1 graded
    as a submission, interleaved with unsealed runs under the same Python."""
    from grading import seals
    python_of = {"process": sys.executable, "bwrap": sys.executable,
                 "user": "/usr/bin/python3"}
    modes = ["process"] + [mode for mode in ("bwrap",) if seals.choose(mode).mode == mode]
    usable = subprocess.run(["/usr/bin/python3", "-c", "import numpy, matplotlib"],
                            capture_output=True).returncode == 0 if os.path.exists(
                                "/usr/bin/python3") else False
    if hasattr(os, "geteuid") and os.geteuid() == 0 and usable:
        modes.append("user")
    else:
        print("mode user: not here (needs root and /usr/bin/python3 with numpy, matplotlib)")
    first_line = {"process": "Isolation: partial.", "bwrap": "Isolation: bwrap.",
                  "user": "Isolation: another user."}
    submission = os.path.join(ROOT, "models.py")
    times = {mode: ([], []) for mode in modes}
    # Mode user refuses a kit whose labels other users can read: this
    # checkout's data/ is made owner-only while the bench runs.
    data = os.path.join(ROOT, "data")
    permissions = os.stat(data).st_mode
    if "user" in modes:
        os.chmod(data, permissions & ~0o007)
    try:
        _sealing_rounds(runs, modes, python_of, submission, first_line, times)
    finally:
        os.chmod(data, permissions)
    return {mode: (statistics.median(a), statistics.median(b)) for mode, (a, b) in times.items()}


def against_baseline(runs, revision):
    """The full run and q4 alone, in this tree and in the kit at `revision`
    (bench_students.revision_kit), runs alternating: medians and their ratio."""
    import tempfile
    sys.path.insert(0, os.path.join(ROOT, "bench"))
    from bench_students import revision_kit
    with tempfile.TemporaryDirectory() as baseline:
        revision_kit(baseline, revision)
        for label, args, total in (
                ("full run", ["--no-graphics"], "Total: 18/18"),
                ("q4 alone", ["--no-graphics", "--layout", "cs188", "-q", "q4"], "Total: 7/7")):
            walls = {"baseline": [], "today": []}
            for _ in range(runs):
                for name, kit in (("baseline", baseline), ("today", ROOT)):
                    walls[name] += grading_runs(1, args, total, kit)[0]
            before, now = (statistics.median(walls[name]) for name in ("baseline", "today"))
            print("{}, against {}: baseline median {:.2f} s, today {:.2f} s, ratio {:.2f}x "
                  "({} runs each, alternating)".format(label, revision, before, now,
                                                       now / before, runs))


def _sealing_rounds(runs, modes, python_of, submission, first_line, times):
    for _ in range(runs):
        for mode in modes:
            python = python_of[mode]
            for sealed, command in ((True, ["--submission", submission, "--sandbox", mode]),
                                    (False, [])):
                start = time.perf_counter()
                done = subprocess.run([python, "autograder.py", "--no-graphics", "-q", "q1",
                                       "--seed", "0", "--attempts", "1", *command],
                                      cwd=ROOT, capture_output=True, text=True)
                seconds = time.perf_counter() - start
                if "Total: 6/6" not in done.stdout or (
                        sealed and not done.stdout.startswith(first_line[mode])):
                    sys.exit("q1 did not grade 6/6 in mode {}:\n{}".format(mode, done.stdout))
                times[mode][0 if sealed else 1].append(seconds)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="full grading runs (default 3)")
    parser.add_argument("--epochs", type=int, default=5,
                        help="epochs of each kind a process in bench_nn.py (default 5)")
    parser.add_argument("--only", choices=("sealing",), help="run only this part")
    parser.add_argument("--baseline", metavar="REV",
                        help="also: the full run and q4 alone against the kit at git "
                             "revision REV, runs alternating")
    args = parser.parse_args()
    print("machine: {} cores, Python {}, numpy {}".format(
        os.cpu_count(), sys.version.split()[0], np.__version__))
    if args.only == "sealing":
        print_sealing(args.runs)
        return

    isolated = grading_runs(args.runs, ["--no-graphics"], "Total: 18/18")
    print_runs("full run, autograder.py --no-graphics (18/18)", *isolated)
    direct = grading_runs(args.runs, ["--no-graphics", "--no-isolation"], "Total: 18/18")
    print_runs("the same with --no-isolation (no child processes)", *direct)
    print("cost of isolation: {:+.2f} s (difference of the medians)".format(
        statistics.median(isolated[0]) - statistics.median(direct[0])))
    print_runs("q4 alone, autograder.py --no-graphics --layout cs188 -q q4 (7/7)",
               *grading_runs(args.runs, ["--no-graphics", "--layout", "cs188", "-q", "q4"],
                             "Total: 7/7"))

    if args.baseline:
        against_baseline(args.runs, args.baseline)
    print_sealing(args.runs)

    # nn.py against numpy: bench_nn.py, on MNIST in both dtypes.
    subprocess.run([sys.executable, os.path.join(ROOT, "bench", "bench_nn.py"), "--data",
                    "mnist", "--epochs", str(args.epochs)], check=True)


def print_sealing(runs):
    for mode, (sealed, plain) in sealing_costs(runs).items():
        print("q1 as a submission, sealed by {:7s} median {:.2f} s; as a student runs it "
              "{:.2f} s; cost of sealing {:+.2f} s per question ({} runs each, interleaved)"
              .format(mode, sealed, plain, sealed - plain, runs))


if __name__ == "__main__":
    main()
