from typing import List

import nn


class PerceptronModel(object):
    def __init__(self, dimensions: int) -> None:
        self.w = nn.Parameter(1, dimensions)

    def get_weights(self) -> nn.Parameter:
        return self.w

    def run(self, x: nn.Constant) -> nn.DotProduct:
        return nn.DotProduct(x, self.w)

    def get_prediction(self, x: nn.Constant) -> int:
        score: float = nn.as_scalar(self.run(x))
        return -1 if score < 0 else 1

    def train(self, dataset) -> None:
        # Stop once every point in a row was right (as many points as the dataset has).
        streak = 0
        total = len(dataset.x)
        for point, label in dataset.iterate_forever(1):
            expected = int(nn.as_scalar(label))
            if self.get_prediction(point) == expected:
                streak += 1
            else:
                self.w.update(point, expected)
                streak = 0
            if streak >= total:
                return


class RegressionModel(object):
    def __init__(self) -> None:
        self.sizes: List[int] = [1, 64, 32, 1]
        self.weights: List[nn.Parameter] = []
        self.biases: List[nn.Parameter] = []
        for n_in, n_out in zip(self.sizes, self.sizes[1:]):
            self.weights.append(nn.Parameter(n_in, n_out))
            self.biases.append(nn.Parameter(1, n_out))
        self.step_size: float = 0.02
        self.batch: int = 40

    def all_parameters(self) -> List[nn.Parameter]:
        return [p for pair in zip(self.weights, self.biases) for p in pair]

    def run(self, x: nn.Constant) -> nn.Node:
        activation: nn.Node = x
        for index, (weight, bias) in enumerate(zip(self.weights, self.biases)):
            activation = nn.AddBias(nn.Linear(activation, weight), bias)
            if index + 1 < len(self.weights):
                activation = nn.ReLU(activation)
        return activation

    def get_loss(self, x: nn.Constant, y: nn.Constant) -> nn.SquareLoss:
        return nn.SquareLoss(self.run(x), y)

    def train(self, dataset) -> None:
        everything = nn.Constant(dataset.x), nn.Constant(dataset.y)
        parameters = self.all_parameters()
        for round_number in range(1, 100001):
            for x, y in dataset.iterate_once(self.batch):
                directions = nn.gradients(self.get_loss(x, y), parameters)
                for parameter, direction in zip(parameters, directions):
                    parameter.update(direction, -self.step_size)
            if round_number % 10 == 0 and nn.as_scalar(self.get_loss(*everything)) < 0.015:
                break


class DigitClassificationModel(object):
    def __init__(self) -> None:
        self.sizes: List[int] = [784, 400, 10]
        self.weights: List[nn.Parameter] = []
        self.biases: List[nn.Parameter] = []
        for n_in, n_out in zip(self.sizes, self.sizes[1:]):
            self.weights.append(nn.Parameter(n_in, n_out))
            self.biases.append(nn.Parameter(1, n_out))
        self.step_size: float = 0.35
        self.batch: int = 200

    def all_parameters(self) -> List[nn.Parameter]:
        return [p for pair in zip(self.weights, self.biases) for p in pair]

    def run(self, x: nn.Constant) -> nn.Node:
        hidden = nn.ReLU(nn.AddBias(nn.Linear(x, self.weights[0]), self.biases[0]))
        return nn.AddBias(nn.Linear(hidden, self.weights[1]), self.biases[1])

    def get_loss(self, x: nn.Constant, y: nn.Constant) -> nn.SoftmaxLoss:
        return nn.SoftmaxLoss(self.run(x), y)

    def train(self, dataset) -> None:
        parameters = self.all_parameters()
        best = 0.0
        while best < 0.976:
            for x, y in dataset.iterate_once(self.batch):
                directions = nn.gradients(self.get_loss(x, y), parameters)
                for parameter, direction in zip(parameters, directions):
                    parameter.update(direction, -self.step_size)
            best = max(best, dataset.get_validation_accuracy())


class LanguageIDModel(object):
    def __init__(self) -> None:
        self.num_chars = 47
        self.languages = ["English", "Spanish", "Finnish", "Dutch", "Polish"]
        hidden = 180
        self.read_char = nn.Parameter(self.num_chars, hidden)
        self.read_state = nn.Parameter(hidden, hidden)
        self.shift = nn.Parameter(1, hidden)
        self.classify = nn.Parameter(hidden, len(self.languages))
        self.classify_shift = nn.Parameter(1, len(self.languages))

    def run(self, xs: List[nn.Constant]) -> nn.Node:
        state: nn.Node = nn.Linear(xs[0], self.read_char)
        state = nn.ReLU(nn.AddBias(state, self.shift))
        for letter in xs[1:]:
            state = nn.ReLU(nn.AddBias(
                nn.Add(nn.Linear(letter, self.read_char), nn.Linear(state, self.read_state)),
                self.shift))
        return nn.AddBias(nn.Linear(state, self.classify), self.classify_shift)

    def get_loss(self, xs: List[nn.Constant], y: nn.Constant) -> nn.SoftmaxLoss:
        return nn.SoftmaxLoss(self.run(xs), y)

    def train(self, dataset) -> None:
        parameters = [self.read_char, self.read_state, self.shift, self.classify,
                      self.classify_shift]
        step_size = 0.15
        for epoch in range(1, 41):
            for xs, y in dataset.iterate_once(60):
                directions = nn.gradients(self.get_loss(xs, y), parameters)
                for parameter, direction in zip(parameters, directions):
                    parameter.update(direction, -step_size)
            accuracy = dataset.get_validation_accuracy()
            print("epoch {}: {:.3f}".format(epoch, accuracy))
            if accuracy > 0.85:
                return
            if epoch % 10 == 0:
                step_size /= 2
