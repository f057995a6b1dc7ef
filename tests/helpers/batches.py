"""Helpers for the tests of batch grading (not a test file): reading what a
batch wrote, a class of placeholder submissions, and a stand-in for the
engine's grade function.

    folder, output = class_of(tmp_path, ("ana", "beto"))   # entregas/ana.py, ...
    grade_batch(str(folder), kit.questions("proyecto3b", "q1"), GradeOptions(),
                str(output), jobs=1, grade=fake_grade(graded), log=said.append)
    read_summary(output)                                    # summary.csv's rows
    Tables(page).rows("students", "student")                # report.html's tables
"""

import collections
import csv
import html.parser
import os
import shutil
import subprocess

import pytest

from grading.endings import Ending
from grading.report import Tracker


class Tables(html.parser.HTMLParser):
    """The tables of a page that have an id: {id: [(the row's class, [cell texts])]},
    and how many of each element it has (`elements`)."""

    def __init__(self, page):
        super().__init__(convert_charrefs=True)
        self.tables, self.elements = {}, collections.Counter()
        self._table, self._row, self._cell = None, None, None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements[tag] += 1
        if tag == "table" and "id" in attrs:
            self._table = self.tables.setdefault(attrs["id"], [])
        elif tag == "tr" and self._table is not None:
            self._row = (attrs.get("class"), [])
            self._table.append(self._row)
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = self._row = None
        elif tag in ("td", "th") and self._cell is not None:
            self._row[1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def rows(self, table, kind):
        return [cells for row_class, cells in self.tables[table] if row_class == kind]


def read_summary(output):
    """The rows of summary.csv in the folder `output`, as dicts."""
    with open(os.path.join(str(output), "summary.csv"), encoding="utf-8") as f:
        return list(csv.DictReader(f))


def class_of(tmp_path, students):
    """A folder of submissions STUDENT.py (a comment each), and the batch's
    output folder beside it (not made)."""
    folder, output = tmp_path / "entregas", tmp_path / "grades"
    folder.mkdir()
    for student in students:
        (folder / (student + ".py")).write_text("# {}\n".format(student))
    return folder, output


def fake_grade(graded=None, points=None, statuses=None, interrupt_on=None, calls=None):
    """A stand-in for grading.engine.grade, for grade_batch: no student code
    runs. Each call appends the file name of the models.py it grades to
    `graded`, and (options, models_path) to `calls`; every question gets
    `points` (default: all of them) and, for a models.py NAME.py in
    `statuses` {NAME: Ending}, a run that ended so (else FINISHED); call
    number `interrupt_on` raises KeyboardInterrupt."""
    import types
    count = [0]

    def grade(questions, options, out=None):
        count[0] += 1
        name = os.path.basename(options.models_path)
        if graded is not None:
            graded.append(name)
        if calls is not None:
            calls.append((options, options.models_path))
        if count[0] == interrupt_on:
            raise KeyboardInterrupt
        tracker = Tracker([(name, q.points) for name, q in questions], out=out)
        for question_name, question in questions:
            tracker.points[question_name] = question.points if points is None else points
            if statuses is not None:
                tracker.runs[question_name] = types.SimpleNamespace(
                    status=statuses.get(name[:-3], Ending.FINISHED), seconds=1.0, attempts=[])
        return tracker
    return grade


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("no Chromium here, so report.html is not opened in a browser (Debian: "
                "apt-get install chromium; .ci/run installs it where it can)")


def open_in_chromium(browser, page, profile, *flags):
    """Run headless Chromium on the file `page`; (stdout, console messages)."""
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--user-data-dir=" + str(profile), "--enable-logging=stderr", "--v=0", *flags,
               page.resolve().as_uri()]
    done = subprocess.run(command, capture_output=True, text=True, errors="replace",
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout, [line for line in done.stderr.splitlines() if ":CONSOLE" in line]


def screenshot(browser, page, folder):
    """The file `page` as headless Chromium draws it (1280 x 1400), its RGB
    values in 0..1; the page logged nothing to the console."""
    shot = folder / "report.png"
    _, console = open_in_chromium(browser, page, folder / "profile",
                                  "--screenshot=" + str(shot), "--window-size=1280,1400",
                                  "--hide-scrollbars")
    assert console == [], console
    import matplotlib.image
    return matplotlib.image.imread(str(shot))[:, :, :3]


def count_color(pixels, color):
    """How many of `pixels` are `color` ("#rrggbb"), within 0.03 a channel."""
    rgb = [int(color[k:k + 2], 16) / 255 for k in (1, 3, 5)]
    return int((abs(pixels - rgb) < 0.03).all(axis=2).sum())
