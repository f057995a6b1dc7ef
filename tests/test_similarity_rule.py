"""Similarity an instructor can act on: the flag rule of
grading/similarity.py on small hand-made classes (a copy; convergent code
with many short matches; a hint that everyone shares), --boilerplate, and
the class's histogram in report.html, opened in a real headless Chromium.
bench/bench_similarity.py measures the rule on a larger class."""

import csv
import sys

import pytest

import kit
from batches import Tables, count_color, find_chromium, open_in_chromium, screenshot

CORPUS = kit.ROOT / "bench" / "similarity_corpus"
sys.path.insert(0, str(CORPUS))

import disguise  # noqa: E402  (bench/similarity_corpus/disguise.py)


@pytest.fixture(autouse=True)
def copydetect():
    return pytest.importorskip(
        "copydetect", reason="copydetect is not installed (python -m pip install -r "
                             "requirements-instructor.txt; .ci/run installs it)")


def independent(*names):
    """[(name, source)] of solutions of bench/similarity_corpus written independently."""
    return [(name, (CORPUS / "independent" / (name + ".py")).read_text(encoding="utf-8"))
            for name in names]


CLASS = ("andres", "camila", "diego", "elena", "javier", "lucia", "marco", "nicolas")

# A hint an instructor handed out: every student pasted it into models.py.
HINT = '''

def dense(features, weights, bias, relu=True):
    """Hint 3 from class: one layer, weights then bias, then ReLU if asked."""
    out = nn.AddBias(nn.Linear(features, weights), bias)
    return nn.ReLU(out) if relu else out


def descend(model, dataset, parameters, learning_rate, batch_size, done):
    """Hint 4 from class: gradient descent, one epoch at a time, until done()."""
    while not done():
        for x, y in dataset.iterate_once(batch_size):
            gradients = nn.gradients(model.get_loss(x, y), parameters)
            for parameter, gradient in zip(parameters, gradients):
                parameter.update(gradient, -learning_rate)


def average_loss(model, dataset, batch_size):
    """Hint 5 from class: the mean loss of one pass over the dataset."""
    total, batches = 0.0, 0
    for x, y in dataset.iterate_once(batch_size):
        total += nn.as_scalar(model.get_loss(x, y))
        batches += 1
    return total / batches


def predicted_digits(model, images):
    """Hint 6 from class: the digit each image gets the largest score for."""
    scores = model.run(nn.Constant(images)).data
    return scores.argmax(axis=1)
'''


def with_hint(source):
    """`source` with HINT pasted after its `import nn`."""
    return source.replace("import nn\n", "import nn\n" + HINT, 1)


def flagged(pairs):
    return {(pair.first, pair.second) for pair in pairs if pair.flagged}


def test_a_disguised_copy_is_flagged_and_ranked_first():
    from grading import similarity
    students = independent(*CLASS)
    copy = disguise.recomment(disguise.reorder(disguise.rename(dict(students)["camila"])))
    pairs = similarity.compare(students + [("copia", copy)], similarity.kit_boilerplate())
    assert flagged(pairs) == {("camila", "copia")}
    first = pairs[0]
    assert (first.first, first.second) == ("camila", "copia")
    assert first.copied >= similarity.MINIMUM and first.deviations >= similarity.OUTLIER
    assert min(first.shares) > 0.9 and first.reasons
    assert len(pairs) == 9 * 8 // 2  # every pair is kept
    # The copy's code is marked on both sides, in long fragments only.
    assert all(first.regions) and all(end - start >= 50 for side in first.regions
                                      for start, end in side)


