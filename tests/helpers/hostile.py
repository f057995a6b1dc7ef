"""A corpus of hostile and broken submissions (not a test file).

Each entry is the reference models.py with one change (code inserted at the
start of a method, or a line replaced), the grader arguments to run it with,
the points it must get, and a fragment of the message that must say what
happened. tests/test_isolation.py grades each one; tests/test_batch.py grades
a few of them in a batch.
"""

import textwrap
from dataclasses import dataclass, field

import kit

# What the report says of a digit model under the threshold (autograder.QUESTIONS).
DIGITS_MISSED = "must be at least {:.0%} to receive full points".format(
    kit.question("digits").threshold)
PERCEPTRON_TRAIN = "        while True:\n            mistakes = 0\n"
PERCEPTRON_INIT = "        self.w = nn.Parameter(1, dimensions)\n"
REGRESSION_TRAIN = "        everything = (nn.Constant(dataset.x), nn.Constant(dataset.y))\n"
DIGITS_TRAIN = ("        batches = dataset.iterate_forever(self.batch_size)\n"
                "        for step, (x, y) in enumerate(batches, start=1):\n")
DIGITS_RUN = "        hidden = nn.ReLU(nn.AddBias(nn.Linear(x, self.w1), self.b1))\n"
DIGITS_INIT = "        hidden = 200\n        self.w1 = nn.Parameter(784, hidden)\n"
IMPORTS = "import nn\n"


def before(anchor, code):
    """A change: `code` (dedented, indented like `anchor`) inserted before `anchor`."""
    def change(source):
        assert source.count(anchor) == 1, anchor
        indent = anchor[:len(anchor) - len(anchor.lstrip())]
        lines = textwrap.indent(textwrap.dedent(code).strip("\n"), indent) + "\n"
        return source.replace(anchor, lines + anchor)
    return change


def replace(old, new):
    def change(source):
        assert source.count(old) == 1, old
        return source.replace(old, new)
    return change


def chain(*changes):
    def change(source):
        for each in changes:
            source = each(source)
        return source
    return change


def remove_class(name):
    def change(source):
        start = source.index("class {}(".format(name))
        end = source.find("\nclass ", start + 1)
        return source[:start] + (source[end + 1:] if end != -1 else "")
    return change


@dataclass
class Entry:
    name: str
    change: object
    args: tuple            # what to grade, e.g. ("-q", "q2")
    points: dict           # the points each graded question must get
    message: str           # must appear in the report
    question: str = "q1"   # ... in this question's section
    linux_only: bool = False
    notes: list = field(default_factory=list)

    def source(self):
        return self.change(kit.reference_source())


