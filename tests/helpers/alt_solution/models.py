"""A second solution of the project, written independently of the reference
and in a different style: the way a student who worked with the ORIGINAL
CS188 kit writes it (unbound Parameter.update, .data[0][0], iterate_forever,
typing annotations). tests/test_compat.py grades it: it must get 18/18.
"""

from typing import List

import nn


class PerceptronModel(object):
    def __init__(self, dimensions: int) -> None:
        """
        Initialize a new Perceptron instance.

        A perceptron classifies data points as either belonging to a particular
        class (+1) or not (-1). `dimensions` is the dimensionality of the data.
        For example, dimensions=2 would mean that the perceptron must classify
        2D points.
        """
        self.w = nn.Parameter(1, dimensions)

    def get_weights(self) -> nn.Parameter:
        """
        Return a Parameter instance with the current weights of the perceptron.
        """
        return self.w

    def run(self, x: nn.Constant) -> nn.Node:
        """
        Calculates the score assigned by the perceptron to a data point x.

        Inputs:
            x: a node with shape (1 x dimensions)
        Returns: a node containing a single number (the score)
        """
        return nn.DotProduct(x, self.get_weights())

    def get_prediction(self, x: nn.Constant) -> int:
        """
        Calculates the predicted class for a single data point `x`.

        Returns: 1 or -1
        """
        score = self.run(x).data[0][0]
        if score >= 0:
            return 1
        return -1

    def train(self, dataset) -> None:
        """
        Train the perceptron until convergence.
        """
        converged = False
        while not converged:
            converged = True
            for x, y in dataset.iterate_once(1):
                label = nn.as_scalar(y)
                if self.get_prediction(x) != label:
                    nn.Parameter.update(self.w, x, label)
                    converged = False


class RegressionModel(object):
    """
    A neural network model for approximating a function that maps from real
    numbers to real numbers. The network should be sufficiently large to be able
    to approximate sin(x) on the interval [-2pi, 2pi] to reasonable precision.
    """
    def __init__(self) -> None:
        # Initialize your model parameters here
        self.hidden_size = 128
        self.batch_size = 50
        self.learning_rate = 0.08
        self.check_every = 25  # batches between two looks at the whole-dataset loss
        self.target_loss = 0.01

        self.W1 = nn.Parameter(1, self.hidden_size)
        self.b1 = nn.Parameter(1, self.hidden_size)
        self.W2 = nn.Parameter(self.hidden_size, 1)
        self.b2 = nn.Parameter(1, 1)
        self.params: List[nn.Parameter] = [self.W1, self.b1, self.W2, self.b2]

    def run(self, x: nn.Constant) -> nn.Node:
        """
        Runs the model for a batch of examples.

        Inputs:
            x: a node with shape (batch_size x 1)
        Returns:
            A node with shape (batch_size x 1) containing predicted y-values
        """
        layer1 = nn.ReLU(nn.AddBias(nn.Linear(x, self.W1), self.b1))
        return nn.AddBias(nn.Linear(layer1, self.W2), self.b2)

    def get_loss(self, x: nn.Constant, y: nn.Constant) -> nn.Node:
        """
        Computes the loss for a batch of examples.

        Inputs:
            x: a node with shape (batch_size x 1)
            y: a node with shape (batch_size x 1), containing the true y-values
                to be used for training
        Returns: a loss node
        """
        return nn.SquareLoss(y, self.run(x))

    def train(self, dataset) -> None:
        """
        Trains the model.
        """
        all_x = nn.Constant(dataset.x)
        all_y = nn.Constant(dataset.y)
        step = 0
        for x, y in dataset.iterate_forever(self.batch_size):
            gradients = nn.gradients(self.get_loss(x, y), self.params)
            for param, gradient in zip(self.params, gradients):
                nn.Parameter.update(param, gradient, -self.learning_rate)
            step += 1
            if step % self.check_every == 0:
                if nn.as_scalar(self.get_loss(all_x, all_y)) < self.target_loss:
                    return


class DigitClassificationModel(object):
    """
    A model for handwritten digit classification using the MNIST dataset.

    Each handwritten digit is a 28x28 pixel grayscale image, which is flattened
    into a 784-dimensional vector for the purposes of this model. Each entry in
    the vector is a floating point number between 0 and 1.

    The goal is to sort each digit into one of 10 classes (number 0 through 9).
    """
    def __init__(self) -> None:
        # Initialize your model parameters here
        self.layer_sizes = [784, 256, 64, 10]
        self.batch_size = 100
        self.learning_rate = 0.3
        self.target_accuracy = 0.975

        self.weights: List[nn.Parameter] = []
        self.biases: List[nn.Parameter] = []
        for size_in, size_out in zip(self.layer_sizes[:-1], self.layer_sizes[1:]):
            self.weights.append(nn.Parameter(size_in, size_out))
            self.biases.append(nn.Parameter(1, size_out))

    def parameters(self) -> List[nn.Parameter]:
        return self.weights + self.biases

    def run(self, x: nn.Constant) -> nn.Node:
        """
        Runs the model for a batch of examples.

        Inputs:
            x: a node with shape (batch_size x 784)
        Output:
            A node with shape (batch_size x 10) containing predicted scores
                (also called logits)
        """
        h: nn.Node = x
        last = len(self.weights) - 1
        for i, (w, b) in enumerate(zip(self.weights, self.biases)):
            h = nn.AddBias(nn.Linear(h, w), b)
            if i != last:
                h = nn.ReLU(h)
        return h

    def get_loss(self, x: nn.Constant, y: nn.Constant) -> nn.Node:
        """
        Computes the loss for a batch of examples.

        Inputs:
            x: a node with shape (batch_size x 784)
            y: a node with shape (batch_size x 10)
        Returns: a loss node
        """
        return nn.SoftmaxLoss(self.run(x), y)

    def train(self, dataset) -> None:
        """
        Trains the model.
        """
        batches_per_epoch = len(dataset.x) // self.batch_size
        check_every = batches_per_epoch // 2
        params = self.parameters()
        for step, (x, y) in enumerate(dataset.iterate_forever(self.batch_size), start=1):
            grads = nn.gradients(self.get_loss(x, y), params)
            for param, grad in zip(params, grads):
                param.update(grad, -self.learning_rate)
            if step % check_every == 0:
                if dataset.get_validation_accuracy() >= self.target_accuracy:
                    break
