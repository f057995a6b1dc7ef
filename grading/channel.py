"""What passes between the student's part of a question and the grader.

The student's part (autograder.train_*) talks to a ChildTracker: messages,
the record of its structural checks (grading/probes.py), outputs of the
trained model. In a child process the messages become event lines
(grading/child.py), and the record and the outputs files; in the grader, a
Replay carries the events into the report. A Run says how the student's
part ended. No point comes from the child: the grader gives every point
itself, from the record and the outputs it checks (grading/engine.py).
"""

import numpy as np

from grading.report import neutralize


class ChildTracker:
    """What the student's side of a question sees of the tracker: it prints,
    records the answers of its structural checks and hands back outputs.
    `send` carries each event to the grader (a callable taking a dict);
    `keep`, if given, is called with the record's arrays as soon as the
    structural checks have passed (the child saves them then, so that they
    reach the grader however training ends)."""

    def __init__(self, seed, send, keep=None):
        self.seed, self.send, self.keep = seed, send, keep
        self.outputs = {}
        self.structure_arrays = None
        self.failure = {}  # the exception that ended the part: mistakes.of_exception

    def print(self, *parts):
        self.send({"print": " ".join(str(part) for part in parts)})

    def structure(self, recorder):
        """The structural checks passed: `recorder` (grading.probes.Recorder)
        holds the model's answers, for the grader to check again."""
        self.structure_arrays = recorder.arrays()
        if self.keep is not None:
            self.keep(self.structure_arrays)

    def output(self, name, array):
        self.outputs[name] = np.asarray(array)


class Run:
    """How the student's part of a question ended.

    status: a grading.endings.Ending; outputs: {name: array} or None when the
    part did not finish; seconds: wall time.
    """

    def __init__(self, status, outputs, seconds, progress=None, structure=None, details=None):
        self.status, self.outputs, self.seconds = status, outputs, seconds
        self.progress = progress  # how far training got (backend.progress), if known
        self.structure = structure  # the record of the structural checks' answers, if any
        self.details = details or {}  # an exception's type, a kit code (grading/mistakes.py)


class Replay:
    """Carries the events of a question's student part into the report:
    messages and progress, nothing else (any other event, such as points
    claimed by a forger, has no effect)."""

    def __init__(self, tracker, question):
        self.tracker, self.question = tracker, question
        self.progress = None  # the last {"passes", "batches", "validation"} reported
        self.details = {}  # of the last event: the exception's type, a kit code

    def __call__(self, event):
        if "progress" in event:
            self.progress = _progress(event["progress"])
        elif "print" in event:
            self.tracker.print(neutralize(str(event["print"])))


def details_of(event):
    """The exception's type and kit code of the child's last event, where
    they are short strings (a forged event may say anything)."""
    return {key: event[key] for key in ("exception", "code")
            if isinstance(event.get(key), str) and len(event[key]) <= 80}


def _progress(value):
    """backend.progress as the child sent it, or None if it is not one."""
    try:
        passes, batches = int(value["passes"]), int(value["batches"])
        validation = value["validation"]
        if validation is not None:
            validation = float(validation)
    except (TypeError, KeyError, ValueError, OverflowError):  # Infinity: OverflowError
        return None
    if validation is not None and not 0.0 <= validation <= 1.0:  # NaN fails both
        return None
    return {"passes": passes, "batches": batches, "validation": validation}
