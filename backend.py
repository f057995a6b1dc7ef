"""The datasets you train on (their live plots are in plots.py).

Read this file, but do not edit it: the autograder uses its own copy.

    dataset = backend.RegressionDataset(model)
    for x, y in dataset.iterate_once(batch_size):   # one pass (epoch)
        ...                                          # x, y are nn.Constant

`dataset.x` and `dataset.y` hold the whole training set as numpy arrays, of
dtype nn.DTYPE (float32) like the Parameters; the perceptron's points are
float64, so that the autograder can repeat its arithmetic exactly.
Set `backend.use_graphics = False` (or run the autograder with --no-graphics)
to train without windows.
"""

import atexit
import os
import time

import numpy as np

import nn
import plots
from nn import say

use_graphics = True
plot_folder = None  # where the final pictures go when no window can be shown (None: ./plots)

# How far training has got in this process, so that the autograder can say it
# when a question runs out of time: passes started over the data, batches
# drawn, and the last validation accuracy computed (None before the first).
progress = {"passes": 0, "batches": 0, "validation": None}


def maybe_sleep_and_close(seconds):
    """Leave the plots on screen for `seconds`, then close them. Where no
    window can be shown, save the final picture of each plot instead."""
    plots.save_pictures(plot_folder)
    if use_graphics:
        plots.close_all(seconds)


# For training scripts that never call maybe_sleep_and_close: the pictures at exit.
atexit.register(lambda: plots.save_pictures(plot_folder))


def _start_plot(plot_class, dataset):
    """The dataset's plot (plots.py), or None with graphics off."""
    return plots.start(plot_class, dataset) if use_graphics else None


def _refresh(plot, *progress):
    if use_graphics:
        plots.refresh(plot, *progress)


def get_data_path(name):
    """The path of data file `name`, from the kit's data/ folder or beside this file."""
    here = os.path.dirname(os.path.realpath(__file__))
    tried = [os.path.join(here, "data", name), os.path.join(here, name)]
    for path in tried:
        if os.path.exists(path):
            return path
    raise FileNotFoundError(say("Could not find the data file {name}. Looked in:\n  "
                                "{tried}\nRestore the kit's data/ folder (unpack the kit again, "
                                "or `git checkout -- data`).",
                                name=name, tried="\n  ".join(tried)))


# --------------------------------------------------------------------------
# Datasets
# --------------------------------------------------------------------------

class Dataset:
    """Examples `x` (one per row) with their targets `y`, as 2-D float arrays."""

    def __init__(self, x, y):
        for name, array in (("x", x), ("y", y)):
            if not isinstance(array, np.ndarray) or not np.issubdtype(array.dtype, np.floating):
                raise TypeError(say("Dataset: {name} must be a numpy array of floats, got {got}",
                                    name=name, got=nn.describe(array)))
            if array.ndim != 2:
                raise ValueError(say("Dataset: {name} must be 2-D (examples x features), got "
                                     "shape {shape}", name=name,
                                     shape=nn.format_shape(array.shape)))
        if x.shape[0] != y.shape[0]:
            raise ValueError(say("Dataset: x has {x} rows but y has {y}",
                                 x=x.shape[0], y=y.shape[0]))
        self.x = x
        self.y = y

    def iterate_once(self, batch_size):
        """One pass over the data in order, as (x, y) batches of nn.Constants."""
        _check_batch_size(batch_size, self.x.shape[0])
        progress["passes"] += 1
        for start in range(0, self.x.shape[0], batch_size):
            end = start + batch_size
            progress["batches"] += 1
            yield nn.Constant(self.x[start:end]), nn.Constant(self.y[start:end])

    def iterate_forever(self, batch_size):
        """Batches without end: `iterate_once` again and again."""
        while True:
            yield from self.iterate_once(batch_size)

    def get_validation_accuracy(self):
        raise NotImplementedError(say("This dataset has no validation data: only the digit and "
                                      "language datasets have get_validation_accuracy(). Use "
                                      "the training loss instead."))


def _check_positive_integer(batch_size):
    if not nn.is_integer(batch_size) or batch_size <= 0:
        raise TypeError(say("batch_size must be a positive integer, got {got}",
                            got=repr(batch_size)))


def _check_batch_size(batch_size, examples):
    _check_positive_integer(batch_size)
    if examples % batch_size != 0:
        divisors = [d for d in range(1, examples + 1) if examples % d == 0]
        below = max(d for d in divisors if d < batch_size)
        above = min((d for d in divisors if d > batch_size), default=examples)
        raise ValueError(say("batch_size {size} does not divide the {examples} examples of this "
                             "dataset; the nearest sizes that do are {below} and {above}",
                             size=batch_size, examples=examples,
                             below=below, above=above))


