"""The autograder for the machine-learning project.

    python autograder.py              grade every question
    python autograder.py -q q2        grade one question
    python autograder.py --no-graphics
    python autograder.py --check-dependencies

Califica models.py. Cada pregunta se califica por separado: un error en tu
código solo cuesta los puntos de esa comprobación.

The checks below read like the handout: what each question asks of
models.py and how many points it is worth. The report, the messages and how
student code is run live in the grading/ package.
"""

import argparse
import os
import sys
import traceback

import numpy as np

import backend
import nn
from grading.messages import LANGUAGES, say, set_language
from grading.tracker import CheckFailed, Tracker

HERE = os.path.dirname(os.path.abspath(__file__))


# --------------------------------------------------------------------------
# Helpers for the checks
# --------------------------------------------------------------------------

def require(condition, message):
    """Fail the current check with `message` (for the student) unless `condition`."""
    if not condition:
        raise CheckFailed(message)


def verify_node(node, kind, shape, method):
    """Check that `node`, returned by `method`, is a node of `kind` and `shape`.

    kind: 'parameter', 'loss' or 'node'; shape None means any.
    """
    got = "None" if node is None else type(node).__name__
    if kind == "parameter":
        require(isinstance(node, nn.Parameter), say("not_a_parameter", method=method, got=got))
    elif kind == "loss":
        require(isinstance(node, nn.LOSSES), say("not_a_loss", method=method, got=got))
    else:
        require(isinstance(node, nn.Node), say("not_a_node", method=method, got=got))
    if shape is not None and np.shape(node.data) != shape:
        hint = ""
        if kind == "node" and np.ndim(node.data) == 2 and node.data.shape[0] == shape[0]:
            hint = say("hint_last_layer", size=shape[1])
        require(False, say("wrong_shape", method=method, expected=nn.format_shape(shape),
                           got=nn.format_shape(np.shape(node.data)), hint=hint))


def reachable(node):
    """Every node that `node` was computed from, itself included."""
    seen, stack = set(), [node]
    while stack:
        current = stack.pop()
        if current not in seen:
            seen.add(current)
            stack.extend(current.parents)
    return seen


def parameters_in(nodes):
    return {node for node in nodes if isinstance(node, nn.Parameter)}


def check_structure(model, name, inputs, outputs):
    """The structural checks shared by the network questions.

    `inputs` yields (x, y) pairs: x a Constant, or a list of Constants (one
    per character) for the language model, y a Constant; `outputs` is the expected
    number of columns of run(x). For each pair: run(x) has shape
    (batch x outputs) and depends on x; get_loss(x, y) is a loss that depends
    on x and y; no call uses a Parameter the first call did not (parameters
    are created once, in __init__).
    """
    inputs = list(inputs)
    known = None
    # The last input is the largest (for words, the longest), so the first
    # call, on it, uses every parameter; later calls may use fewer, not others.
    for index, (x, y) in enumerate(inputs[-1:] + inputs):
        output = model.run(x)
        batch = (x[0] if isinstance(x, list) else x).data.shape[0]
        verify_node(output, "node", (batch, outputs), name + ".run()")
        graph = reachable(output)
        require_inputs(graph, x, name + ".run()")
        if known is None:
            known = parameters_in(graph)
        require(parameters_in(graph) <= known, say("new_parameters", method=name + ".run()"))
        if index == 0:
            continue  # this first call only records the parameters; the input comes again

        loss = model.get_loss(x, y)
        verify_node(loss, "loss", None, name + ".get_loss()")
        graph = reachable(loss)
        require_inputs(graph, x, name + ".get_loss()")
        require(y in graph, say("no_dependence", method=name + ".get_loss()", input="y"))
        require(parameters_in(graph) <= known, say("new_parameters", method=name + ".get_loss()"))


def require_inputs(graph, x, method):
    """`x`, a node or a list of nodes (one per character), is all in `graph`."""
    if not isinstance(x, list):
        require(x in graph, say("no_dependence", method=method, input="x"))
        return
    for position, node in enumerate(x):
        require(node in graph, say("no_dependence_char", method=method, position=position,
                                   length=len(x)))


