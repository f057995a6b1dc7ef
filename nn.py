"""A small neural-network library built on numpy.

Read this file, but do not edit it: the autograder uses its own copy.

Every value in a network is a *node*. Data nodes hold numbers you give them
(`Constant`) or numbers training changes (`Parameter`). Function nodes
(`Add`, `AddBias`, `DotProduct`, `Linear`, `ReLU`) compute their value from
their input nodes as soon as they are built, and the two loss nodes
(`SquareLoss`, `SoftmaxLoss`) turn a prediction into one number to minimise.

    x = nn.Constant(np.array([[1.0, 2.0]]))      # 1x2 input
    w = nn.Parameter(2, 1)                       # 2x1 weights
    loss = nn.SquareLoss(nn.Linear(x, w), y)
    grad_w, = nn.gradients(loss, [w])            # d loss / d w, a Constant
    w.update(grad_w, -0.1)                       # w <- w - 0.1 * grad_w

Every node has `.data` (a numpy array; a 0-d float for a loss) and `.parents`
(the input nodes, in argument order). All arrays are 2-D: batch x features.

How to check a gradient yourself: nudge one entry of a parameter by +h and -h,
recompute the loss, and compare (loss(+h) - loss(-h)) / 2h with the entry of
`gradients` (tests/test_nn.py does exactly this for every node).
"""

import math

import numpy as np

# The dtype of every new Parameter. The kit's datasets are float32 too: float32
# halves the memory a step reads and writes, and trains the kit's networks about
# twice as fast as float64 (README: "Reliability, speed and memory"). For exact
# arithmetic, such as checking a gradient by finite differences, set
# `nn.DTYPE = np.float64` before building the model (tests/test_nn.py does).
DTYPE = np.float32


def format_shape(shape):
    """(5, 4) -> '5x4'; () -> '()'."""
    return "x".join(str(size) for size in shape) if shape else "()"


class Node:
    """Base class of every node. Nodes are compared and hashed by identity."""

    def __repr__(self):
        return "<{} shape={} at {}>".format(
            type(self).__name__, format_shape(np.shape(self.data)), hex(id(self)))


# --------------------------------------------------------------------------
# Data nodes
# --------------------------------------------------------------------------

class DataNode(Node):
    """A node that holds data and has no inputs."""

    def __init__(self, data):
        self.parents = []
        self.data = data


class Parameter(DataNode):
    """A trainable matrix of weights, e.g. `nn.Parameter(784, 200)`.

    Starts uniform on [-L, L] with L = sqrt(6 / (rows + cols)), drawn from
    numpy's global random state (`np.random.seed` makes a run repeatable),
    as an array of dtype `nn.DTYPE`. The only way to change it is `update`.
    """

    def __init__(self, *shape):
        if len(shape) != 2 or not all(is_integer(size) and size > 0 for size in shape):
            raise ValueError(say("Parameter needs exactly two positive integer sizes, as in "
                                 "nn.Parameter(rows, cols); got {got}", got=", ".join(
                repr(size) for size in shape) or say("nothing")))
        rows, cols = int(shape[0]), int(shape[1])
        limit = np.sqrt(6.0 / (rows + cols))
        super().__init__(np.random.uniform(-limit, limit, size=(rows, cols)).astype(DTYPE))
        self.updates = 0  # how many times `update` has changed it

    def update(self, direction, multiplier):
        """In place: data <- data + multiplier * direction.data.

        `direction` is a Constant of the parameter's shape (usually from
        `nn.gradients`); `multiplier` a real number (a negative learning rate
        for gradient descent). Raises if the result holds NaN or infinity.
        """
        if not isinstance(direction, Constant):
            raise TypeError(say("{name}: direction must be an nn.Constant (such as a gradient "
                                "from nn.gradients), got {got}",
                                name=self._name(), got=describe(direction)))
        if direction.data.shape != self.data.shape:
            raise ValueError(say("{name}: direction has shape {got}, but the parameter is "
                                 "{shape}", name=self._name(),
                                 got=format_shape(direction.data.shape),
                                 shape=format_shape(self.data.shape)))
        if isinstance(multiplier, bool) or not isinstance(
                multiplier, (int, float, np.integer, np.floating)):
            raise TypeError(say("{name}: multiplier must be a number such as -0.05, got {got}",
                                name=self._name(), got=describe(multiplier)))
        self.data += multiplier * direction.data
        self.updates += 1
        if not all_finite(self.data):
            raise FloatingPointError(say("{name}: training diverged, the parameter now holds "
                                         "NaN or infinity (after {updates} updates). Try a "
                                         "smaller learning rate (multiplier).",
                                         name=self._name(), updates=self.updates))

    def _name(self):
        return "Parameter {}.update".format(format_shape(self.data.shape))


