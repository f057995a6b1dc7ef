import numpy as np

import nn


class PerceptronModel(object):
    def __init__(self, dimensions):
        self.w = nn.Parameter(1, dimensions)

    def get_weights(self):
        return self.w

    def run(self, x):
        return nn.DotProduct(x, self.w)

    def get_prediction(self, x):
        return int(np.where(self.run(x).data >= 0, 1, -1).item())

    def train(self, dataset):
        while True:
            wrong = 0
            for x, y in dataset.iterate_once(1):
                if self.get_prediction(x) != y.data.item():
                    self.w.update(x, y.data.item())
                    wrong += 1
            if not wrong:
                break


class MomentumSGD(object):
    """Gradient descent with momentum: v = beta * v + g; p -= lr * v."""

    def __init__(self, params, lr, beta=0.9):
        self.params = list(params)
        self.lr, self.beta = lr, beta
        self.velocity = [np.zeros_like(p.data) for p in self.params]

    def step(self, loss):
        grads = nn.gradients(loss, self.params)
        for i, (param, grad) in enumerate(zip(self.params, grads)):
            self.velocity[i] = self.beta * self.velocity[i] + grad.data
            param.update(nn.Constant(self.velocity[i]), -self.lr)


class RegressionModel(object):
    def __init__(self):
        self.hidden1 = nn.Parameter(1, 64), nn.Parameter(1, 64)
        self.hidden2 = nn.Parameter(64, 64), nn.Parameter(1, 64)
        self.out = nn.Parameter(64, 1), nn.Parameter(1, 1)
        self.optimizer = MomentumSGD(self.hidden1 + self.hidden2 + self.out, lr=0.003)

    def run(self, x):
        h = nn.ReLU(nn.AddBias(nn.Linear(x, self.hidden1[0]), self.hidden1[1]))
        h = nn.ReLU(nn.AddBias(nn.Linear(h, self.hidden2[0]), self.hidden2[1]))
        return nn.AddBias(nn.Linear(h, self.out[0]), self.out[1])

    def get_loss(self, x, y):
        return nn.SquareLoss(self.run(x), y)

    def train(self, dataset):
        x_all = nn.Constant(dataset.x)
        y_all = nn.Constant(dataset.y)
        losses = []
        while not losses or losses[-1] > 0.005:
            for x, y in dataset.iterate_once(20):
                self.optimizer.step(self.get_loss(x, y))
            losses.append(nn.as_scalar(self.get_loss(x_all, y_all)))
        print("epochs:", len(losses), "final loss:", losses[-1])


class DigitClassificationModel(object):
    def __init__(self):
        self.hidden1 = nn.Parameter(784, 320), nn.Parameter(1, 320)
        self.out = nn.Parameter(320, 10), nn.Parameter(1, 10)
        self.optimizer = MomentumSGD(self.hidden1 + self.out, lr=0.05)

    def run(self, x):
        h = nn.ReLU(nn.AddBias(nn.Linear(x, self.hidden1[0]), self.hidden1[1]))
        return nn.AddBias(nn.Linear(h, self.out[0]), self.out[1])

    def get_loss(self, x, y):
        return nn.SoftmaxLoss(self.run(x), y)

    def train(self, dataset):
        history = []
        while True:
            for x, y in dataset.iterate_once(250):
                self.optimizer.step(self.get_loss(x, y))
            history.append(dataset.get_validation_accuracy())
            if history[-1] >= 0.976 or len(history) >= 15:
                break


class LanguageIDModel(object):
    def __init__(self):
        self.num_chars = 47
        self.languages = ["English", "Spanish", "Finnish", "Dutch", "Polish"]
        self.embed = nn.Parameter(self.num_chars, 128)
        self.carry = nn.Parameter(128, 128)
        self.bias = nn.Parameter(1, 128)
        self.head = nn.Parameter(128, 64), nn.Parameter(1, 64)
        self.last = nn.Parameter(64, 5), nn.Parameter(1, 5)
        self.optimizer = MomentumSGD([self.embed, self.carry, self.bias] + list(self.head)
                                     + list(self.last), lr=0.02)

    def run(self, xs):
        h = nn.ReLU(nn.AddBias(nn.Linear(xs[0], self.embed), self.bias))
        for x in xs[1:]:
            h = nn.ReLU(nn.AddBias(nn.Add(nn.Linear(x, self.embed), nn.Linear(h, self.carry)),
                                   self.bias))
        h = nn.ReLU(nn.AddBias(nn.Linear(h, self.head[0]), self.head[1]))
        return nn.AddBias(nn.Linear(h, self.last[0]), self.last[1])

    def get_loss(self, xs, y):
        return nn.SoftmaxLoss(self.run(xs), y)

    def train(self, dataset):
        for epoch in range(25):
            for xs, y in dataset.iterate_once(100):
                self.optimizer.step(self.get_loss(xs, y))
            if dataset.get_validation_accuracy() > 0.84:
                break