def first_rows(dataset, batch_sizes):
    for batch_size in batch_sizes:
        yield nn.Constant(dataset.x[:batch_size]), nn.Constant(dataset.y[:batch_size])


# --------------------------------------------------------------------------
# The questions
# --------------------------------------------------------------------------

def check_perceptron(tracker):
    """Q1, 6 points: the perceptron."""
    import models

    tracker.print(say("perceptron_sanity"))
    for dimensions in range(1, 10):
        model = models.PerceptronModel(dimensions)
        weights = model.get_weights()
        verify_node(weights, "parameter", (1, dimensions), "PerceptronModel.get_weights()")

        point = np.random.uniform(-10, 10, (1, dimensions))
        score = model.run(nn.Constant(point))
        verify_node(score, "node", (1, 1), "PerceptronModel.run()")
        expected = (point @ weights.data.T).item()
        require(np.isclose(nn.as_scalar(score), expected),
                say("perceptron_score", got=nn.as_scalar(score), point=point, expected=expected))

        for x in (point, np.zeros_like(point)):  # zeros: the score is exactly 0
            prediction = model.get_prediction(nn.Constant(x))
            require(_is_plus_or_minus_one(prediction),
                    say("perceptron_prediction_value", got=prediction))
            score = (x @ weights.data.T).item()
            require(prediction == (1 if score >= 0 else -1),
                    say("perceptron_prediction_rule", got=prediction, score=score))
    tracker.add_points(2)

    # The update rule, exactly: 500 copies of m * w0, all labelled -1. For
    # m < 0 every point is already right; for m > 0 the first is wrong, the
    # update w0 + (-1)(m w0) makes the rest right.
    tracker.print(say("perceptron_update_check"))
    for multiplier in (-5, -2, 2, 5):
        model = models.PerceptronModel(2)
        initial = model.get_weights().data.copy()
        if not np.any(initial):
            continue  # the rule cannot be seen from zero weights
        point = multiplier * initial
        model.train(backend.Dataset(x=np.tile(point, (500, 1)), y=-np.ones((500, 1))))
        expected = initial if multiplier < 0 else initial - point
        final = model.get_weights().data
        require(np.array_equal(final, expected), say(
            "perceptron_update_wrong", initial=initial, point=point, expected=expected, got=final))

    tracker.print(say("perceptron_training"))
    model = models.PerceptronModel(3)
    dataset = backend.PerceptronDataset(model)
    model.train(dataset)
    backend.maybe_sleep_and_close(1)
    require(dataset.epoch > 0, say("perceptron_no_iteration"))
    predictions = np.where(dataset.x @ model.get_weights().data.T >= 0, 1.0, -1.0)
    accuracy = float(np.mean(predictions == dataset.y))
    require(accuracy == 1.0, say("perceptron_accuracy", accuracy=accuracy))
    tracker.add_points(4)


def _is_plus_or_minus_one(value):
    try:
        return bool(value == 1 or value == -1)
    except Exception:  # e.g. an array with several values
        return False


def check_regression(tracker):
    """Q2 (Q1 in nn_student), 6 points: approximate sin(x)."""
    import models

    model = models.RegressionModel()
    dataset = backend.RegressionDataset(model)
    check_structure(model, "RegressionModel", first_rows(dataset, (1, 2, 4)), outputs=1)
    tracker.add_points(2)

    model.train(dataset)
    backend.maybe_sleep_and_close(1)
    x, y = nn.Constant(dataset.x), nn.Constant(dataset.y)
    predicted = model.run(x)
    verify_node(predicted, "node", dataset.y.shape, "RegressionModel.run()")
    # Recomputed here from run(), so a made-up loss earns nothing.
    expected = 0.5 * float(np.mean((predicted.data - dataset.y) ** 2))
    loss_node = model.get_loss(x, y)
    verify_node(loss_node, "loss", None, "RegressionModel.get_loss()")
    loss = nn.as_scalar(loss_node)
    require(np.isclose(loss, expected), say("loss_mismatch", loss=loss, expected=expected))
    threshold = 0.02
    require(loss <= threshold, say("regression_fail", loss=loss, threshold=threshold))
    tracker.print(say("regression_pass", loss=loss))
    tracker.add_points(4)