def all_finite(array):
    """Whether every value of `array` is finite: no NaN, no infinity.

    First the sum of the squares, one quick BLAS dot product (float32 and
    float64): it is finite when every value is, unless huge finite values
    overflow it; only then is each value looked at.
    """
    return math.isfinite(np.vdot(array, array)) or bool(np.isfinite(array).all())


class Constant(DataNode):
    """A matrix of floats that training does not change: inputs, labels,
    gradients. `nn.Constant(np.array([[1.0, 2.0]]))`."""

    def __init__(self, data):
        if not isinstance(data, np.ndarray):
            raise TypeError(say("Constant needs a numpy array, got {got}", got=describe(data)))
        if data.dtype.kind != "f":  # "f": a floating-point dtype of any size
            raise TypeError(say("Constant needs an array of floats, got dtype {dtype}; convert "
                                "it with array.astype(float)", dtype=data.dtype))
        super().__init__(data)


# --------------------------------------------------------------------------
# Function nodes
# --------------------------------------------------------------------------

class FunctionNode(Node):
    """A node computed from input nodes.

    The shared constructor does the bookkeeping: it checks the inputs, records
    them as `.parents`, and computes `.data`. Each subclass is only math, on
    numpy arrays:
      inputs                names of the inputs, in argument order
      shape_error(*arrays)  a message if the shapes do not fit, else None
      forward(*arrays)      the node's value
      backward(i, gradient, *arrays)
                            the gradient of the loss with respect to input i,
                            given `gradient`, the one with respect to this node
    forward and backward are static methods (math, no state), except in
    SoftmaxLoss, whose forward keeps on the node a result its backward reuses.
    """

    inputs = ()

    def __init__(self, *parents):
        name = type(self).__name__
        if len(parents) != len(self.inputs):
            raise TypeError(say("{name} takes {count} input(s) ({inputs}), got {got}",
                                name=name, count=len(self.inputs),
                                inputs=", ".join(self.inputs), got=len(parents)))
        for input_name, parent in zip(self.inputs, parents):
            if not isinstance(parent, Node):
                raise TypeError(say("{name}: {input} must be a node, got {got}; wrap arrays in "
                                    "nn.Constant", name=name, input=input_name,
                                    got=describe(parent)))
            if np.ndim(parent.data) != 2:
                raise ValueError(say("{name}: {input} must be a 2-D node, got shape {shape}",
                                     name=name, input=input_name,
                                     shape=format_shape(np.shape(parent.data))))
        arrays = [parent.data for parent in parents]
        problem = self.shape_error(*arrays)
        if problem:
            raise ValueError("{}: {}".format(name, problem))
        self.parents = parents
        self.data = self.forward(*arrays)

    @staticmethod
    def shape_error(*arrays):
        return None


def _same_shape(first_name, second_name):
    """A shape rule for nodes whose two inputs must have the same shape."""
    def shape_error(first, second):
        if first.shape != second.shape:
            return say("{first} {a} and {second} {b} must have the same shape",
                       first=first_name, a=format_shape(first.shape),
                       second=second_name, b=format_shape(second.shape))
    return staticmethod(shape_error)


class Add(FunctionNode):
    """x + y, element by element (same shapes)."""

    inputs = ("x", "y")
    shape_error = _same_shape("x", "y")

    @staticmethod
    def forward(x, y):
        return x + y

    @staticmethod
    def backward(i, gradient, x, y):
        return gradient


class AddBias(FunctionNode):
    """features (batch x n) + bias (1 x n), the bias added to every row."""

    inputs = ("features", "bias")

    @staticmethod
    def shape_error(features, bias):
        if bias.shape[0] != 1 or bias.shape[1] != features.shape[1]:
            return say("bias {bias} must be 1x{n} to fit features {features}",
                       bias=format_shape(bias.shape), n=features.shape[1],
                       features=format_shape(features.shape))

    @staticmethod
    def forward(features, bias):
        return features + bias

    @staticmethod
    def backward(i, gradient, features, bias):
        # The bias was added to every row, so its gradient sums over the rows.
        return gradient if i == 0 else gradient.sum(axis=0, keepdims=True)


