"""The class at a glance: report.html after --batch, checked
against summary.csv and in a real headless Chromium."""

import collections
import time

import pytest

import example_batch
import kit
from batches import Tables, count_color, find_chromium, open_in_chromium, read_summary, screenshot
from grading import engine

# --------------------------------------------------------------------------
# The example batch, graded once: q1 and q2 of every submission
# --------------------------------------------------------------------------

QUESTIONS = ("q1", "q2")


@pytest.fixture(scope="module")
def graded_example(tmp_path_factory):
    """The example batch (tests/helpers/example_batch.py) graded as --batch grades,
    real child processes and all, for q1 and q2; its output folder."""
    import nn
    from grading import seals
    from grading.batch import grade_batch
    folder = tmp_path_factory.mktemp("example") / "entregas"
    example_batch.write(str(folder))
    output = folder.parent / "grades"
    saved = nn.language
    nn.set_language("en")
    try:
        # One attempt, and 10 s per question: the endless loop costs 10 s, not 2 x 60.
        options = engine.GradeOptions(seed=0, attempts=1, time_limit=10,
                                          seal=seals.choose("auto"))
        start = time.perf_counter()
        grade_batch(str(folder), kit.questions("proyecto3b")[:2], options,
                    str(output), jobs=2, log=lambda *args: None)
        print("example batch graded in {:.1f} s".format(time.perf_counter() - start))
    finally:
        nn.language = saved
    return output


@pytest.mark.slow
def test_the_example_batch_is_graded_as_its_mistakes_say(graded_example):
    rows = {row["student"]: row for row in read_summary(graded_example)}
    assert sorted(rows) == sorted(example_batch.submissions())
    got = {student: (rows[student]["q1"], rows[student]["q2"], rows[student]["status"])
           for student in ("ana", "copy_of_ana", "alt_solution", example_batch.HTML_NAME,
                           "perceptron_never_updates", "regression_constant_loss",
                           "syntax_error", "infinite_loop", "no_models_py",
                           "perceptron_sys_exit")}
    assert got == {
        "ana": ("6", "6", "completed"), "copy_of_ana": ("6", "6", "completed"),
        "alt_solution": ("6", "6", "completed"),
        example_batch.HTML_NAME: ("6", "6", "completed"),
        "perceptron_never_updates": ("2", "6", "completed"),
        "regression_constant_loss": ("6", "0", "completed"),
        "syntax_error": ("0", "0", "error"), "infinite_loop": ("2", "6", "timeout"),
        "no_models_py": ("0", "0", "crash"), "perceptron_sys_exit": ("2", "6", "crash"),
    }, rows


def test_report_html_matches_summary_csv(graded_example):
    rows = read_summary(graded_example)
    page = (graded_example / "report.html").read_text(encoding="utf-8")
    tables = Tables(page)

    # One row per student, in the CSV's order, with the CSV's numbers.
    students = tables.rows("students", "student")
    assert [cells[1] for cells in students] == [row["student"] for row in rows]
    for cells, row in zip(students, rows):
        shown = dict(zip(["number", "student", *QUESTIONS, "total", "seconds", "status",
                          "notes"], cells))
        assert {key: shown[key] for key in ("student", *QUESTIONS, "total", "seconds",
                                            "status")} == {
            key: row[key] for key in ("student", *QUESTIONS, "total", "seconds", "status")}
    notes = {cells[1]: cells[-1] for cells in students}
    assert "nn.py differs from the kit's" in notes["copy_of_ana"]
    assert notes["ana"] == ""
    # Each student's report behind a click, under their row.
    assert len(tables.rows("students", "report")) == len(rows)
    assert page.count("<details>") >= len(rows)

    # Counts by status.
    counts = collections.Counter(row["status"] for row in rows)
    shown = {cells[0]: int(cells[1]) for cells in tables.rows("statuses", None)[1:]}
    from grading.html_report import _label
    assert shown == {_label(status): counts.get(status, 0)
                     for status in ("completed", "error", "timeout", "crash", "grader_fault")}
    assert {status for status, count in counts.items() if count} == {"completed", "error",
                                                                     "timeout", "crash"}

    # Pass rates: the share that earned all of a question's 6 points.
    shown = {cells[0]: cells for cells in tables.rows("questions", None)[1:]}
    assert sorted(shown) == list(QUESTIONS)
    for question in QUESTIONS:
        full = sum(1 for row in rows if row[question] == "6")
        zero = sum(1 for row in rows if row[question] == "0")
        assert shown[question][1:6] == ["6", str(full), "{:.0f}%".format(100 * full / len(rows)),
                                        str(len(rows) - full - zero), str(zero)]

    # The charts are embedded; nothing is fetched.
    assert page.count('src="data:image/svg+xml;base64,') == 4
    assert "http://" not in page and "https://" not in page


