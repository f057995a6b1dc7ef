"""The child process of grading/runner.py: runs the student's part of one
question in a temporary copy of the kit and reports back.

    python -u -m grading.child QUESTION --seed N --lang es --memory-limit MB
                               [--graphics] [--plots DIR] [--shown-as PATH]

The first line of standard input is the token that marks the grader's event
lines. Events are JSON objects on lines "@grader:<token> {...}"; the last one
says how the part ended. The record of the structural checks' answers goes
to structure.npz as soon as they pass (grading/probes.py), the trained
model's outputs to outputs.npz. The grader believes none of it on its word:
it checks the record and scores the outputs itself.
"""

import argparse
import json
import os
import sys
import threading
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("question")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--lang", default="en")
    parser.add_argument("--memory-limit", type=int, default=0, help="MB; 0 for none")
    parser.add_argument("--graphics", action="store_true")
    parser.add_argument("--plots", help="the folder for pictures when no window can open")
    parser.add_argument("--shown-as", help="the student's own path of models.py, for tracebacks")
    args = parser.parse_args()
    token = sys.stdin.readline().strip()
    if not token:  # its grader is gone before it said anything: run nothing
        sys.exit("grading.child: no token on standard input (it is run by grading/runner.py)")
    # The events go through a copy of the output's file descriptor, so student
    # code that closes or replaces sys.stdout does not silence the grader.
    out = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    sending = threading.Lock()  # the progress thread sends too

    def send(event):
        with sending:
            out.write("@grader:{} {}\n".format(token, json.dumps(event)))
            out.flush()

    # At most 8 threads for numpy's BLAS: more adds nothing for these sizes,
    # and each one reserves memory that counts against the limit.
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, str(min(8, os.cpu_count() or 1)))
    limit_memory(args.memory_limit)
    outputs = os.path.abspath("outputs.npz")  # before student code can change directory
    structure = os.path.abspath("structure.npz")
    copy = os.path.abspath("models.py")
    sys.path.insert(0, os.getcwd())
    import numpy as np

    import autograder
    import backend
    from grading.channel import ChildTracker
    from grading.endings import Ending
    from grading.engine import run_check, shown_paths
    from grading.report import set_language

    set_language(args.lang)
    if args.shown_as:
        shown_paths[copy] = args.shown_as
    backend.use_graphics = args.graphics
    backend.plot_folder = args.plots
    np.random.seed(args.seed)
    tracker = ChildTracker(args.seed, send, keep=lambda arrays: save(structure, arrays))
    threading.Thread(target=report_progress, args=(backend.progress, send), daemon=True).start()
    ending = run_check(tracker, autograder.QUESTIONS[args.question].train)
    if ending is Ending.FINISHED:
        np.savez(outputs, **tracker.outputs)
    send(dict(tracker.failure, status=ending.value))


def save(path, arrays):
    """np.savez to `path`, whole or not at all (the child may be stopped at any time)."""
    import numpy as np
    part = path + ".part"
    with open(part, "wb") as f:
        np.savez(f, **arrays)
    os.replace(part, path)


def report_progress(progress, send, every=1.0):
    """Send how far training has got (backend.progress) every `every` seconds
    while it changes, so the grader can say it if the question runs out of time."""
    last = None
    while True:
        time.sleep(every)
        now = dict(progress)
        if now != last:
            send({"progress": now})
            last = now


def limit_memory(megabytes):
    """Cap this process's address space (Linux; elsewhere the OS gives no
    dependable way, and the limit is skipped)."""
    if not megabytes or not sys.platform.startswith("linux"):
        return
    import resource
    limit = megabytes * 1024 * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


if __name__ == "__main__":
    main()
