"""The pattern that froze batch grading (../shared/repro/fork_while_blas.py),
inside the grader (not a test file: tests/test_batch_never_freezes.py runs
it in a process of its own, so a freeze is a time-out, not a hung suite).

    python tests/helpers/fork_beside_blas.py KIT SECONDS [STARTERS]

One thread verifies probes as the grader does after each question
(grading/probes.py: load() computes every node again with nn.py, a
300x784 float32 batch through the reference digit model), while STARTERS
threads start children as the runner does (runner._start with the seal of
mode `process`: the launcher, the watchdog), and end them at once. Exit 0:
both kinds of work went on for SECONDS; exit 1: one stopped for 5 s (a
freeze the main thread still saw); a freeze of the whole process (the GIL
held in a fork handler) never exits: the caller's time-out sees it.
"""

import os
import sys
import tempfile
import threading
import time

kit = os.path.abspath(sys.argv[1])
seconds = float(sys.argv[2])
starters = int(sys.argv[3]) if len(sys.argv) > 3 else 2
sys.path.insert(0, kit)
os.chdir(kit)

import numpy as np  # noqa: E402

import autograder  # noqa: E402
import models  # noqa: E402
import nn  # noqa: E402
from grading import probes, runner, seals  # noqa: E402
from grading.engine import GradeOptions  # noqa: E402

counts = {"probes": 0, "children": 0}
model = models.DigitClassificationModel()
recorder = probes.Recorder()
recorder.ask(model, "run", nn.Constant(np.random.rand(300, 784).astype(np.float32)))
record = recorder.arrays()
question = autograder.QUESTIONS["perceptron"]
options = GradeOptions(seal=seals.choose("process"))


def verify():
    while True:
        probes.load(record)
        counts["probes"] += 1


def start():
    while True:
        with tempfile.TemporaryDirectory(prefix="fork-beside-blas-") as folder:
            seal = options.seal.prepare(folder)
            try:
                child = runner._start(question, options, 0, "0" * 32, seal)
                seal.end(child)
                child.stdout.close()
            finally:
                seal.release()
        counts["children"] += 1


for target in [verify] + [start] * starters:
    threading.Thread(target=target, daemon=True).start()
began, last = time.monotonic(), None
while time.monotonic() - began < seconds:
    time.sleep(5)
    now = dict(counts)
    if last is not None and any(now[name] == last[name] for name in now):
        print("froze: {} after {:.0f} s".format(now, time.monotonic() - began), flush=True)
        os._exit(1)
    last = now
print("no freeze: {} in {:.0f} s".format(counts, seconds), flush=True)
os._exit(0)
