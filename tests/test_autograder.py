"""Test the tester: the real autograder, run the way students run it, on the
reference models.py, on the untouched skeleton, and on models.py files that
are wrong in known ways (tests/helpers/wrong_models.py says of each what is wrong
and what it must get). Each must lose exactly the points it should,
with a message a student understands, and every run must reach its total.

Speed: the wrong models train the digit model only briefly unless the digit
question is under test, and most runs grade only the questions under test
(`-q qN`). Full runs are used where the point is that grading goes on to the
next questions.
"""

import io
import ntpath
import os
import re

import numpy as np
import pytest

import kit

DEFAULT_QUESTIONS = ["q1", "q2", "q3"]  # the proyecto3b layout, 6 points each


def grade(make_kit, source, *args, timeout=kit.DEFAULT_TIMEOUT, lang="en"):
    """Grade `source` in a fresh kit; the run must end normally."""
    result = kit.run_grader(make_kit(source), *args, timeout=timeout, lang=lang)
    assert result.returncode == 0, result.describe()
    assert "Traceback" not in result.stderr, result.describe()  # the grader itself never crashes
    return result


def assert_points(result, expected):
    """The report gives exactly `expected` ({question: points}, 6 points each)."""
    report = result.report  # parsing asserts the format, the `Total:` line last included
    assert report.points() == expected, result.describe()
    assert report.total == (sum(expected.values()), 6 * len(expected)), result.describe()
    return report


def assert_in(fragment, text):
    assert fragment in text, "{!r} not found in:\n{}".format(fragment, text)


# --------------------------------------------------------------------------
# The reference
# --------------------------------------------------------------------------

@pytest.mark.slow
def test_reference_scores_18_of_18(make_kit, reference_source, needs_mnist):
    result = grade(make_kit, reference_source)
    report = assert_points(result, {"q1": 6, "q2": 6, "q3": 6})
    assert_in("Your final loss is:", report.text("q2"))
    assert_in("Your final test set accuracy is:", report.text("q3"))


@pytest.mark.parametrize("question", [
    "q1",
    "q2",
    pytest.param("q3", marks=pytest.mark.slow),
])
@pytest.mark.slow
def test_reference_scores_6_on_each_question_alone(make_kit, reference_source, question, request):
    if question == "q3":
        request.getfixturevalue("needs_mnist")
    result = grade(make_kit, reference_source, "-q", question)
    report = assert_points(result, {question: 6})
    assert_in("*** PASS: ", report.text(question))


# --------------------------------------------------------------------------
# The skeleton students start from
# --------------------------------------------------------------------------

def test_skeleton_is_the_reference_without_its_solutions(reference_source, skeleton_source):
    compile(skeleton_source, "models.py", "exec")  # it must import
    assert "BEGIN SOLUTION" not in skeleton_source and "END SOLUTION" not in skeleton_source
    stub = '"*** YOUR CODE HERE ***"'  # also quoted once in the module docstring
    assert (skeleton_source.count(stub) - reference_source.count(stub)
            == reference_source.count("# BEGIN SOLUTION"))
    # Outside the fences nothing changes: the given weights, the docstrings.
    assert "self.w = nn.Parameter(1, dimensions)" in skeleton_source
    assert "nn.DotProduct(x, self.w)" not in skeleton_source
    for line in skeleton_source.splitlines():
        assert line in reference_source.splitlines() or line.strip() == '"*** YOUR CODE HERE ***"'


@pytest.mark.slow
def test_skeleton_scores_0_and_says_what_is_missing(make_kit, skeleton_source, needs_mnist):
    result = grade(make_kit, skeleton_source)
    report = assert_points(result, {"q1": 0, "q2": 0, "q3": 0})
    assert_in("PerceptronModel.run() should return a node, not None", report.text("q1"))
    assert_in("RegressionModel.run() should return a node, not None", report.text("q2"))
    assert_in("DigitClassificationModel.run() should return a node, not None", report.text("q3"))
    for question in DEFAULT_QUESTIONS:
        assert "Traceback" not in report.text(question)  # a message, not a crash