CORPUS = [
    Entry("sys_exit_in_train", before(REGRESSION_TRAIN, "import sys; sys.exit(0)"),
          ("-q", "q2"), {"q2": 2}, "Your code called sys.exit(0)", "q2"),
    Entry("os_exit_in_train", before(REGRESSION_TRAIN, "import os; os._exit(0)"),
          ("-q", "q2"), {"q2": 2}, "Your code ended its process (exit code 0)", "q2"),
    Entry("raises_keyboard_interrupt", before(REGRESSION_TRAIN, "raise KeyboardInterrupt"),
          ("-q", "q2"), {"q2": 2}, "Your code raised KeyboardInterrupt", "q2"),
    Entry("raises_system_exit", before(REGRESSION_TRAIN, "raise SystemExit('bye')"),
          ("-q", "q2"), {"q2": 2}, "Your code called sys.exit(bye)", "q2"),
    Entry("infinite_loop", before(PERCEPTRON_TRAIN, "while True:\n    pass"),
          ("-q", "q1", "--time-limit", "5"), {"q1": 2},
          "Your code did not finish within the time limit of 5 seconds", "q1"),
    Entry("unbounded_memory",
          before(REGRESSION_TRAIN, "import numpy\nhog = []\nwhile True:\n"
                                   "    hog.append(numpy.ones(10 ** 7))"),
          ("-q", "q2", "--memory-limit", "1024"), {"q2": 2},
          "Your code ran out of memory (MemoryError)", "q2", linux_only=True),
    Entry("megabytes_of_printing",
          before(REGRESSION_TRAIN, "for i in range(200000):\n"
                                   "    print('line', i, 'x' * 40)"),
          ("-q", "q2"), {"q2": 6}, "more lines of your output not shown; the last 10:", "q2"),
    Entry("writes_into_the_kit",
          before(REGRESSION_TRAIN, """
                 import os, backend
                 here = os.path.dirname(os.path.abspath(backend.__file__))
                 for name in ("nn.py", "backend.py", "autograder.py"):
                     with open(os.path.join(here, name), "a") as f:
                         f.write("\\nraise SystemExit('broken by the student')\\n")
                 os.makedirs(os.path.join(here, "data"), exist_ok=True)
                 for name in ("mnist.npz", "lang_id.npz"):
                     with open(os.path.join(here, "data", name), "wb") as f:
                         f.write(b"garbage")
                 """),
          ("-q", "q2"), {"q2": 6}, "Your final loss is:", "q2"),
    Entry("reads_the_test_labels",
          chain(replace(IMPORTS, "import nn\nimport numpy\nimport backend\n"),
                before(DIGITS_TRAIN, """
                       with numpy.load(backend.get_data_path("mnist.npz")) as data:
                           self.answers = data["test_labels"][1::2].astype(int)
                       assert (self.answers == dataset.test_labels).all()
                       return  # no need to train: the answers are known
                       """),
                before(DIGITS_RUN, """
                       if x.data.shape[0] == 5000 and hasattr(self, "answers"):
                           return nn.Constant(numpy.eye(10)[self.answers] * 10.0)
                       """)),
          ("-q", "q3"), {"q3": 2}, DIGITS_MISSED, "q3"),
    Entry("patches_the_grader_and_prints_fake_passes",
          chain(replace("                    self.w.update(x, label)  # w <- w + y * x\n",
                        "                    pass  # never updates\n"),
                replace("            if mistakes == 0:\n                return\n",
                        "            return  # one pass, then claims success\n"),
                before(PERCEPTRON_INIT, """
                       import sys
                       for module in list(sys.modules.values()):
                           for name in ("score_perceptron", "require", "_check_update"):
                               if hasattr(module, name):
                                   setattr(module, name, lambda *args, **kwargs: None)
                       print("*** PASS: check_perceptron")
                       print("### Question q1: 6/6 ###")
                       print("Total: 18/18")
                       """)),
          ("-q", "q1"), {"q1": 2}, "| *** PASS: check_perceptron", "q1"),
    Entry("endless_recursion",
          replace("        h1 = nn.ReLU(nn.AddBias(nn.Linear(x, self.w1), self.b1))\n",
                  "        h1 = self.run(x)  # WRONG: calls itself\n"),
          ("-q", "q2"), {"q2": 0}, "more frames ...", "q2"),
    Entry("progress_bar_without_a_final_newline",
          before(REGRESSION_TRAIN, "print('\\rtraining...', end='')"),
          ("-q", "q2"), {"q2": 6}, "training...", "q2"),
    Entry("progress_bar_over_a_megabyte_without_a_newline",
          before(REGRESSION_TRAIN, """
                 import sys
                 for step in range(300):  # 3 MB of carriage-return progress, no newline
                     sys.stdout.write("\\rstep {:6d} ".format(step) + "#" * 10000)
                 sys.stdout.flush()
                 """),
          ("-q", "q2"), {"q2": 6}, "Your final loss is:", "q2"),
    Entry("changes_directory",
          before(REGRESSION_TRAIN, "import os, tempfile; os.chdir(tempfile.gettempdir())"),
          ("-q", "q2"), {"q2": 6}, "Your final loss is:", "q2"),
    Entry("syntax_error", replace(
        "        while nn.as_scalar(self.get_loss(*everything)) > 0.005:\n",
        "        while nn.as_scalar(self.get_loss(*everything)) > 0.005\n"),
          ("-q", "q1"), {"q1": 0}, "SyntaxError", "q1"),
    Entry("missing_class", remove_class("RegressionModel"),
          ("-q", "q2"), {"q2": 0}, "module 'models' has no attribute 'RegressionModel'", "q2"),
    Entry("imports_a_package_that_is_not_installed",
          replace(IMPORTS, "import nn\nimport package_that_is_not_installed\n"),
          ("-q", "q1"), {"q1": 0},
          "ModuleNotFoundError: No module named 'package_that_is_not_installed'", "q1"),
]


