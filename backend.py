"""The datasets you train on, with live plots.

Read this file, but do not edit it: the autograder uses its own copy.

    dataset = backend.RegressionDataset(model)
    for x, y in dataset.iterate_once(batch_size):   # one pass (epoch)
        ...                                          # x, y are nn.Constant

`dataset.x` and `dataset.y` hold the whole training set as numpy arrays.
Set `backend.use_graphics = False` (or run the autograder with --no-graphics)
to train without windows.
"""

import atexit
import os
import sys
import time

import numpy as np

import nn

use_graphics = True
plot_folder = None  # where the final pictures go when no window can be shown (None: ./plots)

# How far training has got in this process, so that the autograder can say it
# when a question runs out of time: passes started over the data, batches
# drawn, and the last validation accuracy computed (None before the first).
progress = {"passes": 0, "batches": 0, "validation": None}


def maybe_sleep_and_close(seconds):
    """Leave the plots on screen for `seconds`, then close them. Where no
    window can be shown, save the final picture of each plot instead."""
    _save_pictures()
    if use_graphics and _plt is not None and _plt.get_fignums():
        if seconds > 0:  # (pause(0) would wait for ever on some backends)
            _plt.pause(seconds)
        _plt.close("all")


def get_data_path(name):
    """The path of data file `name`, from the kit's data/ folder or beside this file."""
    here = os.path.dirname(os.path.realpath(__file__))
    tried = [os.path.join(here, "data", name), os.path.join(here, name)]
    for path in tried:
        if os.path.exists(path):
            return path
    raise FileNotFoundError(_say("no_data_file", name=name, tried="\n  ".join(tried)))


# --------------------------------------------------------------------------
# Datasets
# --------------------------------------------------------------------------

class Dataset:
    """Examples `x` (one per row) with their targets `y`, as 2-D float arrays."""

    def __init__(self, x, y):
        for name, array in (("x", x), ("y", y)):
            if not isinstance(array, np.ndarray) or not np.issubdtype(array.dtype, np.floating):
                raise TypeError(_say("dataset_type", name=name, got=nn._describe(array)))
            if array.ndim != 2:
                raise ValueError(_say("dataset_2d", name=name,
                                      shape=nn.format_shape(array.shape)))
        if x.shape[0] != y.shape[0]:
            raise ValueError(_say("dataset_rows", x=x.shape[0], y=y.shape[0]))
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
        raise NotImplementedError(_say("no_validation"))


def _check_positive_integer(batch_size):
    if not nn._is_integer(batch_size) or batch_size <= 0:
        raise TypeError(_say("batch_size_type", got=repr(batch_size)))


