"""Every failure the grader recognises gets its code (grading/mistakes.py),
decided from what the grader checked: how the part ended, the grader's own
structural checks, its scoring. Each wrong model gets exactly its code in a
batch's mistakes.csv; the scoring's codes from outputs built to show each
fault; a forged event cannot inject a code of its own."""

import csv
import io

import numpy as np
import pytest

import kit
import wrong_models
from grading import mistakes
from grading.channel import Run, details_of
from grading.endings import Ending
from grading.engine import GradeOptions, ThresholdMissed, grade
from grading.report import Tracker

# --------------------------------------------------------------------------
# How a part ended
# --------------------------------------------------------------------------


@pytest.mark.parametrize("status, details, code", [
    (Ending.TIMEOUT, {}, "timeout"),
    (Ending.DIVERGED, {}, "nan_parameter"),
    (Ending.ERROR, {"exception": "ZeroDivisionError"}, "exception:ZeroDivisionError"),
    (Ending.ERROR, {"exception": "ValueError", "code": "batch_size"}, "batch_size"),
    (Ending.ERROR, {"exception": "<script>", "code": "anything"}, "exception:unknown"),
    (Ending.EXIT, {}, "exit"),
    (Ending.ENDED, {}, "exit"),
    (Ending.CRASH, {}, "crash"),
    (Ending.FAILED, {"code": "node_shape"}, "structure:node_shape"),
    (Ending.FAILED, {"code": "perceptron_update"}, "perceptron_update"),
    (Ending.FAILED, {"code": "made_up"}, "check_failed"),
    (Ending.FINISHED, {}, None),
])
def test_how_a_part_ended_gives_its_code(status, details, code):
    found = mistakes.of_ending(Run(status, None, 1.0, progress={"batches": 7, "passes": 1,
                                                                 "validation": 0.5},
                                   details=details))
    assert [entry["code"] for entry in found] == ([code] if code else [])


def test_a_time_out_keeps_how_far_training_got():
    run = Run(Ending.TIMEOUT, None, 1.0, progress={"passes": 2, "batches": 700,
                                                   "validation": 0.91234567})
    assert mistakes.of_ending(run) == [{"code": "timeout", "batches": 700,
                                        "validation": 0.9123}]


@pytest.mark.parametrize("progress", [
    {"passes": float("inf"), "batches": 1, "validation": None},
    {"passes": 1, "batches": 1, "validation": float("nan")},
    {"passes": 1, "batches": 1, "validation": 7.0},
])
def test_a_forged_progress_event_is_dropped_not_a_grader_fault(progress):
    from grading.channel import Replay
    replay = Replay(None, None)
    replay({"progress": progress})  # raised OverflowError (inf), or kept NaN
    assert replay.progress is None


def test_an_event_keeps_only_short_strings():
    assert details_of({"status": "error", "exception": "KeyError", "code": 3}) == {
        "exception": "KeyError"}
    assert details_of({"status": "error", "exception": "x" * 81}) == {}


def test_a_batch_size_that_does_not_divide_the_data_is_named_in_process():
    # The exception is raised in backend's own check: its code, not its type.
    source = kit.reference_source().replace("        self.batch_size = 20\n",
                                            "        self.batch_size = 7\n", 1)
    assert source != kit.reference_source(), "the control: the regression's batch size"
    tracker = _grade_in_process(source, "regression")
    assert [entry["code"] for entry in tracker.runs["q"].mistakes] == ["batch_size"]


def test_a_perceptron_that_never_looks_at_its_data_is_named_in_process():
    anchor = "        while True:\n            mistakes = 0\n"
    source = kit.reference_source().replace(anchor, "        return\n" + anchor, 1)
    assert source != kit.reference_source(), "the control: the perceptron's loop"
    tracker = _grade_in_process(source, "perceptron")
    assert [entry["code"] for entry in tracker.runs["q"].mistakes] == ["no_iteration"]


