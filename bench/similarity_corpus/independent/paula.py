import nn

relu_layer = lambda x, w, b: nn.ReLU(nn.AddBias(nn.Linear(x, w), b))
out_layer = lambda x, w, b: nn.AddBias(nn.Linear(x, w), b)


class PerceptronModel(object):
    def __init__(self, dimensions):
        self.w = nn.Parameter(1, dimensions)

    def get_weights(self):
        return self.w

    def run(self, x):
        return nn.DotProduct(x, self.w)

    def get_prediction(self, x):
        return (nn.as_scalar(self.run(x)) >= 0) * 2 - 1

    def train(self, dataset):
        while sum(self.learn(x, nn.as_scalar(y)) for x, y in dataset.iterate_once(1)):
            pass

    def learn(self, x, label):
        if self.get_prediction(x) == label:
            return 0
        self.w.update(x, label)
        return 1


class RegressionModel(object):
    def __init__(self):
        self.p = [nn.Parameter(1, 48), nn.Parameter(1, 48), nn.Parameter(48, 48),
                  nn.Parameter(1, 48), nn.Parameter(48, 1), nn.Parameter(1, 1)]

    def run(self, x):
        return out_layer(relu_layer(relu_layer(x, *self.p[0:2]), *self.p[2:4]), *self.p[4:6])

    def get_loss(self, x, y):
        return nn.SquareLoss(self.run(x), y)

    def train(self, dataset):
        full = [nn.Constant(dataset.x), nn.Constant(dataset.y)]
        while nn.as_scalar(self.get_loss(*full)) > 0.008:
            for x, y in dataset.iterate_once(40):
                [p.update(g, -0.02) for p, g in zip(self.p, nn.gradients(self.get_loss(x, y), self.p))]


class DigitClassificationModel(object):
    def __init__(self):
        self.p = [nn.Parameter(784, 150), nn.Parameter(1, 150), nn.Parameter(150, 10),
                  nn.Parameter(1, 10)]

    def run(self, x):
        return out_layer(relu_layer(x, *self.p[0:2]), *self.p[2:4])

    def get_loss(self, x, y):
        return nn.SoftmaxLoss(self.run(x), y)

    def train(self, dataset):
        while dataset.get_validation_accuracy() < 0.974:
            for x, y in dataset.iterate_once(50):
                [p.update(g, -0.2) for p, g in zip(self.p, nn.gradients(self.get_loss(x, y), self.p))]


class LanguageIDModel(object):
    def __init__(self):
        self.num_chars = 47
        self.languages = ["English", "Spanish", "Finnish", "Dutch", "Polish"]
        self.p = [nn.Parameter(47, 100), nn.Parameter(100, 100), nn.Parameter(1, 100),
                  nn.Parameter(100, 5), nn.Parameter(1, 5)]

    def run(self, xs):
        h = relu_layer(xs[0], self.p[0], self.p[2])
        for c in xs[1:]:
            h = nn.ReLU(nn.AddBias(nn.Add(nn.Linear(c, self.p[0]), nn.Linear(h, self.p[1])), self.p[2]))
        return out_layer(h, *self.p[3:5])

    def get_loss(self, xs, y):
        return nn.SoftmaxLoss(self.run(xs), y)

    def train(self, dataset):
        while dataset.get_validation_accuracy() < 0.83:
            for xs, y in dataset.iterate_once(25):
                [p.update(g, -0.05) for p, g in zip(self.p, nn.gradients(self.get_loss(xs, y), self.p))]
