"""Issue 12, the class at a glance: report.html after --batch (checked
against summary.csv and in a real headless Chromium), similar submissions
(copydetect), batches that resume where they stopped, the progress line."""

import collections
import csv
import html
import html.parser
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest

import example_batch
import kit

# --------------------------------------------------------------------------
# Reading the page
# --------------------------------------------------------------------------


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
    with open(os.path.join(str(output), "summary.csv"), encoding="utf-8") as f:
        return list(csv.DictReader(f))


# --------------------------------------------------------------------------
# The example batch, graded once: q1 and q2 of every submission
# --------------------------------------------------------------------------

QUESTIONS = ("q1", "q2")


@pytest.fixture(scope="module")
def graded_example(tmp_path_factory):
    """The example batch (tests/example_batch.py) graded as --batch grades,
    real child processes and all, for q1 and q2; its output folder."""
    import autograder
    import nn
    from grading import sealing
    from grading.batch import grade_batch
    folder = tmp_path_factory.mktemp("example") / "entregas"
    example_batch.write(str(folder))
    output = folder.parent / "grades"
    saved = nn.language
    nn.set_language("en")
    try:
        # One attempt, and 10 s per question: the endless loop costs 10 s, not 2 x 60.
        options = autograder.GradeOptions(seed=0, attempts=1, time_limit=10,
                                          seal=sealing.choose("auto"))
        start = time.perf_counter()
        grade_batch(str(folder), autograder.select_questions("proyecto3b")[:2], options,
                    str(output), jobs=2, log=lambda *args: None)
        print("example batch graded in {:.1f} s".format(time.perf_counter() - start))
    finally:
        nn.language = saved
    return output


