"""nn.py: every gradient against central differences in float64, whole graphs,
and every rejection of the contract (shared/SPEC.md, nn.py) with its message.

The gradient checks work at two levels:
- one node at a time: `backward(i, g, *arrays)` of every node, for every
  input i, against the central difference of sum(g * forward(*arrays));
- whole graphs through `nn.gradients`: nudge one entry of a parameter by
  +h and -h, rebuild the loss, and compare (loss(+h) - loss(-h)) / 2h.
Both checkers are shown to catch a wrong gradient (the negative controls).
"""

import subprocess
import sys
import warnings

import numpy as np
import pytest

import nn

H = 1e-6          # step of the central differences (float64)
RTOL = 1e-6       # the differences are accurate to about h^2 and rounding
ATOL = 1e-8


@pytest.fixture(autouse=True)
def float64_parameters(monkeypatch):
    """Parameters in float64 for every test here, the documented way
    (nn.DTYPE), so that central differences are exact enough. The tests of the
    float32 default set it back."""
    monkeypatch.setattr(nn, "DTYPE", np.float64)


def numeric_gradient(f, array, h=H):
    """d f / d array by central differences, nudging `array` in place."""
    gradient = np.zeros_like(array, dtype=np.float64)
    for index in np.ndindex(array.shape):
        saved = array[index]
        array[index] = saved + h
        plus = f()
        array[index] = saved - h
        minus = f()
        array[index] = saved
        gradient[index] = (plus - minus) / (2 * h)
    return gradient


def assert_gradients_close(analytic, numeric, what):
    np.testing.assert_allclose(analytic, numeric, rtol=RTOL, atol=ATOL,
                               err_msg="gradient of " + what)


# --------------------------------------------------------------------------
# Random inputs for each node, in float64
# --------------------------------------------------------------------------

def away_from_zero(rng, shape):
    """Values with |v| >= 0.1, so a nudge of H never crosses ReLU's kink."""
    values = rng.uniform(-2, 2, size=shape)
    return np.sign(values) * (0.1 + np.abs(values))


def probability_rows(rng, shape):
    """Rows of non-negative numbers summing to 1, as SoftmaxLoss labels need."""
    rows = rng.uniform(0.05, 1, size=shape)
    return rows / rows.sum(axis=1, keepdims=True)


def one_hot_rows(rng, shape):
    labels = np.zeros(shape)
    labels[np.arange(shape[0]), rng.integers(0, shape[1], size=shape[0])] = 1.0
    return labels


# node class -> a function rng -> list of input arrays
NODE_INPUTS = {
    nn.Add: lambda rng: [rng.normal(size=(3, 4)), rng.normal(size=(3, 4))],
    nn.AddBias: lambda rng: [rng.normal(size=(3, 4)), rng.normal(size=(1, 4))],
    nn.DotProduct: lambda rng: [rng.normal(size=(5, 4)), rng.normal(size=(1, 4))],
    nn.Linear: lambda rng: [rng.normal(size=(3, 4)), rng.normal(size=(4, 2))],
    nn.ReLU: lambda rng: [away_from_zero(rng, (3, 4))],
    nn.SquareLoss: lambda rng: [rng.normal(size=(3, 2)), rng.normal(size=(3, 2))],
    nn.SoftmaxLoss: lambda rng: [3 * rng.normal(size=(4, 5)), probability_rows(rng, (4, 5))],
}
NODE_CASES = [(node, i) for node, make in NODE_INPUTS.items()
              for i in range(len(make(np.random.default_rng(0))))]


def check_node_gradient(node, i, arrays, rng):
    """backward(i, g, ...) of `node` against central differences of its forward.

    Through a node built from `arrays` (SoftmaxLoss keeps on itself numbers that its
    backward reuses); backward is asked before forward runs on nudged arrays."""
    built = node(*[nn.Constant(array) for array in arrays])
    output = built.data
    upstream = rng.normal(size=np.shape(output)) if np.ndim(output) else rng.uniform(0.5, 2)
    analytic = built.backward(i, upstream, *arrays)

    def objective():
        return float(np.sum(upstream * built.forward(*arrays)))

    assert np.shape(analytic) == arrays[i].shape, "{} input {}: gradient of shape {}".format(
        node.__name__, i, np.shape(analytic))
    assert_gradients_close(analytic, numeric_gradient(objective, arrays[i]),
                           "{} input {} ({})".format(node.__name__, i, node.inputs[i]))


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("node, i", NODE_CASES,
                         ids=["{}-{}".format(node.__name__, node.inputs[i])
                              for node, i in NODE_CASES])