# --------------------------------------------------------------------------
# Attacks on the grader itself, graded as a submission (--submission) under
# each sealing mode (tests/test_seals.py). `holds_in`: the modes that must
# defeat the attack; in the others the kit does not promise it (docs/sealing.md).
# --------------------------------------------------------------------------

def hunt_labels(where):
    """The digit model: looks for the kit's own mnist.npz at the paths that
    the expression `where` (a list of paths) gives, takes the test labels of
    the first one that has them, and answers with them without training."""
    return chain(
        replace(IMPORTS, "import nn\nimport numpy\nimport os\nimport sys\nimport glob\n"),
        before(DIGITS_TRAIN, """
               for path in {where}:
                   try:
                       with numpy.load(path) as data:
                           labels = data["test_labels"][1::2].astype(int)
                   except Exception:
                       continue
                   if (labels >= 0).all():  # the stripped copy has -1 there
                       print("FOUND THE TEST LABELS AT", path)
                       self.answers = labels
                       break
               return  # no training: the answers, if found, are enough
               """.format(where=where)),
        before(DIGITS_RUN, """
               if x.data.shape[0] == 5000 and hasattr(self, "answers"):
                   return nn.Constant(numpy.eye(10)[self.answers] * 10.0)
               """))


WALK_UP = ("[found for depth in range(6) for width in range(4) for found in glob.glob("
           "os.path.join(os.path.dirname(os.path.abspath(__file__)), *['..'] * depth, "
           "*['*'] * width, 'data', 'mnist.npz'))]")

def readable_copies_of_the_labels(besides):
    """Copies of mnist.npz that other users can read, where the label hunters
    above look (up to three folders deep from /), other than those under the
    folder `besides`. Mode user cannot hide them (docs/sealing.md)."""
    import glob
    import os

    from grading import seals
    found = set()
    for width in range(4):
        for path in glob.glob(os.path.join("/", *["*"] * width, "data", "mnist.npz")):
            real = os.path.realpath(path)
            if not real.startswith(str(besides) + os.sep) and seals._others_can(real, os.R_OK):
                found.add(real)
    return sorted(found)


def kills_the_grader(signal_name):
    """The regression model: sends `signal_name` to its parent (the grader,
    where it is not sealed), then does not train."""
    return before(REGRESSION_TRAIN, """
                  import os, signal
                  try:
                      os.kill(os.getppid(), signal.{})
                  except OSError as error:
                      print("could not signal the grader:", error)
                  return  # no training
                  """.format(signal_name))


CHAIN_ALIVE = "/tmp/kit-hostile-chain-alive"  # touched by every process of the chain entry


def fork_chain(kill_first):
    """Python code for a process that forks a new self and exits, without
    end (with `kill_first`, each one first SIGKILLs every process it may);
    the first and one in 64 touch CHAIN_ALIVE, by which a test sees it run."""
    return "\n".join([
        "import ctypes, os",
        "libc = ctypes.CDLL(None)",
        "open({!r}, 'a').close()".format(CHAIN_ALIVE),
        "while True:",
        "    if {}:".format(kill_first),
        "        libc.kill(-1, 9)",
        "    try:",
        "        if os.fork():",
        "            os._exit(0)",
        "    except OSError:",
        "        pass",
        "    if os.getpid() % 64 == 0:  # not every time: it would be slow",
        "        with open({!r}, 'a'):".format(CHAIN_ALIVE),
        "            os.utime({!r})".format(CHAIN_ALIVE)])


