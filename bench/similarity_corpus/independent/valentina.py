import nn


class PerceptronModel(object):
    def __init__(self, dimensions):
        """
        Initialize a new Perceptron instance.

        A perceptron classifies data points as either belonging to a particular
        class (+1) or not (-1). `dimensions` is the dimensionality of the data.
        For example, dimensions=2 would mean that the perceptron must classify
        2D points.
        """
        self.w = nn.Parameter(1, dimensions)

    def get_weights(self):
        """
        Return a Parameter instance with the current weights of the perceptron.
        """
        return self.w

    def run(self, x):
        """
        Calculates the score assigned by the perceptron to a data point x.

        Inputs:
            x: a node with shape (1 x dimensions)
        Returns: a node containing a single number (the score)
        """
        "*** YOUR CODE HERE ***"
        score = nn.DotProduct(self.w, x)
        return score

    def get_prediction(self, x):
        """
        Calculates the predicted class for a single data point `x`.

        Returns: 1 or -1
        """
        "*** YOUR CODE HERE ***"
        score = self.run(x)
        if score.data[0][0] >= 0:
            return 1
        else:
            return -1

    def train(self, dataset):
        """
        Train the perceptron until convergence.
        """
        "*** YOUR CODE HERE ***"
        perfect = False
        passes = 0
        while perfect == False:
            perfect = True
            passes = passes + 1
            for x, y in dataset.iterate_once(1):
                pred = self.get_prediction(x)
                real = y.data[0][0]
                if pred != real:
                    perfect = False
                    self.w.update(x, real)
            print("pass number", passes)


class RegressionModel(object):
    """
    A neural network model for approximating a function that maps from real
    numbers to real numbers. The network should be sufficiently large to be able
    to approximate sin(x) on the interval [-2pi, 2pi] to reasonable precision.
    """
    def __init__(self):
        # Initialize your model parameters here
        "*** YOUR CODE HERE ***"
        self.w1 = nn.Parameter(1, 30)
        self.b1 = nn.Parameter(1, 30)
        self.w2 = nn.Parameter(30, 30)
        self.b2 = nn.Parameter(1, 30)
        self.w3 = nn.Parameter(30, 30)
        self.b3 = nn.Parameter(1, 30)
        self.w4 = nn.Parameter(30, 1)
        self.b4 = nn.Parameter(1, 1)

    def run(self, x):
        """
        Runs the model for a batch of examples.

        Inputs:
            x: a node with shape (batch_size x 1)
        Returns:
            A node with shape (batch_size x 1) containing predicted y-values
        """
        "*** YOUR CODE HERE ***"
        xw1 = nn.Linear(x, self.w1)
        r1 = nn.ReLU(nn.AddBias(xw1, self.b1))
        xw2 = nn.Linear(r1, self.w2)
        r2 = nn.ReLU(nn.AddBias(xw2, self.b2))
        xw3 = nn.Linear(r2, self.w3)
        r3 = nn.ReLU(nn.AddBias(xw3, self.b3))
        xw4 = nn.Linear(r3, self.w4)
        predicted_y = nn.AddBias(xw4, self.b4)
        return predicted_y

    def get_loss(self, x, y):
        """
        Computes the loss for a batch of examples.

        Inputs:
            x: a node with shape (batch_size x 1)
            y: a node with shape (batch_size x 1), containing the true y-values
                to be used for training
        Returns: a loss node
        """
        "*** YOUR CODE HERE ***"
        predicted = self.run(x)
        loss = nn.SquareLoss(predicted, y)
        return loss

    def train(self, dataset):
        """
        Trains the model.
        """
        "*** YOUR CODE HERE ***"
        learning_rate = -0.01
        loss_value = 1
        while loss_value > 0.015:
            for x, y in dataset.iterate_once(4):
                loss = self.get_loss(x, y)
                g = nn.gradients(loss, [self.w1, self.b1, self.w2, self.b2,
                                        self.w3, self.b3, self.w4, self.b4])
                self.w1.update(g[0], learning_rate)
                self.b1.update(g[1], learning_rate)
                self.w2.update(g[2], learning_rate)
                self.b2.update(g[3], learning_rate)
                self.w3.update(g[4], learning_rate)
                self.b3.update(g[5], learning_rate)
                self.w4.update(g[6], learning_rate)
                self.b4.update(g[7], learning_rate)
            loss_value = nn.as_scalar(self.get_loss(nn.Constant(dataset.x),
                                                    nn.Constant(dataset.y)))
            print("loss:", loss_value)