def test_each_nodes_gradient_matches_central_differences(node, i, seed):
    rng = np.random.default_rng(seed)
    check_node_gradient(node, i, NODE_INPUTS[node](rng), rng)


def test_every_node_of_the_library_is_covered():
    function_nodes = {cls for cls in vars(nn).values()
                      if isinstance(cls, type) and issubclass(cls, nn.FunctionNode)
                      and cls is not nn.FunctionNode}
    assert function_nodes == set(NODE_INPUTS)


class ForgetfulReLU(nn.ReLU):
    """A wrong ReLU: lets the gradient through everywhere."""

    @staticmethod
    def backward(i, gradient, features):
        return gradient


class TransposedDotProduct(nn.DotProduct):
    """A wrong DotProduct: a gradient 1% too large for the weights."""

    @staticmethod
    def backward(i, gradient, features, weights):
        return gradient @ weights if i == 0 else 1.01 * (gradient.T @ features)


@pytest.mark.parametrize("node, i, make", [
    (ForgetfulReLU, 0, NODE_INPUTS[nn.ReLU]),
    (TransposedDotProduct, 1, NODE_INPUTS[nn.DotProduct]),
])
def test_the_node_checker_catches_a_wrong_gradient(node, i, make):
    rng = np.random.default_rng(0)
    with pytest.raises(AssertionError, match="gradient of"):
        check_node_gradient(node, i, make(rng), rng)


# --------------------------------------------------------------------------
# Whole graphs, through nn.gradients
# --------------------------------------------------------------------------

def parameter(array):
    """A Parameter holding `array` (float64)."""
    p = nn.Parameter(*array.shape)
    p.data[...] = array
    return p


def check_graph_gradients(build_loss, parameters):
    """nn.gradients of build_loss() against central differences, per parameter."""
    grads = nn.gradients(build_loss(), parameters)
    assert len(grads) == len(parameters)
    for k, (p, g) in enumerate(zip(parameters, grads)):
        assert isinstance(g, nn.Constant) and g.data.shape == p.data.shape
        assert g.data.dtype == np.float64
        numeric = numeric_gradient(lambda: float(build_loss().data), p.data)
        assert_gradients_close(g.data, numeric, "parameter {} ({})".format(
            k, nn.format_shape(p.data.shape)))


def test_a_node_feeding_two_paths_gets_the_sum_of_both_gradients():
    rng = np.random.default_rng(1)
    x = nn.Constant(rng.normal(size=(4, 3)))
    w = parameter(rng.normal(size=(3, 3)))
    y = nn.Constant(rng.normal(size=(4, 3)))

    def loss():
        hidden = nn.Linear(x, w)                   # used by both paths
        left = nn.ReLU(hidden)
        right = nn.Linear(hidden, w)
        return nn.SquareLoss(nn.Add(left, right), y)

    check_graph_gradients(loss, [w])


def test_one_parameter_used_twice():
    rng = np.random.default_rng(2)
    x = nn.Constant(rng.normal(size=(5, 2)))
    w = parameter(rng.normal(size=(2, 2)))
    b = parameter(rng.normal(size=(1, 2)))
    y = nn.Constant(rng.normal(size=(5, 2)))

    def loss():
        once = nn.AddBias(nn.Linear(x, w), b)
        return nn.SquareLoss(nn.AddBias(nn.Linear(once, w), b), y)

    check_graph_gradients(loss, [w, b])


