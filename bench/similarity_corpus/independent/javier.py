"""The models you build in this project. This is the only file you edit.

Este es el único archivo que editas. Completa cada método donde dice
"*** YOUR CODE HERE ***" y comprueba tu trabajo con, por ejemplo,
`python autograder.py -q q1`.
"""

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
        return nn.DotProduct(x, self.w)

    def get_prediction(self, x):
        """
        The class the perceptron predicts for a single point x.

        Returns: 1 if the score is not negative, -1 otherwise
        """
        if nn.as_scalar(self.run(x)) < 0:
            return -1
        return 1

    def train(self, dataset):
        """
        Train the perceptron until it makes no mistake in a whole pass.
        """
        mistakes = 1
        while mistakes > 0:
            mistakes = 0
            for x, y in dataset.iterate_once(1):
                prediction = self.get_prediction(x)
                if prediction != nn.as_scalar(y):
                    mistakes += 1
                    nn.Parameter.update(self.w, x, nn.as_scalar(y))


class RegressionModel(object):
    """
    A neural network that maps real numbers to real numbers. It should be
    large enough to approximate sin(x) on [-2pi, 2pi] closely.
    """
    def __init__(self):
        # Initialize your model parameters here
        self.hidden_size = 50
        self.learning_rate = 0.03
        self.batch_size = 8
        self.W = [nn.Parameter(1, self.hidden_size),
                  nn.Parameter(self.hidden_size, self.hidden_size),
                  nn.Parameter(self.hidden_size, self.hidden_size),
                  nn.Parameter(self.hidden_size, 1)]
        self.B = [nn.Parameter(1, self.hidden_size), nn.Parameter(1, self.hidden_size),
                  nn.Parameter(1, self.hidden_size), nn.Parameter(1, 1)]

    def run(self, x):
        """
        The model's predictions for a batch of examples.

        Inputs:
            x: a node with shape (batch_size x 1)
        Returns:
            a node with shape (batch_size x 1) holding the predicted y-values
        """
        out = x
        for layer in range(len(self.W)):
            out = nn.AddBias(nn.Linear(out, self.W[layer]), self.B[layer])
            if layer < len(self.W) - 1:
                out = nn.ReLU(out)
        return out

    def get_loss(self, x, y):
        """
        The loss for a batch of examples.

        Inputs:
            x: a node with shape (batch_size x 1)
            y: a node with shape (batch_size x 1), the true y-values
        Returns: a loss node (use nn.SquareLoss)
        """
        return nn.SquareLoss(y, self.run(x))

    def train(self, dataset):
        """
        Train the model with gradient descent.
        """
        params = self.W + self.B
        epoch = 0
        while True:
            total = 0.0
            for x, y in dataset.iterate_once(self.batch_size):
                loss = self.get_loss(x, y)
                total += nn.as_scalar(loss)
                grads = nn.gradients(loss, params)
                for param, grad in zip(params, grads):
                    param.update(grad, -self.learning_rate)
            epoch += 1
            average = total / (len(dataset.x) / self.batch_size)
            if average < 0.002 or epoch > 3000:
                break


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
        self.hidden_sizes = [512, 256, 128]
        self.learning_rate = 0.2
        self.batch_size = 120
        sizes = [784] + self.hidden_sizes + [10]
        self.W = [nn.Parameter(sizes[i], sizes[i + 1]) for i in range(len(sizes) - 1)]
        self.B = [nn.Parameter(1, sizes[i + 1]) for i in range(len(sizes) - 1)]

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
        out = x
        for layer in range(len(self.W)):
            out = nn.AddBias(nn.Linear(out, self.W[layer]), self.B[layer])
            if layer < len(self.W) - 1:
                out = nn.ReLU(out)
        return out

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
        return nn.SoftmaxLoss(self.run(x), y)

    def train(self, dataset):
        """
        Train the model with gradient descent.
        """
        params = self.W + self.B
        steps = 0
        for x, y in dataset.iterate_forever(self.batch_size):
            grads = nn.gradients(self.get_loss(x, y), params)
            for param, grad in zip(params, grads):
                param.update(grad, -self.learning_rate)
            steps += 1
            if steps % 500 == 0:
                acc = dataset.get_validation_accuracy()
                if acc > 0.98:
                    break
                if acc > 0.97:
                    self.learning_rate = 0.05


class LanguageIDModel(object):
    """
    A model that tells which language a single word comes from: English,
    Spanish, Finnish, Dutch or Polish.

    (RegressionModel explains the methods below in more detail: we recommend
    finishing it and DigitClassificationModel before this one.)
    """
    def __init__(self):
        # The words of the five languages use 47 different characters in all.
        # Use self.num_chars and len(self.languages) in your code.
        self.num_chars = 47
        self.languages = ["English", "Spanish", "Finnish", "Dutch", "Polish"]

        # Initialize your model parameters here
        self.hidden_size = 256
        self.learning_rate = 0.1
        self.batch_size = 100
        self.W_in = nn.Parameter(self.num_chars, self.hidden_size)
        self.B_in = nn.Parameter(1, self.hidden_size)
        self.W_rec = nn.Parameter(self.hidden_size, self.hidden_size)
        self.W_final = nn.Parameter(self.hidden_size, len(self.languages))
        self.B_final = nn.Parameter(1, len(self.languages))

    def run(self, xs):
        """
        The model's scores for a batch of words.

        All the words of a batch have the same length L. `xs` is a list of L
        nodes, one per character position: xs[0] holds the first character
        of every word of the batch, xs[1] the second, and so on. Each is a
        node of shape (batch_size x self.num_chars) whose rows are one-hot:
        all zeros but a 1 at the index of the character.

        Use a recurrent network: a hidden state of shape
        (batch_size x hidden_size), your choice of hidden_size, computed from
        the first character and then updated with each following character,
        e.g. with nn.Add(nn.Linear(x, W), nn.Linear(h, W_hidden)). Then turn
        what it summarises into one score per language.

        Inputs:
            xs: a list of L nodes of shape (batch_size x self.num_chars)
        Returns:
            a node of shape (batch_size x 5) holding the scores (logits)
        """
        h = nn.ReLU(nn.AddBias(nn.Linear(xs[0], self.W_in), self.B_in))
        for i in range(1, len(xs)):
            z = nn.Add(nn.Linear(xs[i], self.W_in), nn.Linear(h, self.W_rec))
            h = nn.ReLU(nn.AddBias(z, self.B_in))
        return nn.AddBias(nn.Linear(h, self.W_final), self.B_final)

    def get_loss(self, xs, y):
        """
        The loss for a batch of words.

        The correct labels `y` are a node with shape (batch_size x 5): each
        row is all zeros except a 1 at the position of the word's language.

        Inputs:
            xs: a list of L nodes of shape (batch_size x self.num_chars)
            y: a node with shape (batch_size x 5)
        Returns: a loss node (use nn.SoftmaxLoss)
        """
        return nn.SoftmaxLoss(self.run(xs), y)

    def train(self, dataset):
        """
        Train the model with gradient descent.
        """
        params = [self.W_in, self.B_in, self.W_rec, self.W_final, self.B_final]
        for epoch in range(30):
            for xs, y in dataset.iterate_once(self.batch_size):
                grads = nn.gradients(self.get_loss(xs, y), params)
                for param, grad in zip(params, grads):
                    param.update(grad, -self.learning_rate)
            if dataset.get_validation_accuracy() >= 0.86:
                break