class PerceptronDataset(Dataset):
    """200 points in the plane, labelled +1 or -1 by a line.

    Each x is [x0, x1, 1.0]: the constant third feature plays the bias.
    """

    def __init__(self, model):
        points = 200
        x = np.hstack([np.random.randn(points, 2), np.ones((points, 1))])
        y = np.where(x[:, 0] + 2 * x[:, 1] - 1 >= 0, 1.0, -1.0).reshape(points, 1)
        super().__init__(x, y)
        self.model = model
        self.epoch = 0
        self.plot = _start_plot(plots.PerceptronPlot, self)

    def iterate_once(self, batch_size):
        self.epoch += 1
        for i, (x, y) in enumerate(super().iterate_once(batch_size)):
            yield x, y
            _refresh(self.plot, i * batch_size + batch_size)


class RegressionDataset(Dataset):
    """y = sin(x) at 200 evenly spaced x on [-2pi, 2pi], in shuffled order."""

    def __init__(self, model):
        x = np.linspace(-2 * np.pi, 2 * np.pi, num=200).reshape(200, 1)
        np.random.RandomState(0).shuffle(x)
        x = x.astype(nn.DTYPE)
        self.argsort_x = np.argsort(x.flatten())
        super().__init__(x, np.sin(x))
        self.model = model
        self.processed = 0
        self.plot = _start_plot(plots.RegressionPlot, self)

    def iterate_once(self, batch_size):
        for x, y in super().iterate_once(batch_size):
            yield x, y
            self.processed += batch_size
            _refresh(self.plot)


# MNIST's 10,000 test images are split in two: even rows are the validation
# set, odd rows the test set the autograder grades on.
VALIDATION_ROWS, TEST_ROWS = slice(0, None, 2), slice(1, None, 2)