def test_the_example_batch_is_graded_as_its_mistakes_say(graded_example):
    rows = {row["student"]: row for row in read_summary(graded_example)}
    assert sorted(rows) == sorted(example_batch.submissions())
    got = {student: (rows[student]["q1"], rows[student]["q2"], rows[student]["status"])
           for student in ("ana", "copy_of_ana", "alt_solution", example_batch.HTML_NAME,
                           "perceptron_never_updates", "regression_constant_loss",
                           "syntax_error", "infinite_loop", "no_models_py",
                           "perceptron_sys_exit")}
    assert got == {
        "ana": ("6", "6", "ok"), "copy_of_ana": ("6", "6", "ok"),
        "alt_solution": ("6", "6", "ok"), example_batch.HTML_NAME: ("6", "6", "ok"),
        "perceptron_never_updates": ("2", "6", "ok"),
        "regression_constant_loss": ("6", "0", "ok"),
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
    assert shown == {status: counts.get(status, 0) for status in ("ok", "error", "timeout",
                                                                  "crash")}
    assert {status for status, count in counts.items() if count} == {"ok", "error", "timeout",
                                                                     "crash"}

    # Pass rates: the share that earned all of a question's 6 points.
    shown = {cells[0]: cells for cells in tables.rows("questions", None)[1:]}
    assert sorted(shown) == list(QUESTIONS)
    for question in QUESTIONS:
        full = sum(1 for row in rows if row[question] == "6")
        zero = sum(1 for row in rows if row[question] == "0")
        assert shown[question][1:6] == ["6", str(full), "{:.0f}%".format(100 * full / len(rows)),
                                        str(len(rows) - full - zero), str(zero)]

    # The charts are embedded; nothing is fetched.
    assert page.count('src="data:image/svg+xml;base64,') == 3
    assert "http://" not in page and "https://" not in page


def test_names_and_output_from_submissions_are_escaped(graded_example):
    page = (graded_example / "report.html").read_text(encoding="utf-8")
    tables = Tables(page)
    assert example_batch.HTML_NAME in [cells[1] for cells in tables.rows("students", "student")]
    assert "<img src=x" not in page and "<script" not in page and "<b>bold" not in page
    assert tables.elements["img"] == 3 and tables.elements["script"] == 0
    assert "&lt;script&gt;console.error(&#x27;printed by the student&#x27;)" in page
    # The student's traceback is in their report.
    assert "Traceback (most recent call last)" in page and "ZeroDivisionError" in page


def test_the_spanish_page_shows_statuses_in_spanish():
    import autograder
    import nn
    from grading import html_report
    saved = nn.language
    nn.set_language("es")
    try:
        result = {"student": "ana", "points": 0, "max_points": 6, "status": "timeout",
                  "seconds": 1.0, "report": "", "notes": [],
                  "questions": {"q1": {"points": 0, "max_points": 6, "status": "timeout",
                                       "seconds": 1.0}}}
        page = html_report.render([result], autograder.select_questions("proyecto3b", "q1"),
                                  autograder.GradeOptions(), "entregas")
    finally:
        nn.language = saved
    tables = Tables(page)
    assert [cells[0] for cells in tables.rows("statuses", None)[1:]] == [
        "completa", "con error", "caída", "sin tiempo"]
    assert tables.rows("students", "student")[0][5] == "sin tiempo"
    assert tables.rows("questions", None)[1][8] == "sin tiempo 1"


# --------------------------------------------------------------------------
# In a real browser
# --------------------------------------------------------------------------

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
    assert tables.elements["script"] == 0 and tables.elements["img"] == 3

    shot = tmp_path / "report.png"
    _, console = open_in_chromium(browser, page, tmp_path / "profile",
                                  "--screenshot=" + str(shot), "--window-size=1280,1400",
                                  "--hide-scrollbars")
    assert console == [], console
    import matplotlib.image
    pixels = matplotlib.image.imread(str(shot))[:, :, :3]
    ink = (pixels < 0.9).any(axis=2).mean()
    assert ink > 0.03, "the screenshot is almost blank ({:.1%} not white)".format(ink)
    # The grade distribution's bars (#4a7ab5) are drawn: the charts load.
    bars = (abs(pixels - [0x4a / 255, 0x7a / 255, 0xb5 / 255]) < 0.03).all(axis=2).sum()
    assert bars > 500, "no chart bars in the screenshot"


# --------------------------------------------------------------------------
# Similar submissions
# --------------------------------------------------------------------------

@pytest.fixture
def copydetect():
    return pytest.importorskip(
        "copydetect", reason="copydetect is not installed (python -m pip install -r "
                             "requirements-instructor.txt; .ci/run installs it)")


def test_similarity_finds_copies_and_spares_independent_work(copydetect):
    from grading import similarity
    sources = example_batch.submissions()
    reference, skeleton = kit.reference_source(), similarity.skeleton()
    students = [("ana", sources["ana"]), ("copia", example_batch.disguised(sources["ana"])),
                ("eva", sources["alt_solution"]), ("beto", skeleton), ("dani", skeleton)]
    pairs = similarity.compare(students, skeleton, references=[("known", reference)])
    found = {(pair.first, pair.second, pair.reference) for pair in pairs if pair.flagged}
    assert found == {("ana", "copia", False), ("ana", "known", True),
                     ("copia", "known", True)}, [(p.first, p.second, p.shares) for p in pairs]
    for pair in pairs[:3]:  # the flagged ones come first
        assert min(pair.shares) > 0.9
        assert all(pair.regions), "no matching region to show"
    # Without the skeleton as boilerplate, half of the skeleton's own code matches
    # the reference: leaving it out is what spares the untouched skeletons.
    unfiltered = similarity.compare([("beto", skeleton)], "", references=[("known", reference)])
    assert [(pair.first, pair.second) for pair in unfiltered] == [("beto", "known")]
    assert max(unfiltered[0].shares) >= 0.5
    assert [p.shares for p in pairs if "beto" in (p.first, p.second)] == [(0, 0)] * 5


def _with_classes_of(skeleton, solution, classes):
    """The skeleton with the `classes` of `solution` filled in."""
    def where(source, name):
        start = source.index("class {}(".format(name))
        end = source.find("\nclass ", start)
        return start, len(source) if end < 0 else end + 1
    for name in classes:
        (start, end), (first, last) = where(skeleton, name), where(solution, name)
        skeleton = skeleton[:start] + solution[first:last] + skeleton[end:]
    return skeleton


def _independent_solutions(count):
    """[(name, source)] of `count` solutions of bench/similarity_corpus, each
    written independently."""
    folder = kit.ROOT / "bench" / "similarity_corpus" / "independent"
    return [(path.stem, path.read_text(encoding="utf-8"))
            for path in sorted(folder.glob("*.py"))[:count]]


def test_similarity_needs_enough_matching_code_not_only_a_share(copydetect):
    """A skeleton with only the short perceptron filled in (names changed)
    matches most of a full solution's perceptron: a high share of its little
    code, which is no sign of copying. A whole copy still is."""
    from grading import similarity
    sources = example_batch.submissions()
    skeleton = similarity.skeleton()
    partial = example_batch.disguised(_with_classes_of(skeleton, sources["ana"],
                                                       ["PerceptronModel"]))
    two = example_batch.disguised(_with_classes_of(skeleton, sources["ana"],
                                                   ["PerceptronModel", "RegressionModel"]))
    students = [("ana", sources["ana"]), ("copia", example_batch.disguised(sources["ana"])),
                ("parcial", partial), ("dos", two)]
    # Among students who wrote their own: in a class of these four alone, half
    # the pairs are copies, and the class's typical pair is one.
    students += [("eva", sources["alt_solution"])] + _independent_solutions(3)
    pairs = similarity.compare(students, skeleton)
    found = {(p.first, p.second): p for p in pairs if p.flagged}
    assert sorted(found) == [("ana", "copia"), ("ana", "dos"), ("copia", "dos")], {
        (p.first, p.second): (p.shares, p.matched, p.copied) for p in pairs}
    assert found["ana", "copia"].matched > 1500 and found["ana", "dos"].matched > 600
    # The control: the partial one's share alone is over the old threshold.
    partial = next(p for p in pairs if (p.first, p.second) == ("ana", "parcial"))
    assert max(partial.shares) > 0.5 and partial.copied < similarity.MINIMUM


def test_a_boilerplate_that_shares_nothing_changes_nothing(copydetect):
    """copydetect 0.5, given a boilerplate, also drops the first occurrence of
    every k-gram that repeats in a file (grading/similarity.py removes the
    boilerplate itself)."""
    from grading import similarity
    reference = kit.reference_source()
    unrelated = "for item in range(10):\n    print('nothing of this is in models.py', item)\n"
    compared = [similarity.compare([("a", reference), ("b", reference)], boilerplate)
                for boilerplate in ("", unrelated)]
    assert [[(p.shares, p.regions) for p in pairs] for pairs in compared[1:]] == [
        [(p.shares, p.regions) for p in compared[0]]]
    assert compared[0][0].shares == (1.0, 1.0)


def test_marks_fall_on_the_matching_code_after_leading_blank_lines(copydetect):
    from grading import similarity
    reference = kit.reference_source()
    pairs = similarity.compare([("a", "\n\n\n" + reference), ("b", reference)], "")
    (start, end), = pairs[0].regions[0]
    assert ("\n\n\n" + reference)[start:end].strip("\n") == reference.strip("\n")


def test_the_similarity_section_escapes_names_and_code(copydetect):
    import autograder
    from grading import html_report, similarity
    reference = kit.reference_source()
    hostile = "<script>alert('name')</script>"
    # In the module's docstring (far from the matching code: left out of the page)
    # and in a comment within the matching code (shown).
    source = reference.replace('"""', '"""</pre><script>alert(1)</script>', 1).replace(
        "        h1 = nn.ReLU(", "        # </pre><script>alert(2)</script>\n"
                                "        h1 = nn.ReLU(", 1)
    pairs = similarity.compare([(hostile, source), ("b", reference)], similarity.skeleton())
    comparison = similarity.Comparison(pairs, similarity.THRESHOLD, 2, 0)
    page = html_report.render([], autograder.select_questions("proyecto3b", "q1"),
                              autograder.GradeOptions(), "entregas", comparison)
    tables = Tables(page)
    assert tables.elements["script"] == 0 and "</pre><script>" not in page
    assert [cells[1] for cells in tables.rows("similar", "pair")] == [hostile]
    assert "&lt;/pre&gt;&lt;script&gt;alert(2)" in page
    assert "base-uri 'none'; form-action 'none'" in page


def _ana_her_copy_and_eva(tmp_path):
    """tmp_path/entregas with ana.py, copia.py (hers, disguised) and eva.py
    (an independent solution)."""
    sources = example_batch.submissions()
    folder = tmp_path / "entregas"
    folder.mkdir()
    for student, source in (("ana", sources["ana"]), ("copia", sources["copy_of_ana"]),
                            ("eva", sources["alt_solution"])):
        (folder / (student + ".py")).write_text(source, encoding="utf-8")
    return folder


def test_similarity_in_a_batch_writes_csv_and_the_pairs_side_by_side(copydetect, make_kit,
                                                                    reference_source, tmp_path):
    folder = _ana_her_copy_and_eva(tmp_path)
    known = tmp_path / "known"
    known.mkdir()
    (known / "published.py").write_text(reference_source, encoding="utf-8")
    output = tmp_path / "grades"
    result = kit.run_grader(make_kit(reference_source), "--batch", str(folder),
                            "--batch-output", str(output), "-q", "q1", "--similarity",
                            "--reference", str(known), timeout=300)
    assert result.returncode == 0, result.describe()
    assert "Similarity: 6 pairs compared, 3 flagged" in result.stdout
    with open(output / "similarity.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 6  # every pair, flagged or not
    flagged = [row for row in rows if row["flagged"] == "yes"]
    assert sorted((row["student"], row["other"], row["other_is"]) for row in flagged) == [
        ("ana", "copia", "submission"), ("ana", "published", "known solution"),
        ("copia", "published", "known solution")]
    assert flagged == rows[:3]  # most similar first
    assert all(int(row["matched_characters"]) > 1500 for row in flagged), rows
    page = (output / "report.html").read_text(encoding="utf-8")
    assert len(Tables(page).rows("similar", "pair")) == 6
    assert page.count('<details class="pair">') == 6 and "<mark>" in page


def test_a_models_py_too_large_or_unreadable_is_left_out_with_a_note(copydetect, make_kit,
                                                                     reference_source,
                                                                     tmp_path):
    """One odd file does not stop the batch: a models.py over the size cap
    (weights pasted as a list) and one whose reading fails (a link to
    /proc/self/mem, which fails with EIO, even for root) are left out of the
    comparison with a note; the others are still compared, everyone graded."""
    from grading import similarity
    unreadable = "/proc/self/mem"
    if not os.path.isfile(unreadable):
        pytest.skip("no {} to make an unreadable models.py".format(unreadable))
    folder = _ana_her_copy_and_eva(tmp_path)
    sources = example_batch.submissions()
    weights = "WEIGHTS = [{}]\n".format(", ".join(["0.123456789"] * 100_000))
    (folder / "grande.py").write_text(sources["ana"] + weights, encoding="utf-8")
    assert (folder / "grande.py").stat().st_size > similarity.LARGEST
    os.symlink(unreadable, str(folder / "rota.py"))
    output = tmp_path / "grades"
    result = kit.run_grader(make_kit(reference_source), "--batch", str(folder),
                            "--batch-output", str(output), "-q", "q1", "--similarity",
                            timeout=300)
    assert result.returncode == 0, result.describe()
    assert "Similarity: 3 pairs compared, 1 flagged" in result.stdout, result.describe()
    big = "grande: not compared, its models.py has {} bytes (more than {}).".format(
        (folder / "grande.py").stat().st_size, similarity.LARGEST)
    broken = "rota: not compared, OSError: [Errno 5] Input/output error"
    assert big in result.stdout and broken in result.stdout, result.describe()
    with open(output / "similarity.csv", encoding="utf-8") as f:
        assert [(row["student"], row["other"]) for row in csv.DictReader(f)
                if row["flagged"] == "yes"] == [("ana", "copia")]
    assert sorted(row["student"] for row in read_summary(output)) == [
        "ana", "copia", "eva", "grande", "rota"]
    page = (output / "report.html").read_text(encoding="utf-8")
    assert '<ul class="left-out">' in page
    assert "<li>{}</li>".format(html.escape(big)) in page
    assert "<li>{}".format(html.escape(broken)) in page


def test_the_side_by_side_code_is_cut_to_the_matching_code(copydetect):
    """The page shows the matching code with a few lines around it; each long
    stretch of other code is one line that says how many lines it had."""
    import autograder
    from grading import html_report, similarity
    reference = kit.reference_source()

    def filler(where):
        return "".join("filler_{}_{} = 'unused'\n".format(where, n) for n in range(40))
    middle = reference.index("class DigitClassificationModel")
    padded = (filler("top") + reference[:middle] + filler("middle") + reference[middle:]
              + filler("bottom"))
    pairs = similarity.compare([("a", padded), ("b", reference)], similarity.skeleton())
    assert len(pairs) == 1
    comparison = similarity.Comparison(pairs, similarity.THRESHOLD, 2, 0)
    page = html_report.render([], autograder.select_questions("proyecto3b", "q1"),
                              autograder.GradeOptions(), "entregas", comparison)
    shown = re.findall(r"filler_\w+?_(\d+) = ", page)
    assert all(int(n) < html_report.CONTEXT or int(n) >= 40 - html_report.CONTEXT
               for n in shown), shown  # only the lines next to the matching code
    assert len(re.findall(r"<span class=\"gap\">… \d+ lines …</span>", page)) >= 3
    marked = "".join(re.findall("<mark>(.*?)</mark>", page, re.DOTALL))
    for code in ("h1 = nn.ReLU(nn.AddBias(nn.Linear(x, self.w1), self.b1))",
                 "self.w1 = nn.Parameter(784, hidden)",
                 "h = nn.ReLU(nn.AddBias(nn.Linear(xs[0], self.w_char), self.b_hidden))"):
        assert html.escape(code) in marked, code
    # Every line of the solutions (what the skeleton leaves out) is shown.
    solutions = re.findall("# BEGIN SOLUTION\n(.*?)# END SOLUTION", reference, re.DOTALL)
    assert len(solutions) > 10
    text = re.sub("<[^>]*>", "", page)  # without the marks
    for line in "\n".join(solutions).splitlines():
        assert html.escape(line) in text, line


def test_similarity_without_copydetect_says_how_to_install_it(monkeypatch, capsys, tmp_path):
    import autograder
    monkeypatch.setitem(sys.modules, "copydetect", None)  # as if it were not installed
    (tmp_path / "ana.py").write_text("# empty\n")
    for language, words in (("en", "Install it with: python -m pip install -r "
                                   "requirements-instructor.txt"),
                            ("es", "Instálalo con: python -m pip install -r "
                                   "requirements-instructor.txt")):
        code = autograder.main(["--batch", str(tmp_path), "--batch-output",
                                str(tmp_path / "grades"), "--similarity", "--lang", language,
                                "--sandbox", "process"])
        assert code == 2
        assert words in capsys.readouterr().err
    assert not (tmp_path / "grades").exists()  # nothing graded


def test_the_similarity_threshold_is_a_share_or_a_percentage(capsys, tmp_path):
    import autograder
    (tmp_path / "ana.py").write_text("# empty\n")
    for threshold in ("0", "-0.5", "150", "nan"):
        code = autograder.main(["--batch", str(tmp_path), "--batch-output",
                                str(tmp_path / "grades"), "--similarity",
                                "--similarity-threshold", threshold, "--lang", "en"])
        assert code == 2, threshold
        assert "--similarity-threshold takes a share of the code" in capsys.readouterr().err
    assert not (tmp_path / "grades").exists()  # nothing graded
    code = autograder.main(["-q", "q9", "--regrade", "--similarity-threshold", "60",
                            "--lang", "en"])
    err = capsys.readouterr().err
    assert "--similarity-threshold does nothing without --similarity." in err
    assert "--regrade does nothing without --batch." in err


# --------------------------------------------------------------------------
# Resuming a batch
# --------------------------------------------------------------------------

def _counting_grade(graded):
    """A stand-in for engine.grade that records whose models.py it graded and
    gives every question its points."""
    from grading.report import Tracker

    def grade(questions, options, out=None):
        graded.append(os.path.basename(options.models_path))
        tracker = Tracker([(name, q.points) for name, q in questions], out=out)
        for name, question in questions:
            tracker.points[name] = question.points
        return tracker
    return grade


def _class_of(tmp_path, students):
    """A folder of submissions STUDENT.py (a comment each), and the batch's
    output folder beside it."""
    folder, output = tmp_path / "entregas", tmp_path / "grades"
    folder.mkdir()
    for student in students:
        (folder / (student + ".py")).write_text("# {}\n".format(student))
    return folder, output


def _batch_of(folder, output):
    """run(options, regrade): q1 of the batch graded by _counting_grade; the
    models.py it graded, sorted, and the lines it logged."""
    import autograder
    from grading.batch import grade_batch
    questions = autograder.select_questions("proyecto3b", "q1")

    def run(options=None, regrade=False):
        graded, said = [], []
        grade_batch(str(folder), questions, options or autograder.GradeOptions(),
                    str(output), jobs=1, grade=_counting_grade(graded), log=said.append,
                    regrade=regrade)
        return sorted(graded), said
    return run


def test_a_batch_run_again_grades_only_what_is_new_or_changed(tmp_path):
    import autograder
    folder, output = _class_of(tmp_path, ("ana", "beto", "carla"))
    run = _batch_of(folder, output)
    assert run()[0] == ["ana.py", "beto.py", "carla.py"]
    graded, said = run()
    assert graded == [] and "3 of the 3 submissions were graded before" in said[0], said
    (folder / "beto.py").write_text("# beto, changed\n")
    (folder / "dani.py").write_text("# dani, new\n")
    assert run()[0] == ["beto.py", "dani.py"]
    assert run(autograder.GradeOptions(seed=7))[0] == ["ana.py", "beto.py", "carla.py",
                                                       "dani.py"]  # other options
    assert run(autograder.GradeOptions(seed=7), regrade=True)[0] == [
        "ana.py", "beto.py", "carla.py", "dani.py"]
    # A report cut short (the machine stopped while writing it) is graded again.
    (output / "carla.json").write_text('{"student": "carla", "key": ')
    assert run(autograder.GradeOptions(seed=7))[0] == ["carla.py"]
    assert [row["student"] for row in read_summary(output)] == ["ana", "beto", "carla", "dani"]


def _grade_with_statuses(statuses, graded):
    """A stand-in for engine.grade: every question of models.py NAME.py ends
    with statuses.get(NAME, "ok") (a status of grading/sandbox.py's runs)."""
    import types
    from grading.report import Tracker

    def grade(questions, options, out=None):
        student = os.path.basename(options.models_path)[:-3]
        graded.append(student)
        tracker = Tracker([(name, q.points) for name, q in questions], out=out)
        for name, question in questions:
            tracker.runs[name] = types.SimpleNamespace(
                status=statuses.get(student, "ok"), seconds=1.0, attempts=[])
        return tracker
    return grade


def test_a_batch_run_again_grades_time_outs_and_crashes_again(tmp_path):
    import autograder
    from grading.batch import grade_batch
    folder, output = tmp_path / "entregas", tmp_path / "grades"
    folder.mkdir()
    statuses = {"beto": "timeout", "carla": "error", "dani": "exit"}  # exit: a crash
    for student in ("ana", "beto", "carla", "dani"):
        (folder / (student + ".py")).write_text("# {}\n".format(student))
    questions = autograder.select_questions("proyecto3b", "q1")

    def run():
        graded, said = [], []
        grade_batch(str(folder), questions, autograder.GradeOptions(), str(output), jobs=1,
                    grade=_grade_with_statuses(statuses, graded), log=said.append)
        return sorted(graded), said

    assert run()[0] == ["ana", "beto", "carla", "dani"]
    assert [row["status"] for row in read_summary(output)] == ["ok", "timeout", "error", "crash"]
    graded, said = run()
    assert graded == ["beto", "dani"], said  # the machine may have caused those
    assert "2 of the 4 submissions were graded before" in said[0], said
    assert "1 of them with an error" in said[0], said
    assert [row["status"] for row in read_summary(output)] == ["ok", "timeout", "error", "crash"]


def test_a_batch_that_cannot_write_goes_on_and_writes_at_the_end(tmp_path):
    """summary.csv open in a spreadsheet on Windows (os.replace refuses), a
    full disk: the batch warns once, grades on, and writes everything at the
    end. Here summary.csv and beto.json are folders while ana, beto are graded."""
    import autograder
    from grading.batch import grade_batch
    folder, output = tmp_path / "entregas", tmp_path / "grades"
    folder.mkdir()
    for student in ("ana", "beto", "carla"):
        (folder / (student + ".py")).write_text("# {}\n".format(student))
    graded, said = [], []
    counting = _counting_grade(graded)
    blocked = [output / "summary.csv", output / "beto.json"]

    def grade(questions, options, out=None):
        if not graded:
            for path in blocked:
                if path.exists():
                    path.unlink()
                path.mkdir()
        return counting(questions, options, out)

    def log(line):
        said.append(line)
        if line.startswith("[2/3]"):
            for path in blocked:
                path.rmdir()

    grade_batch(str(folder), autograder.select_questions("proyecto3b", "q1"),
                autograder.GradeOptions(), str(output), jobs=1, grade=grade, log=log)
    assert graded == ["ana.py", "beto.py", "carla.py"]
    warnings = [line for line in said if line.startswith("Could not write the grades")]
    assert len(warnings) == 1, said
    assert [row["student"] for row in read_summary(output)] == ["ana", "beto", "carla"]
    assert json.loads((output / "beto.json").read_text(encoding="utf-8"))["points"] == 6
    assert (output / "report.html").is_file()


def test_any_error_in_a_batch_stops_it_as_ctrl_c_does(tmp_path):
    """An exception in the batch's own loop (here from the progress line)
    stops the children, grades nothing more, writes what was graded, and is
    raised."""
    import autograder
    from grading import sandbox
    from grading.batch import grade_batch
    folder, output = tmp_path / "entregas", tmp_path / "grades"
    folder.mkdir()
    students = ("ana", "beto", "carla", "dani", "eva")
    for student in students:
        (folder / (student + ".py")).write_text("# {}\n".format(student))
    graded, said, stopped = [], [], []
    counting = _counting_grade(graded)

    def grade(questions, options, out=None):
        time.sleep(0.3)
        stopped.append(sandbox.STOP.is_set())
        return counting(questions, options, out)

    def log(line):
        said.append(line)
        if line.startswith("[2/"):
            raise RuntimeError("the console went away")

    with pytest.raises(RuntimeError):
        grade_batch(str(folder), autograder.select_questions("proyecto3b", "q1"),
                    autograder.GradeOptions(), str(output), jobs=1, grade=grade, log=log)
    time.sleep(1.5)  # what the pool would still grade
    assert len(graded) <= 3, graded  # the one running when it stopped, at most
    assert stopped[2:] == [True] * len(stopped[2:])
    assert not sandbox.STOP.is_set()
    assert [row["student"] for row in read_summary(output)] == ["ana", "beto"]
    assert len(Tables((output / "report.html").read_text(encoding="utf-8")).rows(
        "students", "student")) == 2
    assert "The batch stopped (RuntimeError: the console went away)" in said[-1], said


def test_a_batch_run_again_tidies_its_folder_and_says_why_it_grades_again(tmp_path):
    import autograder
    folder, output = _class_of(tmp_path, ("ana b", "beto", "carla"))
    run = _batch_of(folder, output)
    run()
    assert json.loads((output / "ana_b.json").read_text(encoding="utf-8"))["student"] == "ana b"
    # A new ana_b takes the name ana_b.json; the kept "ana b" moves to ana_b-2.json.
    (folder / "ana_b.py").write_text("# ana_b\n")
    (folder / "carla.py").unlink()  # carla left the class
    (output / "summary.csv.part").write_text("cut short")
    (output / "similarity.csv").write_text("student,other\n")  # from a run with --similarity
    graded, said = run()
    assert graded == ["ana_b.py"], said
    assert {path.name: json.loads(path.read_text(encoding="utf-8"))["student"]
            for path in output.glob("*.json")} == {"ana_b.json": "ana_b",
                                                   "ana_b-2.json": "ana b",
                                                   "beto.json": "beto"}
    assert (output / "removed" / "carla.json").is_file()
    assert "1 reports in {} are of students no longer in".format(output) in said[0], said
    assert sorted(path.name for path in output.iterdir()) == [
        "ana_b-2.json", "ana_b.json", "beto.json", "removed", "report.html", "summary.csv"]
    # Each JSON holds what made its grade; a change is named before grading again.
    ana = json.loads((output / "ana_b-2.json").read_text(encoding="utf-8"))
    assert ana["settings"]["seed"] == 0 and len(ana["models_sha256"]) == 64
    (folder / "beto.py").write_text("# beto, changed\n")
    graded, said = run(autograder.GradeOptions(seed=0, attempts=3))
    assert "2 submissions are graded again: settings that changed: attempts." in said, said
    assert "1 submissions are graded again: their models.py changed." in said, said


def test_a_regrade_stopped_halfway_resumes_without_regrade(no_stop, tmp_path):
    import autograder
    from grading.batch import grade_batch
    folder, output = tmp_path / "entregas", tmp_path / "grades"
    folder.mkdir()
    for student in ("ana", "beto", "carla"):
        (folder / (student + ".py")).write_text("# {}\n".format(student))
    questions = autograder.select_questions("proyecto3b", "q1")
    grade_batch(str(folder), questions, autograder.GradeOptions(), str(output), jobs=1,
                grade=_counting_grade([]), log=lambda line: None)
    graded, said = [], []
    counting = _counting_grade(graded)

    def interrupted(questions, options, out=None):
        if graded:
            raise KeyboardInterrupt
        return counting(questions, options, out)

    with pytest.raises(KeyboardInterrupt):
        grade_batch(str(folder), questions, autograder.GradeOptions(), str(output), jobs=1,
                    grade=interrupted, log=said.append, regrade=True)
    assert "run the same command again without --regrade to grade the rest" in said[-1], said
    assert [row["student"] for row in read_summary(output)] == ["ana"]
    assert sorted(path.name for path in (output / "previous").iterdir()) == [
        "ana.json", "beto.json", "carla.json"]
    graded.clear()
    grade_batch(str(folder), questions, autograder.GradeOptions(), str(output), jobs=1,
                grade=counting, log=said.append)
    assert graded == ["beto.py", "carla.py"]


def test_ctrl_c_writes_the_summary_and_report_before_waiting_for_the_children(no_stop,
                                                                           tmp_path):
    """A second Ctrl-C while the running children stop must not leave a report
    that contradicts summary.csv: both are written first. A stale report.html
    is replaced as the batch starts."""
    import autograder
    from grading.batch import grade_batch
    folder, output = tmp_path / "entregas", tmp_path / "grades"
    folder.mkdir()
    output.mkdir()
    (output / "report.html").write_text("stale")
    for student in ("ana", "beto", "carla"):
        (folder / (student + ".py")).write_text("# {}\n".format(student))
    seen, counting = {}, _counting_grade([])

    def grade(questions, options, out=None):
        student = os.path.basename(options.models_path)
        if student == "ana.py":
            seen["at start"] = (output / "report.html").read_text(encoding="utf-8")
        elif student == "beto.py":
            time.sleep(0.5)  # carla starts meanwhile
            raise KeyboardInterrupt
        else:
            no_stop.wait(10)  # carla's child, stopped by Ctrl-C, ends a little later
            time.sleep(1)
            seen["while stopping"] = (output / "report.html").read_text(encoding="utf-8")
        return counting(questions, options, out)

    with pytest.raises(KeyboardInterrupt):
        grade_batch(str(folder), autograder.select_questions("proyecto3b", "q1"),
                    autograder.GradeOptions(), str(output), jobs=2, grade=grade,
                    log=lambda line: None)
    assert seen["at start"] != "stale"
    assert seen["while stopping"] != "stale"  # written before the wait
    assert [cells[1] for cells in Tables(seen["while stopping"]).rows("students", "student")] == [
        "ana"]
    assert [row["student"] for row in read_summary(output)] == ["ana"]


def test_the_time_left_counts_the_submissions_graded_at_once(tmp_path):
    import autograder
    from grading.batch import grade_batch
    folder = tmp_path / "entregas"
    folder.mkdir()
    for student in ("ana", "beto", "carla", "dani"):
        (folder / (student + ".py")).write_text("# {}\n".format(student))
    counting, said = _counting_grade([]), []

    def grade(questions, options, out=None):
        time.sleep(2)
        return counting(questions, options, out)

    grade_batch(str(folder), autograder.select_questions("proyecto3b", "q1"),
                autograder.GradeOptions(), str(tmp_path / "grades"), jobs=2, grade=grade,
                log=said.append)
    # After the first two (2 s each, together), two are left: about 2 s, not 4.
    left = [re.search(r"about (\d+:\d\d:\d\d) left", line).group(1) for line in said]
    assert left[0] in ("0:00:02", "0:00:03"), said
    assert left[-1] == "0:00:00", said


def _wait_for(lines, text, timeout=120):
    """Wait until a line in the queue `lines` holds `text`; the lines read."""
    deadline, read = time.monotonic() + timeout, []
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            break
        if line is None:  # the grader ended
            break
        read.append(line)
        if text in line:
            return read
    raise AssertionError("no line with {!r} in:\n{}".format(text, "".join(read)))


def _lines_of(stream):
    """A queue that a thread fills with the lines of `stream`, then None."""
    lines = queue.Queue()

    def read():
        for line in stream:
            lines.put(line)
        lines.put(None)
    threading.Thread(target=read, daemon=True).start()
    return lines


def test_an_interrupted_batch_resumes_and_ends_as_one_uninterrupted_run(make_kit,
                                                                       reference_source,
                                                                       tmp_path):
    folder = tmp_path / "entregas"
    folder.mkdir()
    sources = example_batch.submissions()
    slow = "import time\ntime.sleep(4)  # slow to import: Ctrl-C comes meanwhile\n" + (
        reference_source)
    for student, source in (("ana", reference_source), ("beto", sources["syntax_error"]),
                            ("carla", slow),
                            ("dani", sources["perceptron_wrong_sign"]),
                            ("eva", sources["alt_solution"])):
        (folder / (student + ".py")).write_text(source, encoding="utf-8")
    grader = make_kit(reference_source)
    arguments = ["--batch", str(folder), "-q", "q1", "--jobs", "1", "--seed", "3"]

    def run(output):
        return kit.run_grader(grader, *arguments, "--batch-output", str(output), timeout=300)

    # Ctrl-C while carla's sleeps: ana and beto are graded, the rest is not.
    interrupted = tmp_path / "interrupted"
    environment = dict(kit.grader_environment(), PYTHONUNBUFFERED="1")
    process = subprocess.Popen([sys.executable, "autograder.py", "--no-graphics", "--lang", "en",
                                *arguments, "--batch-output", str(interrupted)],
                               cwd=str(grader), env=environment, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, encoding="utf-8")
    try:
        lines = _lines_of(process.stdout)
        read = _wait_for(lines, "[2/5] beto")
        process.send_signal(signal.SIGINT)
        process.wait(timeout=120)
        read += iter(lines.get, None)
    finally:
        if process.poll() is None:
            process.kill()
    out = "".join(read)
    assert process.returncode == 130, out
    progress = [line for line in read if line.startswith("[2/5] beto")][0]
    assert re.search(r"\d+:\d\d:\d\d elapsed, about \d+:\d\d:\d\d left$", progress), progress
    assert "Interrupted: summary.csv and report.html list the 2 of 5" in out
    kept = (interrupted / "ana.json").read_text(encoding="utf-8")
    assert [row["student"] for row in read_summary(interrupted)] == ["ana", "beto"]
    assert len(Tables((interrupted / "report.html").read_text(encoding="utf-8")).rows(
        "students", "student")) == 2

    # Run again: only the other three are graded.
    resumed = run(interrupted)
    assert resumed.returncode == 0, resumed.describe()
    assert "2 of the 5 submissions were graded before" in resumed.stdout
    graded = [line.split("]")[1].split(":")[0].strip() for line in resumed.stdout.splitlines()
              if line.startswith("[")]
    assert graded and sorted(graded) == ["carla", "dani", "eva"], resumed.stdout

    # The same as one run that was never stopped, but for the times.
    whole = tmp_path / "whole"
    assert run(whole).returncode == 0

    def without_times(output):
        return [{key: value for key, value in row.items() if key != "seconds"}
                for row in read_summary(output)]
    assert without_times(interrupted) == without_times(whole)
    assert [row["q1"] for row in read_summary(whole)] == ["6", "0", "6", "2", "6"]
    # Grades kept by the resumed run are left as they were, seconds and all.
    assert (interrupted / "ana.json").read_text(encoding="utf-8") == kept
    for student in ("ana", "carla"):  # graded with the same settings in separate runs
        first, second = [json.loads((output / (student + ".json")).read_text(encoding="utf-8"))
                         for output in (interrupted, whole)]
        assert (first["key"], first["settings"], first["points"]) == (
            second["key"], second["settings"], second["points"])
