"""models.py files that are wrong in known ways (not a test file).

Each is the reference models.py with the changes listed, so that it differs
from a passing model by exactly its mistake. Models whose digit question is
not under test train the digits for 50 batches only (QUICK_DIGITS), to keep
the suite fast; graded, that question earns its 2 structural points.
tests/test_autograder.py grades each and checks what it loses.
"""

from hostile import DIGITS_TRAIN, REGRESSION_TRAIN, before, chain, replace


def digits_stop_at(step, why):
    """A change: the digit model's training loop ends at `step` (before its own rule)."""
    return replace(DIGITS_TRAIN, DIGITS_TRAIN + "            if step == {}:  # {}\n"
                                                "                return\n".format(step, why))


QUICK_DIGITS = digits_stop_at(50, "quick: the digits are not under test here")
PERCEPTRON_LOOP = ("        while True:\n"
                   "            mistakes = 0\n"
                   "            for x, y in dataset.iterate_once(1):\n"
                   "                label = nn.as_scalar(y)\n"
                   "                if self.get_prediction(x) != label:\n"
                   "                    self.w.update(x, label)  # w <- w + y * x\n"
                   "                    mistakes += 1\n"
                   "            if mistakes == 0:\n"
                   "                return\n")
REGRESSION_OUTPUT = ("        self.w3 = nn.Parameter(hidden, 1)\n"
                     "        self.b3 = nn.Parameter(1, 1)\n")
DIGITS_OUTPUT = ("        self.w2 = nn.Parameter(hidden, 10)\n"
                 "        self.b2 = nn.Parameter(1, 10)\n")

# The mistake code (grading/mistakes.py) each wrong model must get, per
# question, in a batch with one attempt (a question not listed: none; the
# digits trained 50 batches miss their threshold: threshold_missed).
EXPECTED_CODES = {
    "perceptron_never_updates": {"q1": "perceptron_update"},
    "perceptron_wrong_sign": {"q1": "perceptron_update"},
    "perceptron_sys_exit": {"q1": "exit"},
    "regression_constant_loss": {"q2": "structure:input_unused"},
    "regression_scaled_loss": {"q2": "loss_recomputed"},
    "regression_parameters_in_run": {"q2": "structure:new_parameters"},
    "regression_train_raises": {"q2": "exception:ZeroDivisionError"},
    "wrong_output_shapes": {"q2": "structure:node_shape", "q3": "structure:node_shape"},
    "digits_relu_output": {"q3": "threshold_missed"},
    "syntax_error": {"q1": "exception:SyntaxError", "q2": "exception:SyntaxError",
                     "q3": "exception:SyntaxError"},
}