class DigitClassificationModel(object):
    """
    A model for handwritten digit classification using the MNIST dataset.

    Each handwritten digit is a 28x28 pixel grayscale image, which is flattened
    into a 784-dimensional vector for the purposes of this model. Each entry in
    the vector is a floating point number between 0 and 1.

    The goal is to sort each digit into one of 10 classes (number 0 through 9).

    (See RegressionModel for more information about the APIs of different
    methods here. We recommend that you implement the RegressionModel before
    working on this part of the project.)
    """
    def __init__(self):
        # Initialize your model parameters here
        "*** YOUR CODE HERE ***"
        self.w1 = nn.Parameter(784, 100)
        self.b1 = nn.Parameter(1, 100)
        self.w2 = nn.Parameter(100, 100)
        self.b2 = nn.Parameter(1, 100)
        self.w3 = nn.Parameter(100, 10)
        self.b3 = nn.Parameter(1, 10)

    def run(self, x):
        """
        Runs the model for a batch of examples.

        Your model should predict a node with shape (batch_size x 10),
        containing scores. Higher scores correspond to greater probability of
        the image belonging to a particular class.

        Inputs:
            x: a node with shape (batch_size x 784)
        Output:
            A node with shape (batch_size x 10) containing predicted scores
                (also called logits)
        """
        "*** YOUR CODE HERE ***"
        xw1 = nn.Linear(x, self.w1)
        r1 = nn.ReLU(nn.AddBias(xw1, self.b1))
        xw2 = nn.Linear(r1, self.w2)
        r2 = nn.ReLU(nn.AddBias(xw2, self.b2))
        xw3 = nn.Linear(r2, self.w3)
        return nn.AddBias(xw3, self.b3)

    def get_loss(self, x, y):
        """
        Computes the loss for a batch of examples.

        The correct labels `y` are represented as a node with shape
        (batch_size x 10). Each row is a one-hot vector encoding the correct
        digit class (0-9).

        Inputs:
            x: a node with shape (batch_size x 784)
            y: a node with shape (batch_size x 10)
        Returns: a loss node
        """
        "*** YOUR CODE HERE ***"
        predicted = self.run(x)
        loss = nn.SoftmaxLoss(predicted, y)
        return loss

    def train(self, dataset):
        """
        Trains the model.
        """
        "*** YOUR CODE HERE ***"
        learning_rate = -0.1
        accuracy = 0
        while accuracy < 0.975:
            for x, y in dataset.iterate_once(20):
                loss = self.get_loss(x, y)
                g = nn.gradients(loss, [self.w1, self.b1, self.w2, self.b2, self.w3, self.b3])
                self.w1.update(g[0], learning_rate)
                self.b1.update(g[1], learning_rate)
                self.w2.update(g[2], learning_rate)
                self.b2.update(g[3], learning_rate)
                self.w3.update(g[4], learning_rate)
                self.b3.update(g[5], learning_rate)
            accuracy = dataset.get_validation_accuracy()
            print("accuracy:", accuracy)


class LanguageIDModel(object):
    """
    A model for language identification at a single-word granularity.

    (See RegressionModel for more information about the APIs of different
    methods here. We recommend that you implement the RegressionModel before
    working on this part of the project.)
    """
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
        """
        Runs the model for a batch of examples.
        """
        "*** YOUR CODE HERE ***"

    def get_loss(self, xs, y):
        """
        Computes the loss for a batch of examples.
        """
        "*** YOUR CODE HERE ***"

    def train(self, dataset):
        """
        Trains the model.
        """
        "*** YOUR CODE HERE ***"