def check_digit_classification(tracker):
    """Q3 (Q2 in nn_student), 6 points: MNIST digits, >= 97% test accuracy."""
    import models

    model = models.DigitClassificationModel()
    dataset = backend.DigitClassificationDataset(model)
    check_structure(model, "DigitClassificationModel", first_rows(dataset, (1, 2, 4)),
                    outputs=10)
    tracker.add_points(2)

    model.train(dataset)
    backend.maybe_sleep_and_close(1)
    logits = model.run(nn.Constant(dataset.test_images))
    verify_node(logits, "node", (len(dataset.test_images), 10), "DigitClassificationModel.run()")
    accuracy = float(np.mean(np.argmax(logits.data, axis=1) == dataset.test_labels))
    threshold = 0.97
    if accuracy < 0.2:
        tracker.print(say("digits_chance_hint"))
    require(accuracy >= threshold, say("accuracy_fail", accuracy=accuracy, threshold=threshold))
    tracker.print(say("accuracy_pass", accuracy=accuracy))
    tracker.add_points(4)


def check_lang_id(tracker):
    """Q4 (cs188 only), 7 points: the language of a word, >= 81% test accuracy."""
    import models

    model = models.LanguageIDModel()
    dataset = backend.LanguageIDDataset(model)
    start, _ = dataset.dev_buckets[-1]  # the longest words: every length fits
    inputs = (dataset._encode(dataset.dev_x[start:start + batch, :length],
                              dataset.dev_y[start:start + batch])
              for batch, length in ((1, 1), (2, 1), (2, 6), (4, 8)))
    check_structure(model, "LanguageIDModel", inputs, outputs=5)
    tracker.add_points(2)

    model.train(dataset)
    backend.maybe_sleep_and_close(1)
    correct = 0
    for start, end in dataset.test_buckets:  # one batch per word length
        xs, _ = dataset._encode(dataset.test_x[start:end], dataset.test_y[start:end])
        logits = model.run(xs)
        verify_node(logits, "node", (end - start, 5), "LanguageIDModel.run()")
        correct += int(np.sum(np.argmax(logits.data, axis=1) == dataset.test_y[start:end]))
    accuracy = correct / len(dataset.test_y)
    threshold = 0.81
    if accuracy < 0.3:
        tracker.print(say("lang_chance_hint"))
    require(accuracy >= threshold, say("accuracy_fail", accuracy=accuracy, threshold=threshold))
    tracker.print(say("accuracy_pass", accuracy=accuracy))
    tracker.add_points(5)


# Which questions a run grades, and what they are called.
LAYOUTS = {
    "proyecto3b": [("q1", check_perceptron, 6),
                   ("q2", check_regression, 6),
                   ("q3", check_digit_classification, 6)],
    "nn_student": [("q1", check_regression, 6),
                   ("q2", check_digit_classification, 6)],
    "cs188": [("q1", check_perceptron, 6),
              ("q2", check_regression, 6),
              ("q3", check_digit_classification, 6),
              ("q4", check_lang_id, 7)],
}
DEFAULT_LAYOUT = "proyecto3b"


# --------------------------------------------------------------------------
# Running the checks
# --------------------------------------------------------------------------

def grade(questions, seed=0, mute=False, out=None):
    """Grade `questions`, a list of (name, check, points); return the Tracker."""
    tracker = Tracker([(name, points) for name, _, points in questions], out=out)
    for name, check, _ in questions:
        tracker.begin_question(name)
        tracker.begin_check(check.__name__)
        np.random.seed(seed)
        run_check(tracker, check, mute)
        tracker.end_check()
        tracker.end_question()
    tracker.finalize()
    return tracker


