"""The datasets you train on, with live plots.

Read this file, but do not edit it: the autograder uses its own copy.

    dataset = backend.RegressionDataset(model)
    for x, y in dataset.iterate_once(batch_size):   # one pass (epoch)
        ...                                          # x, y are nn.Constant

`dataset.x` and `dataset.y` hold the whole training set as numpy arrays.
Set `backend.use_graphics = False` (or run the autograder with --no-graphics)
to train without windows.
"""

import os
import time

import numpy as np

import nn

use_graphics = True


def maybe_sleep_and_close(seconds):
    """Leave the plots on screen for `seconds`, then close them."""
    if use_graphics and _plt is not None and _plt.get_fignums():
        _plt.pause(seconds)
        _plt.close("all")


def get_data_path(name):
    """The path of data file `name`, from the kit's data/ folder or beside this file."""
    here = os.path.dirname(os.path.realpath(__file__))
    tried = [os.path.join(here, "data", name), os.path.join(here, name)]
    for path in tried:
        if os.path.exists(path):
            return path
    raise FileNotFoundError(
        "Could not find the data file {}. Looked in:\n  {}\nRestore the kit's data/ "
        "folder (unpack the kit again, or `git checkout -- data`).".format(
            name, "\n  ".join(tried)))


# --------------------------------------------------------------------------
# Datasets
# --------------------------------------------------------------------------

class Dataset:
    """Examples `x` (one per row) with their targets `y`, as 2-D float arrays."""

    def __init__(self, x, y):
        for name, array in (("x", x), ("y", y)):
            if not isinstance(array, np.ndarray) or not np.issubdtype(array.dtype, np.floating):
                raise TypeError("Dataset: {} must be a numpy array of floats, got {}".format(
                    name, nn._describe(array)))
            if array.ndim != 2:
                raise ValueError("Dataset: {} must be 2-D (examples x features), got shape {}"
                                 .format(name, nn.format_shape(array.shape)))
        if x.shape[0] != y.shape[0]:
            raise ValueError("Dataset: x has {} rows but y has {}".format(x.shape[0], y.shape[0]))
        self.x = x
        self.y = y

    def iterate_once(self, batch_size):
        """One pass over the data in order, as (x, y) batches of nn.Constants."""
        _check_batch_size(batch_size, self.x.shape[0])
        for start in range(0, self.x.shape[0], batch_size):
            end = start + batch_size
            yield nn.Constant(self.x[start:end]), nn.Constant(self.y[start:end])

    def iterate_forever(self, batch_size):
        """Batches without end: `iterate_once` again and again."""
        while True:
            yield from self.iterate_once(batch_size)

    def get_validation_accuracy(self):
        raise NotImplementedError(
            "This dataset has no validation data: only the digit and language "
            "datasets have get_validation_accuracy(). Use the training loss instead.")


