"""Proyecto 3b - Sofia R."""
import nn


class PerceptronModel(object):
    def __init__(self, dimensions):
        """
        Initialize a new Perceptron instance.
        """
        self.w = nn.Parameter(1, dimensions)

    def get_weights(self):
        return self.w

    def run(self, x):
        # score = w . x
        return nn.DotProduct(x, self.w)

    def get_prediction(self, x):
        valor = nn.as_scalar(self.run(x))
        return 1 if valor >= 0 else -1

    def train(self, dataset):
        hubo_error = True
        while hubo_error:
            hubo_error = False
            for x, y in dataset.iterate_once(1):
                esperado = nn.as_scalar(y)
                if self.get_prediction(x) != esperado:
                    nn.Parameter.update(self.w, direction=x, multiplier=esperado)
                    hubo_error = True


class RegressionModel(object):
    """
    Red para aproximar sin(x).
    """
    HIDDEN = 96
    LEARNING_RATE = 0.04
    DECAY = 0.999
    BATCH = 50
    TARGET = 0.01

    def __init__(self):
        n = RegressionModel.HIDDEN
        self.params = {
            "W1": nn.Parameter(1, n), "b1": nn.Parameter(1, n),
            "W2": nn.Parameter(n, 1), "b2": nn.Parameter(1, 1),
        }

    def run(self, x):
        p = self.params
        z1 = nn.AddBias(nn.Linear(x, p["W1"]), p["b1"])
        return nn.AddBias(nn.Linear(nn.ReLU(z1), p["W2"]), p["b2"])

    def get_loss(self, x, y):
        return nn.SquareLoss(self.run(x), y)

    def train(self, dataset):
        names = sorted(self.params)
        rate = self.LEARNING_RATE
        todos_x, todos_y = nn.Constant(dataset.x), nn.Constant(dataset.y)
        while nn.as_scalar(self.get_loss(todos_x, todos_y)) >= self.TARGET:
            for x, y in dataset.iterate_once(self.BATCH):
                grad = nn.gradients(self.get_loss(x, y), [self.params[k] for k in names])
                for k, g in zip(names, grad):
                    self.params[k].update(g, -rate)
            rate = max(rate * self.DECAY, 0.005)


class DigitClassificationModel(object):
    """
    Clasificador de digitos MNIST.
    """
    HIDDEN = 256
    LEARNING_RATE = 0.5
    DECAY = 0.8
    BATCH = 100
    TARGET = 0.975

    def __init__(self):
        n = DigitClassificationModel.HIDDEN
        self.params = {
            "W1": nn.Parameter(784, n), "b1": nn.Parameter(1, n),
            "W2": nn.Parameter(n, 10), "b2": nn.Parameter(1, 10),
        }

    def run(self, x):
        p = self.params
        z1 = nn.AddBias(nn.Linear(x, p["W1"]), p["b1"])
        return nn.AddBias(nn.Linear(nn.ReLU(z1), p["W2"]), p["b2"])

    def get_loss(self, x, y):
        return nn.SoftmaxLoss(self.run(x), y)

    def train(self, dataset):
        names = sorted(self.params)
        rate = self.LEARNING_RATE
        while dataset.get_validation_accuracy() < self.TARGET:
            for x, y in dataset.iterate_once(self.BATCH):
                grad = nn.gradients(self.get_loss(x, y), [self.params[k] for k in names])
                for k, g in zip(names, grad):
                    self.params[k].update(g, -rate)
            rate *= self.DECAY


class LanguageIDModel(object):
    """
    Identifica el idioma de una palabra con una red recurrente.
    """
    HIDDEN = 200
    LEARNING_RATE = 0.12
    BATCH = 200
    TARGET = 0.85

    def __init__(self):
        self.num_chars = 47
        self.languages = ["English", "Spanish", "Finnish", "Dutch", "Polish"]
        n = LanguageIDModel.HIDDEN
        self.params = {
            "Wx": nn.Parameter(self.num_chars, n), "Wh": nn.Parameter(n, n),
            "bh": nn.Parameter(1, n),
            "Wo": nn.Parameter(n, len(self.languages)), "bo": nn.Parameter(1, len(self.languages)),
        }

    def run(self, xs):
        p = self.params
        h = None
        for x in xs:
            z = nn.Linear(x, p["Wx"])
            if h is not None:
                z = nn.Add(z, nn.Linear(h, p["Wh"]))
            h = nn.ReLU(nn.AddBias(z, p["bh"]))
        return nn.AddBias(nn.Linear(h, p["Wo"]), p["bo"])

    def get_loss(self, xs, y):
        return nn.SoftmaxLoss(self.run(xs), y)

    def train(self, dataset):
        names = sorted(self.params)
        rate = self.LEARNING_RATE
        while dataset.get_validation_accuracy() < self.TARGET:
            for xs, y in dataset.iterate_once(self.BATCH):
                grad = nn.gradients(self.get_loss(xs, y), [self.params[k] for k in names])
                for k, g in zip(names, grad):
                    self.params[k].update(g, -rate)