def _grade_in_process(source, key, tmp=None):
    import tempfile
    folder = tempfile.mkdtemp(prefix="mistakes-")
    path = folder + "/models.py"
    with open(path, "w", encoding="utf-8") as f:
        f.write(source)
    return grade([("q", kit.question(key))], GradeOptions(isolate=False, models_path=path),
                 out=io.StringIO())


# --------------------------------------------------------------------------
# The scoring's codes
# --------------------------------------------------------------------------

def _score(key, outputs):
    question = kit.question(key)
    tracker = Tracker([("q", question.points)], out=io.StringIO())
    tracker.begin_question("q")
    tracker.seed = 0
    try:
        question.score(tracker, outputs, question)
    except ThresholdMissed as failure:
        return mistakes.of_check(failure, structural=False)
    return None


def _regression_outputs(loss, initial):
    import backend
    saved, backend.use_graphics = backend.use_graphics, False
    try:
        y = backend.RegressionDataset(None).y
    finally:
        backend.use_graphics = saved
    predictions = y + np.sqrt(2 * loss)  # 0.5 * mean((p - y)^2) == loss
    return {"predictions": predictions, "loss": np.array(loss), "initial_loss": np.array(initial)}


@pytest.mark.parametrize("loss, initial, code", [
    (0.3, 0.3, "loss_flat"),
    (0.5, 0.3, "loss_grows"),
    (0.025, 0.3, "stopped_at_threshold"),
    (0.1, 0.3, "threshold_missed"),
])
def test_the_regression_says_how_its_loss_missed(loss, initial, code):
    found = _score("regression", _regression_outputs(loss, initial))
    assert found["code"] == code
    assert found["loss"] == pytest.approx(loss, abs=1e-4)


@pytest.mark.usefixtures("needs_mnist")
@pytest.mark.parametrize("test, validation, code", [
    (9650, 9710, "stopped_at_threshold"),
    (9650, 9650, "threshold_missed"),
    (1000, 1000, "chance_accuracy"),
])
def test_the_digits_say_how_their_accuracy_missed(test, validation, code):
    import backend
    with np.load(backend.get_data_path("mnist.npz")) as data:
        labels = data["test_labels"].astype(int)

    def logits(correct, rows):
        chosen = labels[rows]
        right = np.arange(len(chosen)) < correct * len(chosen) // 10000
        out = np.zeros((len(chosen), 10))
        out[np.arange(len(chosen)), np.where(right, chosen, (chosen + 1) % 10)] = 1.0
        return out
    found = _score("digits", {"logits": logits(test, backend.TEST_ROWS),
                              "dev_logits": logits(validation, backend.VALIDATION_ROWS)})
    assert found["code"] == code
    assert found["accuracy"] == pytest.approx(test / 10000, abs=1e-3)


# --------------------------------------------------------------------------
# Each wrong model in a batch
# --------------------------------------------------------------------------

@pytest.mark.slow
def test_each_wrong_model_gets_its_code_and_no_other(tmp_path):
    from grading.batch import grade_batch
    folder = tmp_path / "class"
    for name, change in wrong_models.WRONG.items():
        (folder / name).mkdir(parents=True)
        (folder / name / "models.py").write_text(change(kit.reference_source()),
                                                 encoding="utf-8")
    output = tmp_path / "grades"
    grade_batch(str(folder), kit.questions("proyecto3b"), GradeOptions(attempts=1),
                str(output), jobs=2, log=lambda line: None)
    with open(output / "mistakes.csv", encoding="utf-8") as f:
        found = {}
        for row in csv.DictReader(f):
            found.setdefault(row["student"], {})[row["question"]] = row["code"]
    for name in wrong_models.WRONG:
        expected = dict(wrong_models.EXPECTED_CODES[name])
        if name != "wrong_output_shapes" and "q3" not in expected:
            expected["q3"] = "threshold_missed"  # trained 50 batches (QUICK_DIGITS)
        assert found.get(name, {}) == expected, name
