"""What starting a child through grading/launch.py costs, against the Popen
with a preexec_fn it replaced (fork, then the limits in Python, then exec).
Prints figures.

    python bench/bench_launch.py [--rounds 41]

Both start `python -c pass` in a session of its own with PR_SET_PDEATHSIG
(Linux) and wait for it to exit; the launcher adds a second exec (a Python
started with -I -S) and the limits it applies for mode `process` as this
user (RLIMIT_NPROC). Alternating, in this one process, one thread, nothing
else running here: the median of --rounds each, and their difference,
which is what every question of every submission pays once.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from grading import launch, seals  # noqa: E402

COMMAND = [sys.executable, "-c", "pass"]


def with_launcher():
    argv = seals.launch_command(COMMAND, {"--processes": 100000})
    subprocess.Popen(argv, start_new_session=True).wait()


def with_preexec():
    grader = os.getpid()

    def before_exec():  # what seals._with_grader and _process_cap did
        launch.die_with(grader)
        launch.limit_processes(100000)
    subprocess.Popen(COMMAND, start_new_session=True, preexec_fn=before_exec).wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=41)
    args = parser.parse_args()
    times = {with_launcher: [], with_preexec: []}
    for _ in range(args.rounds):
        for start in times:
            began = time.perf_counter()
            start()
            times[start].append(time.perf_counter() - began)
    launched, forked = (statistics.median(times[f]) * 1000 for f in (with_launcher, with_preexec))
    print("child start and exit, median of {} each (ms): launcher {:.1f}, preexec_fn {:.1f}, "
          "difference {:+.1f} ms ({:.2f}x)".format(args.rounds, launched, forked,
                                                   launched - forked, launched / forked))


if __name__ == "__main__":
    main()
