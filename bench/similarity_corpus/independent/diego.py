import nn


class Trainable(object):
    """Gradient descent shared by the three networks."""

    def parameters(self):
        raise NotImplementedError

    def descend(self, loss, rate):
        params = self.parameters()
        for param, grad in zip(params, nn.gradients(loss, params)):
            param.update(grad, -rate)


class PerceptronModel(object):
    def __init__(self, dimensions):
        self.w = nn.Parameter(1, dimensions)

    def get_weights(self):
        return self.w

    def run(self, x):
        return nn.DotProduct(x, self.w)

    def get_prediction(self, x):
        return 1 if nn.as_scalar(self.run(x)) >= 0 else -1

    def train(self, dataset):
        while True:
            updated = False
            for x, y in dataset.iterate_once(1):
                if self.get_prediction(x) != nn.as_scalar(y):
                    self.w.update(x, nn.as_scalar(y))
                    updated = True
            if not updated:
                break


class RegressionModel(Trainable):
    def __init__(self):
        self.layers = []
        for rows, cols in ((1, 128), (128, 64), (64, 1)):
            self.layers.append((nn.Parameter(rows, cols), nn.Parameter(1, cols)))

    def parameters(self):
        return [p for layer in self.layers for p in layer]

    def run(self, x):
        for depth, (weight, bias) in enumerate(self.layers):
            x = nn.AddBias(nn.Linear(x, weight), bias)
            if depth != len(self.layers) - 1:
                x = nn.ReLU(x)
        return x

    def get_loss(self, x, y):
        return nn.SquareLoss(self.run(x), y)

    def train(self, dataset):
        whole = nn.Constant(dataset.x), nn.Constant(dataset.y)
        epochs = 0
        while True:
            for x, y in dataset.iterate_once(10):
                self.descend(self.get_loss(x, y), 0.005)
            epochs += 1
            if epochs % 5 == 0 and nn.as_scalar(self.get_loss(*whole)) < 0.0075:
                return


class DigitClassificationModel(Trainable):
    def __init__(self):
        self.layers = []
        for rows, cols in ((784, 200), (200, 100), (100, 10)):
            self.layers.append((nn.Parameter(rows, cols), nn.Parameter(1, cols)))

    def parameters(self):
        return [p for layer in self.layers for p in layer]

    def run(self, x):
        for depth, (weight, bias) in enumerate(self.layers):
            x = nn.AddBias(nn.Linear(x, weight), bias)
            if depth != len(self.layers) - 1:
                x = nn.ReLU(x)
        return x

    def get_loss(self, x, y):
        return nn.SoftmaxLoss(self.run(x), y)

    def train(self, dataset):
        rate = 0.4
        for epoch in range(12):
            for x, y in dataset.iterate_once(60):
                self.descend(self.get_loss(x, y), rate)
            if dataset.get_validation_accuracy() > 0.978:
                return
            rate = rate * 0.7


class LanguageIDModel(Trainable):
    def __init__(self):
        self.num_chars = 47
        self.languages = ["English", "Spanish", "Finnish", "Dutch", "Polish"]
        self.first = (nn.Parameter(self.num_chars, 256), nn.Parameter(1, 256))
        self.recurrent = (nn.Parameter(self.num_chars, 256), nn.Parameter(256, 256),
                          nn.Parameter(1, 256))
        self.output = (nn.Parameter(256, 5), nn.Parameter(1, 5))

    def parameters(self):
        return list(self.first) + list(self.recurrent) + list(self.output)

    def run(self, xs):
        w0, b0 = self.first
        wx, wh, bh = self.recurrent
        h = nn.ReLU(nn.AddBias(nn.Linear(xs[0], w0), b0))
        for x in xs[1:]:
            h = nn.ReLU(nn.AddBias(nn.Add(nn.Linear(x, wx), nn.Linear(h, wh)), bh))
        wo, bo = self.output
        return nn.AddBias(nn.Linear(h, wo), bo)

    def get_loss(self, xs, y):
        return nn.SoftmaxLoss(self.run(xs), y)

    def train(self, dataset):
        for step, (xs, y) in enumerate(dataset.iterate_forever(100)):
            self.descend(self.get_loss(xs, y), 0.08 if step < 4000 else 0.02)
            if step % 1000 == 999 and dataset.get_validation_accuracy() >= 0.86:
                return