def _check_batch_size(batch_size, examples):
    _check_positive_integer(batch_size)
    if examples % batch_size != 0:
        divisors = [d for d in range(1, examples + 1) if examples % d == 0]
        below = max(d for d in divisors if d < batch_size)
        above = min((d for d in divisors if d > batch_size), default=examples)
        raise ValueError(_say("batch_size_divide", size=batch_size, examples=examples,
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
        one_hot = np.zeros((len(train_labels), 10))
        one_hot[np.arange(len(train_labels)), train_labels] = 1.0
        super().__init__(train_images, one_hot)
        self.train_labels = train_labels
        self.dev_images, self.dev_labels = test_images[VALIDATION_ROWS], test_labels[VALIDATION_ROWS]
        self.test_images, self.test_labels = test_images[TEST_ROWS], test_labels[TEST_ROWS]
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
            raise ValueError(_say("encode_lengths"))
        eye = np.eye(len(self.chars))
        xs = [nn.Constant(eye[rows[:, i]]) for i in range(length)]
        y = nn.Constant(np.eye(len(self.language_names))[labels])
        return xs, y

    def iterate_once(self, batch_size):
        """len(train_x) // batch_size batches, each from one word length (picked at
        random, weighted by how many words have it), words drawn at random."""
        _check_positive_integer(batch_size)
        if batch_size > len(self.train_x):
            raise ValueError(_say("batch_size_words", size=batch_size, words=len(self.train_x)))
        self.epoch += 1
        progress["passes"] += 1
        batches = len(self.train_x) // batch_size
        for batch in range(batches):
            progress["batches"] += 1
            bucket = np.random.choice(len(self.bucket_weights), p=self.bucket_weights)
            start, end = self.train_buckets[bucket]
            rows = start + np.random.choice(end - start, size=batch_size)
            if use_graphics and time.time() - self.last_report > 2.0:
                _print(self._progress(batch, batches))
                self.last_report = time.time()
            yield self._encode(self.train_x[rows], self.train_y[rows])

    def _predict(self, split="dev"):
        """(probabilities, predictions, labels) of the model on `split`, 'dev' or 'test'."""
        if split not in ("dev", "test"):
            raise ValueError(_say("split", got=repr(split)))
        x, y, buckets = (getattr(self, split + part) for part in ("_x", "_y", "_buckets"))
        logits = []
        for start, end in buckets:
            xs, _ = self._encode(x[start:end], y[start:end])
            logits.append(self.model.run(xs).data)
        logits = np.concatenate(logits)
        probabilities = np.exp(nn.SoftmaxLoss.log_softmax(logits))
        return probabilities, np.argmax(logits, axis=1), y

    def get_validation_accuracy(self):
        """Accuracy of model.run on the 5,000 dev words (0 to 1)."""
        _, predicted, labels = self._predict("dev")
        progress["validation"] = float(np.mean(predicted == labels))
        return progress["validation"]

    def _progress(self, batch, batches):
        """Validation accuracy and a few dev words with the probability of each language."""
        probabilities, predicted, labels = self._predict("dev")
        lines = [_say("lang_progress", epoch=self.epoch, batch=batch, batches=batches,
                      accuracy=np.mean(predicted == labels))]
        lines.append("  {:<11}".format("") + "".join(
            "{:>5}".format(code) for code in self.language_codes))
        for row in self.spotlight:
            word = "".join(self.chars[c] for c in self.dev_x[row] if c >= 0)
            guess = self.language_names[predicted[row]]
            if predicted[row] != labels[row]:
                guess += _say("lang_not", language=self.language_names[labels[row]])
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
_plots = []  # the plots of this run that have not been closed yet


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
    """A plot for `dataset`: a live window when one can be shown; otherwise a
    picture drawn off screen (saved at the end) and progress printed as text."""
    if not use_graphics:
        return None
    try:
        plt = pyplot_for_windows()
        if plt is not None:
            figure = plt.figure(figsize=plot_class.size)
        else:
            from matplotlib.backends.backend_agg import FigureCanvasAgg
            from matplotlib.figure import Figure
            figure = Figure(figsize=plot_class.size)
            FigureCanvasAgg(figure)
        plot = plot_class(figure, dataset)
        plot.live, plot.last_update, plot.progress = plt is not None, 0.0, ()
        if plot.live:
            plt.show(block=False)
        _plots.append(plot)
        return plot
    except ImportError:  # no matplotlib: training goes on without plots
        return None
    except Exception as error:  # e.g. a display that refuses the window
        _print(_say("plot_failed", error=error))
        return None


def _refresh(plot, *progress):
    """Redraw a live plot, or print a line of progress, at most every interval."""
    if plot is None or not use_graphics:
        return
    plot.progress = progress
    interval = plot.interval if plot.live else 1.0  # text: a line a second at most
    if time.time() - plot.last_update < interval:
        return
    try:
        status = plot.update(*progress, draw=plot.live)
        if plot.live:
            plot.figure.canvas.draw_idle()
            plot.figure.canvas.flush_events()
        else:
            _print(status.replace("\n", ", "))
    except Exception as error:
        # A model that fails here fails in training too, with a clearer
        # traceback; the plot steps aside.
        _print(_say("plot_stopped", error=error))
        plot.interval = float("inf")
        if plot in _plots:
            _plots.remove(plot)
    plot.last_update = time.time()


def _save_pictures():
    """Save the final picture of every off-screen plot as a PNG, then forget them."""
    for plot in list(_plots):
        _plots.remove(plot)
        if plot.live:
            continue
        folder = plot_folder or os.path.join(os.getcwd(), "plots")
        path = os.path.join(folder, plot.name + ".png")
        try:
            plot.update(*plot.progress)
            os.makedirs(folder, exist_ok=True)
            plot.figure.savefig(path)
            _print(_say("plot_saved", path=path))
        except Exception as error:
            _print(_say("plot_stopped", error=error))


atexit.register(_save_pictures)  # for training scripts that never call maybe_sleep_and_close


def _print(text):
    """print, falling back to '?' for characters the console cannot show
    (e.g. Polish letters on a Windows console with a legacy code page)."""
    try:
        print(text)
    except UnicodeEncodeError:
        encoding = getattr(sys.stdout, "encoding", None) or "ascii"
        print(text.encode(encoding, "replace").decode(encoding))


class _PerceptronPlot:
    """The points, the current decision line, the epoch and the weights."""

    name, size, interval = "perceptron", (6.4, 4.8), 0.05

    def __init__(self, figure, dataset):
        self.dataset, self.figure = dataset, figure
        axes = figure.add_subplot(1, 1, 1)
        self.limits = np.array([-3.0, 3.0])
        axes.set_xlim(self.limits)
        axes.set_ylim(self.limits)
        x, y = dataset.x, dataset.y.flatten()
        positive = axes.scatter(x[y == 1, 0], x[y == 1, 1], color="red", marker="+")
        negative = axes.scatter(x[y == -1, 0], x[y == -1, 1], color="blue", marker="_")
        self.line, = axes.plot([], [], color="black")
        self.text = axes.text(0.03, 0.97, "", transform=axes.transAxes, va="top")
        axes.legend([positive, negative], [1, -1])

    def update(self, point=0, draw=True):
        """Redraw (when `draw`) and return the status text."""
        w = self.dataset.model.get_weights().data.flatten()
        limits = self.limits
        if w[1] != 0:
            self.line.set_data(limits, (-w[0] * limits - w[2]) / w[1])
        elif w[0] != 0:
            self.line.set_data(np.full(2, -w[2] / w[0]), limits)
        else:
            self.line.set_data([], [])
        status = _say("perceptron_status", epoch=self.dataset.epoch, point=point,
                      points=len(self.dataset.x), weights=np.round(w, 4))
        self.text.set_text(status)
        return status


class _RegressionPlot:
    """The true curve, the model's curve and the loss on all 200 points."""

    name, size, interval = "regression", (6.4, 4.8), 0.1

    def __init__(self, figure, dataset):
        self.dataset, self.figure = dataset, figure
        axes = figure.add_subplot(1, 1, 1)
        axes.set_xlim(-2 * np.pi, 2 * np.pi)
        axes.set_ylim(-1.4, 1.4)
        order = dataset.argsort_x
        real, = axes.plot(dataset.x[order], dataset.y[order], color="blue")
        self.learned, = axes.plot([], [], color="red")
        self.text = axes.text(0.03, 0.97, "", transform=axes.transAxes, va="top")
        axes.legend([real, self.learned], [_say("real"), _say("learned")])

    def update(self, draw=True):
        """Redraw (when `draw`) and return the status text."""
        dataset = self.dataset
        x, y = nn.Constant(dataset.x), nn.Constant(dataset.y)
        loss = nn.as_scalar(dataset.model.get_loss(x, y))
        if draw:
            order = dataset.argsort_x
            self.learned.set_data(dataset.x[order], dataset.model.run(x).data[order])
        status = _say("regression_status", processed=dataset.processed, loss=loss)
        self.text.set_text(status)
        return status


class _DigitPlot:
    """Validation digits laid out by the probability the model gives the
    right label: one row per digit, wrong ones in red with the guess."""

    name, size, interval = "digits", (8, 7), 1.0
    width = 20     # a row is this many digits wide
    samples = 100  # digits shown per row
    guesses = 10   # wrong guesses written under their digit, per row (text is slow to draw)

    def __init__(self, figure, dataset):
        self.dataset, self.figure = dataset, figure
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
                np.ones((28, width_pixels, 3)), extent=(0, width_pixels, 28, 0),
                interpolation="nearest"))
            self.labels.append([axes.text(0, 27, "", ha="center", va="bottom", color="darkred",
                                          fontsize="smaller", visible=False)
                                for _ in range(self.guesses)])
        bottom = self.rows[-1]
        bottom.set_xticks(np.linspace(0, width_pixels, 11))
        bottom.set_xticklabels(["{:.1f}".format(p) for p in np.linspace(0, 1, 11)])
        bottom.set_xlabel(_say("digits_axis"))
        self.status = self.rows[0].text(0.5, 1.3, "", transform=self.rows[0].transAxes,
                                        ha="center", va="bottom")

    def update(self, batch=0, batches=0, draw=True):
        """Redraw (when `draw`) and return the status text."""
        dataset = self.dataset
        logits = dataset.model.run(nn.Constant(dataset.dev_images)).data
        predicted = np.argmax(logits, axis=1)
        probabilities = np.exp(nn.SoftmaxLoss.log_softmax(logits))
        accuracy = np.mean(predicted == dataset.dev_labels)
        status = _say("digits_status", epoch=dataset.epoch, batch=batch, batches=batches,
                      accuracy=accuracy)
        self.status.set_text(status)
        for digit in range(10 if draw else 0):
            mine = dataset.dev_labels == digit
            self._draw_row(digit, dataset.dev_images[mine], probabilities[mine, digit],
                           predicted[mine])
        return status

    def _draw_row(self, digit, images, probabilities, predicted):
        """Paint `samples` digits, spread over the range of probabilities, as one image."""
        picked = np.argsort(probabilities)[
            np.linspace(0, len(probabilities) - 1, self.samples).astype(int)]
        ink = np.zeros((2, 28, 28 * self.width))  # green ink, red ink
        labels = iter(self.labels[digit])
        for label in self.labels[digit]:
            label.set_visible(False)
        for index in picked:
            left = int(probabilities[index] * (self.width - 1) * 28)
            wrong = predicted[index] != digit
            pixels = ink[int(wrong), :, left:left + 28]
            np.maximum(pixels, images[index].reshape(28, 28), out=pixels)
            label = next(labels, None) if wrong else None
            if label is not None:  # the guess, under the first few wrong ones
                label.set_text(str(predicted[index]))
                label.set_x(left + 14)
                label.set_visible(True)
        green, red = ink * 0.7
        rgb = np.stack([1 - green, 1 - red, 1 - green - red], axis=-1)
        self.images[digit].set_data(np.clip(rgb, 0, 1))


