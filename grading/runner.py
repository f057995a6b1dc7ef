"""Run the student's part of a question in a child process of its own.

The grader's process never imports the student's models.py. For each
question it makes a temporary folder with copies of the kit (nn.py,
backend.py, autograder.py, grading/), the student's models.py, and the data
that question needs, with the test labels taken out. It starts

    python -u -m grading.child QUESTION ...

there (grading/child.py), sealed as options.seal says (grading/seals.py:
bubblewrap, another user id, or a plain child process), and reads the child's output
line by line: the grader's events (messages, progress)
arrive on lines that begin with a secret token the child received on its
standard input; every other line is the student's own output, shown (cut to
a readable length) with any line that looks like a report line marked. The
child writes the trained model's outputs to a file; the grader scores them
with answers the child never had.

Limits: a wall-clock limit per question (the child and everything it started
are ended when it runs out, or when the question ends), a memory limit the
child sets on itself before it imports the student's code (Linux), and a
limit on its processes (grading/seals.py).
"""

import atexit
import collections
import json
import os
import queue
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile

import numpy as np

import backend
from grading import launch, packaging, seals
from grading.channel import Replay, Run, details_of
from grading.endings import Ending
from grading.packaging import KIT
from grading.report import language, neutralize, say

SHOWN_LINES = 60       # the student's first lines shown per question ...
TAIL_LINES = 10        # ... and the last ones, if some were left out between
LINE_LENGTH = 300      # characters shown of a long line
READ_SIZE = 4096       # bytes read from the child's output at a time


def run_question(tracker, question, options, seed, limit):
    """Run `question.train` on the student's models.py in a child process
    seeded with `seed`, for at most `limit` seconds, sealed as options.seal
    says, replaying its events into `tracker`; return a grading.channel.Run."""
    replay = Replay(tracker, question)
    start = time.perf_counter()
    folder = tempfile.mkdtemp(prefix="grading-")
    seal = None
    try:
        prepare_folder(folder, question, options.models_file(), options.data)
        seal = options.seal.prepare(folder)
        token = secrets.token_hex(16)
        child = _start(question, options, seed, token, seal)
        output = _StudentOutput(tracker, options)
        try:
            ending = _follow(child, token, replay, output, start + limit, options.stop)
        finally:  # Ctrl-C, say: the child and everything it started must go too
            seal.end(child)
        output.finish()
        outputs = None
        if ending is Ending.FINISHED:
            outputs = _read_outputs(os.path.join(folder, "outputs.npz"))
            if outputs is None:
                tracker.print(say("The grader did not get the output {name} of your trained "
                                  "model.", name="outputs.npz"))
                ending = Ending.ERROR
        # However the part ended: the structural checks may have passed before it did.
        structure = _read_outputs(os.path.join(folder, "structure.npz"))
    finally:
        # Never an error here, once the outputs are read (on Windows a file
        # can stay locked a moment after its process ended).
        shutil.rmtree(folder, ignore_errors=True)
        if seal is not None:
            seal.release()
    _say_how_it_ended(tracker, ending, child, limit, output, replay)
    return Run(ending, outputs, time.perf_counter() - start, progress=replay.progress,
               structure=structure, details=replay.details)


def _say_how_it_ended(tracker, ending, child, limit, output, replay):
    """What the report says of a child that ran out of time or died."""
    if ending is Ending.TIMEOUT:
        tracker.print(say("Your code did not finish within the time limit of {seconds} seconds "
                          "and was stopped. Look for a loop that never ends (a stopping "
                          "condition that is never met), or train for fewer steps.",
                          seconds=round(limit)))
        if output.last is not None:
            tracker.print(say("The last line your code printed: {line}", line=output.last))
        describe_progress(tracker, replay.progress)
    elif ending is Ending.CRASH:
        tracker.print(say("The process running your code died (exit code {code}), for example "
                          "killed for using too much memory. This check earns no more points.",
                          code=child.returncode))
    elif (ending is Ending.ENDED and child.returncode == launch.FAILED
          and (output.first or "").startswith(launch.SAYS)):
        tracker.print(say("The grader could not start the process for your code (the line above "
                          "says why). This is not your code's doing: tell your instructor."))
    elif ending is Ending.ENDED:
        tracker.print(say("Your code ended its process (exit code {code}) before the check "
                          "finished; do not call sys.exit or os._exit from models.py.",
                          code=child.returncode))


def describe_progress(tracker, progress):
    """Say how far training got before the time ran out."""
    if progress is None:
        return
    if progress["batches"] == 0:
        tracker.print(say("When it was stopped, training had not drawn a single batch from the "
                          "dataset."))
        return
    tracker.print(say("When it was stopped, training had started pass {passes} over the data and "
                      "drawn {batches} batches in all.", passes=progress["passes"],
                      batches=progress["batches"]))
    if progress["validation"] is not None:
        tracker.print(say("The last validation accuracy it computed was {accuracy:.2%}.",
                          accuracy=progress["validation"]))


# --------------------------------------------------------------------------
# The child's folder
# --------------------------------------------------------------------------