@pytest.mark.parametrize("loss_node", [nn.SquareLoss, nn.SoftmaxLoss])
def test_a_three_layer_network_with_each_loss(loss_node):
    rng = np.random.default_rng(3)
    sizes = [6, 5, 4, 3]
    x = nn.Constant(rng.normal(size=(7, sizes[0])))
    y = nn.Constant(one_hot_rows(rng, (7, sizes[-1])) if loss_node is nn.SoftmaxLoss
                    else rng.normal(size=(7, sizes[-1])))
    weights = [parameter(rng.normal(size=(a, b))) for a, b in zip(sizes, sizes[1:])]
    biases = [parameter(rng.normal(size=(1, b))) for b in sizes[1:]]

    def loss():
        h = x
        for layer, (w, b) in enumerate(zip(weights, biases)):
            h = nn.AddBias(nn.Linear(h, w), b)
            if layer < len(weights) - 1:
                h = nn.ReLU(h)
        return loss_node(h, y)

    # Away from ReLU's kink: no hidden unit within 1e-3 of zero.
    hidden = x.data
    for w, b in zip(weights[:-1], biases[:-1]):
        hidden = hidden @ w.data + b.data
        assert np.abs(hidden).min() > 1e-3
        hidden = np.maximum(hidden, 0)
    check_graph_gradients(loss, weights + biases)


def test_the_perceptron_dot_product_has_a_gradient_too():
    rng = np.random.default_rng(4)
    x = nn.Constant(rng.normal(size=(6, 3)))
    w = parameter(rng.normal(size=(1, 3)))
    y = nn.Constant(rng.normal(size=(6, 1)))
    check_graph_gradients(lambda: nn.SquareLoss(nn.DotProduct(x, w), y), [w])


def test_the_graph_checker_catches_a_wrong_gradient():
    rng = np.random.default_rng(5)
    x = nn.Constant(rng.normal(size=(4, 3)))
    w = parameter(rng.normal(size=(3, 2)))
    y = nn.Constant(rng.normal(size=(4, 2)))
    with pytest.raises(AssertionError, match="gradient of parameter 0"):
        check_graph_gradients(lambda: nn.SquareLoss(ForgetfulReLU(nn.Linear(x, w)), y), [w])


def test_a_chain_of_10000_nodes_needs_no_recursion():
    limit = sys.getrecursionlimit()
    assert limit < 10000  # so a recursive walk would fail here
    x = nn.Constant(np.ones((2, 3)))
    b = nn.Parameter(1, 3)
    h = x
    for _ in range(10000):
        h = nn.AddBias(h, b)
    loss = nn.SquareLoss(h, nn.Constant(np.zeros((2, 3))))
    grad, = nn.gradients(loss, [b])
    # h = x + 10000 b; d/db of mean((h)^2)/2 = 10000 * column sums of h / 6
    expected = 10000 * (x.data + 10000 * b.data).sum(axis=0, keepdims=True) / 6
    np.testing.assert_allclose(grad.data, expected, rtol=1e-9)


def test_softmax_loss_is_stable_for_large_logits():
    logits = nn.Constant(np.array([[1000.0, 0.0, -1000.0], [5000.0, 5000.0, 0.0]]))
    labels = nn.Constant(np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]))
    loss = nn.SoftmaxLoss(logits, labels)
    assert np.isfinite(loss.data)
    assert nn.as_scalar(loss) == pytest.approx(np.log(2) / 2)
    log_p = nn.SoftmaxLoss.log_softmax(logits.data)
    assert np.all(np.isfinite(log_p))
    np.testing.assert_allclose(np.exp(log_p).sum(axis=1), 1.0)


# --------------------------------------------------------------------------
# What gradients returns
# --------------------------------------------------------------------------

def small_problem():
    rng = np.random.default_rng(6)
    x = nn.Constant(rng.normal(size=(4, 3)))
    y = nn.Constant(rng.normal(size=(4, 1)))
    w, b = nn.Parameter(3, 1), nn.Parameter(1, 1)
    return x, y, w, b, (lambda: nn.SquareLoss(nn.AddBias(nn.Linear(x, w), b), y))


def test_gradients_come_back_in_the_order_asked_even_with_repeats():
    x, y, w, b, loss = small_problem()
    gw, gb = nn.gradients(loss(), [w, b])
    gb2, gw2, gb3 = nn.gradients(loss(), [b, w, b])
    np.testing.assert_array_equal(gw.data, gw2.data)
    np.testing.assert_array_equal(gb.data, gb2.data)
    np.testing.assert_array_equal(gb.data, gb3.data)  # each repeat gets the full gradient


def test_gradients_accepts_a_generator_of_parameters():
    x, y, w, b, loss = small_problem()
    expected = nn.gradients(loss(), [w, b])
    got = nn.gradients(loss(), (p for p in [w, b]))
    for e, g in zip(expected, got):
        np.testing.assert_array_equal(e.data, g.data)


