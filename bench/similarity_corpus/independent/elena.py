import nn


class PerceptronModel(object):
    def __init__(self, dimensions):
        self.w = nn.Parameter(1, dimensions)

    def get_weights(self):
        return self.w

    def run(self, x):
        return nn.DotProduct(x, self.w)

    def get_prediction(self, x):
        return 1 if nn.as_scalar(nn.DotProduct(x, self.w)) >= 0 else -1

    def train(self, dataset):
        changed = True
        while changed:
            changed = False
            for x, y in dataset.iterate_once(1):
                y_true = nn.as_scalar(y)
                if self.get_prediction(x) == y_true:
                    continue
                nn.Parameter.update(self.w, x, y_true)
                changed = True


class RegressionModel(object):
    def __init__(self):
        # 1 -> 25 -> 25 -> 1, trained on the whole dataset at once
        self.W_a = nn.Parameter(1, 25)
        self.c_a = nn.Parameter(1, 25)
        self.W_b = nn.Parameter(25, 25)
        self.c_b = nn.Parameter(1, 25)
        self.W_c = nn.Parameter(25, 1)
        self.c_c = nn.Parameter(1, 1)

    def run(self, x):
        a = nn.ReLU(nn.AddBias(nn.Linear(x, self.W_a), self.c_a))
        b = nn.ReLU(nn.AddBias(nn.Linear(a, self.W_b), self.c_b))
        return nn.AddBias(nn.Linear(b, self.W_c), self.c_c)

    def get_loss(self, x, y):
        return nn.SquareLoss(self.run(x), y)

    def train(self, dataset):
        weights = [self.W_a, self.c_a, self.W_b, self.c_b, self.W_c, self.c_c]
        iteration = 0
        for x, y in dataset.iterate_forever(len(dataset.x)):  # full batch
            loss = self.get_loss(x, y)
            if nn.as_scalar(loss) <= 0.004 or iteration == 50000:
                break
            updates = nn.gradients(loss, weights)
            for k in range(len(weights)):
                weights[k].update(updates[k], -0.15)
            iteration += 1


class DigitClassificationModel(object):
    def __init__(self):
        self.W_a = nn.Parameter(784, 220)
        self.c_a = nn.Parameter(1, 220)
        self.W_b = nn.Parameter(220, 10)
        self.c_b = nn.Parameter(1, 10)

    def run(self, x):
        a = nn.ReLU(nn.AddBias(nn.Linear(x, self.W_a), self.c_a))
        return nn.AddBias(nn.Linear(a, self.W_b), self.c_b)

    def get_loss(self, x, y):
        return nn.SoftmaxLoss(self.run(x), y)

    def train(self, dataset):
        weights = [self.W_a, self.c_a, self.W_b, self.c_b]
        seen = 0
        for x, y in dataset.iterate_forever(60):
            updates = nn.gradients(self.get_loss(x, y), weights)
            for k in range(len(weights)):
                weights[k].update(updates[k], -0.25)
            seen += 60
            if seen % 30000 == 0 and dataset.get_validation_accuracy() >= 0.977:
                break


class LanguageIDModel(object):
    def __init__(self):
        self.num_chars = 47
        self.languages = ["English", "Spanish", "Finnish", "Dutch", "Polish"]
        # two recurrent layers, one on top of the other
        self.W_in1 = nn.Parameter(self.num_chars, 120)
        self.W_rec1 = nn.Parameter(120, 120)
        self.c1 = nn.Parameter(1, 120)
        self.W_in2 = nn.Parameter(120, 120)
        self.W_rec2 = nn.Parameter(120, 120)
        self.c2 = nn.Parameter(1, 120)
        self.W_out = nn.Parameter(120, 5)
        self.c_out = nn.Parameter(1, 5)

    def run(self, xs):
        low = high = None
        for x in xs:
            z1 = nn.Linear(x, self.W_in1)
            if low is not None:
                z1 = nn.Add(z1, nn.Linear(low, self.W_rec1))
            low = nn.ReLU(nn.AddBias(z1, self.c1))
            z2 = nn.Linear(low, self.W_in2)
            if high is not None:
                z2 = nn.Add(z2, nn.Linear(high, self.W_rec2))
            high = nn.ReLU(nn.AddBias(z2, self.c2))
        return nn.AddBias(nn.Linear(high, self.W_out), self.c_out)

    def get_loss(self, xs, y):
        return nn.SoftmaxLoss(self.run(xs), y)

    def train(self, dataset):
        weights = [self.W_in1, self.W_rec1, self.c1, self.W_in2, self.W_rec2, self.c2,
                   self.W_out, self.c_out]
        for step, (xs, y) in enumerate(dataset.iterate_forever(32)):
            updates = nn.gradients(self.get_loss(xs, y), weights)
            for k in range(len(weights)):
                weights[k].update(updates[k], -0.05)
            if step % 2000 == 1999 and dataset.get_validation_accuracy() > 0.85:
                break
