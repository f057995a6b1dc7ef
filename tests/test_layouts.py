"""The three question layouts, and q4 (language identification) graded on the
reference and on language models that are wrong in known ways.

The wrong models are the reference with one method changed (`patched`), so
each differs from a passing model by exactly the mistake under test.
"""

import pytest

import kit


def patched(source, old, new):
    """`source` with the one occurrence of `old` replaced by `new`."""
    assert source.count(old) == 1, old
    return source.replace(old, new)


RUN_LOOP = """        for x in xs[1:]:
            h = nn.ReLU(nn.AddBias(nn.Add(nn.Linear(x, self.w_char),
                                          nn.Linear(h, self.w_hidden)), self.b_hidden))
            summary = nn.Add(summary, h)
"""


def only_last_character(source):
    """WRONG: run() reads only the last character of each word."""
    source = patched(source, "        h = nn.ReLU(nn.AddBias(nn.Linear(xs[0], self.w_char), "
                             "self.b_hidden))\n",
                     "        h = nn.ReLU(nn.AddBias(nn.Linear(xs[-1], self.w_char), "
                     "self.b_hidden))\n")
    return patched(source, RUN_LOOP, "")


def parameters_per_call(source):
    """WRONG: run() makes a new output layer on every call."""
    return patched(source, "        return nn.AddBias(nn.Linear(nn.Add(summary, h), self.w_out), "
                           "self.b_out)\n",
                   "        self.w_out = nn.Parameter(128, 5)\n"
                   "        return nn.AddBias(nn.Linear(nn.Add(summary, h), self.w_out), "
                   "self.b_out)\n")


def four_outputs(source):
    """WRONG: the last layer has 4 outputs, not 5."""
    source = patched(source, "        self.w_out = nn.Parameter(hidden, len(self.languages))\n",
                     "        self.w_out = nn.Parameter(hidden, 4)\n")
    return patched(source, "        self.b_out = nn.Parameter(1, len(self.languages))\n",
                   "        self.b_out = nn.Parameter(1, 4)\n")


def grade(make_kit, source, *args, timeout=kit.DEFAULT_TIMEOUT):
    result = kit.run_grader(make_kit(source), *args, timeout=timeout)
    assert result.returncode == 0, result.describe()
    return result


@pytest.mark.parametrize("mistake, message", [
    (only_last_character,
     "The node returned by LanguageIDModel.run() does not depend on character 0 of 8 (xs[0]): "
     "every character of the word must count"),
    (parameters_per_call,
     "LanguageIDModel.run() uses parameters that were not used before. Create every "
     "nn.Parameter once, in __init__, and reuse it on every call."),
    (four_outputs,
     "LanguageIDModel.run() should return a node of shape 4x5, got 4x4 (check the size of the "
     "last layer: its number of outputs must be 5)"),
])
def test_a_wrong_language_model_loses_all_of_q4(make_kit, reference_source, mistake, message):
    result = grade(make_kit, mistake(reference_source), "--layout", "cs188", "-q", "q4")
    report = result.report
    assert report.points() == {"q4": 0}, result.describe()
    assert message in report.text("q4"), result.describe()


@pytest.mark.slow
def test_the_reference_language_model_earns_all_of_q4(make_kit, reference_source):
    result = grade(make_kit, reference_source, "--layout", "cs188", "-q", "q4")
    report = result.report
    assert report.points() == {"q4": 7}, result.describe()
    assert "*** PASS: check_lang_id" in report.text("q4")
    accuracy = float(report.text("q4").split("Your final test set accuracy is: ")[1].split("%")[0])
    assert accuracy >= 81


@pytest.mark.slow
@pytest.mark.parametrize("layout, expected", [
    ("nn_student", {"q1": 6, "q2": 6}),
    ("cs188", {"q1": 6, "q2": 6, "q3": 6, "q4": 7}),
])
@pytest.mark.slow
def test_each_layout_grades_the_reference_to_full_marks(make_kit, reference_source, needs_mnist,
                                                        layout, expected):
    result = grade(make_kit, reference_source, "--layout", layout)
    report = result.report
    assert report.points() == expected, result.describe()
    assert report.total == (sum(expected.values()), sum(expected.values()))


@pytest.mark.parametrize("layout, question, check", [
    ("proyecto3b", "q1", "check_perceptron"),
    ("proyecto3b", "q2", "check_regression"),
    ("nn_student", "q1", "check_regression"),
    ("cs188", "q1", "check_perceptron"),
    ("cs188", "q2", "check_regression"),
])
def test_question_names_follow_the_layout(make_kit, reference_source, layout, question, check):
    result = grade(make_kit, reference_source, "--layout", layout, "-q", question)
    assert "*** {}) {}".format(question, check) in result.stdout, result.describe()
    assert result.report.points() == {question: 6}


@pytest.mark.parametrize("layout, question, known", [
    ("proyecto3b", "q4", "q1, q2, q3"),
    ("nn_student", "q3", "q1, q2"),
    ("cs188", "q5", "q1, q2, q3, q4"),
])
def test_a_question_the_layout_does_not_have_is_refused_with_the_list(
        make_kit, reference_source, layout, question, known):
    result = kit.run_grader(make_kit(reference_source), "--layout", layout, "-q", question)
    assert result.returncode == 2, result.describe()
    assert result.stderr.strip() == (
        "There is no question {} in layout {}. Its questions are: {}".format(
            question, layout, known)), result.describe()
    assert result.stdout == ""


def test_an_unknown_layout_is_refused_with_the_list(make_kit, reference_source):
    result = kit.run_grader(make_kit(reference_source), "--layout", "cs189")
    assert result.returncode == 2
    assert "invalid choice: 'cs189' (choose from" in result.stderr
    for layout in ("cs188", "nn_student", "proyecto3b"):
        assert layout in result.stderr


@pytest.mark.slow
def test_the_skeleton_scores_0_of_25_in_the_full_layout(make_kit, skeleton_source, needs_mnist):
    result = grade(make_kit, skeleton_source, "--layout", "cs188")
    report = result.report
    assert report.points() == {"q1": 0, "q2": 0, "q3": 0, "q4": 0}, result.describe()
    assert "LanguageIDModel.run() should return a node, not None" in report.text("q4")