def test_a_parameter_the_loss_does_not_use_gets_zeros():
    x, y, w, b, loss = small_problem()
    unused = nn.Parameter(2, 5)
    _, zeros = nn.gradients(loss(), [w, unused])
    assert isinstance(zeros, nn.Constant)
    np.testing.assert_array_equal(zeros.data, np.zeros((2, 5)))


def test_square_loss_is_symmetric():
    rng = np.random.default_rng(7)
    a, b = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    assert (nn.SquareLoss(nn.Constant(a), nn.Constant(b)).data
            == pytest.approx(nn.SquareLoss(nn.Constant(b), nn.Constant(a)).data))
    w = nn.Parameter(2, 2)
    x = nn.Constant(a)
    g1, = nn.gradients(nn.SquareLoss(nn.Linear(x, w), nn.Constant(b)), [w])
    g2, = nn.gradients(nn.SquareLoss(nn.Constant(b), nn.Linear(x, w)), [w])
    np.testing.assert_allclose(g1.data, g2.data)


# --------------------------------------------------------------------------
# Parameter, Constant, update
# --------------------------------------------------------------------------

def test_parameter_starts_uniform_within_the_glorot_limit_and_repeats_with_the_seed():
    np.random.seed(0)
    p = nn.Parameter(300, 100)
    np.random.seed(0)
    q = nn.Parameter(np.int64(300), np.int32(100))
    limit = np.sqrt(6 / 400)
    assert p.data.dtype == np.float64 and p.data.shape == (300, 100)
    assert np.abs(p.data).max() <= limit
    assert np.abs(p.data).max() > 0.99 * limit  # spread over the whole interval
    np.testing.assert_array_equal(p.data, q.data)
    assert p.parents == []


def test_update_works_in_place_bound_unbound_and_by_keyword():
    w = nn.Parameter(2, 3)
    array = w.data
    start = array.copy()
    step = nn.Constant(np.ones((2, 3)))
    w.update(step, 1)
    nn.Parameter.update(w, step, np.float64(0.5))
    nn.Parameter.update(w, direction=step, multiplier=-0.25)
    w.update(step, np.float32(0.25))
    w.update(step, np.int64(-1))
    w.update(nn.Constant(np.ones((2, 3), dtype=np.float32)), w.data[0][0] * 0)
    assert w.data is array  # the same array object: updated in place
    np.testing.assert_allclose(w.data, start + 0.5)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_constant_keeps_the_array_it_is_given(dtype):
    # Any floating dtype, kept as it is: the same array, not a converted copy.
    array = np.arange(6.0).reshape(2, 3).astype(dtype)
    c = nn.Constant(array)
    assert c.data is array and c.data.dtype == dtype and c.parents == []
    np.testing.assert_array_equal(c.data, np.arange(6.0).reshape(2, 3))


def test_nodes_are_truthy_hashed_by_identity_and_keep_their_parents_in_order():
    a, b = nn.Constant(np.ones((2, 2))), nn.Constant(np.ones((2, 2)))
    node = nn.Add(a, b)
    assert node.parents == (a, b)
    assert bool(node) and bool(a)
    assert len({a, b, nn.Constant(np.ones((2, 2)))}) == 3
    assert isinstance(node, nn.Node) and isinstance(a, nn.Node)


def test_repr_and_format_shape():
    assert nn.format_shape((5, 4)) == "5x4"
    assert nn.format_shape(()) == "()"
    c = nn.Constant(np.zeros((5, 4)))
    assert repr(c) == "<Constant shape=5x4 at {}>".format(hex(id(c)))
    loss = nn.SquareLoss(c, c)
    assert repr(loss) == "<SquareLoss shape=() at {}>".format(hex(id(loss)))
    assert repr(nn.Parameter(1, 3)).startswith("<Parameter shape=1x3 at 0x")


def test_as_scalar_reads_losses_and_1x1_nodes():
    c = nn.Constant(np.array([[2.5]]))
    assert nn.as_scalar(c) == 2.5 and type(nn.as_scalar(c)) is float
    loss = nn.SquareLoss(nn.Constant(np.zeros((2, 1))), nn.Constant(np.ones((2, 1))))
    assert nn.as_scalar(loss) == 0.5


# --------------------------------------------------------------------------
# Every rejection nn.py makes, with its message
# --------------------------------------------------------------------------