# What every solution writes, in blocks of a line or three, each shorter than a
# long fragment (similarity.FRAGMENT).
CONVERGENT = [["h = nn.ReLU(nn.AddBias(nn.Linear(x, self.w1), self.b1))",
               "return nn.AddBias(nn.Linear(h, self.w2), self.b2)"],
              ["grads = nn.gradients(self.get_loss(x, y), self.params)",
               "for param, grad in zip(self.params, grads):",
               "    param.update(grad, -self.learning_rate)"],
              ["self.w1 = nn.Parameter(784, self.hidden)",
               "self.b1 = nn.Parameter(1, self.hidden)"],
              ["self.w2 = nn.Parameter(self.hidden, 10)",
               "self.b2 = nn.Parameter(1, 10)"],
              ["loss = nn.SoftmaxLoss(self.run(x), y)",
               "total += nn.as_scalar(loss)"],
              ["for x, y in dataset.iterate_once(self.batch_size):",
               "    loss = self.get_loss(x, y)"],
              ["self.params = [self.w1, self.b1, self.w2, self.b2]"],
              ["if dataset.get_validation_accuracy() >= 0.975:",
               "    return"],
              ["return nn.SquareLoss(self.run(x), y)"],
              ["hidden = nn.ReLU(nn.AddBias(nn.Linear(x, self.w1), self.b1))"],
              ["h = nn.ReLU(nn.AddBias(nn.Linear(xs[0], self.w), self.b))",
               "for x in xs[1:]:"],
              ["h = nn.ReLU(nn.AddBias(nn.Add(nn.Linear(x, self.w), nn.Linear(h, self.wh)),",
               "                        self.b))"],
              ["def get_weights(self):", "    return self.w"],
              ["while True:", "    mistakes = 0", "    for x, y in dataset.iterate_once(1):"],
              ["if self.get_prediction(x) != nn.as_scalar(y):",
               "    self.w.update(x, nn.as_scalar(y))"]]


def convergent(glue):
    """A file of the lines every solution writes (CONVERGENT), each block
    followed by a line of its own: `glue(n)`."""
    lines = ["import nn", "", "def model(self, x, y, dataset):"]
    for number, block in enumerate(CONVERGENT):
        lines += ["    " + line for line in block] + ["    " + glue(number)]
    return "\n".join(lines) + "\n"


def test_convergent_code_with_many_short_matches_is_not_flagged():
    """Two students who write the same obvious lines, each with their own
    code between them: most of their code matches (the old fixed threshold
    flagged it), but in short stretches only."""
    from grading import similarity
    first = convergent(lambda n: "print({})".format(n))
    second = convergent(lambda n: "k{0} = {0}".format(n))
    # The two alone, as the old fixed threshold saw them: it flagged them.
    pair, = similarity.compare([("ana", first), ("beto", second)], similarity.kit_boilerplate())
    assert min(pair.shares) >= 0.5 and pair.matched >= similarity.OLD_MINIMUM
    assert pair.longest < similarity.FRAGMENT and pair.copied == 0 and not pair.flagged
    pairs = similarity.compare([("ana", first), ("beto", second)] + independent(*CLASS[:4]),
                               similarity.kit_boilerplate())
    assert flagged(pairs) == set()
    # The control: one a copy of the other, its lines in a row.
    pairs = similarity.compare([("ana", first), ("copia", first)] + independent(*CLASS[:4]),
                               similarity.kit_boilerplate())
    assert flagged(pairs) == {("ana", "copia")}


def test_a_hint_everyone_shares_flags_no_one_but_a_copy():
    """Every student pasted the same long hint: it is the class's code, left
    out, and flags no one; a copy among them still stands out."""
    from grading import similarity
    students = [(name, with_hint(source)) for name, source in independent(*CLASS)]
    # The control: two of them alone, where the hint is not the class's, share enough.
    alone = similarity.compare(students[:2], similarity.kit_boilerplate())
    assert alone[0].copied >= similarity.MINIMUM
    rank = []
    pairs = similarity.compare(students, similarity.kit_boilerplate(), rank=rank)
    assert flagged(pairs) == set(), [(p.first, p.second, p.copied) for p in pairs[:3]]
    assert rank[0].common is not None and max(p.copied for p in pairs) < similarity.MINIMUM
    copy = disguise.rename(disguise.recomment(dict(students)["diego"]))
    pairs = similarity.compare(students + [("copia", copy)], similarity.kit_boilerplate())
    assert flagged(pairs) == {("diego", "copia")}


def test_a_hint_some_share_is_left_out_with_boilerplate():
    """A hint only three of eight students used is not the class's: those
    three pairs stand out, until --boilerplate names the hint."""
    from grading import similarity
    students = independent(*CLASS)
    students = [(name, with_hint(source) if number < 3 else source)
                for number, (name, source) in enumerate(students)]
    pairs = similarity.compare(students, similarity.kit_boilerplate())
    assert flagged(pairs) == {("andres", "camila"), ("andres", "diego"), ("camila", "diego")}
    hint = "import nn\n" + HINT
    pairs = similarity.compare(students, similarity.kit_boilerplate() + [hint])
    assert flagged(pairs) == set()
    assert max(p.copied for p in pairs) < similarity.MINIMUM