def kill_everyone(marker, once_orphaned=False):
    """Python code for a process of the student's own that SIGKILLs every
    process it may, from two threads, without end (kill(-1): as its user id,
    any process that becomes that user to signal it is killed first);
    `marker` on its command line; with `once_orphaned`, it starts only once
    its parent (the grading child) is gone."""
    return "\n".join([
        "import ctypes, os, threading, time  # " + marker,
        "libc, parent = ctypes.CDLL(None), os.getppid()",
        "while {} and os.getppid() == parent:".format(once_orphaned),
        "    time.sleep(0.01)",
        "def kill_everyone():",
        "    while True:",
        "        libc.kill(-1, 9)",
        "for _ in range(2):",
        "    threading.Thread(target=kill_everyone, daemon=True).start()",
        "while True:",
        "    time.sleep(1)"])


def starts(code, clean_environment=True):
    """The regression model: its training first starts `code` (Python) in a
    process of its own, in a new session (and with an empty environment),
    then waits 3 s and does not train."""
    return before(REGRESSION_TRAIN, """
        import subprocess, sys, time
        subprocess.Popen([sys.executable, "-c", {code!r}], start_new_session=True,
                         env={{}} if {clean} else None, stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(3)
        return  # no training
        """.format(code=code, clean=clean_environment))


SEALED = [
    Entry("labels_through_PWD",
          hunt_labels("[os.path.join(os.environ.get('PWD', '/nowhere'), 'data', 'mnist.npz')]"),
          ("-q", "q3"), {"q3": 2}, DIGITS_MISSED, "q3",
          notes=["bwrap", "user", "process"]),
    Entry("labels_through_OLDPWD",
          hunt_labels("[os.path.join(os.environ.get('OLDPWD', '/nowhere'), 'data', "
                      "'mnist.npz')]"),
          ("-q", "q3"), {"q3": 2}, DIGITS_MISSED, "q3",
          notes=["bwrap", "user", "process"]),
    Entry("labels_through_the_parent_s_folder",
          hunt_labels("['/proc/{}/cwd/data/mnist.npz'.format(os.getppid())]"),
          ("-q", "q3"), {"q3": 2}, DIGITS_MISSED, "q3", linux_only=True,
          notes=["bwrap", "user"]),
    Entry("labels_at_the_gradescope_path",
          hunt_labels("['/autograder/source/data/mnist.npz']"),
          ("-q", "q3"), {"q3": 2}, DIGITS_MISSED, "q3",
          notes=["bwrap", "user", "process"]),
    Entry("labels_by_walking_up_from_the_file", hunt_labels(WALK_UP),
          ("-q", "q3"), {"q3": 2}, DIGITS_MISSED, "q3",
          notes=["bwrap", "user"]),
    Entry("kills_the_grader_with_SIGKILL", kills_the_grader("SIGKILL"),
          ("-q", "q2"), {"q2": 2}, "must be no more than 0.0200", "q2", linux_only=True,
          notes=["bwrap", "user"]),
    Entry("kills_the_grader_with_SIGTERM", kills_the_grader("SIGTERM"),
          ("-q", "q2"), {"q2": 2}, "must be no more than 0.0200", "q2", linux_only=True,
          notes=["bwrap", "user"]),
    Entry("kills_the_grader_with_SIGHUP", kills_the_grader("SIGHUP"),
          ("-q", "q2"), {"q2": 2}, "must be no more than 0.0200", "q2", linux_only=True,
          notes=["bwrap", "user"]),
    Entry("detached_process_holds_the_output",
          before(REGRESSION_TRAIN, """
                 import subprocess, sys
                 subprocess.Popen([sys.executable, "-c",
                                   "import time; time.sleep(600)  # LEFT-BEHIND-MARKER"],
                                  start_new_session=True)
                 """),
          ("-q", "q2"), {"q2": 6}, "Your final loss is:", "q2", linux_only=True,
          notes=["bwrap", "user", "process"]),
    # Any process that becomes the child's user id to end its processes
    # (kill -1) is killed first: the grader ends them as root.
    Entry("kills_every_process_of_its_user_without_end",
          starts(kill_everyone("LEFT-BEHIND-MARKER")),
          # (it kills the child too: "died" in mode user; bwrap says the exit code 137)
          ("-q", "q2"), {"q2": 2}, "(exit code", "q2", linux_only=True,
          notes=["bwrap", "user"]),
    # A process that forks and exits without end is never the same process
    # twice: a scan of /proc misses it; kill -1 as its user does not. One in
    # 64 touches CHAIN_ALIVE, by which the test sees it run.
    Entry("forks_a_new_self_and_exits_without_end", starts(fork_chain(kill_first=False)),
          ("-q", "q2"), {"q2": 2}, "must be no more than 0.0200", "q2", linux_only=True,
          notes=["bwrap", "user"]),
    # The same chain, each process killing every process of its user first:
    # a process that becomes that user to kill -1 them is killed first.
    Entry("forks_a_new_self_killing_everyone_without_end", starts(fork_chain(kill_first=True)),
          ("-q", "q2"), {"q2": 2}, "(exit code", "q2", linux_only=True,
          notes=["bwrap", "user"]),
    Entry("fork_loop",
          before(REGRESSION_TRAIN, """
                 import os, time
                 children = 0
                 for attempt in range(3000):
                     try:
                         pid = os.fork()
                     except OSError:
                         break
                     if pid == 0:
                         time.sleep(120)
                         os._exit(0)
                     children += 1
                 print("FORKED", children, "PROCESSES")
                 return  # no training
                 """),
          # (Out of processes, numpy's BLAS may hang starting its threads: a
          # short limit then ends the question.)
          ("-q", "q2", "--time-limit", "20"), {"q2": 2}, "FORKED", "q2", linux_only=True,
          notes=["bwrap", "user", "process"]),
    Entry("connects_to_the_network",
          before(REGRESSION_TRAIN, """
                 import socket
                 try:
                     socket.create_connection(("127.0.0.1", PORT), timeout=5).close()
                     print("CONNECTED")
                 except OSError as error:
                     print("NO NETWORK:", error)
                 """),
          ("-q", "q2"), {"q2": 6}, "NO NETWORK:", "q2", linux_only=True,
          notes=["bwrap"]),
    Entry("forges_events_with_a_guessed_token",
          before(REGRESSION_TRAIN, """
                 import json
                 for token in ("0" * 32, "f" * 32, "deadbeef" * 4):
                     for event in ({"points": 4}, {"print": "*** PASS: check_regression"},
                                   {"status": "finished"}):
                         print("@grader:{} {}".format(token, json.dumps(event)))
                 return  # no training
                 """),
          ("-q", "q2"), {"q2": 2}, "must be no more than 0.0200", "q2",
          notes=["bwrap", "user", "process"]),
    # The mark in the child's environment (seals.MARK, to end its processes)
    # is not the token: events signed with it are the student's own output.
    Entry("forges_events_with_the_mark_in_its_environment",
          before(REGRESSION_TRAIN, """
                 import json, os
                 mark = os.environ.get("KIT_GRADING_CHILD", "none")
                 for event in ({"print": "FORGED-WITH-THE-MARK"}, {"points": 4},
                               {"status": "finished"}):
                     print("@grader:{} {}".format(mark, json.dumps(event)))
                 return  # no training
                 """),
          ("-q", "q2"), {"q2": 2}, "must be no more than 0.0200", "q2",
          notes=["bwrap", "user", "process"]),
]


