"""Similar submissions (copydetect), alone and in a batch, and
the command line's --similarity options."""

import csv
import html
import os
import re
import sys

import pytest

import example_batch
import kit
from batches import Tables, read_summary
from grading import engine

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
    page = html_report.render([], kit.questions("proyecto3b", "q1"),
                              engine.GradeOptions(), "entregas", comparison)
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


@pytest.mark.slow
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


@pytest.mark.slow
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
    page = html_report.render([], kit.questions("proyecto3b", "q1"),
                              engine.GradeOptions(), "entregas", comparison)
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