@pytest.mark.slow
def test_boilerplate_from_the_command_line(make_kit, reference_source, tmp_path):
    """--boilerplate FILE reaches the comparison; the CSV keeps every pair,
    most similar first, with its signals."""
    folder = tmp_path / "entregas"
    folder.mkdir()
    for number, (name, source) in enumerate(independent(*CLASS[:4])):
        (folder / (name + ".py")).write_text(with_hint(source) if number < 2 else source,
                                             encoding="utf-8")
    hint = tmp_path / "hint.py"
    hint.write_text("import nn\n" + HINT, encoding="utf-8")
    kit_folder = make_kit(reference_source)
    flags = {}
    for extra in ((), ("--boilerplate", str(hint), "--boilerplate", str(hint))):
        output = tmp_path / "grades{}".format(len(extra))
        result = kit.run_grader(kit_folder, "--batch", str(folder), "--batch-output",
                                str(output), "-q", "q1", "--similarity", *extra, timeout=300)
        assert result.returncode == 0, result.describe()
        assert "Similarity: 6 pairs compared" in result.stdout, result.describe()
        with open(output / "similarity.csv", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        assert len(rows) == 6
        scores = [int(row["copied_characters"]) for row in rows]
        assert scores == sorted(scores, reverse=True)
        flags[extra] = [(row["student"], row["other"]) for row in rows
                        if row["flagged"] == "yes"]
        page = (output / "report.html").read_text(encoding="utf-8")
        assert len(Tables(page).rows("closest", "student")) == 4
    assert flags == {(): [("andres", "camila")],
                     ("--boilerplate", str(hint), "--boilerplate", str(hint)): []}


def test_an_unreadable_boilerplate_is_said_before_grading(capsys, tmp_path):
    import autograder
    (tmp_path / "ana.py").write_text("# empty\n")
    code = autograder.main(["--batch", str(tmp_path), "--batch-output", str(tmp_path / "grades"),
                            "--similarity", "--boilerplate", str(tmp_path / "missing.py"),
                            "--lang", "en", "--sandbox", "process"])
    assert code == 2
    err = capsys.readouterr().err
    assert "--boilerplate {} cannot be read".format(tmp_path / "missing.py") in err
    assert not (tmp_path / "grades").exists()  # nothing graded
    code = autograder.main(["-q", "q9", "--boilerplate", "x.py", "--lang", "en"])
    assert "--boilerplate does nothing without --similarity." in capsys.readouterr().err


@pytest.mark.slow
def test_the_histogram_and_the_top_pairs_in_headless_chromium(tmp_path):
    from grading import html_report, similarity
    from grading.engine import GradeOptions
    browser = find_chromium()
    students = independent(*CLASS)
    copy = disguise.recomment(disguise.rename(dict(students)["elena"]))
    rank = []
    pairs = similarity.compare(students + [("copia", copy)], similarity.kit_boilerplate(),
                               rank=rank)
    comparison = similarity.Comparison(pairs, None, 9, 0, rank=rank[0])
    page = tmp_path / "report.html"
    page.write_text(html_report.render([], kit.questions("proyecto3b", "q1"),
                                       GradeOptions(), "entregas", comparison),
                    encoding="utf-8")
    dom, console = open_in_chromium(browser, page, tmp_path / "profile", "--dump-dom")
    assert console == [], console
    tables = Tables(dom)
    assert tables.elements["script"] == 0 and 'id="pairs-chart"' in dom
    rows = tables.rows("similar", "pair")
    assert len(rows) == html_report.TOP_PAIRS  # the top pairs; the CSV has them all
    assert rows[0][1:4] == ["elena", "copia", "yes"] and all(row[3] == "" for row in rows[1:])
    assert "robust standard deviations" in rows[0][-1]
    closest = {cells[0]: cells[1:] for cells in tables.rows("closest", "student")}
    assert closest["copia"][0] == "elena" and closest["elena"][2] == "yes"
    assert sum(1 for cells in closest.values() if cells[2] == "yes") == 2

    pixels = screenshot(browser, page, tmp_path)
    # The histogram's bars are drawn: the pairs in blue, the flagged one in red.
    assert count_color(pixels, html_report.CHART_BLUE) > 200, "no histogram bars in the screenshot"
    assert count_color(pixels, html_report.CHART_RED) > 30, "the flagged pair is not marked"
