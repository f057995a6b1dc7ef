"""Every point is decided in the grader's own process, from data it checks:
what the child says is never taken on its word.

In process: the record of the model's answers (grading/probes.py) and its
verification, each way of tampering with it; the engine's use of it, and
of the attempts' times; outputs of the wrong shape. End to end: the
forgers of tests/helpers/hostile.py (FORGERS) graded as a student grades their own
code (tests/test_sealing.py grades them in every sealed mode).
"""

import dataclasses
import io
import json

import numpy as np
import pytest

import hostile
import kit
from grading.engine import GradeOptions, grade


@pytest.fixture
def autograder(monkeypatch):
    import autograder
    import nn
    monkeypatch.setattr(nn, "language", "en")
    return autograder


def saved(arrays):
    """`arrays` written to an .npz and read back, as the grader reads the child's file."""
    out = io.BytesIO()
    np.savez(out, **arrays)
    out.seek(0)
    with np.load(out, allow_pickle=False) as data:
        return {key: data[key] for key in data.files}


class Tiny:
    """A one-layer network for the structural checks: 3 inputs, 2 outputs."""

    def __init__(self):
        import nn
        self.w, self.b = nn.Parameter(3, 2), nn.Parameter(1, 2)

    def run(self, x):
        import nn
        return nn.ReLU(nn.AddBias(nn.Linear(x, self.w), self.b))

    def get_loss(self, x, y):
        import nn
        return nn.SoftmaxLoss(self.run(x), y)


def tiny_inputs(seed=5):
    import nn
    generator = np.random.RandomState(seed)
    return [(nn.Constant(generator.uniform(size=(n, 3))), nn.Constant(np.eye(2)[[0] * n]))
            for n in (1, 2, 4)]


def tiny_record(autograder, model=None):
    """The record the child makes of Tiny's answers, as the grader reads it."""
    from grading import probes
    recorder = probes.Recorder()
    autograder.check_structure(autograder.asking(model or Tiny(), recorder), "Tiny",
                               tiny_inputs(), outputs=2)
    return saved(recorder.arrays())


def grader_checks(autograder, arrays, inputs=None):
    """The grader's side: load (verify) the record, then the same checks."""
    from grading import probes
    autograder.check_structure(autograder.replaying(probes.load(arrays)), "Tiny",
                               inputs or tiny_inputs(), outputs=2)


def edited(arrays, change):
    """`arrays` with its calls' description changed by `change(calls)`."""
    calls = json.loads(str(arrays["calls"][()]))
    change(calls)
    arrays = dict(arrays)
    arrays["calls"] = np.array(json.dumps(calls))
    return arrays


def nodes_of(calls, kind):
    return [node for call in calls for node in call["nodes"] if node[0] == kind]


# --------------------------------------------------------------------------
# The record and its verification
# --------------------------------------------------------------------------

def test_an_honest_record_passes_the_grader_s_checks(autograder):
    grader_checks(autograder, tiny_record(autograder))


def test_a_node_whose_value_was_changed_is_refused(autograder):
    from grading import probes
    arrays = tiny_record(autograder)
    calls = json.loads(str(arrays["calls"][()]))
    linear = nodes_of(calls, "Linear")[0]
    arrays["a{}".format(linear[3])] = arrays["a{}".format(linear[3])] + 1.0
    with pytest.raises(probes.Invalid, match="Linear whose value is not what nn.py computes"):
        grader_checks(autograder, arrays)


@pytest.mark.parametrize("change, message", [
    # a node said to be computed from a node recorded after it (a cycle, say)
    (lambda calls: calls[0]["nodes"][0][2].append(len(calls[0]["nodes"])),
     "inputs come after it"),
    # an unknown class for a node with inputs: nothing to compute it with
    (lambda calls: nodes_of(calls, "Linear")[0].__setitem__(0, "Mystery"),
     "can only check the nodes of nn.py"),
    # a Linear said to have one input only
    (lambda calls: nodes_of(calls, "Linear")[0][2].pop(),
     "cannot compute again"),
    # a node that names an array that is not there
    (lambda calls: nodes_of(calls, "ReLU")[0].__setitem__(3, 10 ** 6),
     "cannot compute again"),
    # the output said to be another node
    (lambda calls: calls[0].__setitem__("result", 10 ** 6), "no such node"),
    (lambda calls: calls.__setitem__(0, "nonsense"), "malformed record"),
])
def test_a_record_that_cannot_be_what_nn_computed_is_refused(autograder, change, message):
    from grading import probes
    with pytest.raises(probes.Invalid, match=message):
        grader_checks(autograder, edited(tiny_record(autograder), change))


def test_an_unreadable_record_is_refused(autograder):
    from grading import probes
    with pytest.raises(probes.Invalid, match="unreadable"):
        probes.load({"calls": np.array("not json"), "a0": np.zeros(1)})
    with pytest.raises(probes.Invalid, match="unreadable"):
        probes.load({"a0": np.zeros(1)})


