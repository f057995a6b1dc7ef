"""Promise 1 of the SPEC: a models.py written for the original kit runs
unchanged against ours and gets the same grade. tests/alt_solution/models.py
is a second solution, written independently of the reference and in another
style (unbound Parameter.update, .data[0][0], iterate_forever, typing
annotations, other architectures and stopping rules)."""

import pytest

import kit

ALT_SOLUTION = kit.TESTS / "alt_solution" / "models.py"


@pytest.fixture(scope="module")
def alt_source():
    return ALT_SOLUTION.read_text(encoding="utf-8")


def test_the_alternative_solution_uses_what_original_kit_students_use(alt_source):
    # Guards against "simplifying" it into a copy of the reference.
    for habit in ("nn.Parameter.update(self.w, x, label)", ".data[0][0]",
                  "iterate_forever(", "get_validation_accuracy()", "len(dataset.x)",
                  "from typing import List", "List[nn.Parameter]",
                  "def run(self, x: nn.Constant) -> nn.Node:", "nn.SquareLoss(y, self.run(x))"):
        assert habit in alt_source, habit


@pytest.mark.parametrize("question", ["q1", "q2"])
def test_the_alternative_solution_scores_6_on_the_quick_questions(make_kit, alt_source, question):
    result = kit.run_grader(make_kit(alt_source), "-q", question, timeout=120)
    assert result.returncode == 0, result.describe()
    assert result.report.points() == {question: 6}, result.describe()


@pytest.mark.slow
def test_the_alternative_solution_scores_18_of_18(make_kit, alt_source, needs_mnist):
    result = kit.run_grader(make_kit(alt_source), timeout=300)
    assert result.returncode == 0, result.describe()
    report = result.report
    assert report.points() == {"q1": 6, "q2": 6, "q3": 6}, result.describe()
    assert report.total == (18, 18)
