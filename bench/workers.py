"""What each bench's pool worker does first: tie its life to the bench's, so
that a bench killed by hand (SIGKILL included) leaves no worker training on.

    with multiprocessing.get_context("spawn").Pool(jobs, initializer=workers.die_with_bench):
"""

import os
import signal
import threading
import time

WATCH_EVERY = 0.2  # seconds between two looks at the bench


def die_with_bench():
    """A Pool initializer: this worker ends (SIGKILL) within WATCH_EVERY
    seconds of the bench's process, whatever ends it. A thread of the
    worker's watches its parent.

    Not PR_SET_PDEATHSIG, as a grading child has (grading/launch.py): that
    signal comes when the *thread* that started the worker ends, and a Pool
    that replaces its workers (maxtasksperchild) starts the new ones from a
    thread of its own, which ends when the pool is terminated. A worker killed
    then while it waits for a task holds the task queue's lock, and the
    pool's terminate() waits for that lock forever (a bench that froze after
    printing its last result: bench/README.md, tests/test_batch_never_freezes.py)."""
    bench = os.getppid()

    def watch():
        while os.getppid() == bench:
            time.sleep(WATCH_EVERY)
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=watch, name="die_with_bench", daemon=True).start()