class DotProduct(FunctionNode):
    """features (batch x n) . weights (1 x n) -> batch x 1 scores."""

    inputs = ("features", "weights")

    @staticmethod
    def shape_error(features, weights):
        if weights.shape[0] != 1 or weights.shape[1] != features.shape[1]:
            return say("weights {weights} must be 1x{n} to fit features {features}",
                       weights=format_shape(weights.shape), n=features.shape[1],
                       features=format_shape(features.shape))

    @staticmethod
    def forward(features, weights):
        return features @ weights.T

    @staticmethod
    def backward(i, gradient, features, weights):
        return gradient @ weights if i == 0 else gradient.T @ features


class Linear(FunctionNode):
    """features (batch x in) @ weights (in x out) -> batch x out."""

    inputs = ("features", "weights")

    @staticmethod
    def shape_error(features, weights):
        if features.shape[1] != weights.shape[0]:
            return say("features {features} do not fit weights {weights} ({i} != {o})",
                       features=format_shape(features.shape),
                       weights=format_shape(weights.shape), i=features.shape[1],
                       o=weights.shape[0])

    @staticmethod
    def forward(features, weights):
        return features @ weights

    @staticmethod
    def backward(i, gradient, features, weights):
        return gradient @ weights.T if i == 0 else features.T @ gradient


class ReLU(FunctionNode):
    """max(features, 0), element by element."""

    inputs = ("features",)

    @staticmethod
    def forward(features):
        return np.maximum(features, 0)

    @staticmethod
    def backward(i, gradient, features):
        # The gradient passes where the input was positive (0 at exactly 0).
        return gradient * (features > 0)


class SquareLoss(FunctionNode):
    """mean over all entries of (a - b)^2 / 2. Use it for regression."""

    inputs = ("a", "b")
    shape_error = _same_shape("a", "b")

    @staticmethod
    def forward(a, b):
        return np.mean(np.square(a - b)) / 2

    @staticmethod
    def backward(i, gradient, a, b):
        # Averaged over every entry, so the size of a batch does not change
        # the scale of the gradient (nor the learning rate that works).
        difference = a - b if i == 0 else b - a
        return gradient * difference / a.size


class SoftmaxLoss(FunctionNode):
    """Cross-entropy of softmax(logits) against labels, averaged over the
    batch. Use it for classification. Order: SoftmaxLoss(logits, labels).
    Its gradients are those at the logits it was built from."""

    inputs = ("logits", "labels")

    @staticmethod
    def shape_error(logits, labels):
        if logits.shape != labels.shape:
            return say("{first} {a} and {second} {b} must have the same shape", first="logits",
                       a=format_shape(logits.shape),
                       second="labels", b=format_shape(labels.shape))
        if labels.size and (labels.min() < 0 or np.abs(labels.sum(axis=1) - 1).max() > 1e-6):
            return say("labels must be non-negative with each row summing to 1 (check the "
                       "order: SoftmaxLoss(logits, labels))")

    @staticmethod
    def log_softmax(logits):
        """log(softmax(logits)) row by row, stable for large logits."""
        # Subtracting the row maximum changes nothing mathematically and
        # keeps exp() from overflowing.
        shifted = logits - logits.max(axis=1, keepdims=True)
        return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))

    def forward(self, logits, labels):
        # Kept on the node: backward needs the same numbers.
        self.log_probabilities = self.log_softmax(logits)
        return -(labels * self.log_probabilities).sum() / logits.shape[0]

    def backward(self, i, gradient, logits, labels):
        scale = gradient / logits.shape[0]  # the loss is a mean over the batch
        if i == 0:  # softmax(logits) - labels
            return scale * (np.exp(self.log_probabilities) - labels)
        return -scale * self.log_probabilities


LOSSES = (SquareLoss, SoftmaxLoss)


# --------------------------------------------------------------------------
# Gradients
# --------------------------------------------------------------------------

