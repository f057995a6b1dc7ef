"""784-300-100-10, batch 100, learning rate 0.3; stops at validation 97.5%,
checked after every epoch."""
import nn


class DigitClassificationModel(object):
    def __init__(self):
        sizes = [784, 300, 100, 10]
        self.weights = [nn.Parameter(a, b) for a, b in zip(sizes, sizes[1:])]
        self.biases = [nn.Parameter(1, b) for b in sizes[1:]]
        self.params = self.weights + self.biases

    def run(self, x):
        for i, (w, b) in enumerate(zip(self.weights, self.biases)):
            x = nn.AddBias(nn.Linear(x, w), b)
            if i < len(self.weights) - 1:
                x = nn.ReLU(x)
        return x

    def get_loss(self, x, y):
        return nn.SoftmaxLoss(self.run(x), y)

    def train(self, dataset):
        while dataset.get_validation_accuracy() < 0.975:
            for x, y in dataset.iterate_once(100):
                grads = nn.gradients(self.get_loss(x, y), self.params)
                for param, grad in zip(self.params, grads):
                    param.update(grad, -0.3)