class DigitClassificationDataset(Dataset):
    """MNIST handwritten digits: 28x28 images as rows of 784 floats in [0, 1].

    `x`, `y`: the 60,000 training images and their one-hot labels (x 10).
    The 10,000 test images are split in two: even rows are the validation
    set (`dev_images`, `dev_labels`), odd rows the test set the autograder
    uses (`test_images`, `test_labels`). Labels there are integers 0-9.
    """

    def __init__(self, model):
        with np.load(get_data_path("mnist.npz")) as data:
            train_images = _as_unit_floats(data["train_images"])
            train_labels = data["train_labels"].astype(int)
            test_images = _as_unit_floats(data["test_images"])
            test_labels = data["test_labels"].astype(int)
        one_hot = np.zeros((len(train_labels), 10), dtype=nn.DTYPE)
        one_hot[np.arange(len(train_labels)), train_labels] = 1.0
        super().__init__(train_images, one_hot)
        self.train_labels = train_labels
        self.dev_images = test_images[VALIDATION_ROWS]
        self.dev_labels = test_labels[VALIDATION_ROWS]
        self.test_images, self.test_labels = test_images[TEST_ROWS], test_labels[TEST_ROWS]
        self.model = model
        self.epoch = 0
        self.plot = _start_plot(plots.DigitPlot, self)

    def iterate_once(self, batch_size):
        self.epoch += 1
        for i, (x, y) in enumerate(super().iterate_once(batch_size)):
            yield x, y
            _refresh(self.plot, i + 1, len(self.x) // batch_size)

    def get_validation_accuracy(self):
        """Accuracy of model.run on the 5,000 validation images (0 to 1)."""
        logits = self.model.run(nn.Constant(self.dev_images)).data
        progress["validation"] = float(np.mean(np.argmax(logits, axis=1) == self.dev_labels))
        return progress["validation"]


class LanguageIDDataset(Dataset):
    """Words of five languages, to tell which language a word is from.

    `chars`: the 47-letter alphabet; `language_codes` (en es fi nl pl) and
    `language_names`. For each split (train, dev, test): `*_x`, words as rows
    of character indices right-padded with -1; `*_y`, the language index of
    each word; `*_buckets`, the [start, end) rows of each word length (rows are
    sorted by length). A batch is `(xs, y)`: `xs` a list with one
    batch x 47 one-hot Constant per character position, `y` a one-hot
    batch x 5 Constant. All the words of a batch have the same length. As in
    the other datasets, `x` and `y` are the training examples and their
    targets: `train_x`, and `train_y` one-hot (len(dataset.x) words).
    """

    def __init__(self, model):
        with np.load(get_data_path("lang_id.npz")) as data:
            for key in ("chars", "language_codes", "language_names"):
                setattr(self, key, [str(value) for value in data[key]])
            for split in ("train", "dev", "test"):
                for part in ("x", "y", "buckets"):
                    name = "{}_{}".format(split, part)
                    setattr(self, name, data[name].astype(int))
        self.x = self.train_x
        self.y = np.eye(len(self.language_codes), dtype=nn.DTYPE)[self.train_y]
        self.model = model
        self.epoch = 0
        sizes = self.train_buckets[:, 1] - self.train_buckets[:, 0]
        self.bucket_weights = sizes / sizes.sum()
        # A few dev words per language to show while training, the same every run.
        spotlight = np.random.RandomState(0)
        self.spotlight = np.concatenate([
            np.sort(spotlight.choice(np.flatnonzero(self.dev_y == language), 2, replace=False))
            for language in range(len(self.language_names))])
        self.last_report = time.time()

    def _encode(self, rows, labels):
        """Character rows (same length, -1 padding beyond) and labels as (xs, y)."""
        length = int(np.sum(rows[0] >= 0))
        if np.any(rows[:, :length] < 0) or np.any(rows[:, length:] >= 0):
            raise ValueError(say("_encode needs words of one length; got rows of several"))
        eye = np.eye(len(self.chars), dtype=nn.DTYPE)
        xs = [nn.Constant(eye[rows[:, i]]) for i in range(length)]
        y = nn.Constant(np.eye(len(self.language_names), dtype=nn.DTYPE)[labels])
        return xs, y

    def iterate_once(self, batch_size):
        """len(train_x) // batch_size batches, each from one word length (picked at
        random, weighted by how many words have it), words drawn at random."""
        _check_positive_integer(batch_size)
        if batch_size > len(self.train_x):
            raise ValueError(say("batch_size {size} is more than the {words} training words",
                                 size=batch_size, words=len(self.train_x)))
        self.epoch += 1
        progress["passes"] += 1
        batches = len(self.train_x) // batch_size
        for batch in range(batches):
            progress["batches"] += 1
            bucket = np.random.choice(len(self.bucket_weights), p=self.bucket_weights)
            start, end = self.train_buckets[bucket]
            rows = start + np.random.choice(end - start, size=batch_size)
            if use_graphics and time.time() - self.last_report > 2.0:
                plots.echo(self._progress(batch, batches))
                self.last_report = time.time()
            yield self._encode(self.train_x[rows], self.train_y[rows])

    def _predict(self, split="dev"):
        """(probabilities, predictions, labels) of the model on `split`, 'dev' or 'test'."""
        if split not in ("dev", "test"):
            raise ValueError(say("split must be 'dev' or 'test', got {got}", got=repr(split)))
        x, y, buckets = (getattr(self, split + part) for part in ("_x", "_y", "_buckets"))
        logits = []
        for start, end in buckets:
            xs, _ = self._encode(x[start:end], y[start:end])
            logits.append(self.model.run(xs).data)
        logits = np.concatenate(logits)
        probabilities = np.exp(nn.SoftmaxLoss.log_softmax(logits))
        return probabilities, np.argmax(logits, axis=1), y

    def get_validation_accuracy(self):
        """Accuracy of model.run on the 1,000 dev words (0 to 1)."""
        _, predicted, labels = self._predict("dev")
        progress["validation"] = float(np.mean(predicted == labels))
        return progress["validation"]

    def _progress(self, batch, batches):
        """Validation accuracy and a few dev words with the probability of each language."""
        probabilities, predicted, labels = self._predict("dev")
        lines = [say("epoch {epoch}, batch {batch}/{batches}: validation accuracy {accuracy:.1%}",
                     epoch=self.epoch, batch=batch, batches=batches,
                     accuracy=np.mean(predicted == labels))]
        lines.append("  {:<11}".format("") + "".join(
            "{:>5}".format(code) for code in self.language_codes))
        for row in self.spotlight:
            word = "".join(self.chars[c] for c in self.dev_x[row] if c >= 0)
            guess = self.language_names[predicted[row]]
            if predicted[row] != labels[row]:
                guess += say(" (not {language})", language=self.language_names[labels[row]])
            lines.append("  {:<11}".format(word) + "".join(
                "{:>4.0f}%".format(100 * p) for p in probabilities[row]) + "  " + guess)
        return "\n".join(lines)


def _as_unit_floats(images):
    """Pixels as floats of nn.DTYPE in [0, 1]."""
    if np.issubdtype(images.dtype, np.integer):
        return images.astype(nn.DTYPE) / nn.DTYPE(255)
    return images.astype(nn.DTYPE)