# --------------------------------------------------------------------------
# Messages, in English and in Spanish (the language is nn.language)
# --------------------------------------------------------------------------

def _say(key, **values):
    return MESSAGES[key][nn.language].format(**values)


MESSAGES = {
    "no_data_file": {
        "en": "Could not find the data file {name}. Looked in:\n  {tried}\nRestore the kit's "
              "data/ folder (unpack the kit again, or `git checkout -- data`).",
        "es": "No se encuentra el archivo de datos {name}. Se buscó en:\n  {tried}\nRecupera "
              "la carpeta data/ del kit (vuelve a descomprimir el kit, o `git checkout -- data`).",
    },
    "dataset_type": {
        "en": "Dataset: {name} must be a numpy array of floats, got {got}",
        "es": "Dataset: {name} debe ser un array de numpy de números reales, pero es {got}",
    },
    "dataset_2d": {
        "en": "Dataset: {name} must be 2-D (examples x features), got shape {shape}",
        "es": "Dataset: {name} debe ser 2-D (ejemplos x características), pero su forma es "
              "{shape}",
    },
    "dataset_rows": {
        "en": "Dataset: x has {x} rows but y has {y}",
        "es": "Dataset: x tiene {x} filas pero y tiene {y}",
    },
    "no_validation": {
        "en": "This dataset has no validation data: only the digit and language datasets have "
              "get_validation_accuracy(). Use the training loss instead.",
        "es": "Este conjunto de datos no tiene datos de validación: solo los de dígitos e "
              "idiomas tienen get_validation_accuracy(). Usa la pérdida de entrenamiento.",
    },
    "batch_size_type": {
        "en": "batch_size must be a positive integer, got {got}",
        "es": "batch_size debe ser un entero positivo, pero es {got}",
    },
    "batch_size_divide": {
        "en": "batch_size {size} does not divide the {examples} examples of this dataset; the "
              "nearest sizes that do are {below} and {above}",
        "es": "batch_size {size} no divide los {examples} ejemplos de este conjunto de datos; "
              "los tamaños más cercanos que sí lo dividen son {below} y {above}",
    },
    "batch_size_words": {
        "en": "batch_size {size} is more than the {words} training words",
        "es": "batch_size {size} es mayor que las {words} palabras de entrenamiento",
    },
    "encode_lengths": {
        "en": "_encode needs words of one length; got rows of several",
        "es": "_encode necesita palabras de una sola longitud; recibió filas de varias",
    },
    "split": {
        "en": "split must be 'dev' or 'test', got {got}",
        "es": "split debe ser 'dev' o 'test', pero es {got}",
    },
    "lang_progress": {
        "en": "epoch {epoch}, batch {batch}/{batches}: validation accuracy {accuracy:.1%}",
        "es": "época {epoch}, lote {batch}/{batches}: precisión de validación {accuracy:.1%}",
    },
    "lang_not": {"en": " (not {language})", "es": " (no es {language})"},
    "plot_failed": {
        "en": "(the plot could not be shown: {error}; training goes on without it)",
        "es": "(no se pudo mostrar el gráfico: {error}; el entrenamiento sigue sin él)",
    },
    "plot_stopped": {
        "en": "(the plot stopped: {error})",
        "es": "(el gráfico se detuvo: {error})",
    },
    "plot_saved": {
        "en": "(no window here: the final picture of the plot is saved as {path})",
        "es": "(aquí no hay ventanas: la imagen final del gráfico se guarda en {path})",
    },
    "perceptron_status": {
        "en": "epoch: {epoch:,}\npoint: {point:,}/{points:,}\nweights: {weights}",
        "es": "época: {epoch:,}\npunto: {point:,}/{points:,}\npesos: {weights}",
    },
    "regression_status": {
        "en": "processed: {processed:,}\nloss: {loss:.6f}",
        "es": "procesados: {processed:,}\npérdida: {loss:.6f}",
    },
    "digits_status": {
        "en": "epoch: {epoch}, batch: {batch}/{batches}, validation accuracy: {accuracy:.2%}",
        "es": "época: {epoch}, lote: {batch}/{batches}, precisión de validación: {accuracy:.2%}",
    },
    "digits_axis": {
        "en": "probability of the correct label",
        "es": "probabilidad de la etiqueta correcta",
    },
    "real": {"en": "real", "es": "real"},
    "learned": {"en": "learned", "es": "aprendida"},
}
