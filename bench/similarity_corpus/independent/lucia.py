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
        return nn.DotProduct(self.w, x)

    def get_prediction(self, x):
        """
        The class the perceptron predicts for a single point x.

        Returns: 1 if the score is not negative, -1 otherwise
        """
        puntaje = nn.as_scalar(self.run(x))
        if puntaje >= 0:
            return 1
        else:
            return -1

    def train(self, dataset):
        """
        Train the perceptron until it makes no mistake in a whole pass.
        """
        while True:
            errores = 0
            for punto, etiqueta in dataset.iterate_once(1):
                real = nn.as_scalar(etiqueta)
                if self.get_prediction(punto) != real:
                    self.w.update(punto, real)
                    errores += 1
            if errores == 0:
                break


class RegressionModel(object):
    """
    A neural network that maps real numbers to real numbers. It should be
    large enough to approximate sin(x) on [-2pi, 2pi] closely.
    """
    def __init__(self):
        # Initialize your model parameters here
        self.tasa = 0.01
        self.tam_lote = 10
        self.capa1_pesos = nn.Parameter(1, 40)
        self.capa1_sesgo = nn.Parameter(1, 40)
        self.capa2_pesos = nn.Parameter(40, 40)
        self.capa2_sesgo = nn.Parameter(1, 40)
        self.salida_pesos = nn.Parameter(40, 1)
        self.salida_sesgo = nn.Parameter(1, 1)

    def run(self, x):
        """
        The model's predictions for a batch of examples.

        Inputs:
            x: a node with shape (batch_size x 1)
        Returns:
            a node with shape (batch_size x 1) holding the predicted y-values
        """
        capa1 = nn.ReLU(nn.AddBias(nn.Linear(x, self.capa1_pesos), self.capa1_sesgo))
        capa2 = nn.ReLU(nn.AddBias(nn.Linear(capa1, self.capa2_pesos), self.capa2_sesgo))
        salida = nn.AddBias(nn.Linear(capa2, self.salida_pesos), self.salida_sesgo)
        return salida

    def get_loss(self, x, y):
        """
        The loss for a batch of examples.

        Inputs:
            x: a node with shape (batch_size x 1)
            y: a node with shape (batch_size x 1), the true y-values
        Returns: a loss node (use nn.SquareLoss)
        """
        return nn.SquareLoss(self.run(x), y)

    def train(self, dataset):
        """
        Train the model with gradient descent.
        """
        parametros = [self.capa1_pesos, self.capa1_sesgo, self.capa2_pesos, self.capa2_sesgo,
                      self.salida_pesos, self.salida_sesgo]
        for x, y in dataset.iterate_forever(self.tam_lote):
            perdida = self.get_loss(x, y)
            if nn.as_scalar(perdida) < 0.005:
                break
            gradientes = nn.gradients(perdida, parametros)
            for i in range(len(parametros)):
                parametros[i].update(gradientes[i], -self.tasa)


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
        self.tasa = 0.1
        self.tam_lote = 50
        self.pesos1 = nn.Parameter(784, 128)
        self.sesgo1 = nn.Parameter(1, 128)
        self.pesos2 = nn.Parameter(128, 64)
        self.sesgo2 = nn.Parameter(1, 64)
        self.pesos3 = nn.Parameter(64, 10)
        self.sesgo3 = nn.Parameter(1, 10)

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
        oculta1 = nn.ReLU(nn.AddBias(nn.Linear(x, self.pesos1), self.sesgo1))
        oculta2 = nn.ReLU(nn.AddBias(nn.Linear(oculta1, self.pesos2), self.sesgo2))
        return nn.AddBias(nn.Linear(oculta2, self.pesos3), self.sesgo3)

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
        parametros = [self.pesos1, self.sesgo1, self.pesos2, self.sesgo2, self.pesos3, self.sesgo3]
        precision = 0
        while precision < 0.975:
            for x, y in dataset.iterate_once(self.tam_lote):
                gradientes = nn.gradients(self.get_loss(x, y), parametros)
                for i in range(len(parametros)):
                    parametros[i].update(gradientes[i], -self.tasa)
            precision = dataset.get_validation_accuracy()
            print("precision de validacion:", precision)


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

    def train(self, dataset):
        """
        Train the model with gradient descent.
        """
        "*** YOUR CODE HERE ***"