def _check_batch_size(batch_size, examples):
    if not nn._is_integer(batch_size) or batch_size <= 0:
        raise TypeError("batch_size must be a positive integer, got {!r}".format(batch_size))
    if examples % batch_size != 0:
        divisors = [d for d in range(1, examples + 1) if examples % d == 0]
        below = max(d for d in divisors if d < batch_size)
        above = min((d for d in divisors if d > batch_size), default=examples)
        raise ValueError(
            "batch_size {} does not divide the {} examples of this dataset; the nearest "
            "sizes that do are {} and {}".format(batch_size, examples, below, above))


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
        self.plot = _start_plot(_PerceptronPlot, self)

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
        self.argsort_x = np.argsort(x.flatten())
        super().__init__(x, np.sin(x))
        self.model = model
        self.processed = 0
        self.plot = _start_plot(_RegressionPlot, self)

    def iterate_once(self, batch_size):
        for x, y in super().iterate_once(batch_size):
            yield x, y
            self.processed += batch_size
            _refresh(self.plot)


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
        one_hot = np.zeros((len(train_labels), 10))
        one_hot[np.arange(len(train_labels)), train_labels] = 1.0
        super().__init__(train_images, one_hot)
        self.train_labels = train_labels
        self.dev_images, self.dev_labels = test_images[0::2], test_labels[0::2]
        self.test_images, self.test_labels = test_images[1::2], test_labels[1::2]
        self.model = model
        self.epoch = 0
        self.plot = _start_plot(_DigitPlot, self)

    def iterate_once(self, batch_size):
        self.epoch += 1
        for i, (x, y) in enumerate(super().iterate_once(batch_size)):
            yield x, y
            _refresh(self.plot, i + 1, len(self.x) // batch_size)

    def get_validation_accuracy(self):
        """Accuracy of model.run on the 5,000 validation images (0 to 1)."""
        logits = self.model.run(nn.Constant(self.dev_images)).data
        return float(np.mean(np.argmax(logits, axis=1) == self.dev_labels))


class LanguageIDDataset(Dataset):
    """Words of five languages, to tell which language a word is from.

    `chars`: the 47-letter alphabet; `language_codes` (en es fi nl pl) and
    `language_names`. For each split (train, dev, test): `*_x`, words as rows
    of character indices right-padded with -1; `*_y`, the language index of
    each word; `*_buckets`, the [start, end) rows of each word length (rows are
    sorted by length). A batch is `(xs, y)`: `xs` a list with one
    batch x 47 one-hot Constant per character position, `y` a one-hot
    batch x 5 Constant. All the words of a batch have the same length.
    """

    def __init__(self, model):
        with np.load(get_data_path("lang_id.npz")) as data:
            for key in ("chars", "language_codes", "language_names"):
                setattr(self, key, [str(value) for value in data[key]])
            for split in ("train", "dev", "test"):
                for part in ("x", "y", "buckets"):
                    name = "{}_{}".format(split, part)
                    setattr(self, name, data[name].astype(int))
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
            raise ValueError("_encode needs words of one length; got rows of several")
        eye = np.eye(len(self.chars))
        xs = [nn.Constant(eye[rows[:, i]]) for i in range(length)]
        y = nn.Constant(np.eye(len(self.language_names))[labels])
        return xs, y

    def iterate_once(self, batch_size):
        """len(train_x) // batch_size batches, each from one word length (picked at
        random, weighted by how many words have it), words drawn at random."""
        if not nn._is_integer(batch_size) or batch_size <= 0:
            raise TypeError("batch_size must be a positive integer, got {!r}".format(batch_size))
        if batch_size > len(self.train_x):
            raise ValueError("batch_size {} is more than the {} training words".format(
                batch_size, len(self.train_x)))
        self.epoch += 1
        batches = len(self.train_x) // batch_size
        for batch in range(batches):
            bucket = np.random.choice(len(self.bucket_weights), p=self.bucket_weights)
            start, end = self.train_buckets[bucket]
            rows = start + np.random.choice(end - start, size=batch_size)
            if use_graphics and time.time() - self.last_report > 2.0:
                print(self._progress(batch, batches))
                self.last_report = time.time()
            yield self._encode(self.train_x[rows], self.train_y[rows])

    def _predict(self, split="dev"):
        """(probabilities, predictions, labels) of the model on `split`, 'dev' or 'test'."""
        if split not in ("dev", "test"):
            raise ValueError("split must be 'dev' or 'test', got {!r}".format(split))
        x, y, buckets = (getattr(self, split + part) for part in ("_x", "_y", "_buckets"))
        logits = []
        for start, end in buckets:
            xs, _ = self._encode(x[start:end], y[start:end])
            logits.append(self.model.run(xs).data)
        logits = np.concatenate(logits)
        probabilities = np.exp(nn.SoftmaxLoss.log_softmax(logits))
        return probabilities, np.argmax(logits, axis=1), y

    def get_validation_accuracy(self):
        """Accuracy of model.run on the 500 dev words (0 to 1)."""
        _, predicted, labels = self._predict("dev")
        return float(np.mean(predicted == labels))

    def _progress(self, batch, batches):
        """Validation accuracy and a few dev words with the probability of each language."""
        probabilities, predicted, labels = self._predict("dev")
        lines = ["epoch {}, batch {}/{}: validation accuracy {:.1%}".format(
            self.epoch, batch, batches, np.mean(predicted == labels))]
        lines.append("  {:<11}".format("") + "".join(
            "{:>5}".format(code) for code in self.language_codes))
        for row in self.spotlight:
            word = "".join(self.chars[c] for c in self.dev_x[row] if c >= 0)
            guess = self.language_names[predicted[row]]
            if predicted[row] != labels[row]:
                guess += " (not {})".format(self.language_names[labels[row]])
            lines.append("  {:<11}".format(word) + "".join(
                "{:>4.0f}%".format(100 * p) for p in probabilities[row]) + "  " + guess)
        return "\n".join(lines)


def _as_unit_floats(images):
    """Pixels as float32 in [0, 1] (float32 halves the memory of float64)."""
    if np.issubdtype(images.dtype, np.integer):
        return images.astype(np.float32) / np.float32(255)
    return images.astype(np.float32)


# --------------------------------------------------------------------------
# Live plots
#
# A plot is made when a dataset is built with use_graphics on and a window
# can be shown; it refreshes at most every `interval` seconds while the
# dataset yields, so drawing takes a small share of training time.
# --------------------------------------------------------------------------

_plt = None  # matplotlib.pyplot once it has been imported here


def pyplot_for_windows():
    """pyplot if live windows can be shown here, else None."""
    global _plt
    try:
        import matplotlib
    except ImportError:  # no plots without matplotlib; training works all the same
        return None
    if _plt is None:
        import matplotlib.pyplot
        _plt = matplotlib.pyplot
    # With no display, matplotlib quietly picks a backend that draws to
    # files only; then there is no window to show.
    backend = matplotlib.get_backend().lower()
    if backend in ("agg", "cairo", "pdf", "pgf", "ps", "svg", "template"):
        return None
    return _plt


def _start_plot(plot_class, dataset):
    if not use_graphics:
        return None
    plt = pyplot_for_windows()
    if plt is None:
        return None
    try:
        plot = plot_class(plt, dataset)
        plt.show(block=False)
        return plot
    except Exception as error:  # e.g. a display that refuses the window
        print("(the plot could not be shown: {}; training goes on without it)".format(error))
        return None


def _refresh(plot, *progress):
    if plot is None or not use_graphics or time.time() - plot.last_update < plot.interval:
        return
    try:
        plot.update(*progress)
        plot.figure.canvas.draw_idle()
        plot.figure.canvas.flush_events()
    except Exception as error:
        # A model that fails here fails in training too, with a clearer
        # traceback; the plot steps aside.
        print("(the plot stopped: {})".format(error))
        plot.interval = float("inf")
    plot.last_update = time.time()


class _PerceptronPlot:
    """The points, the current decision line, the epoch and the weights."""

    interval = 0.05

    def __init__(self, plt, dataset):
        self.dataset = dataset
        self.figure, axes = plt.subplots(1, 1)
        self.limits = np.array([-3.0, 3.0])
        axes.set_xlim(self.limits)
        axes.set_ylim(self.limits)
        x, y = dataset.x, dataset.y.flatten()
        positive = axes.scatter(x[y == 1, 0], x[y == 1, 1], color="red", marker="+")
        negative = axes.scatter(x[y == -1, 0], x[y == -1, 1], color="blue", marker="_")
        self.line, = axes.plot([], [], color="black")
        self.text = axes.text(0.03, 0.97, "", transform=axes.transAxes, va="top")
        axes.legend([positive, negative], [1, -1])
        self.last_update = 0.0

    def update(self, point=0):
        w = self.dataset.model.get_weights().data.flatten()
        limits = self.limits
        if w[1] != 0:
            self.line.set_data(limits, (-w[0] * limits - w[2]) / w[1])
        elif w[0] != 0:
            self.line.set_data(np.full(2, -w[2] / w[0]), limits)
        else:
            self.line.set_data([], [])
        self.text.set_text("epoch: {:,}\npoint: {:,}/{:,}\nweights: {}".format(
            self.dataset.epoch, point, len(self.dataset.x), np.round(w, 4)))


class _RegressionPlot:
    """The true curve, the model's curve and the loss on all 200 points."""

    interval = 0.1

    def __init__(self, plt, dataset):
        self.dataset = dataset
        self.figure, axes = plt.subplots(1, 1)
        axes.set_xlim(-2 * np.pi, 2 * np.pi)
        axes.set_ylim(-1.4, 1.4)
        order = dataset.argsort_x
        real, = axes.plot(dataset.x[order], dataset.y[order], color="blue")
        self.learned, = axes.plot([], [], color="red")
        self.text = axes.text(0.03, 0.97, "", transform=axes.transAxes, va="top")
        axes.legend([real, self.learned], ["real", "learned"])
        self.last_update = 0.0

    def update(self):
        dataset = self.dataset
        x, y = nn.Constant(dataset.x), nn.Constant(dataset.y)
        predicted = dataset.model.run(x).data
        loss = nn.as_scalar(dataset.model.get_loss(x, y))
        order = dataset.argsort_x
        self.learned.set_data(dataset.x[order], predicted[order])
        self.text.set_text("processed: {:,}\nloss: {:.6f}".format(dataset.processed, loss))


class _DigitPlot:
    """Validation digits laid out by the probability the model gives the
    right label: one row per digit, wrong ones in red with the guess."""

    interval = 1.0
    width = 20     # a row is this many digits wide
    samples = 100  # digits shown per row

    def __init__(self, plt, dataset):
        self.dataset = dataset
        self.figure = plt.figure(figsize=(8, 7))
        self.rows, self.images, self.labels = [], [], []
        width_pixels = 28 * self.width
        for digit in range(10):
            axes = self.figure.add_subplot(10, 1, digit + 1)
            axes.set_yticks([])
            axes.set_xlim(0, width_pixels)
            axes.set_ylim(28, 0)
            axes.text(-0.03, 0.5, str(digit), transform=axes.transAxes, va="center")
            if digit < 9:
                axes.set_xticks([])
            self.rows.append(axes)
            self.images.append(axes.imshow(
                np.ones((28, width_pixels, 3)), extent=(0, width_pixels, 28, 0)))
            self.labels.append([axes.text(0, 27, "", ha="center", va="bottom", color="darkred",
                                          fontsize="smaller") for _ in range(self.samples)])
        bottom = self.rows[-1]
        bottom.set_xticks(np.linspace(0, width_pixels, 11))
        bottom.set_xticklabels(["{:.1f}".format(p) for p in np.linspace(0, 1, 11)])
        bottom.set_xlabel("probability of the correct label")
        self.status = self.rows[0].text(0.5, 1.3, "", transform=self.rows[0].transAxes,
                                        ha="center", va="bottom")
        self.last_update = 0.0

    def update(self, batch=0, batches=0):
        dataset = self.dataset
        logits = dataset.model.run(nn.Constant(dataset.dev_images)).data
        predicted = np.argmax(logits, axis=1)
        probabilities = np.exp(nn.SoftmaxLoss.log_softmax(logits))
        accuracy = np.mean(predicted == dataset.dev_labels)
        self.status.set_text("epoch: {}, batch: {}/{}, validation accuracy: {:.2%}".format(
            dataset.epoch, batch, batches, accuracy))
        for digit in range(10):
            mine = dataset.dev_labels == digit
            self._draw_row(digit, dataset.dev_images[mine], probabilities[mine, digit],
                           predicted[mine])

    def _draw_row(self, digit, images, probabilities, predicted):
        """Paint `samples` digits, spread over the range of probabilities, as one image."""
        picked = np.argsort(probabilities)[
            np.linspace(0, len(probabilities) - 1, self.samples).astype(int)]
        ink = np.zeros((2, 28, 28 * self.width))  # green ink, red ink
        for label, index in zip(self.labels[digit], picked):
            left = int(probabilities[index] * (self.width - 1) * 28)
            wrong = predicted[index] != digit
            pixels = ink[int(wrong), :, left:left + 28]
            np.maximum(pixels, images[index].reshape(28, 28), out=pixels)
            label.set_visible(bool(wrong))
            if wrong:
                label.set_text(str(predicted[index]))
                label.set_x(left + 14)
        green, red = ink * 0.7
        rgb = np.stack([1 - green, 1 - red, 1 - green - red], axis=-1)
        self.images[digit].set_data(np.clip(rgb, 0, 1))
