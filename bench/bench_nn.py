"""nn.py against the same training steps written directly in numpy. Prints figures.

    python bench/bench_nn.py                 # float64 and float32, MNIST and random data
    python bench/bench_nn.py --epochs 7 --processes 3 --data mnist --dtype float32

A 784-200-10 ReLU network, batch 100, learning rate 0.5, trained on 30,000
examples an epoch. Both sides start from the same weights, in the same dtype
as the data (float64 weights on float64 data, float32 on float32: never a
mixed path, which is slow for both sides and would hide a gap), and must end
with the same weights (checked). Epochs alternate nn / numpy in one process;
each (dtype, data) pair runs in --processes fresh processes, because the
first epochs of a fresh process pay for growing the heap. Figures: the median
over every epoch but each process's first ("warm"), the median of the first
epochs ("first"), and their nn / numpy ratios. Each is measured twice, in
processes that alternate: with the environment a grading child gets
(grading/runner.py: CHILD_ENVIRONMENT, "child") and without it ("plain").
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

EXAMPLES, BATCH, LEARNING_RATE = 30000, 100, 0.5
SHAPES = [(784, 200), (1, 200), (200, 10), (1, 10)]


def data(kind, dtype):
    """`EXAMPLES` training examples (images, one-hot labels) of `dtype`."""
    if kind == "mnist":
        import backend
        backend.use_graphics = False
        dataset = backend.DigitClassificationDataset(model=None)
        x, y = dataset.x[:EXAMPLES], dataset.y[:EXAMPLES]
    else:
        rng = np.random.RandomState(1)
        x = rng.uniform(0, 1, (EXAMPLES, 784))
        y = np.eye(10)[rng.randint(0, 10, EXAMPLES)]
    return x.astype(dtype), y.astype(dtype)


def epoch_through_nn(x, y, weights, batch=BATCH):
    import nn
    parameters = [nn.Parameter(*w.shape) for w in weights]
    for parameter, w in zip(parameters, weights):
        parameter.data = w.copy()
    w1, b1, w2, b2 = parameters
    start = time.perf_counter()
    for i in range(0, len(x), batch):
        inputs, labels = nn.Constant(x[i:i + batch]), nn.Constant(y[i:i + batch])
        hidden = nn.ReLU(nn.AddBias(nn.Linear(inputs, w1), b1))
        loss = nn.SoftmaxLoss(nn.AddBias(nn.Linear(hidden, w2), b2), labels)
        for parameter, gradient in zip(parameters, nn.gradients(loss, parameters)):
            parameter.update(gradient, -LEARNING_RATE)
    return time.perf_counter() - start, [p.data for p in parameters]


def epoch_in_numpy(x, y, weights, batch=BATCH):
    """The same steps as nn.py takes, written the way a numpy user would."""
    w1, b1, w2, b2 = [w.copy() for w in weights]
    start = time.perf_counter()
    for i in range(0, len(x), batch):
        inputs, labels = x[i:i + batch], y[i:i + batch]
        before_relu = inputs @ w1 + b1
        hidden = np.maximum(before_relu, 0)
        logits = hidden @ w2 + b2
        shifted = logits - logits.max(axis=1, keepdims=True)
        log_probabilities = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        loss = -(labels * log_probabilities).sum() / len(inputs)  # noqa: F841 (as nn does)
        d_logits = (np.exp(log_probabilities) - labels) / len(inputs)
        d_hidden = (d_logits @ w2.T) * (before_relu > 0)
        gradients = [inputs.T @ d_hidden, d_hidden.sum(axis=0, keepdims=True),
                     hidden.T @ d_logits, d_logits.sum(axis=0, keepdims=True)]
        for w, gradient in zip((w1, b1, w2, b2), gradients):
            w -= LEARNING_RATE * gradient
    return time.perf_counter() - start, [w1, b1, w2, b2]


def measure(kind, dtype, epochs):
    """In this process: `epochs` rounds of (nn, numpy); JSON on stdout."""
    x, y = data(kind, dtype)
    rng = np.random.RandomState(0)
    weights = [rng.uniform(-0.1, 0.1, shape).astype(dtype) for shape in SHAPES]
    times = {"nn": [], "numpy": []}
    for _ in range(epochs):
        seconds, through_nn = epoch_through_nn(x, y, weights)
        times["nn"].append(seconds)
        seconds, in_numpy = epoch_in_numpy(x, y, weights)
        times["numpy"].append(seconds)
        tolerance = 1e-4 if dtype == "float32" else 1e-9
        times["same"] = all(a.dtype == b.dtype == np.dtype(dtype) and
                            np.allclose(a, b, rtol=tolerance, atol=tolerance)
                            for a, b in zip(through_nn, in_numpy))
    print(json.dumps(times))


def environment(allocator):
    env = dict(os.environ)
    if allocator == "child":
        from grading.runner import CHILD_ENVIRONMENT
        env.update(CHILD_ENVIRONMENT)
    return env


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=5, help="epochs of each side a process")
    parser.add_argument("--processes", type=int, default=2,
                        help="processes a (data, dtype, allocator)")
    parser.add_argument("--data", choices=("mnist", "random"), nargs="+",
                        default=["mnist", "random"])
    parser.add_argument("--dtype", choices=("float64", "float32"), nargs="+",
                        default=["float64", "float32"])
    parser.add_argument("--measure", nargs=2, metavar=("DATA", "DTYPE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        return measure(*args.measure, args.epochs)
    print("machine: {} cores, Python {}, numpy {}; {} examples an epoch, batch {}, "
          "784-200-10; allocator: child = grading/runner.py's CHILD_ENVIRONMENT, plain = "
          "without it".format(os.cpu_count(), sys.version.split()[0], np.__version__,
                              EXAMPLES, BATCH))
    for kind in args.data:
        for dtype in args.dtype:
            runs = {allocator: {"warm": {"nn": [], "numpy": []}, "first": {"nn": [], "numpy": []},
                                "same": True} for allocator in ("child", "plain")}
            for _ in range(args.processes):
                for allocator, sample in runs.items():  # processes alternate
                    output = subprocess.run(
                        [sys.executable, __file__, "--measure", kind, dtype,
                         "--epochs", str(args.epochs)], env=environment(allocator),
                        check=True, capture_output=True, text=True).stdout
                    times = json.loads(output)
                    sample["same"] = sample["same"] and times.pop("same")
                    for side in ("nn", "numpy"):
                        sample["first"][side].append(times[side][0])
                        sample["warm"][side].extend(times[side][1:])
            for allocator, sample in runs.items():
                line = "{:6s} {} {:5s}: ".format(kind, dtype, allocator)
                for label in ("warm", "first"):
                    nn_median = statistics.median(sample[label]["nn"])
                    numpy_median = statistics.median(sample[label]["numpy"])
                    line += "{} nn {:.3f} s, numpy {:.3f} s, ratio {:.2f}x ({}); ".format(
                        label, nn_median, numpy_median, nn_median / numpy_median,
                        len(sample[label]["nn"]))
                print(line + "same weights: {}".format(sample["same"]), flush=True)


if __name__ == "__main__":
    main()