def ones(*shape):
    return nn.Constant(np.ones(shape))


@pytest.mark.parametrize("args, message", [
    ((3,), r"Parameter needs exactly two positive integer sizes.*got 3$"),
    ((), r"got nothing$"),
    ((2, 3, 4), r"got 2, 3, 4$"),
    ((0, 2), r"got 0, 2$"),
    ((-1, 2), r"got -1, 2$"),
    ((2.0, 3), r"got 2.0, 3$"),
    ((True, 3), r"got True, 3$"),
    (((2, 3),), r"got \(2, 3\)$"),
])
def test_parameter_rejects_sizes_that_are_not_two_positive_integers(args, message):
    with pytest.raises(ValueError, match=message):
        nn.Parameter(*args)


@pytest.mark.parametrize("value, error, message", [
    ([[1.0, 2.0]], TypeError, r"Constant needs a numpy array, got \[\[1.0, 2.0\]\] \(type list\)"),
    (2.0, TypeError, r"Constant needs a numpy array, got 2.0 \(type float\)"),
    (np.array([[1, 2]], dtype=np.int64), TypeError,
     r"Constant needs an array of floats, got dtype int64; convert it with array.astype\(float\)"),
    (np.array([[True]]), TypeError, r"got dtype bool"),
])
def test_constant_rejects_what_is_not_a_float_array(value, error, message):
    with pytest.raises(error, match=message):
        nn.Constant(value)


def test_update_rejects_a_direction_that_is_not_a_constant():
    w = nn.Parameter(2, 3)
    with pytest.raises(TypeError, match=r"^Parameter 2x3\.update: direction must be an "
                                        r"nn\.Constant .*got <Parameter shape=2x3"):
        w.update(nn.Parameter(2, 3), 1.0)
    with pytest.raises(TypeError, match=r"got a numpy array of shape 2x3$"):
        w.update(np.ones((2, 3)), 1.0)


def test_update_rejects_a_direction_of_another_shape():
    with pytest.raises(ValueError, match=r"^Parameter 2x3\.update: direction has shape 3x2, "
                                         r"but the parameter is 2x3$"):
        nn.Parameter(2, 3).update(ones(3, 2), 1.0)


@pytest.mark.parametrize("multiplier, shown", [
    ("0.1", r"'0.1' \(type str\)"),
    (True, r"True \(type bool\)"),
    (np.array([[0.1]]), r"a numpy array of shape 1x1"),
    (None, r"None \(type NoneType\)"),
])
def test_update_rejects_a_multiplier_that_is_not_a_number(multiplier, shown):
    with pytest.raises(TypeError, match=r"multiplier must be a number such as -0\.05, got "
                                        + shown):
        nn.Parameter(2, 3).update(ones(2, 3), multiplier)


@pytest.mark.parametrize("multiplier", [np.inf, np.nan, 1e308])
def test_update_that_leaves_nan_or_infinity_says_training_diverged(multiplier):
    w = nn.Parameter(4, 1)
    w.update(nn.Constant(np.zeros((4, 1))), 1.0)  # a first, harmless update
    direction = nn.Constant(np.full((4, 1), 1e308))
    with pytest.raises(FloatingPointError,
                       match=r"^Parameter 4x1\.update: training diverged, the parameter now "
                             r"holds NaN or infinity \(after 2 updates\)\. Try a smaller "
                             r"learning rate"):
        with np.errstate(over="ignore", invalid="ignore"):
            w.update(direction, multiplier)


def test_update_with_finite_values_whose_sum_overflows_does_not_raise():
    # Divergence is a NaN or an infinity among the values, not in their sum:
    # here the sum overflows to infinity but every value is finite.
    w = nn.Parameter(2, 3)
    start = w.data.copy()
    with warnings.catch_warnings(record=True):  # numpy warns that the sum overflowed
        warnings.simplefilter("always")
        w.update(nn.Constant(np.full((2, 3), 1e308)), 1.0)
        assert not np.isfinite(w.data.sum())  # the sum is not finite ...
    assert np.isfinite(w.data).all()  # ... and every value is
    np.testing.assert_allclose(w.data, start + 1e308)
    assert w.updates == 1