# --------------------------------------------------------------------------
# Wrong perceptrons
# --------------------------------------------------------------------------

def _weights(text, label):
    """The 1 x d array printed after `label: ` in a perceptron message."""
    found = re.search(r"(?m)^ *" + re.escape(label) + r": \[\[([^\]]*)\]\]", text)
    assert found, "no {!r} in:\n{}".format(label, text)
    return np.array(found.group(1).split(), dtype=float)


@pytest.mark.parametrize("name, final", [
    # never updates: the weights stay where they started
    ("perceptron_never_updates", lambda initial, point: initial),
    # w <- w - y * x with y = -1 on every point: 20 epochs x 500 mistakes of + point
    ("perceptron_wrong_sign", lambda initial, point: initial + 20 * 500 * point),
])
@pytest.mark.slow
def test_wrong_perceptron_update_keeps_only_the_sanity_points(make_kit, name, final):
    result = grade(make_kit, kit.wrong_model(name), "-q", "q1")
    report = assert_points(result, {"q1": 2})
    text = report.text("q1")
    assert_in("The weights after training are wrong.", text)
    assert_in("On a mistake, update with w <- w + y * x: self.w.update(x, y_value).", text)
    assert "Now training perceptron" not in text  # the check stopped at the update rule
    # The message gives the numbers, so a student can redo the update by hand:
    # the first multiplier that needs an update is 2.
    initial = _weights(text, "initial weights")
    point = _weights(text, "every training point")
    np.testing.assert_allclose(point, 2 * initial, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(_weights(text, "expected weights after training"),
                               initial - point, rtol=1e-6, atol=1e-7)
    # float32 weights (nn.DTYPE): 10,000 updates round 10,000 times.
    np.testing.assert_allclose(_weights(text, "weights after training"),
                               final(initial, point), rtol=1e-3, atol=1e-6)


@pytest.mark.slow
def test_sys_exit_in_train_costs_that_check_and_grading_goes_on(make_kit, needs_mnist):
    result = grade(make_kit, kit.wrong_model("perceptron_sys_exit"))
    report = assert_points(result, {"q1": 2, "q2": 6, "q3": 2})
    assert_in("Your code called sys.exit(0), which ends the check; do not exit from models.py.",
              report.text("q1"))
    assert_in("Your final loss is:", report.text("q2"))
    # Each question starts from the same seed, whatever ran before it.
    alone = kit.run_grader(make_kit(kit.wrong_model("perceptron_sys_exit")), "-q", "q2")

    def without_time(section):  # the time taken differs from run to run
        return [line for line in section if not line.startswith("Time: ")]
    assert without_time(alone.report.sections["q2"]) == without_time(report.sections["q2"])
    assert len(without_time(report.sections["q2"])) > 5


# --------------------------------------------------------------------------
# Wrong regression models
# --------------------------------------------------------------------------

@pytest.mark.slow
def test_parameters_created_in_run_earn_nothing(make_kit):
    result = grade(make_kit, kit.wrong_model("regression_parameters_in_run"), "-q", "q2")
    report = assert_points(result, {"q2": 0})
    assert_in("RegressionModel.run() uses parameters that were not used before. "
              "Create every nn.Parameter once, in __init__, and reuse it on every call.",
              report.text("q2"))


@pytest.mark.slow
def test_a_made_up_constant_loss_earns_nothing(make_kit):
    result = grade(make_kit, kit.wrong_model("regression_constant_loss"), "-q", "q2")
    report = assert_points(result, {"q2": 0})
    assert_in("The node returned by RegressionModel.get_loss() does not depend on the input x",
              report.text("q2"))


@pytest.mark.slow
def test_a_scaled_down_loss_is_caught_by_the_recomputed_loss(make_kit):
    result = grade(make_kit, kit.wrong_model("regression_scaled_loss"), "-q", "q2")
    report = assert_points(result, {"q2": 2})
    text = report.text("q2")
    found = re.search(r"RegressionModel\.get_loss\(\) returned a loss of ([\d.]+), but the "
                      r"autograder computed ([\d.]+) from the output of RegressionModel\.run\(\)",
                      text)
    assert found, text
    claimed, real = float(found.group(1)), float(found.group(2))
    # The model claims a passing loss: only the recomputation stands between it and 6 points.
    assert claimed <= kit.question("regression").threshold < real, text
    assert claimed == pytest.approx(real / 100, abs=1e-4), text
    assert "must be no more than" not in text and "Your final loss is" not in text


@pytest.mark.slow
def test_an_exception_in_train_shows_the_students_traceback_and_grading_goes_on(
        make_kit, needs_mnist):
    source = kit.wrong_model("regression_train_raises")
    result = grade(make_kit, source)
    report = assert_points(result, {"q1": 6, "q2": 2, "q3": 2})
    text = report.text("q2")
    assert_in("Your code raised an exception, so this check earns no more points:", text)
    assert_in("Traceback (most recent call last):", text)
    line = kit.line_of(source, "average = total / batches")
    assert re.search(r'File ".*models\.py", line {}, in train\n'.format(line), text), text
    assert_in("average = total / batches", text)
    assert_in("ZeroDivisionError: float division by zero", text)
    assert "autograder.py" not in text, text
    assert frame_files(text) and frames_not_in_models(text) == [], text  # none the grader's
    assert os.path.join("grading", "") not in text, text  # grading/ here, grading\\ on Windows
    assert_in("*** q3) check_digit_classification", report.text("q3"))


_FRAME = re.compile(r'File "([^"]*)", line \d+')


def frame_files(text):
    """The file of each frame of the tracebacks in `text`."""
    return _FRAME.findall(text)


def frames_not_in_models(text):
    """The files of a traceback's frames that are not a models.py, whatever
    the separator (ntpath.basename splits at both / and \\)."""
    return [path for path in frame_files(text) if ntpath.basename(path) != "models.py"]


def test_a_windows_traceback_of_the_grader_is_caught():
    # The control for the test above: a frame of the grader's on Windows has
    # backslashes, which a check for "grading/" never matches.
    windows = ('Traceback (most recent call last):\n'
               '  File "C:\\Users\\ana\\kit\\models.py", line 12, in train\n'
               '  File "C:\\Users\\ana\\kit\\grading\\report.py", line 40, in add\n'
               'ZeroDivisionError: float division by zero')
    assert "grading" + "/" not in windows  # the old check saw nothing wrong
    assert frames_not_in_models(windows) == ["C:\\Users\\ana\\kit\\grading\\report.py"]
    assert ntpath.join("grading", "") in windows
    posix = windows.replace("\\", "/").replace("C:", "")
    assert frames_not_in_models(posix) == ["/Users/ana/kit/grading/report.py"]
    only_theirs = '  File "C:\\kit\\models.py", line 3, in run\n  File "/kit/models.py", line 4'
    assert frames_not_in_models(only_theirs) == []


# --------------------------------------------------------------------------
# Wrong shapes, wrong digit models
# --------------------------------------------------------------------------

@pytest.mark.slow
def test_wrong_output_shapes_name_both_shapes_and_the_last_layer(make_kit, needs_mnist):
    result = grade(make_kit, kit.wrong_model("wrong_output_shapes"))
    report = assert_points(result, {"q1": 6, "q2": 0, "q3": 0})
    assert_in("RegressionModel.run() should return a node of shape 4x1, got 4x2 "
              "(check the size of the last layer: its number of outputs must be 1)",
              report.text("q2"))
    assert_in("DigitClassificationModel.run() should return a node of shape 4x10, got 4x9 "
              "(check the size of the last layer: its number of outputs must be 10)",
              report.text("q3"))


@pytest.mark.slow
def test_relu_on_the_digit_output_layer_gets_only_the_structural_points(make_kit, needs_mnist):
    result = grade(make_kit, kit.wrong_model("digits_relu_output"), "-q", "q3", timeout=120)
    report = assert_points(result, {"q3": 2})
    text = report.text("q3")
    threshold = kit.question("digits").threshold
    found = re.search(r"Your final test set accuracy \(([\d.]+)%\) must be at least "
                      r"{:.0%} to receive full points for this question".format(threshold), text)
    assert found and float(found.group(1)) < threshold * 100, text


# --------------------------------------------------------------------------
# A models.py that does not even import
# --------------------------------------------------------------------------

@pytest.mark.slow
def test_a_syntax_error_scores_0_on_every_question_and_shows_its_line(make_kit):
    source = kit.wrong_model("syntax_error")
    result = grade(make_kit, source)
    report = assert_points(result, {"q1": 0, "q2": 0, "q3": 0})
    line = kit.line_of(source, "> 0.005  # WRONG: no colon")
    for question in DEFAULT_QUESTIONS:
        text = report.text(question)
        assert_in("Your code raised an exception", text)
        assert re.search(r'File ".*models\.py", line {}\n'.format(line), text), text
        assert_in("while nn.as_scalar(self.get_loss(*everything)) > 0.005", text)
        assert_in("SyntaxError: ", text)  # the wording depends on the Python version


def test_a_syntax_error_shows_no_autograder_frames(make_kit):
    result = grade(make_kit, kit.wrong_model("syntax_error"), "-q", "q1")
    text = result.report.text("q1")
    assert "autograder.py" not in text, text


# --------------------------------------------------------------------------
# The command line
# --------------------------------------------------------------------------

def test_an_unknown_question_is_refused_with_the_layouts_questions(make_kit, reference_source):
    result = kit.run_grader(make_kit(reference_source), "-q", "q9")
    assert result.returncode != 0, result.describe()
    assert_in("There is no question q9 in layout proyecto3b. Its questions are: q1, q2, q3",
              result.stderr)
    assert "Question" not in result.stdout and "Total:" not in result.stdout


@pytest.mark.slow
def test_the_nn_student_layout_grades_regression_as_q1(make_kit, reference_source):
    folder = make_kit(reference_source)
    result = kit.run_grader(folder, "--layout", "nn_student", "-q", "q1")
    assert result.returncode == 0, result.describe()
    report = assert_points(result, {"q1": 6})
    assert_in("*** q1) check_regression", report.text("q1"))
    assert_in("Your final loss is:", report.text("q1"))

    refused = kit.run_grader(folder, "--layout", "nn_student", "-q", "q3")
    assert refused.returncode != 0, refused.describe()
    assert_in("Its questions are: q1, q2", refused.stderr)


# The lines instructors' scripts read: identical in every language.
_FIXED_LINE = re.compile(r"^(Question q\d+(: \d+/\d+)?|=+|-+|\*\*\* .*\) \w+|\*\*\* PASS: \w+"
                         r"|\*\*\* FAIL|### Question q\d+: \d+/\d+ ###|Provisional grades"
                         r"|Total: \d+/\d+)$")


@pytest.mark.parametrize("model, question, english, spanish", [
    (None, "q2", "Your final loss is: ", "Tu pérdida final es: "),
    ("perceptron_never_updates", "q1", "The weights after training are wrong.",
     "Los pesos después del entrenamiento no son correctos."),
])
@pytest.mark.slow
def test_the_language_changes_messages_not_the_report_lines(
        make_kit, reference_source, model, question, english, spanish):
    folder = make_kit(reference_source if model is None else kit.wrong_model(model))
    runs = {}
    for lang in ("en", "es"):
        runs[lang] = kit.run_grader(folder, "-q", question, lang=lang)
        assert runs[lang].returncode == 0, runs[lang].describe()
    assert_in(english, runs["en"].stdout)
    assert english not in runs["es"].stdout
    assert_in(spanish, runs["es"].stdout)
    assert spanish not in runs["en"].stdout
    fixed = {lang: [line for line in run.report.lines if _FIXED_LINE.match(line)]
             for lang, run in runs.items()}
    assert fixed["en"] == fixed["es"]
    assert "Total: " + "{}/{}".format(*runs["en"].report.total) in fixed["en"]
    assert runs["en"].report.questions == runs["es"].report.questions


def _noisy(source):
    """`source` with a print at the start of PerceptronModel.train."""
    anchor = "        while True:\n            mistakes = 0\n"
    assert source.count(anchor) == 1
    return source.replace(anchor, '        print("STUDENT-NOISE")\n' + anchor)


@pytest.mark.slow
def test_mute_hides_what_models_py_prints_but_keeps_the_report(make_kit, reference_source):
    folder = make_kit(_noisy(reference_source))
    loud = kit.run_grader(folder, "-q", "q1")
    assert_in("STUDENT-NOISE", loud.stdout)  # the control: the model does print
    muted = kit.run_grader(folder, "-q", "q1", "--mute")
    assert muted.returncode == 0, muted.describe()
    assert "STUDENT-NOISE" not in muted.stdout + muted.stderr
    assert_points(muted, {"q1": 6})
    assert_in("Sanity checking perceptron...", muted.stdout)  # the grader's own lines stay


def _without_clock(result):
    """The report's lines without what the clock decides: the time of day and
    how long each question took."""
    return [re.sub(r"[\d.]+ s of", "_ s of", line) for line in result.report.lines
            if not line.startswith("Finished at ")]


@pytest.mark.slow
def test_the_same_code_graded_twice_gets_the_same_report(make_kit):
    # q1 prints the (random) initial weights, q2 the final loss to six decimals.
    folder = make_kit(kit.wrong_model("perceptron_never_updates"))
    first = {}
    for question in ("q1", "q2"):
        first[question] = _without_clock(kit.run_grader(folder, "-q", question))
        again = _without_clock(kit.run_grader(folder, "-q", question))
        assert again == first[question]
    assert_in("initial weights: [[", "\n".join(first["q1"]))
    assert_in("Your final loss is: 0.", "\n".join(first["q2"]))
    # The control: another seed gives other numbers, so the comparison can fail.
    reseeded = _without_clock(kit.run_grader(folder, "-q", "q1", "--seed", "1"))
    assert reseeded != first["q1"]


# --------------------------------------------------------------------------
# The report reader itself (a reader that accepts anything proves nothing)
# --------------------------------------------------------------------------

def _sample_report():
    """A report printed by the real Tracker: q1 6/6, q2 2/6 with a message."""
    from grading.report import Tracker
    out = io.StringIO()
    tracker = Tracker([("q1", 6), ("q2", 6)], out=out)
    for name, check, points in (("q1", "check_a", 6), ("q2", "check_b", 2)):
        tracker.begin_question(name)
        tracker.begin_check(check)
        tracker.print("a message for " + name)
        tracker.add_points(points)
        tracker.end_check()
        tracker.end_question()
    tracker.finalize()
    return out.getvalue()


def test_parse_report_reads_the_trackers_report():
    report = kit.parse_report(_sample_report())
    assert report.questions == {"q1": (6, 6), "q2": (2, 6)}
    assert report.total == (8, 12)
    assert report.sections["q2"][:3] == ["Question q2", "===========", "*** q2) check_b"]
    assert report.sections["q2"][-1] == "### Question q2: 2/6 ###"
    assert_in("a message for q2", report.text("q2"))
    assert "a message for q2" not in report.text("q1")


@pytest.mark.parametrize("old, new", [
    ("Total: 8/12\n", "Total: 9/12\n"),                          # does not add up
    ("Total: 8/12\n", "Total: 8/12\nsomething after\n"),         # Total: not last
    ("------------------\nTotal: 8/12\n", ""),                     # cut short
    ("Question q1\n===========\n", "Question q1\n==========\n"),   # short underline
    ("Question q2: 2/6\n", "Question q2: 3/6\n"),                  # grades disagree
    ("Question q2: 2/6\n", ""),                                    # a question missing
    ("### Question q2: 2/6 ###", "### Question q2: 2/6"),          # no closing line
    ("*** PASS: check_a\n", ""),                                   # 6/6 without PASS
    ("### Question q1: 6/6 ###", "### Question q1: 0/6 ###"),      # 0 without FAIL
    ("Provisional grades\n", "Grades\n"),                          # no summary
    ("Finished at ", "Done at "),                                  # no clock line
])
def test_parse_report_rejects_a_malformed_report(old, new):
    text = _sample_report()
    assert old in text
    with pytest.raises(AssertionError):
        kit.parse_report(text.replace(old, new, 1))


# --------------------------------------------------------------------------
# The check helpers, in process
# --------------------------------------------------------------------------

@pytest.fixture
def autograder(monkeypatch):
    import autograder
    import nn
    monkeypatch.setattr(nn, "language", "en")
    return autograder


def test_verify_node_names_the_method_and_what_it_got(autograder):
    import nn
    failed = autograder.CheckFailed
    with pytest.raises(failed, match=r"^M\.run\(\) should return a node, not None$"):
        autograder.verify_node(None, "node", (2, 1), "M.run()")
    with pytest.raises(failed, match=r"^M\.get_weights\(\) should return an nn\.Parameter, "
                                     r"got Constant$"):
        autograder.verify_node(nn.Constant(np.zeros((1, 3))), "parameter", (1, 3),
                               "M.get_weights()")
    with pytest.raises(failed, match=r"should return a loss node .*, got Linear$"):
        autograder.verify_node(nn.Linear(nn.Constant(np.ones((2, 3))), nn.Parameter(3, 1)),
                               "loss", None, "M.get_loss()")
    with pytest.raises(failed, match=r"shape 2x1, got 2x3 \(check the size of the last layer"):
        autograder.verify_node(nn.Constant(np.zeros((2, 3))), "node", (2, 1), "M.run()")
    with pytest.raises(failed, match=r"shape 2x1, got 3x1$"):  # another batch: no layer hint
        autograder.verify_node(nn.Constant(np.zeros((3, 1))), "node", (2, 1), "M.run()")
    autograder.verify_node(nn.Parameter(1, 3), "parameter", (1, 3), "M.get_weights()")
    loss = nn.SquareLoss(nn.Constant(np.zeros((2, 1))), nn.Constant(np.ones((2, 1))))
    autograder.verify_node(loss, "loss", None, "M.get_loss()")


class _TinyModel:
    """A linear model with a switch for each mistake check_structure looks for."""

    def __init__(self, fresh_parameters=False, ignore_x=False, ignore_y=False):
        import nn
        self.nn = nn
        self.w, self.b = nn.Parameter(1, 1), nn.Parameter(1, 1)
        self.fresh_parameters, self.ignore_x, self.ignore_y = fresh_parameters, ignore_x, ignore_y

    def run(self, x):
        nn = self.nn
        if self.fresh_parameters:
            self.w = nn.Parameter(1, 1)
        if self.ignore_x:
            x = nn.Constant(np.ones_like(x.data))
        return nn.AddBias(nn.Linear(x, self.w), self.b)

    def get_loss(self, x, y):
        nn = self.nn
        if self.ignore_y:
            y = nn.Constant(np.zeros_like(y.data))
        return nn.SquareLoss(self.run(x), y)


@pytest.mark.parametrize("switch, message", [
    (None, None),
    ("fresh_parameters", "TinyModel.run() uses parameters that were not used before"),
    ("ignore_x", "The node returned by TinyModel.run() does not depend on the input x"),
    ("ignore_y", "The node returned by TinyModel.get_loss() does not depend on the input y"),
])
def test_check_structure_finds_each_mistake(autograder, switch, message):
    import nn
    from grading import probes
    model = _TinyModel(**({switch: True} if switch else {}))
    inputs = [(nn.Constant(np.ones((n, 1))), nn.Constant(np.zeros((n, 1)))) for n in (1, 2, 4)]
    recorder = probes.Recorder()
    ask = autograder.asking(model, recorder)
    if message is None:
        autograder.check_structure(ask, "TinyModel", inputs, outputs=1)
        # The grader, on the record read back, comes to the same verdict.
        record = probes.load(recorder.arrays())
        autograder.check_structure(autograder.replaying(record), "TinyModel", inputs, outputs=1)
    else:
        with pytest.raises(autograder.CheckFailed, match=re.escape(message)):
            autograder.check_structure(ask, "TinyModel", inputs, outputs=1)