def prepare_folder(folder, question, models, data):
    """Copy the kit, the student's models.py and the question's data (without
    test labels: `data`, a StudentData) into `folder`."""
    for name in packaging.CODE:
        shutil.copy2(os.path.join(KIT, name), os.path.join(folder, name))
    shutil.copytree(os.path.join(KIT, packaging.PACKAGE), os.path.join(folder, packaging.PACKAGE),
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy2(models, os.path.join(folder, "models.py"))
    os.mkdir(os.path.join(folder, "data"))
    for name in question.data:
        shutil.copy2(data.path(name), os.path.join(folder, "data", name))


class StudentData:
    """The copies of the data files that the children get, without their test
    labels: made once (for a whole batch: GradeOptions.data), uncompressed so a
    child loads them fast, in a temporary folder removed when this process ends."""

    def __init__(self):
        self.paths, self.lock = {}, threading.Lock()  # batch grading asks from several threads

    def path(self, name):
        """The path of the copy of data file `name`."""
        with self.lock:
            if name not in self.paths:
                self.paths[name] = _strip_test_labels(name)
            return self.paths[name]


def _strip_test_labels(name):
    """Write the copy of `name` for the children into a temporary folder
    (removed when this process ends); return its path."""
    folder = tempfile.mkdtemp(prefix="grading-data-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    with np.load(backend.get_data_path(name)) as data:
        arrays = {key: data[key] for key in data.files}
    if name == "mnist.npz":
        # Even rows of the test images are the validation half (labels kept),
        # odd rows the test half (labels hidden).
        labels = arrays["test_labels"].astype(np.int16)
        labels[backend.TEST_ROWS] = -1
        arrays["test_labels"] = labels
    elif name == "lang_id.npz":
        arrays["test_y"] = np.full_like(arrays["test_y"], -1)
    path = os.path.join(folder, name)
    np.savez(path, **arrays)
    return path


# --------------------------------------------------------------------------
# Starting, following and stopping the child
# --------------------------------------------------------------------------

# What every child's environment gets, so that training runs at the speed of
# its arithmetic. glibc's malloc gives every block over 128 KiB its own
# mapping from the system and returns it when the block is freed; a training
# step allocates and frees the same large arrays every time (activations,
# gradients, the scaled copy of each update), so each step paid for mapping,
# zeroing and unmapping them. These settings keep blocks under 64 MiB in the
# heap, to be reused, and the heap from shrinking by less than 64 MiB at a
# time. Other C libraries (macOS, Windows) ignore them. bench/README.md: "What makes a
# training step fast".
CHILD_ENVIRONMENT = {
    "MALLOC_MMAP_THRESHOLD_": str(64 * 2 ** 20),
    "MALLOC_TRIM_THRESHOLD_": str(64 * 2 ** 20),
    "MALLOC_TOP_PAD_": str(16 * 2 ** 20),
}


def _start(question, options, seed, token, seal):
    """Start the child in `seal`'s folder; send it `token`; mark its
    environment with the seal's mark (seals.MARK), to end everything it starts."""
    command = [sys.executable, "-u", "-m", "grading.child", question.key,
               "--seed", str(seed), "--lang", language(),
               "--memory-limit", str(options.memory_limit or 0)]
    if options.graphics:
        command.append("--graphics")
    if options.plots:
        command += ["--plots", options.plots]
    command += ["--shown-as", options.models_file()]
    settings = dict(PYTHONUNBUFFERED="1", PYTHONIOENCODING="utf-8", PYTHONDONTWRITEBYTECODE="1",
                    **CHILD_ENVIRONMENT)
    settings[seals.MARK] = seal.mark  # marks what the child starts, to end it all
    if options.single_thread:  # several children at once: one core each
        for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            settings[name] = "1"
    if not options.graphics:
        settings["MPLBACKEND"] = "Agg"
    child = seal.start(command, seal.environment(settings))
    seal.started(child)  # before the token: no student code runs until the child reads it
    try:
        child.stdin.write((token + "\n").encode())
        child.stdin.close()
    except OSError:
        pass  # it ended already: _follow says how
    return child


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP to the grader (`signum`), raised in its main thread:
    the grading stops as on Ctrl-C, which ends every child it started."""

    def __init__(self, signum):
        super().__init__(signum)
        self.signum = signum


def stop_on_signals():
    """Make SIGTERM and SIGHUP (a scheduler ending the job, a closed
    terminal) stop the grader as Ctrl-C does, through the same path: the
    children are ended before it exits, not left running."""
    def stop(signum, frame):
        raise Stopped(signum)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):  # Windows has no SIGHUP
            signal.signal(getattr(signal, name), stop)


GRACE = 5.0  # seconds a child may take to exit after it reported how its part ended


def _follow(child, token, replay, output, deadline, stop=None):
    """Replay the child's events and show its output until it ends, the
    deadline passes or `stop` (a threading.Event, or None) is set; return
    how it ended (an Ending)."""
    lines = queue.Queue(maxsize=10000)  # a child that prints fast waits for the reader
    reader = threading.Thread(target=_read_lines, args=(child.stdout, lines), daemon=True)
    reader.start()
    marker = "@grader:" + token + " "
    status = None
    while True:
        stopped = stop is not None and stop.is_set()
        if time.perf_counter() >= deadline or stopped:
            ended = child.poll()  # not None: it ended by itself, a process it left holds the output
            child.kill()
            reader.join(timeout=1)
            if status is not None:  # it had finished, but would not exit
                return status
            if ended is not None and not stopped:
                return Ending.CRASH if killed(ended) else Ending.ENDED
            return Ending.CRASH if stopped else Ending.TIMEOUT
        try:
            line = lines.get(timeout=max(0.0, min(0.5, deadline - time.perf_counter())))
        except queue.Empty:
            if child.poll() is not None:
                # Ended, but a process it left behind may hold the output
                # open: read what is there for a moment, never wait for it.
                deadline = min(deadline, time.perf_counter() + 1.0)
            continue
        if line is None:  # the child closed its output: it has ended
            break
        found = line.find(marker)
        if found == -1:
            output.add(line)
            continue
        if found > 0:  # the student's output did not end its last line
            output.add(line[:found])
        event = _parse_event(line[found + len(marker):])
        if event is None:
            continue
        if "status" in event:
            status = Ending.read(event["status"])
            replay.details = details_of(event)
            deadline = min(deadline, time.perf_counter() + GRACE)
        else:
            replay(event)
    try:
        child.wait(timeout=max(1.0, deadline - time.perf_counter()))
    except subprocess.TimeoutExpired:
        child.kill()
        if status is None:
            return Ending.TIMEOUT
    if status is not None:
        return status
    return Ending.CRASH if killed(child.returncode) else Ending.ENDED


def killed(returncode, windows=os.name == "nt"):
    """Whether a process that ended with `returncode` died of a fault or was
    killed, rather than exiting: on POSIX a signal (a negative code); on
    Windows an NTSTATUS error code, 0xC0000000 and above (0xC0000005 for an
    access violation, 0xC00000FD for a stack overflow)."""
    if windows:
        return (returncode & 0xFFFFFFFF) >= 0xC0000000
    return returncode < 0


def _parse_event(text):
    """An event dict, or None for anything that is not one (cut, or forged)."""
    try:
        event = json.loads(text)
    except ValueError:
        return None
    if not isinstance(event, dict):
        return None
    if "points" in event and not isinstance(event["points"], int):
        return None
    return event


LINE_LIMIT = 1 << 20  # bytes kept of each end of a line too long to keep whole


def _read_lines(stream, lines):
    """Put each line of `stream` on the queue (None at the end). Reads in
    chunks, so a line without end cannot fill the memory: of a line longer
    than 2 * LINE_LIMIT, the first and the last LINE_LIMIT bytes are kept
    (the grader's event may come at the end of a student's endless line)."""
    head, tail, kept = b"", collections.deque(), 0
    while True:
        chunk = stream.readline(READ_SIZE)
        if len(head) < LINE_LIMIT:
            head += chunk
        else:
            tail.append(chunk)
            kept += len(chunk)
            while kept - len(tail[0]) >= LINE_LIMIT:
                kept -= len(tail.popleft())
        if chunk.endswith(b"\n") or not chunk:
            line = head + b"".join(tail)
            if line:
                lines.put(line.decode("utf-8", "replace").rstrip("\r\n"))
            head, tail, kept = b"", collections.deque(), 0
        if not chunk:
            break
    lines.put(None)


OUTPUTS_LIMIT = 200 * 2 ** 20  # bytes the grader unpacks at most from outputs.npz


def _read_outputs(path):
    """The arrays in outputs.npz; None if it is missing, not an .npz, or
    bigger unpacked than any honest model's outputs."""
    try:
        with zipfile.ZipFile(path) as archive:
            if sum(info.file_size for info in archive.infolist()) > OUTPUTS_LIMIT:
                return None
        with np.load(path, allow_pickle=False) as data:
            return {key: data[key] for key in data.files}
    except Exception:
        return None


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class _StudentOutput:
    """The student's output for one question: the first SHOWN_LINES lines as
    they come, then only a count, and at the end the last TAIL_LINES."""

    def __init__(self, tracker, options):
        self.tracker, self.mute = tracker, options.mute
        self.count, self.tail, self.last, self.first = 0, [], None, None

    def add(self, line):
        self.count += 1
        line = _CONTROL.sub("", line)  # no carriage returns or terminal escapes
        if len(line) > LINE_LENGTH:
            line = line[:LINE_LENGTH] + " [...]"
        line = neutralize(line)
        self.last = line
        if self.first is None:
            self.first = line
        if self.mute:
            return
        if self.count <= SHOWN_LINES:
            self.tracker.print(line)
        else:
            self.tail = (self.tail + [line])[-TAIL_LINES:]

    def finish(self):
        hidden = self.count - SHOWN_LINES
        if self.mute or hidden <= 0:
            return
        self.tracker.print(say("... {hidden} more lines of your output not shown; the last "
                               "{tail}:", hidden=hidden, tail=len(self.tail)))
        for line in self.tail:
            self.tracker.print(line)