def test_update_whose_values_overflow_says_training_diverged():
    # The control of the test above: the same size of step, once more, makes
    # the values themselves infinite.
    w = nn.Parameter(2, 3)
    direction = nn.Constant(np.full((2, 3), 1e308))
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        w.update(direction, 1.0)
        with pytest.raises(FloatingPointError, match=r"^Parameter 2x3\.update: training "
                                                     r"diverged, .* \(after 2 updates\)"):
            w.update(direction, 1.0)
    assert np.isinf(w.data).all()


def test_softmax_loss_gradient_is_taken_at_the_logits_it_was_built_from():
    # SoftmaxLoss keeps its log-probabilities from when it was built, so a
    # parameter changed in place before nn.gradients does not change them.
    logits = nn.Parameter(2, 3)
    start = logits.data.copy()
    labels = nn.Constant(np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]))
    loss = nn.SoftmaxLoss(logits, labels)
    logits.update(nn.Constant(np.array([[5.0, 0.0, 0.0], [0.0, 0.0, 5.0]])), 1.0)
    gradient, = nn.gradients(loss, [logits])
    expected = (np.exp(nn.SoftmaxLoss.log_softmax(start)) - labels.data) / 2
    np.testing.assert_allclose(gradient.data, expected, rtol=1e-12)


def test_float32_update_with_values_too_large_to_square_does_not_raise(monkeypatch):
    # update first looks at the sum of the squares; 1e20 squared overflows
    # float32, so it must then look at each value, and find them all finite.
    monkeypatch.setattr(nn, "DTYPE", np.float32)
    w = nn.Parameter(784, 10)
    w.update(nn.Constant(np.full((784, 10), 1e20, dtype=np.float32)), 1.0)
    assert np.isinf(np.vdot(w.data, w.data)) and np.isfinite(w.data).all()
    w.data[3, 4] = np.nan  # the control: one NaN among them is found
    with pytest.raises(FloatingPointError, match=r"^Parameter 784x10\.update: training diverged"):
        w.update(nn.Constant(np.zeros((784, 10), dtype=np.float32)), 1.0)


@pytest.mark.parametrize("build, error, message", [
    (lambda: nn.Add(ones(2, 2)), TypeError, r"^Add takes 2 input\(s\) \(x, y\), got 1$"),
    (lambda: nn.ReLU(ones(2, 2), ones(2, 2)), TypeError,
     r"^ReLU takes 1 input\(s\) \(features\), got 2$"),
    (lambda: nn.Linear(np.ones((2, 3)), nn.Parameter(3, 1)), TypeError,
     r"^Linear: features must be a node, got a numpy array of shape 2x3; wrap arrays in "
     r"nn\.Constant$"),
    (lambda: nn.Add(ones(2, 2), 1.0), TypeError, r"^Add: y must be a node, got 1\.0"),
    (lambda: nn.Linear(nn.SquareLoss(ones(2, 2), ones(2, 2)), nn.Parameter(2, 2)), ValueError,
     r"^Linear: features must be a 2-D node, got shape \(\)$"),
    (lambda: nn.ReLU(nn.Constant(np.ones(3))), ValueError,
     r"^ReLU: features must be a 2-D node, got shape 3$"),
    (lambda: nn.Add(ones(2, 3), ones(3, 2)), ValueError,
     r"^Add: x 2x3 and y 3x2 must have the same shape$"),
    (lambda: nn.AddBias(ones(4, 3), ones(1, 2)), ValueError,
     r"^AddBias: bias 1x2 must be 1x3 to fit features 4x3$"),
    (lambda: nn.AddBias(ones(4, 3), ones(4, 3)), ValueError,
     r"^AddBias: bias 4x3 must be 1x3 to fit features 4x3$"),
    (lambda: nn.DotProduct(ones(4, 3), ones(3, 1)), ValueError,
     r"^DotProduct: weights 3x1 must be 1x3 to fit features 4x3$"),
    (lambda: nn.Linear(ones(4, 3), ones(2, 1)), ValueError,
     r"^Linear: features 4x3 do not fit weights 2x1 \(3 != 2\)$"),
    (lambda: nn.SquareLoss(ones(4, 1), ones(1, 4)), ValueError,
     r"^SquareLoss: a 4x1 and b 1x4 must have the same shape$"),
    (lambda: nn.SoftmaxLoss(ones(4, 10), ones(4, 9)), ValueError,
     r"^SoftmaxLoss: logits 4x10 and labels 4x9 must have the same shape$"),
    (lambda: nn.SoftmaxLoss(nn.Constant(np.eye(3)), nn.Constant(np.eye(3) * 2)), ValueError,
     r"^SoftmaxLoss: labels must be non-negative with each row summing to 1 \(check the "
     r"order: SoftmaxLoss\(logits, labels\)\)$"),
    (lambda: nn.SoftmaxLoss(nn.Constant(np.eye(2)),
                            nn.Constant(np.array([[1.5, -0.5], [0.0, 1.0]]))), ValueError,
     r"^SoftmaxLoss: labels must be non-negative"),
])
def test_function_nodes_reject_wrong_inputs_naming_the_node_and_shapes(build, error, message):
    with pytest.raises(error, match=message):
        build()