def test_a_record_too_large_to_compute_again_is_refused(autograder, monkeypatch):
    from grading import probes
    arrays = tiny_record(autograder)
    monkeypatch.setattr(probes, "MOST_WORK", 10)
    with pytest.raises(probes.Invalid, match="too much work"):
        probes.load(arrays)
    monkeypatch.setattr(probes, "MOST_WORK", 10 ** 9)
    monkeypatch.setattr(probes, "MOST_NODES", 5)
    with pytest.raises(probes.Invalid, match="too many nodes"):
        probes.load(arrays)


def test_the_answers_must_be_to_the_grader_s_own_inputs(autograder):
    arrays = tiny_record(autograder)
    with pytest.raises(autograder.CheckFailed, match="missing or were changed"):
        grader_checks(autograder, arrays, tiny_inputs(seed=6))  # not what the child was given
    with pytest.raises(autograder.CheckFailed, match="missing or were changed"):
        grader_checks(autograder, edited(arrays, lambda calls: calls.pop()))  # one short


def test_one_parameter_said_to_be_used_everywhere_is_caught(autograder):
    # Fresh parameters on each call: the child's checks see it ...
    class Fresh(Tiny):
        def run(self, x):
            self.__init__()
            return super().run(x)

    from grading import probes
    with pytest.raises(autograder.CheckFailed, match="uses parameters that were not used"):
        autograder.check_structure(autograder.asking(Fresh(), probes.Recorder()), "Tiny",
                                   tiny_inputs(), outputs=2)
    # ... and a forger who records every answer and gives all the calls'
    # Parameters the first call's keys is caught by their values.
    recorder, inputs = probes.Recorder(), tiny_inputs()
    for index, (x, y) in enumerate(inputs[-1:] + inputs):
        recorder.ask(Fresh(), "run", x)
        if index:
            recorder.ask(Fresh(), "get_loss", x, y)
    arrays = saved(recorder.arrays())

    def same_keys(calls):
        for call in calls:
            for node in call["nodes"]:
                if node[0] == "Parameter":
                    node[4] = 1 if np.shape(arrays["a{}".format(node[3])]) == (3, 2) else 2
    with pytest.raises(probes.Invalid, match="one Parameter with other values"):
        grader_checks(autograder, edited(arrays, same_keys))
    # The control: with its own keys the record is valid, and the checks say what is wrong.
    with pytest.raises(autograder.CheckFailed, match="uses parameters that were not used"):
        grader_checks(autograder, arrays)


def test_a_node_class_of_the_student_s_own_is_named(autograder):
    import nn

    class Doubler(nn.FunctionNode):
        inputs = ("x",)

        @staticmethod
        def forward(x):
            return 2 * x

    class Custom(Tiny):
        def run(self, x):
            return Doubler(super().run(x))

    from grading import probes
    with pytest.raises(autograder.CheckFailed, match="computed with a node of class Doubler; "
                                                     "the autograder can only check the nodes"):
        autograder.check_structure(autograder.asking(Custom(), probes.Recorder()), "Tiny",
                                   tiny_inputs(), outputs=2)


def test_a_subclass_of_an_nn_node_is_checked_as_that_node(autograder):
    import nn

    class MyLinear(nn.Linear):
        pass

    class Sub(Tiny):
        def run(self, x):
            return nn.AddBias(MyLinear(x, self.w), self.b)

    grader_checks(autograder, tiny_record(autograder, Sub()))


def test_the_perceptron_s_answers_are_checked_again(autograder):
    import models
    from grading import probes

    class Tracker:
        seed = 3

    recorder = probes.Recorder()
    points = autograder.perceptron_points(Tracker.seed)
    for dimensions, point in zip(autograder.DIMENSIONS, points):
        autograder.check_perceptron(autograder.asking(models.PerceptronModel(dimensions),
                                                      recorder), dimensions, point)
    arrays = saved(recorder.arrays())
    autograder.verify_perceptron(Tracker, probes.load(arrays))

    def plus_one(calls):  # every prediction said to be 1
        for call in calls:
            if call["method"] == "get_prediction":
                call["value"]["number"] = 1.0
    with pytest.raises(autograder.CheckFailed, match="it should return 1 when the score is >= 0"):
        autograder.verify_perceptron(Tracker, probes.load(edited(arrays, plus_one)))

    class Other:
        seed = 4  # other points than the child was given
    with pytest.raises(autograder.CheckFailed, match="missing or were changed"):
        autograder.verify_perceptron(Other, probes.load(arrays))


# --------------------------------------------------------------------------
# The engine: points from the grader only
# --------------------------------------------------------------------------