def gradients(loss, parameters):
    """Gradients of `loss` with respect to each of `parameters`.

    `loss` is a SquareLoss or SoftmaxLoss node, differentiated at most once;
    `parameters` a list (or any iterable) of Parameters. Returns a list of
    Constants, one per parameter, in the same order and of the same shape.
    A parameter the loss does not depend on gets zeros.
    """
    if not isinstance(loss, LOSSES):
        raise TypeError(say("gradients: the first argument must be a loss node (nn.SquareLoss "
                            "or nn.SoftmaxLoss), got {got}", got=describe(loss)))
    try:
        parameters = list(parameters)
    except TypeError:
        raise TypeError(say("gradients: the second argument must be a list of parameters, got "
                            "{got}", got=describe(parameters))) from None
    for index, parameter in enumerate(parameters):
        if not isinstance(parameter, Parameter):
            raise TypeError(say("gradients: parameters[{index}] must be an nn.Parameter, got "
                                "{got}", index=index, got=describe(parameter)))
    if getattr(loss, "used", False):
        raise RuntimeError(say("gradients: this loss node was already differentiated. Build a "
                               "new loss for every step (call get_loss again) before asking "
                               "for gradients."))
    loss.used = True

    order = _topological_order(loss)
    # Only nodes that lead to a requested parameter need a gradient.
    needed = set(parameters)
    for node in order:
        if not needed.isdisjoint(node.parents):
            needed.add(node)

    grads = {loss: 1.0}
    for node in reversed(order):  # every consumer of a node comes before it
        if node not in needed or not node.parents:
            continue
        arrays = [parent.data for parent in node.parents]
        for i, parent in enumerate(node.parents):
            if parent in needed:
                # The gradient with respect to a node has the node's dtype: a
                # float32 Parameter gets a float32 gradient, whatever it met.
                gradient = node.backward(i, grads[node], *arrays).astype(
                    parent.data.dtype, copy=False)
                # A node used more than once gets the sum of its gradients.
                grads[parent] = grads[parent] + gradient if parent in grads else gradient
    return [Constant(grads[p] if p in grads else np.zeros_like(p.data)) for p in parameters]


def _topological_order(root):
    """Every node reachable from root, each after all of its parents.

    A depth-first walk with a stack of its own instead of recursion, so a
    long chain of nodes does not hit Python's recursion limit: a node goes
    into the order once every one of its parents is in it.
    """
    order, visited = [], {root}
    stack = [(root, iter(root.parents))]
    while stack:
        node, parents = stack[-1]
        for parent in parents:
            if parent not in visited:  # walk into the first parent not seen yet
                visited.add(parent)
                stack.append((parent, iter(parent.parents)))
                break
        else:  # every parent of node is in the order
            stack.pop()
            order.append(node)
    return order


def as_scalar(node):
    """The single number held by a node with one element, as a Python float."""
    if not isinstance(node, Node):
        raise TypeError(say("as_scalar needs a node, got {got}", got=describe(node)))
    if np.size(node.data) != 1:
        raise ValueError(say("as_scalar: {node} holds {size} values; it only works on a node "
                             "with exactly one (such as a loss or a 1x1 score)",
                             node=node, size=np.size(node.data)))
    return float(np.asarray(node.data).item())


# --------------------------------------------------------------------------
# Helpers for the messages above
# --------------------------------------------------------------------------

def is_integer(value):
    """Whether `value` is a Python or numpy integer (not a bool); backend.py uses it too."""
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def describe(value):
    """A short description of a value for an error message (backend.py's too)."""
    if isinstance(value, Node):
        return repr(value)
    if isinstance(value, np.ndarray):
        return say("a numpy array of shape {shape}", shape=format_shape(value.shape))
    return say("{value} (type {type})", value=repr(value), type=type(value).__name__)


# --------------------------------------------------------------------------
# Messages, in English and in Spanish
#
# Errors speak the student's language: Spanish when the locale is Spanish (or
# after nn.set_language("es"), which the autograder's --lang does), English
# otherwise. Each message is written in English where its rule is; its
# Spanish is in spanish.py. backend.py, plots.py and the grader use say too.
# --------------------------------------------------------------------------

def default_language():
    """'es' when the locale (LC_ALL, LC_MESSAGES or LANG, else the system's) is
    Spanish, else 'en'. POSIX names Spanish locales es_ES.UTF-8, es_MX...;
    Windows names them Spanish_Spain.1252, Spanish_Mexico.1252..."""
    import locale
    import os
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return "es" if _is_spanish(value) else "en"
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return "es" if _is_spanish(code) else "en"


def _is_spanish(locale_name):
    name = locale_name.lower()
    return name == "es" or name.startswith(("es_", "es-", "es.", "spanish"))


language = default_language()


def set_language(code):
    """Choose the language of the messages: 'es' or 'en'."""
    global language
    if code not in ("es", "en"):
        raise ValueError("language must be 'es' or 'en', got {!r}".format(code))
    language = code


def say(english, **values):
    """The message `english` in the current language, with `values` filled in
    (str.format). The Spanish is looked up in spanish.py, keyed by the English."""
    if language == "es":
        import spanish
        english = spanish.CATALOG.get(english, english)
    return english.format(**values)
