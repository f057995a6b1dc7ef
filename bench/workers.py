"""What each bench's pool worker does first: tie its life to the bench's, so
that a bench killed by hand (SIGKILL included) leaves no worker training on.

    with multiprocessing.get_context("spawn").Pool(jobs, initializer=workers.die_with_bench):
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def die_with_bench():
    """A Pool initializer: SIGKILL to this worker when the bench's thread
    that started it ends (Linux), or at once if the bench is gone already
    (grading/launch.py: the same as a grading child)."""
    from grading import launch
    launch.die_with(os.getppid())