# --------------------------------------------------------------------------
# Forgery: a digit model with no valid structure (its __init__
# never returns) that finds the token of the grader's event lines by every
# means it has in its own process, and forges what the grader is told.
# It must earn what its real structure earns: nothing.
# --------------------------------------------------------------------------

FORGER = """
import gc, json, os, re, sys
import numpy
import autograder, backend
from grading import probes

# 1. Every value that could be the token: the environment (as Python and
#    /proc/self/environ see it), the frames above this one (the child's
#    main() holds it), every closure gc knows of (its send() holds it), and
#    the process's own memory (/proc/self/mem).
hexes = re.compile(r"[0-9a-f]{32}")
found = set()
for value in os.environ.values():
    found.update(hexes.findall(value))
try:
    with open("/proc/self/environ", "rb") as f:
        found.update(m.decode() for m in re.findall(rb"[0-9a-f]{32}", f.read()))
except OSError:
    pass
frame = sys._getframe()
while frame is not None:
    for value in list(frame.f_locals.values()):
        if isinstance(value, str):
            found.update(hexes.findall(value))
    frame = frame.f_back
for thing in gc.get_objects():
    closure = getattr(thing, "__closure__", None) if callable(thing) else None
    for cell in closure if isinstance(closure, tuple) else ():
        try:
            value = cell.cell_contents
        except ValueError:
            continue
        if isinstance(value, str):
            found.update(hexes.findall(value))
in_memory = set()
try:
    with open("/proc/self/maps") as maps, open("/proc/self/mem", "rb", 0) as mem:
        left = 256 << 20
        for line in maps:
            fields = line.split()
            if not fields[1].startswith("rw") or (len(fields) > 5 and fields[5] != "[heap]"):
                continue
            start, end = (int(part, 16) for part in fields[0].split("-"))
            size = min(end - start, left)
            if size <= 0:
                break
            try:
                mem.seek(start)
                chunk = mem.read(size)
            except (OSError, ValueError, OverflowError):
                continue
            left -= size
            in_memory.update(m.decode() for m in re.findall(rb"[0-9a-f]{32}", chunk)[:2000])
except OSError:
    pass
found |= in_memory
print("FORGER: {} candidate tokens, {} of them from /proc/self/mem".format(
    len(found), len(in_memory)))

# 2. What the grader reads from files: outputs of a "trained" model, and a
#    record of "answers" to the structural checks (by the class Fake).
dataset = backend.DigitClassificationDataset(None)
rows = autograder.first_rows(dataset, autograder.BATCHES)
@FORGERY@
recorder = probes.Recorder()
try:  # the child's own checks may fail: the record is kept all the same
    autograder.check_structure(autograder.asking(Fake(), recorder), "DigitClassificationModel",
                               rows, outputs=10)
except autograder.CheckFailed as failure:
    print("FORGER: the child's own checks failed; the record is sent all the same")
numpy.savez("structure.npz", **recorder.arrays())
logits = numpy.random.uniform(size=(len(dataset.test_images), 10))
numpy.savez("outputs.npz", logits=logits, dev_logits=numpy.eye(10)[dataset.dev_labels] * 9)

# 3. Events with every candidate: a message, all the points, a status.
for token in sorted(found):
    for event in ({"print": "FORGED-EVENT-ACCEPTED"}, {"points": 6}, {"points": 2},
                  {"print": "*** PASS: check_digit_classification"}, {"status": "finished"}):
        sys.__stdout__.write("@grader:{} {}\\n".format(token, json.dumps(event)))
sys.__stdout__.flush()
os._exit(0)  # before the real checks can say anything
"""

