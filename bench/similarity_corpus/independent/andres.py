"""
models.py - Andres M., grupo 2
"""
import nn


class PerceptronModel(object):
    def __init__(self, dimensions):
        self.w = nn.Parameter(1, dimensions)

    def get_weights(self):
        return self.w

    def run(self, x):
        return nn.DotProduct(x, self.get_weights())

    def get_prediction(self, x):
        s = nn.as_scalar(self.run(x))
        if s < 0:
            return -1
        else:
            return 1

    def train(self, dataset):
        epoch = 0
        while True:
            epoch += 1
            n_errors = 0
            for features, target in dataset.iterate_once(1):
                t = nn.as_scalar(target)
                if self.get_prediction(features) != t:
                    n_errors += 1
                    self.w.update(features, t)
            print("Epoch %d: %d errors" % (epoch, n_errors))
            if n_errors == 0:
                return


class RegressionModel(object):
    def __init__(self):
        self.hidden = 120
        self.input_weights = nn.Parameter(1, self.hidden)
        self.input_bias = nn.Parameter(1, self.hidden)
        self.output_weights = nn.Parameter(self.hidden, 1)
        self.output_bias = nn.Parameter(1, 1)
        self.parameters = [self.input_weights, self.input_bias,
                           self.output_weights, self.output_bias]

    def run(self, x):
        hidden_layer = nn.ReLU(nn.AddBias(nn.Linear(x, self.input_weights), self.input_bias))
        return nn.AddBias(nn.Linear(hidden_layer, self.output_weights), self.output_bias)

    def get_loss(self, x, y):
        return nn.SquareLoss(self.run(x), y)

    def train(self, dataset):
        """Stop when the loss of an epoch has not improved for 20 epochs, or is small."""
        best_loss = float("inf")
        patience = 0
        alpha = 0.05
        while patience < 20:
            epoch_loss = 0.0
            batches = 0
            for x, y in dataset.iterate_once(50):
                loss = self.get_loss(x, y)
                epoch_loss += nn.as_scalar(loss)
                batches += 1
                gradient_list = nn.gradients(loss, self.parameters)
                for parameter, gradient in zip(self.parameters, gradient_list):
                    parameter.update(gradient, -alpha)
            epoch_loss /= batches
            if epoch_loss < 0.003:
                break
            if epoch_loss < best_loss - 1e-5:
                best_loss, patience = epoch_loss, 0
            else:
                patience += 1


class DigitClassificationModel(object):
    def __init__(self):
        self.input_weights = nn.Parameter(784, 350)
        self.input_bias = nn.Parameter(1, 350)
        self.middle_weights = nn.Parameter(350, 150)
        self.middle_bias = nn.Parameter(1, 150)
        self.output_weights = nn.Parameter(150, 10)
        self.output_bias = nn.Parameter(1, 10)
        self.parameters = [self.input_weights, self.input_bias, self.middle_weights,
                           self.middle_bias, self.output_weights, self.output_bias]

    def run(self, x):
        first = nn.ReLU(nn.AddBias(nn.Linear(x, self.input_weights), self.input_bias))
        second = nn.ReLU(nn.AddBias(nn.Linear(first, self.middle_weights), self.middle_bias))
        return nn.AddBias(nn.Linear(second, self.output_weights), self.output_bias)

    def get_loss(self, x, y):
        return nn.SoftmaxLoss(self.run(x), y)

    def train(self, dataset):
        alpha = 0.5
        for epoch in range(30):
            for x, y in dataset.iterate_once(200):
                gradient_list = nn.gradients(self.get_loss(x, y), self.parameters)
                for parameter, gradient in zip(self.parameters, gradient_list):
                    parameter.update(gradient, -alpha)
            accuracy = dataset.get_validation_accuracy()
            print("Epoch %d: validation accuracy %.4f" % (epoch, accuracy))
            if accuracy >= 0.975:
                break
            # smaller steps once we are close
            if accuracy > 0.96:
                alpha = 0.1
            elif accuracy > 0.93:
                alpha = 0.25


class LanguageIDModel(object):
    def __init__(self):
        self.num_chars = 47
        self.languages = ["English", "Spanish", "Finnish", "Dutch", "Polish"]
        self.hidden = 300
        self.input_weights = nn.Parameter(self.num_chars, self.hidden)
        self.hidden_weights = nn.Parameter(self.hidden, self.hidden)
        self.hidden_bias = nn.Parameter(1, self.hidden)
        self.output_weights = nn.Parameter(self.hidden, len(self.languages))
        self.output_bias = nn.Parameter(1, len(self.languages))
        self.parameters = [self.input_weights, self.hidden_weights, self.hidden_bias,
                           self.output_weights, self.output_bias]

    def run(self, xs):
        state = nn.ReLU(nn.AddBias(nn.Linear(xs[0], self.input_weights), self.hidden_bias))
        for character in xs[1:]:
            combined = nn.Add(nn.Linear(character, self.input_weights),
                              nn.Linear(state, self.hidden_weights))
            state = nn.ReLU(nn.AddBias(combined, self.hidden_bias))
        return nn.AddBias(nn.Linear(state, self.output_weights), self.output_bias)

    def get_loss(self, xs, y):
        return nn.SoftmaxLoss(self.run(xs), y)

    def train(self, dataset):
        alpha = 0.1
        best = 0
        stale = 0
        while stale < 5:
            for xs, y in dataset.iterate_once(100):
                gradient_list = nn.gradients(self.get_loss(xs, y), self.parameters)
                for parameter, gradient in zip(self.parameters, gradient_list):
                    parameter.update(gradient, -alpha)
            accuracy = dataset.get_validation_accuracy()
            if accuracy >= 0.87:
                break
            if accuracy > best:
                best, stale = accuracy, 0
            else:
                stale += 1
                alpha *= 0.5
