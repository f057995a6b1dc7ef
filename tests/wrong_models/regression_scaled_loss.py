"""WRONG: RegressionModel.get_loss scales the prediction and the targets by
0.1 before the square loss, so it reports a hundredth of the real loss.
Training stops as soon as that small number is below 0.005, which it is
from the start: run() stays a poor fit of sin(x), yet get_loss() claims a
loss below the 0.02 threshold.

Expected (default layout): q2 2/6, never 6: the structure is right (the
loss depends on x and y), but the autograder recomputes the loss from run()
and the numbers disagree ("... but the autograder computed ...").
Everything else is the reference, except the digit model's training, cut
short to keep the tests fast (q3, if graded, 2/6).
"""

import numpy as np

import nn


class PerceptronModel(object):
    def __init__(self, dimensions):
        """
        A new perceptron for points with `dimensions` features.

        A perceptron sorts each point into one of two classes: +1 or -1.
        For example, dimensions=2 means the perceptron classifies points in
        the plane. The weights are given to you as a 1 x dimensions Parameter.
        """
        self.w = nn.Parameter(1, dimensions)

    def get_weights(self):
        """
        The Parameter holding the perceptron's current weights.
        """
        return self.w

    def run(self, x):
        """
        The score the perceptron gives to a point x.

        Inputs:
            x: a node with shape (1 x dimensions)
        Returns: a node holding a single number, the score (use nn.DotProduct)
        """
        # BEGIN SOLUTION
        return nn.DotProduct(x, self.w)
        # END SOLUTION

    def get_prediction(self, x):
        """
        The class the perceptron predicts for a single point x.

        Returns: 1 if the score is not negative, -1 otherwise
        """
        # BEGIN SOLUTION
        return 1 if nn.as_scalar(self.run(x)) >= 0 else -1
        # END SOLUTION

    def train(self, dataset):
        """
        Train the perceptron until it makes no mistake in a whole pass.
        """
        # BEGIN SOLUTION
        while True:
            mistakes = 0
            for x, y in dataset.iterate_once(1):
                label = nn.as_scalar(y)
                if self.get_prediction(x) != label:
                    self.w.update(x, label)  # w <- w + y * x
                    mistakes += 1
            if mistakes == 0:
                return
        # END SOLUTION


class RegressionModel(object):
    """
    A neural network that maps real numbers to real numbers. It should be
    large enough to approximate sin(x) on [-2pi, 2pi] closely.
    """
    def __init__(self):
        # Initialize your model parameters here
        # BEGIN SOLUTION
        hidden = 64
        self.w1 = nn.Parameter(1, hidden)
        self.b1 = nn.Parameter(1, hidden)
        self.w2 = nn.Parameter(hidden, hidden)
        self.b2 = nn.Parameter(1, hidden)
        self.w3 = nn.Parameter(hidden, 1)
        self.b3 = nn.Parameter(1, 1)
        self.parameters = [self.w1, self.b1, self.w2, self.b2, self.w3, self.b3]
        self.batch_size = 20
        self.learning_rate = 0.05
        # END SOLUTION

    def run(self, x):
        """
        The model's predictions for a batch of examples.

        Inputs:
            x: a node with shape (batch_size x 1)
        Returns:
            a node with shape (batch_size x 1) holding the predicted y-values
        """
        # BEGIN SOLUTION
        h1 = nn.ReLU(nn.AddBias(nn.Linear(x, self.w1), self.b1))
        h2 = nn.ReLU(nn.AddBias(nn.Linear(h1, self.w2), self.b2))
        return nn.AddBias(nn.Linear(h2, self.w3), self.b3)
        # END SOLUTION

    def get_loss(self, x, y):
        """
        The loss for a batch of examples.

        Inputs:
            x: a node with shape (batch_size x 1)
            y: a node with shape (batch_size x 1), the true y-values
        Returns: a loss node (use nn.SquareLoss)
        """
        # BEGIN SOLUTION
        # WRONG: the loss of 0.1 * prediction against 0.1 * y is 0.01 times the real one
        tenth = nn.Constant(np.array([[0.1]]))
        return nn.SquareLoss(nn.Linear(self.run(x), tenth), nn.Linear(y, tenth))
        # END SOLUTION

    def train(self, dataset):
        """
        Train the model with gradient descent.
        """
        # BEGIN SOLUTION
        everything = (nn.Constant(dataset.x), nn.Constant(dataset.y))
        while nn.as_scalar(self.get_loss(*everything)) > 0.005:
            for x, y in dataset.iterate_once(self.batch_size):
                grads = nn.gradients(self.get_loss(x, y), self.parameters)
                for parameter, gradient in zip(self.parameters, grads):
                    parameter.update(gradient, -self.learning_rate)
        # END SOLUTION


class DigitClassificationModel(object):
    """
    A model that recognises handwritten digits from the MNIST dataset.

    Each digit is a 28x28 grayscale image, flattened into a vector of 784
    floats between 0 and 1. The model sorts each image into one of 10
    classes, the digits 0 to 9.

    (RegressionModel explains the methods below in more detail: we recommend
    finishing it before this one.)
    """
    def __init__(self):
        # Initialize your model parameters here
        # BEGIN SOLUTION
        hidden = 200
        self.w1 = nn.Parameter(784, hidden)
        self.b1 = nn.Parameter(1, hidden)
        self.w2 = nn.Parameter(hidden, 10)
        self.b2 = nn.Parameter(1, 10)
        self.parameters = [self.w1, self.b1, self.w2, self.b2]
        self.batch_size = 100
        self.learning_rate = 0.5
        # END SOLUTION

    def run(self, x):
        """
        The model's scores for a batch of images.

        Higher scores mean the image is more likely to be that digit. Do not
        put a ReLU after the last layer: scores may be negative.

        Inputs:
            x: a node with shape (batch_size x 784)
        Returns:
            a node with shape (batch_size x 10) holding the scores (logits)
        """
        # BEGIN SOLUTION
        hidden = nn.ReLU(nn.AddBias(nn.Linear(x, self.w1), self.b1))
        return nn.AddBias(nn.Linear(hidden, self.w2), self.b2)
        # END SOLUTION

    def get_loss(self, x, y):
        """
        The loss for a batch of images.

        The correct labels `y` are a node with shape (batch_size x 10): each
        row is all zeros except a 1 at the position of the correct digit.

        Inputs:
            x: a node with shape (batch_size x 784)
            y: a node with shape (batch_size x 10)
        Returns: a loss node (use nn.SoftmaxLoss)
        """
        # BEGIN SOLUTION
        return nn.SoftmaxLoss(self.run(x), y)
        # END SOLUTION

    def train(self, dataset):
        """
        Train the model with gradient descent.
        """
        # BEGIN SOLUTION
        # QUICK TRAINING, only to keep the test suite fast: 50 batches instead
        # of training to 98% validation accuracy. The digit question is not
        # under test in this file; graded, it earns its 2 structural points.
        for step, (x, y) in enumerate(dataset.iterate_once(self.batch_size)):
            grads = nn.gradients(self.get_loss(x, y), self.parameters)
            for parameter, gradient in zip(self.parameters, grads):
                parameter.update(gradient, -self.learning_rate)
            if step + 1 == 50:
                return
        # END SOLUTION
