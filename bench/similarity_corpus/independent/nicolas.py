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
        "*** YOUR CODE HERE ***"
        return nn.DotProduct(x, self.get_weights())

    def get_prediction(self, x):
        """
        The class the perceptron predicts for a single point x.

        Returns: 1 if the score is not negative, -1 otherwise
        """
        "*** YOUR CODE HERE ***"
        return 1 if nn.as_scalar(self.run(x)) >= 0 else -1

    def train(self, dataset):
        """
        Train the perceptron until it makes no mistake in a whole pass.
        """
        "*** YOUR CODE HERE ***"
        done = False
        while not done:
            done = True
            for x, y in dataset.iterate_once(1):
                if self.get_prediction(x) != nn.as_scalar(y):
                    self.w.update(x, nn.as_scalar(y))
                    done = False


class RegressionModel(object):
    """
    A neural network that maps real numbers to real numbers. It should be
    large enough to approximate sin(x) on [-2pi, 2pi] closely.
    """
    def __init__(self):
        # Initialize your model parameters here
        "*** YOUR CODE HERE ***"
        self.params = (nn.Parameter(1, 100), nn.Parameter(1, 100),
                       nn.Parameter(100, 1), nn.Parameter(1, 1))
        self.lr = 0.02

    def run(self, x):
        """
        The model's predictions for a batch of examples.

        Inputs:
            x: a node with shape (batch_size x 1)
        Returns:
            a node with shape (batch_size x 1) holding the predicted y-values
        """
        "*** YOUR CODE HERE ***"
        w1, b1, w2, b2 = self.params
        hidden = nn.ReLU(nn.AddBias(nn.Linear(x, w1), b1))
        return nn.AddBias(nn.Linear(hidden, w2), b2)

    def get_loss(self, x, y):
        """
        The loss for a batch of examples.

        Inputs:
            x: a node with shape (batch_size x 1)
            y: a node with shape (batch_size x 1), the true y-values
        Returns: a loss node (use nn.SquareLoss)
        """
        "*** YOUR CODE HERE ***"
        return nn.SquareLoss(self.run(x), y)

    def train(self, dataset):
        """
        Train the model with gradient descent.
        """
        "*** YOUR CODE HERE ***"
        x_all, y_all = nn.Constant(dataset.x), nn.Constant(dataset.y)
        while nn.as_scalar(self.get_loss(x_all, y_all)) > 0.01:
            for x, y in dataset.iterate_once(25):
                grads = nn.gradients(self.get_loss(x, y), self.params)
                for p, g in zip(self.params, grads):
                    p.update(g, -self.lr)


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
        "*** YOUR CODE HERE ***"
        self.params = (nn.Parameter(784, 250), nn.Parameter(1, 250),
                       nn.Parameter(250, 10), nn.Parameter(1, 10))
        self.lr = 0.4

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
        "*** YOUR CODE HERE ***"
        w1, b1, w2, b2 = self.params
        hidden = nn.ReLU(nn.AddBias(nn.Linear(x, w1), b1))
        return nn.AddBias(nn.Linear(hidden, w2), b2)

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
        "*** YOUR CODE HERE ***"
        return nn.SoftmaxLoss(self.run(x), y)

    def train(self, dataset):
        """
        Train the model with gradient descent.
        """
        "*** YOUR CODE HERE ***"
        while dataset.get_validation_accuracy() < 0.975:
            for x, y in dataset.iterate_once(100):
                grads = nn.gradients(self.get_loss(x, y), self.params)
                for p, g in zip(self.params, grads):
                    p.update(g, -self.lr)


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
        "*** YOUR CODE HERE ***"
        d = 150
        self.params = (nn.Parameter(self.num_chars, d), nn.Parameter(1, d), nn.Parameter(d, d),
                       nn.Parameter(d, len(self.languages)), nn.Parameter(1, len(self.languages)))
        self.lr = 0.1

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
        "*** YOUR CODE HERE ***"
        w_x, b, w_h, w_out, b_out = self.params
        h = nn.ReLU(nn.AddBias(nn.Linear(xs[0], w_x), b))
        for char in xs[1:]:
            h = nn.ReLU(nn.AddBias(nn.Add(nn.Linear(char, w_x), nn.Linear(h, w_h)), b))
        return nn.AddBias(nn.Linear(h, w_out), b_out)

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
        "*** YOUR CODE HERE ***"
        return nn.SoftmaxLoss(self.run(xs), y)

    def train(self, dataset):
        """
        Train the model with gradient descent.
        """
        "*** YOUR CODE HERE ***"
        while dataset.get_validation_accuracy() < 0.85:
            for xs, y in dataset.iterate_once(50):
                grads = nn.gradients(self.get_loss(xs, y), self.params)
                for p, g in zip(self.params, grads):
                    p.update(g, -self.lr)

