"""784-100-10, batch 5, learning rate 0.004 (12,000 steps an epoch), a
running average of the loss printed now and then; stops at validation 97.3%,
checked every 2,000 steps."""
import nn


class DigitClassificationModel(object):
    def __init__(self):
        self.w1 = nn.Parameter(784, 100)
        self.b1 = nn.Parameter(1, 100)
        self.w2 = nn.Parameter(100, 10)
        self.b2 = nn.Parameter(1, 10)
        self.params = [self.w1, self.b1, self.w2, self.b2]

    def run(self, x):
        h = nn.ReLU(nn.AddBias(nn.Linear(x, self.w1), self.b1))
        return nn.AddBias(nn.Linear(h, self.w2), self.b2)

    def get_loss(self, x, y):
        return nn.SoftmaxLoss(self.run(x), y)

    def train(self, dataset):
        average = None
        for step, (x, y) in enumerate(dataset.iterate_forever(5), start=1):
            loss = self.get_loss(x, y)
            value = nn.as_scalar(loss)
            average = value if average is None else 0.99 * average + 0.01 * value
            grads = nn.gradients(loss, self.params)
            for param, grad in zip(self.params, grads):
                param.update(grad, -0.004)
            if step % 2000 == 0:
                accuracy = dataset.get_validation_accuracy()
                print("step", step, "loss", round(average, 4), "validation", accuracy)
                if accuracy >= 0.973:
                    return
