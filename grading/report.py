"""What the reader is told: the language of the messages, and the grading
report, printed in the format of the original autograder.

    Question q1
    ===========
    *** q1) check_perceptron
    ...
    *** PASS: check_perceptron

    ### Question q1: 6/6 ###

Instructors' scripts read these lines: keep their wording.

Every message of the kit is written in English where it is used, as
`say("English sentence {value}", value=...)`; say is nn.say, the kit's one
mechanism, which looks the Spanish up in spanish.py when the language is
Spanish. tests/test_messages.py fails on a sentence without its Spanish.
"""

import re
import sys
import time

import nn
from nn import say  # noqa: F401  (the grader's modules import it from here)

LANGUAGES = ("es", "en")


def default_language():
    """Spanish when the locale is Spanish, else English (as nn.py decides)."""
    return nn.default_language()


def set_language(language):
    """The language of the grader's messages and of nn.py's and backend.py's errors."""
    if language not in LANGUAGES:
        raise ValueError("language must be one of {}, got {!r}".format(LANGUAGES, language))
    nn.set_language(language)


def language():
    return nn.language

# Lines of the report's own shape. Text from the student's side (its output,
# its tracebacks) that looks like one of them is shown with "| " in front, so
# nothing printed there can pass for a grade.
_REPORT_LINE = re.compile(r"^\s*(\*\*\*|###|Question |Total:|Provisional grades|Finished at|"
                          r"=+\s*$|-+\s*$)")


def neutralize(text):
    """`text` with every line that could pass for a report line marked."""
    return "\n".join("| " + line if _REPORT_LINE.match(line) else line
                     for line in text.split("\n"))


class Tracker:
    """Counts points per question and prints the report as grading goes."""

    def __init__(self, questions, out=None):
        """`questions`: a list of (name, max_points) in grading order."""
        self.out = out or sys.stdout
        self.maxes = dict(questions)
        self.points = {name: 0 for name, _ in questions}
        self.notes = {name: [] for name, _ in questions}
        self.runs = {}
        self.current = None

    def print(self, *parts):
        text = " ".join(str(part) for part in parts)
        self.out.write(text + "\n")
        self.out.flush()
        if self.current is not None:
            self.notes[self.current].append(text)

    def begin_question(self, name):
        self.current = name
        self.print("\nQuestion {}\n{}".format(name, "=" * len("Question " + name)))

    def begin_check(self, check_name):
        self.check_name = check_name
        self.points_before_check = self.points[self.current]
        self.print("*** {}) {}".format(self.current, check_name))

    def add_points(self, points):
        self.points[self.current] = min(self.points[self.current] + points,
                                        self.maxes[self.current])

    def begin_attempt(self):
        """Points count afresh for each attempt at the current question; the
        grader keeps the best attempt's (set_points)."""
        self.points[self.current] = 0

    def set_points(self, points):
        self.points[self.current] = min(points, self.maxes[self.current])

    def record_run(self, run):
        """How the student's part of the current question ended (a grading.channel.Run)."""
        self.runs[self.current] = run

    def end_check(self):
        earned = self.points[self.current] - self.points_before_check
        possible = self.maxes[self.current] - self.points_before_check
        if earned == possible:
            self.print("*** PASS: {}".format(self.check_name))
        elif earned == 0:
            self.print("*** FAIL")

    def end_question(self):
        name = self.current
        self.print("\n### Question {}: {}/{} ###".format(name, self.points[name], self.maxes[name]))
        self.current = None

    def total(self):
        return sum(self.points.values()), sum(self.maxes.values())

    def finalize(self):
        self.print("\nFinished at {}:{:02d}:{:02d}".format(*time.localtime()[3:6]))
        self.print("\nProvisional grades\n==================")
        for name in self.maxes:
            self.print("Question {}: {}/{}".format(name, self.points[name], self.maxes[name]))
        self.print("------------------")
        self.print("Total: {}/{}".format(*self.total()))