def test_names_and_output_from_submissions_are_escaped(graded_example):
    page = (graded_example / "report.html").read_text(encoding="utf-8")
    tables = Tables(page)
    assert example_batch.HTML_NAME in [cells[1] for cells in tables.rows("students", "student")]
    assert "<img src=x" not in page and "<script" not in page and "<b>bold" not in page
    assert tables.elements["img"] == 4 and tables.elements["script"] == 0
    assert "&lt;script&gt;console.error(&#x27;printed by the student&#x27;)" in page
    # The student's traceback is in their report.
    assert "Traceback (most recent call last)" in page and "ZeroDivisionError" in page


def test_the_spanish_page_shows_statuses_in_spanish():
    import nn
    from grading import html_report
    saved = nn.language
    nn.set_language("es")
    try:
        result = {"student": "ana", "points": 0, "max_points": 6, "status": "timeout",
                  "seconds": 1.0, "report": "", "notes": [],
                  "questions": {"q1": {"points": 0, "max_points": 6, "status": "timeout",
                                       "seconds": 1.0}}}
        page = html_report.render([result], kit.questions("proyecto3b", "q1"),
                                  engine.GradeOptions(), "entregas")
    finally:
        nn.language = saved
    tables = Tables(page)
    assert [cells[0] for cells in tables.rows("statuses", None)[1:]] == [
        "completa", "con error", "caída", "sin tiempo", "fallo del calificador"]
    assert tables.rows("students", "student")[0][5] == "sin tiempo"
    assert tables.rows("questions", None)[1][8] == "sin tiempo 1"


# --------------------------------------------------------------------------
# In a real browser
# --------------------------------------------------------------------------

@pytest.mark.slow
def test_report_html_in_headless_chromium(graded_example, tmp_path):
    browser = find_chromium()
    page = graded_example / "report.html"

    # The control: a page that breaks the rules is caught (a script that fails,
    # and an image the page's policy forbids).
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" '
                   "content=\"default-src 'none'\"></head><body><img src=x onerror=alert(1)>"
                   "<script>undefined_function()</script></body></html>")
    _, console = open_in_chromium(browser, bad, tmp_path / "profile", "--dump-dom")
    assert console, "a page with a failing script showed no console message"

    dom, console = open_in_chromium(browser, page, tmp_path / "profile", "--dump-dom")
    assert console == [], console
    tables = Tables(dom)
    rows = read_summary(graded_example)
    assert [cells[1] for cells in tables.rows("students", "student")] == [
        row["student"] for row in rows]
    assert tables.elements["script"] == 0 and tables.elements["img"] == 4

    pixels = screenshot(browser, page, tmp_path)
    ink = (pixels < 0.9).any(axis=2).mean()
    assert ink > 0.03, "the screenshot is almost blank ({:.1%} not white)".format(ink)
    # The grade distribution's bars (#4a7ab5) are drawn: the charts load.
    assert count_color(pixels, "#4a7ab5") > 500, "no chart bars in the screenshot"


def test_what_the_class_got_wrong_matches_mistakes_csv(graded_example):
    import csv

    from grading import mistakes
    page = (graded_example / "report.html").read_text(encoding="utf-8")
    tables = Tables(page)
    with open(graded_example / "mistakes.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for question in QUESTIONS:
        mine = [row for row in rows if row["question"] == question]
        shown = tables.rows("mistakes-" + question, "mistake")
        lost = {}
        for row in mine:
            lost[row["code"]] = lost.get(row["code"], 0) + int(row["points_lost"])
        assert [cells[0] for cells in shown] == sorted(
            lost, key=lambda code: (-lost[code], -sum(r["code"] == code for r in mine), code))
        for cells in shown:
            assert int(cells[3]) == lost[cells[0]]
            assert cells[2] == str(len({r["student"] for r in mine if r["code"] == cells[0]}))
            assert mistakes.explain(cells[0])[0] in cells[1]
    assert {"perceptron_update", "timeout", "exception:SyntaxError"} <= {
        row["code"] for row in rows}
    assert "What the class got wrong" in page


def test_the_mistakes_section_reads_in_both_languages_in_chromium(graded_example, tmp_path):
    import json

    import nn
    from grading import html_report
    browser = find_chromium()
    results = [json.loads(path.read_text(encoding="utf-8"))
               for path in sorted(graded_example.glob("*.json"))]
    saved = nn.language
    try:
        for language, heading, explanation in (
                ("es", "Lo que la clase hizo mal", "la regla de actualización del perceptrón"),
                ("en", "What the class got wrong", "the perceptron's update rule is wrong")):
            nn.set_language(language)
            page = tmp_path / "report-{}.html".format(language)
            page.write_text(html_report.render(results, kit.questions("proyecto3b")[:2],
                                               engine.GradeOptions(), "entregas"),
                            encoding="utf-8")
            dom, console = open_in_chromium(browser, page, tmp_path / ("profile-" + language),
                                            "--dump-dom")
            assert console == [], console
            assert heading in dom and explanation in dom
    finally:
        nn.language = saved