def test_gradients_rejects_a_node_that_is_not_a_loss():
    w = nn.Parameter(3, 1)
    output = nn.Linear(ones(2, 3), w)
    with pytest.raises(TypeError, match=r"^gradients: the first argument must be a loss node "
                                        r"\(nn\.SquareLoss or nn\.SoftmaxLoss\), got "
                                        r"<Linear shape=2x1 at 0x"):
        nn.gradients(output, [w])


def test_gradients_rejects_parameters_that_are_not_a_list_of_parameters():
    x, y, w, b, loss = small_problem()
    with pytest.raises(TypeError, match=r"^gradients: the second argument must be a list of "
                                        r"parameters, got <Parameter shape=3x1"):
        nn.gradients(loss(), w)
    with pytest.raises(TypeError, match=r"^gradients: parameters\[1\] must be an nn\.Parameter, "
                                        r"got <Constant shape=4x3"):
        nn.gradients(loss(), [w, x])


def test_gradients_rejects_a_loss_used_twice():
    x, y, w, b, loss = small_problem()
    node = loss()
    nn.gradients(node, [w])
    with pytest.raises(RuntimeError, match=r"already differentiated\. Build a new loss"):
        nn.gradients(node, [w])
    nn.gradients(loss(), [w])  # a new loss is fine


@pytest.mark.parametrize("value, error, message", [
    (np.array([[1.0]]), TypeError, r"^as_scalar needs a node, got a numpy array of shape 1x1$"),
    (ones(2, 1), ValueError, r"^as_scalar: <Constant shape=2x1 at 0x\w+> holds 2 values; "
                             r"it only works on a node with exactly one"),
])
def test_as_scalar_rejects_what_is_not_a_one_value_node(value, error, message):
    with pytest.raises(error, match=message):
        nn.as_scalar(value)


def test_the_checks_survive_python_dash_O():
    """The checks are exceptions, not asserts, so `python -O` keeps them."""
    code = ("import nn, numpy as np\n"
            "try:\n"
            "    nn.Linear(nn.Constant(np.ones((4, 3))), nn.Parameter(2, 1))\n"
            "except ValueError as error:\n"
            "    print(error)\n")
    result = subprocess.run([sys.executable, "-O", "-c", code], capture_output=True, text=True,
                            cwd=str(__import__("kit").ROOT), check=True)
    assert result.stdout.strip() == "Linear: features 4x3 do not fit weights 2x1 (3 != 2)"


def test_a_recurrent_network_unrolled_over_10_characters():
    """The language model's shape of graph: one hidden state updated by
    Add(Linear(x, W), Linear(h, W_hidden)) at each of 10 steps, the same
    parameters reused at every step, then a classifier."""
    rng = np.random.default_rng(8)
    batch, chars, hidden, steps = 3, 5, 4, 10
    xs = [nn.Constant(one_hot_rows(rng, (batch, chars))) for _ in range(steps)]
    y = nn.Constant(one_hot_rows(rng, (batch, 3)))
    w = parameter(rng.normal(scale=0.5, size=(chars, hidden)))
    w_hidden = parameter(rng.normal(scale=0.5, size=(hidden, hidden)))
    b = parameter(rng.normal(scale=0.5, size=(1, hidden)))
    w_out = parameter(rng.normal(size=(hidden, 3)))

    def states():
        h = nn.ReLU(nn.AddBias(nn.Linear(xs[0], w), b))
        yield h
        for x in xs[1:]:
            h = nn.ReLU(nn.AddBias(nn.Add(nn.Linear(x, w), nn.Linear(h, w_hidden)), b))
            yield h

    def loss():
        *_, last = states()
        return nn.SoftmaxLoss(nn.Linear(last, w_out), y)

    # Away from ReLU's kink at every step.
    before = [h.parents[0].data for h in states()]
    assert min(np.abs(values).min() for values in before) > 1e-4
    assert all(np.any(values > 0) for values in before)  # the state carries through
    check_graph_gradients(loss, [w, w_hidden, b, w_out])