def test_a_points_event_from_the_child_has_no_effect():
    from grading.channel import Replay
    from grading.report import Tracker
    tracker = Tracker([("q1", 6)], out=io.StringIO())
    tracker.begin_question("q1")
    replay = Replay(tracker, None)
    for points in (6, 2, 1):
        replay({"points": points})
    assert tracker.points == {"q1": 0}


def _question(autograder, train, verify=None, score=None):
    real = autograder.QUESTIONS["regression"]
    return dataclasses.replace(real, train=train, score=score or real.score, time_limit=60,
                               verify=verify or real.verify)


def test_no_record_no_structural_points(autograder):
    # A part that finishes, with outputs, but leaves no record of its
    # answers: no point, and the report says what is missing.
    def train(tracker):
        tracker.output("predictions", np.zeros((200, 1)))

    out = io.StringIO()
    tracker = grade([("q2", _question(autograder, train))],
                               GradeOptions(isolate=False), out=out)
    assert tracker.points == {"q2": 0}
    assert "The grader did not get the output structure.npz" in out.getvalue()


def test_a_question_without_structural_checks_is_scored(autograder):
    # An instructor's own question with no `verify`: no record is expected.
    def train(tracker):
        tracker.output("seed", np.array(tracker.seed))

    def score(tracker, outputs, question):
        tracker.add_points(question.trained)

    question = autograder.Question("own", "check_own", ("propia", "own"), train, score,
                                   structural=0, trained=6, time_limit=60, threshold=1.0)
    tracker = grade([("q9", question)], GradeOptions(isolate=False),
                               out=io.StringIO())
    assert tracker.points == {"q9": 6}


def test_the_best_attempt_keeps_its_own_time(autograder):
    # run.seconds (the total) once was written before the attempts' summaries
    # read it, so the best attempt's time was the total of all.
    import time

    from grading.engine import ThresholdMissed

    def train(tracker):
        from grading import probes
        if tracker.seed == 0:
            time.sleep(1.0)  # the first attempt is the slow one
        tracker.structure(probes.Recorder())
        tracker.output("seed", np.array(tracker.seed))

    def score(tracker, outputs, question):
        if int(outputs["seed"]) == 0:
            raise ThresholdMissed("missed by chance")
        tracker.add_points(4)

    question = _question(autograder, train, verify=lambda tracker, record: None, score=score)
    tracker = grade([("q2", question)],
                               GradeOptions(isolate=False, attempts=2),
                               out=io.StringIO())
    assert tracker.points == {"q2": 6}
    run = tracker.runs["q2"]
    first, best = run.attempts
    assert (first["points"], best["points"]) == (2, 6)
    assert first["seconds"] >= 1.0
    assert best["seconds"] < round(run.seconds, 2) - 0.9, run.attempts  # its own, not the total
    assert abs(first["seconds"] + best["seconds"] - run.seconds) < 0.05


# --------------------------------------------------------------------------
# Outputs of the wrong shape said as such, not as 0.0%
# --------------------------------------------------------------------------

@pytest.mark.parametrize("key, outputs, message", [
    ("digits", {"logits": np.zeros((5000, 9))},
     "The output logits of your trained model has shape 5000x9; the grader expected 5000x10."),
    ("digits", {"logits": np.zeros((10,))},
     "The output logits of your trained model has shape 10; the grader expected 5000x10."),
    ("perceptron", {"weights": np.zeros((3, 1))},
     "The output weights of your trained model has shape 3x1; the grader expected 1x3."),
])
def test_a_wrong_output_shape_is_said_not_scored_as_0_percent(autograder, key, outputs, message):
    from grading.report import Tracker
    question = autograder.QUESTIONS[key]
    if key == "perceptron":
        outputs.update({"update_initial_{}".format(m): np.ones((1, 2))
                        for m in autograder.UPDATE_MULTIPLIERS})
        outputs.update({"update_final_{}".format(m): np.ones((1, 2)) * (1 if m < 0 else 1 - m)
                        for m in autograder.UPDATE_MULTIPLIERS})
    tracker = Tracker([("q", 6)], out=io.StringIO())
    tracker.begin_question("q")
    tracker.seed = 0
    with pytest.raises(autograder.CheckFailed) as failure:
        question.score(tracker, outputs, question)
    assert str(failure.value) == message
    assert "0.0" not in str(failure.value)


# --------------------------------------------------------------------------
# The forgers, graded as a student grades their own code (mode none)
# --------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("entry", hostile.FORGERS, ids=[e.name for e in hostile.FORGERS])
def test_a_forger_earns_what_its_structure_earns_in_a_student_s_own_run(make_kit, entry):
    result = kit.run_grader(make_kit(entry.source()), *entry.args, timeout=240)
    assert result.returncode == 0, result.describe()
    report = result.report
    assert report.points() == entry.points, result.describe()
    assert entry.message in report.text(entry.question), result.describe()
    # The control: the forger did find the token (its event was replayed as the grader's).
    assert "FORGED-EVENT-ACCEPTED" in report.lines, result.describe()
