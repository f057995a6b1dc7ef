"""Promise 1 of the SPEC: a models.py written for the original kit runs
unchanged against ours and gets the same grade. tests/helpers/alt_solution/models.py
is a second solution, written independently of the reference and in another
style (unbound Parameter.update, .data[0][0], iterate_forever, typing
annotations, other architectures and stopping rules)."""

import numpy as np
import pytest

import kit

ALT_SOLUTION = kit.HELPERS / "alt_solution" / "models.py"


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


@pytest.mark.slow
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


@pytest.mark.parametrize("seed", range(5))
def test_the_original_autograders_arithmetic_holds_in_float32(seed, monkeypatch):
    # The checks the original autograder makes with numbers, written its way
    # (float64 points and np.dot against the student's weights, exact equality
    # for the update rule, the sanity loss recomputed from run()), on the
    # reference models with float32 Parameters (nn.DTYPE).
    import backend
    import models
    import nn
    assert nn.DTYPE == np.float32
    monkeypatch.setattr(backend, "use_graphics", False)
    np.random.seed(seed)
    np_random = np.random.RandomState(seed)
    for _ in range(10):
        dimensions = np_random.randint(1, 10)
        p = models.PerceptronModel(dimensions)
        point = np_random.uniform(-10, 10, (1, dimensions))
        score = nn.as_scalar(p.run(nn.Constant(point)))
        assert np.isclose(score, float(np.dot(point.flatten(), p.get_weights().data.flatten())))
        for x in (point, np.zeros_like(point)):
            expected = np.where(np.dot(x, p.get_weights().data.T) >= 0, 1, -1).item()
            assert p.get_prediction(nn.Constant(x)) == expected
    for multiplier in (-5, -2, 2, 5):
        p = models.PerceptronModel(2)
        original = p.get_weights().data.reshape((1, 2)).copy()
        point = multiplier * original
        p.train(backend.Dataset(x=np.tile(point, (500, 1)), y=np.ones((500, 1)) * -1.0))
        expected = original if multiplier < 0 else original - point
        assert np.all(p.get_weights().data.reshape((1, 2)) == expected)
    model = models.PerceptronModel(3)
    dataset = backend.PerceptronDataset(model)
    model.train(dataset)
    predictions = np.where(np.dot(dataset.x, model.get_weights().data.T) >= 0.0, 1.0, -1.0)
    assert np.mean(predictions == dataset.y) == 1.0
    if seed == 0:  # the regression trains for a few tenths of a second
        model = models.RegressionModel()
        dataset = backend.RegressionDataset(model)
        model.train(dataset)
        predicted = model.run(nn.Constant(dataset.x))
        sanity = 0.5 * np.mean((predicted.data - dataset.y) ** 2)
        loss = nn.as_scalar(model.get_loss(nn.Constant(dataset.x), nn.Constant(dataset.y)))
        assert np.isclose(loss, sanity) and kit.question("regression").passes(loss)
