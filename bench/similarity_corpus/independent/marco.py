import nn


def layer(x, w, b, relu=True):
    out = nn.AddBias(nn.Linear(x, w), b)
    if relu:
        return nn.ReLU(out)
    return out


def sgd(loss, params, lr):
    for p, g in zip(params, nn.gradients(loss, params)):
        p.update(g, -lr)


class PerceptronModel(object):
    def __init__(self, dimensions):
        self.w = nn.Parameter(1, dimensions)

    def get_weights(self):
        return self.w

    def run(self, x):
        return nn.DotProduct(x, self.w)

    def get_prediction(self, x):
        if nn.as_scalar(self.run(x)) >= 0.0:
            return 1
        return -1

    def train(self, dataset):
        converged = False
        while not converged:
            converged = True
            for x, y in dataset.iterate_once(1):
                y = nn.as_scalar(y)
                if y != self.get_prediction(x):
                    converged = False
                    self.get_weights().update(x, y)


class RegressionModel(object):
    def __init__(self):
        self.a = nn.Parameter(1, 80)
        self.a0 = nn.Parameter(1, 80)
        self.b = nn.Parameter(80, 80)
        self.b0 = nn.Parameter(1, 80)
        self.c = nn.Parameter(80, 1)
        self.c0 = nn.Parameter(1, 1)

    def params(self):
        return [self.a, self.a0, self.b, self.b0, self.c, self.c0]

    def run(self, x):
        return layer(layer(layer(x, self.a, self.a0), self.b, self.b0), self.c, self.c0, False)

    def get_loss(self, x, y):
        return nn.SquareLoss(self.run(x), y)

    def train(self, dataset):
        for epoch in range(2000):
            for x, y in dataset.iterate_once(20):
                sgd(self.get_loss(x, y), self.params(), 0.01)
            if epoch % 50 == 0:
                loss = nn.as_scalar(self.get_loss(nn.Constant(dataset.x), nn.Constant(dataset.y)))
                print(epoch, loss)
                if loss < 0.004:
                    break


class DigitClassificationModel(object):
    def __init__(self):
        self.a = nn.Parameter(784, 300)
        self.a0 = nn.Parameter(1, 300)
        self.b = nn.Parameter(300, 10)
        self.b0 = nn.Parameter(1, 10)

    def params(self):
        return [self.a, self.a0, self.b, self.b0]

    def run(self, x):
        return layer(layer(x, self.a, self.a0), self.b, self.b0, relu=False)

    def get_loss(self, x, y):
        return nn.SoftmaxLoss(self.run(x), y)

    def train(self, dataset):
        for epoch in range(20):
            for x, y in dataset.iterate_once(100):
                sgd(self.get_loss(x, y), self.params(), 0.3)
            acc = dataset.get_validation_accuracy()
            print("epoch", epoch, "acc", acc)
            if acc >= 0.98:
                break


class LanguageIDModel(object):
    def __init__(self):
        # Our dataset contains words from five different languages, and the
        # combined alphabets of the five languages contain a total of 47 unique
        # characters.
        # You can refer to self.num_chars or len(self.languages) in your code
        self.num_chars = 47
        self.languages = ["English", "Spanish", "Finnish", "Dutch", "Polish"]

        # Initialize your model parameters here
        "*** YOUR CODE HERE ***"

    def run(self, xs):
        "*** YOUR CODE HERE ***"

    def get_loss(self, xs, y):
        "*** YOUR CODE HERE ***"

    def train(self, dataset):
        "*** YOUR CODE HERE ***"
