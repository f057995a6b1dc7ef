"""What passes between the student's part of a question and the grader.

The student's part (autograder.train_*) talks to a ChildTracker: messages,
structural points, outputs of the trained model. In a child process those
become event lines (grading/child.py); in the grader, a Replay carries the
events into the report. A Run says how the student's part ended.
"""

import numpy as np

from grading.report import neutralize


class ChildTracker:
    """What the student's side of a question sees of the tracker: it prints,
    adds the structural points and hands back outputs. `send` carries each
    event to the grader (a callable taking a dict)."""

    def __init__(self, seed, send):
        self.seed, self.send = seed, send
        self.outputs = {}

    def print(self, *parts):
        self.send({"print": " ".join(str(part) for part in parts)})

    def add_points(self, points):
        self.send({"points": int(points)})

    def output(self, name, array):
        self.outputs[name] = np.asarray(array)


class Run:
    """How the student's part of a question ended.

    status: a grading.status.Ending; outputs: {name: array} or None when the
    part did not finish; seconds: wall time.
    """

    def __init__(self, status, outputs, seconds, points=0, progress=None):
        self.status, self.outputs, self.seconds, self.points = status, outputs, seconds, points
        self.progress = progress  # how far training got (backend.progress), if known


class Replay:
    """Carries the events of a question's student part into the report.
    Points reported from there are capped at the question's structural points:
    the rest are only ever given by its `score` part, here."""

    def __init__(self, tracker, question):
        self.tracker, self.question, self.points = tracker, question, 0
        self.progress = None  # the last {"passes", "batches", "validation"} reported

    def __call__(self, event):
        if "progress" in event:
            self.progress = _progress(event["progress"])
        elif "print" in event:
            self.tracker.print(neutralize(str(event["print"])))
        elif "points" in event:
            points = max(0, min(int(event["points"]), self.question.structural - self.points))
            self.points += points
            self.tracker.add_points(points)


def _progress(value):
    """backend.progress as the child sent it, or None if it is not one."""
    try:
        passes, batches = int(value["passes"]), int(value["batches"])
        validation = value["validation"]
        if validation is not None:
            validation = float(validation)
    except (TypeError, KeyError, ValueError):
        return None
    return {"passes": passes, "batches": batches, "validation": validation}