def run_check(tracker, check, mute):
    """Run one check; a failure or a crash in student code ends only this check."""
    stdout = sys.stdout
    if mute:
        sys.stdout = open(os.devnull, "w")
    try:
        check(tracker)
    except CheckFailed as failure:
        tracker.print(str(failure))
    except SystemExit as exit_:
        tracker.print(say("student_exit", code=exit_.code))
    except Exception as error:
        tracker.print(say("student_exception"))
        tracker.print(student_traceback())
        if "only 0-dimensional arrays can be converted" in str(error):
            tracker.print(say("hint_as_scalar"))
    finally:
        if mute:
            sys.stdout.close()
            sys.stdout = stdout
        backend.maybe_sleep_and_close(0)


def student_traceback():
    """The current exception's traceback without the autograder's own frames."""
    _, error, tb = sys.exc_info()
    frames = traceback.extract_tb(tb)
    theirs = [frame for frame in frames if not _is_grader_file(frame.filename)]
    if theirs:
        frames = theirs
    elif isinstance(error, SyntaxError):  # the message itself names the student's line
        frames = []
    # else the fault is in the grader: show everything
    lines = traceback.format_list(frames) + traceback.format_exception_only(type(error), error)
    return "Traceback (most recent call last):\n" + "".join(lines).rstrip()


def _is_grader_file(filename):
    path = os.path.abspath(filename)
    return (path == os.path.abspath(__file__)
            or path.startswith(os.path.join(HERE, "grading") + os.sep)
            or filename.startswith("<frozen "))


# --------------------------------------------------------------------------
# --check-dependencies
# --------------------------------------------------------------------------

def check_dependencies(seconds=3.0):
    """Report the versions in use and, with a display, spin a line in a window."""
    try:
        import matplotlib
    except ImportError:
        print(say("deps_missing", package="matplotlib"))
        return 1
    plt = backend.pyplot_for_windows()
    print(say("deps_versions", python=sys.version.split()[0], numpy=np.__version__,
              matplotlib=matplotlib.__version__, backend=matplotlib.get_backend()))
    if plt is None:
        print(say("deps_no_window"))
    else:
        print(say("deps_window"))
        figure, axes = plt.subplots(1, 1)
        axes.set_xlim(-1, 1)
        axes.set_ylim(-1, 1)
        line, = axes.plot([], [], color="black")
        plt.show(block=False)
        steps = int(seconds / 0.02)
        for step in range(steps):
            angle = step * 0.05
            line.set_data([np.sin(angle), -np.sin(angle)], [np.cos(angle), -np.cos(angle)])
            plt.pause(0.02)
        plt.close(figure)
    print(say("deps_ok"))
    return 0


def _has_matplotlib():
    try:
        import matplotlib  # noqa: F401
        return True
    except ImportError:
        return False


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------

def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        description="Grade models.py. / Califica models.py.")
    parser.add_argument("-q", "--question", help="grade only this question, e.g. q1")
    parser.add_argument("--no-graphics", action="store_true", help="train without plots")
    parser.add_argument("--mute", action="store_true",
                        help="hide what models.py prints while it is graded")
    parser.add_argument("--check-dependencies", action="store_true",
                        help="check that numpy and matplotlib work, then exit")
    parser.add_argument("--layout", choices=sorted(LAYOUTS), default=DEFAULT_LAYOUT,
                        help="which questions the handout has (default: %(default)s)")
    parser.add_argument("--lang", choices=LANGUAGES,
                        help="language of the messages (default: from the locale)")
    parser.add_argument("--seed", type=int, default=0,
                        help="random seed set before each question (default: %(default)s)")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_arguments(argv)
    if args.lang:
        set_language(args.lang)
    if args.check_dependencies:
        return check_dependencies()

    questions = LAYOUTS[args.layout]
    if args.question:
        questions = [q for q in questions if q[0] == args.question]
        if not questions:
            known = ", ".join(name for name, _, _ in LAYOUTS[args.layout])
            print(say("unknown_question", question=args.question, layout=args.layout,
                      known=known), file=sys.stderr)
            return 2

    backend.use_graphics = not args.no_graphics
    if backend.use_graphics and backend.pyplot_for_windows() is None:
        print(say("no_display" if _has_matplotlib() else "no_matplotlib"))
        backend.use_graphics = False
    grade(questions, seed=args.seed, mute=args.mute)
    return 0


if __name__ == "__main__":
    sys.exit(main())