# --------------------------------------------------------------------------
# The dtype policy: float32 Parameters by default (nn.DTYPE), gradients in the
# parameter's dtype, and inputs of two dtypes computed in the wider one
# --------------------------------------------------------------------------

@pytest.fixture
def float32_parameters(monkeypatch):
    monkeypatch.setattr(nn, "DTYPE", np.float32)


def test_parameters_are_float32_by_default_and_draw_the_same_numbers_as_float64(monkeypatch):
    monkeypatch.undo()  # nn.DTYPE as it ships
    assert nn.DTYPE == np.float32
    np.random.seed(0)
    single = nn.Parameter(30, 10)
    monkeypatch.setattr(nn, "DTYPE", np.float64)
    np.random.seed(0)
    double = nn.Parameter(30, 10)
    assert single.data.dtype == np.float32 and double.data.dtype == np.float64
    np.testing.assert_array_equal(single.data, double.data.astype(np.float32))


def test_a_float32_network_gets_float32_gradients_that_match_float64(float32_parameters):
    rng = np.random.default_rng(5)
    x32 = rng.normal(size=(8, 6)).astype(np.float32)
    labels = one_hot_rows(rng, (8, 3)).astype(np.float32)
    w = nn.Parameter(6, 4)
    b = nn.Parameter(1, 4)
    v = nn.Parameter(4, 3)

    def loss(x, y):
        hidden = nn.ReLU(nn.AddBias(nn.Linear(x, w), b))
        return nn.SoftmaxLoss(nn.Linear(hidden, v), y)

    single = nn.gradients(loss(nn.Constant(x32), nn.Constant(labels)), [w, b, v])
    assert [g.data.dtype for g in single] == [np.float32] * 3
    # The same network in float64, from the same weights.
    saved = [p.data for p in (w, b, v)]
    for p in (w, b, v):
        p.data = p.data.astype(np.float64)
    double = nn.gradients(loss(nn.Constant(x32.astype(np.float64)),
                               nn.Constant(labels.astype(np.float64))), [w, b, v])
    assert [g.data.dtype for g in double] == [np.float64] * 3
    for g32, g64 in zip(single, double):
        np.testing.assert_allclose(g32.data, g64.data, rtol=1e-5, atol=1e-6)
    for p, data in zip((w, b, v), saved):
        p.data = data


def test_a_float64_constant_meeting_float32_parameters_computes_in_float64(float32_parameters):
    # A models.py written for the original kit builds Constants from float64
    # arrays: the node computes in the wider dtype, as numpy would ...
    rng = np.random.default_rng(6)
    x = nn.Constant(rng.normal(size=(5, 3)))  # float64
    w = nn.Parameter(3, 2)
    out = nn.Linear(x, w)
    assert out.data.dtype == np.float64
    np.testing.assert_array_equal(out.data, x.data @ w.data)  # numpy's own mixed product
    np.testing.assert_allclose(out.data, x.data @ w.data.astype(np.float64), rtol=1e-12)
    # ... and the parameter's gradient keeps the parameter's dtype.
    grad, = nn.gradients(nn.SquareLoss(out, nn.Constant(np.zeros((5, 2)))), [w])
    assert grad.data.dtype == np.float32
    np.testing.assert_allclose(grad.data, x.data.T @ out.data / out.data.size, rtol=1e-6)
    array = w.data
    w.update(grad, -0.1)
    assert w.data is array and w.data.dtype == np.float32


def test_the_perceptron_update_is_exact_in_float32(float32_parameters):
    # What autograder.py's exact check of the update rule relies on: a float32
    # weight plus a float32 point times a label is the float32 sum, bit for bit.
    w = nn.Parameter(1, 3)
    start = w.data.copy()
    point = 5 * start
    w.update(nn.Constant(point), -1)
    np.testing.assert_array_equal(w.data, start - point)