WRONG = {
    # PerceptronModel.train finds the mistakes but forgets the update (and,
    # so as to end, stops after one pass). Expected: q1 2/6, "The weights
    # after training are wrong".
    "perceptron_never_updates": chain(QUICK_DIGITS, replace(PERCEPTRON_LOOP, (
        "        for x, y in dataset.iterate_once(1):\n"
        "            label = nn.as_scalar(y)\n"
        "            if self.get_prediction(x) != label:\n"
        "                pass  # WRONG: the update w <- w + y * x is missing\n"))),

    # w <- w - y * x: each mistake pushes the line the wrong way; 20 epochs at
    # most. Expected: q1 2/6, "The weights after training are wrong".
    "perceptron_wrong_sign": chain(QUICK_DIGITS, replace(PERCEPTRON_LOOP, (
        "        for epoch in range(20):\n"
        "            mistakes = 0\n"
        "            for x, y in dataset.iterate_once(1):\n"
        "                label = nn.as_scalar(y)\n"
        "                if self.get_prediction(x) != label:\n"
        "                    self.w.update(x, -label)  # WRONG: w <- w - y * x\n"
        "                    mistakes += 1\n"
        "            if mistakes == 0:\n"
        "                return\n"))),

    # sys.exit(0) once the perceptron has converged. Expected: q1 2/6 ("Your
    # code called sys.exit(0)"), then grading goes on: q2 6/6, q3 2/6.
    "perceptron_sys_exit": chain(QUICK_DIGITS, replace(
        "            if mistakes == 0:\n                return\n",
        "            if mistakes == 0:\n"
        "                import sys\n"
        "                sys.exit(0)  # WRONG: ends the whole program\n")),

    # get_loss returns the square loss of two constants, whatever x and y.
    # Expected: q2 0/6, "does not depend on the input x".
    "regression_constant_loss": chain(QUICK_DIGITS, replace(
        "        return nn.SquareLoss(self.run(x), y)\n",
        "        # WRONG: a loss that does not depend on x or y\n"
        "        import numpy as np\n"
        "        n = x.data.shape[0]\n"
        "        return nn.SquareLoss(nn.Constant(np.zeros((n, 1))),\n"
        "                             nn.Constant(np.full((n, 1), 0.001)))\n")),

    # get_loss scales prediction and targets by 0.1: it reports a hundredth of
    # the real loss, below 0.005 from the start, so training stops at once.
    # Expected: q2 2/6, never 6: the grader recomputes the loss from run().
    "regression_scaled_loss": chain(QUICK_DIGITS, replace(
        "        return nn.SquareLoss(self.run(x), y)\n",
        "        # WRONG: the loss of 0.1 * prediction against 0.1 * y is 0.01 times the real one\n"
        "        import numpy as np\n"
        "        tenth = nn.Constant(np.array([[0.1]]))\n"
        "        return nn.SquareLoss(nn.Linear(self.run(x), tenth), nn.Linear(y, tenth))\n")),

    # run() makes new Parameters on every call. Expected: q2 0/6, "Create every
    # nn.Parameter once".
    "regression_parameters_in_run": chain(QUICK_DIGITS, before(
        "        h1 = nn.ReLU(nn.AddBias(nn.Linear(x, self.w1), self.b1))\n",
        """
        # WRONG: fresh parameters on every call
        self.w1, self.b1 = nn.Parameter(1, 64), nn.Parameter(1, 64)
        self.parameters = [self.w1, self.b1, self.w2, self.b2, self.w3, self.b3]
        """)),

    # train divides by a counter it never increments: ZeroDivisionError after
    # the first pass. Expected: q1 6/6, q2 2/6 with the student's traceback
    # (models.py, the line of the division), q3 2/6.
    "regression_train_raises": chain(QUICK_DIGITS, before(REGRESSION_TRAIN, """
        batches = 0
        total = 0.0
        for x, y in dataset.iterate_once(self.batch_size):
            total += nn.as_scalar(self.get_loss(x, y))
        average = total / batches  # WRONG: batches is still 0
        """)),

    # The last layers have the wrong size: regression batch x 2, digits
    # batch x 9. Expected: q1 6/6, q2 0/6 and q3 0/6, with the shapes and the
    # hint about the last layer; both fail before training.
    "wrong_output_shapes": chain(
        replace(REGRESSION_OUTPUT, "        self.w3 = nn.Parameter(hidden, 2)  # WRONG: 2 outputs\n"
                                   "        self.b3 = nn.Parameter(1, 2)\n"),
        replace(DIGITS_OUTPUT, "        self.w2 = nn.Parameter(hidden, 9)  # WRONG: 9 outputs\n"
                               "        self.b2 = nn.Parameter(1, 9)\n")),

    # A ReLU after the digit model's last layer: scores cannot be negative.
    # Trained one epoch, honestly graded. Expected: q3 2/6 (below the threshold).
    "digits_relu_output": chain(
        replace("        return nn.AddBias(nn.Linear(hidden, self.w2), self.b2)\n",
                "        return nn.ReLU(nn.AddBias(nn.Linear(hidden, self.w2), self.b2))"
                "  # WRONG: ReLU\n"),
        digits_stop_at(600, "one epoch")),

    # The colon after the while condition is missing: models.py cannot be
    # imported. Expected: every question 0/6, each showing the line.
    "syntax_error": replace(
        "        while nn.as_scalar(self.get_loss(*everything)) > 0.005:\n",
        "        while nn.as_scalar(self.get_loss(*everything)) > 0.005  # WRONG: no colon\n"),
}