# A model whose run() returns a constant of the right shape: its record is
# honest, and shows that the output does not depend on x.
CONSTANT_OUTPUT = """
class Fake:
    def run(self, x):
        import nn
        return nn.Constant(numpy.zeros((x.data.shape[0], 10)))
    def get_loss(self, x, y):
        import nn
        return nn.SoftmaxLoss(self.run(x), y)
"""

# A record of a real-looking network whose values were never computed: the
# child's own verification is switched off, a Linear node holds zeros.
MADE_UP_VALUES = """
probes._verify = lambda *args: None
import nn
weights = nn.Parameter(784, 10)
class Fake:
    def run(self, x):
        out = nn.Linear(x, weights)
        out.data = numpy.zeros_like(out.data)
        return out
    def get_loss(self, x, y):
        return nn.SoftmaxLoss(self.run(x), y)
"""


def forges_the_grader(forgery):
    return before(DIGITS_INIT, FORGER.replace("@FORGERY@", forgery.strip("\n")))


FORGERS = [
    Entry("forges_events_outputs_and_a_constant_record", forges_the_grader(CONSTANT_OUTPUT),
          ("-q", "q3"), {"q3": 0},
          "The node returned by DigitClassificationModel.run() does not depend on the input x",
          "q3", notes=["none", "bwrap", "user", "process"]),
    Entry("forges_events_outputs_and_made_up_values", forges_the_grader(MADE_UP_VALUES),
          ("-q", "q3"), {"q3": 0},
          "was computed with a node Linear whose value is not what nn.py computes", "q3",
          notes=["none", "bwrap", "user", "process"]),
]
SEALED += FORGERS
