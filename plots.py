"""The live plots of backend.py's datasets.

A plot is made when a dataset is built with backend.use_graphics on. Where a
window can be shown, it is a live window, redrawn at most every `interval`
seconds while the dataset yields, so drawing takes a small share of training
time. Where none can (no display), the plot is drawn off screen, progress is
printed as text (a line a second at most), and the final picture is saved as
a PNG in plots/.
"""

import os
import sys
import time

import numpy as np

import nn
from nn import say

_plt = None  # matplotlib.pyplot once it has been imported here
_plots = []  # the plots of this run that have not been closed yet


def pyplot_with_display():
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


def start(plot_class, dataset):
    """A plot for `dataset`: a live window when one can be shown; otherwise a
    picture drawn off screen (saved at the end) and progress printed as text."""
    try:
        plt = pyplot_with_display()
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
        echo(say("(the plot could not be shown: {error}; training goes on without it)",
                 error=error))
        return None


def refresh(plot, *progress):
    """Redraw a live plot, or print a line of progress, at most every interval."""
    if plot is None:
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
            echo(status.replace("\n", ", "))
    except Exception as error:
        # A model that fails here fails in training too, with a clearer
        # traceback; the plot steps aside.
        echo(say("(the plot stopped: {error})", error=error))
        plot.interval = float("inf")
        if plot in _plots:
            _plots.remove(plot)
    plot.last_update = time.time()


def save_pictures(folder=None):
    """Save the final picture of every off-screen plot as a PNG into `folder`
    (None: plots/ in the current folder), then forget them."""
    for plot in list(_plots):
        _plots.remove(plot)
        if plot.live:
            continue
        where = folder or os.path.join(os.getcwd(), "plots")
        path = os.path.join(where, plot.name + ".png")
        try:
            plot.update(*plot.progress)
            os.makedirs(where, exist_ok=True)
            plot.figure.savefig(path)
            echo(say("(no window here: the final picture of the plot is saved as {path})",
                     path=path))
        except Exception as error:
            echo(say("(the plot stopped: {error})", error=error))


def close_all(seconds):
    """Leave the windows on screen for `seconds`, then close them."""
    if _plt is not None and _plt.get_fignums():
        if seconds > 0:  # (pause(0) would wait for ever on some backends)
            _plt.pause(seconds)
        _plt.close("all")


def echo(text):
    """print, falling back to '?' for characters the console cannot show
    (e.g. Polish letters on a Windows console with a legacy code page)."""
    try:
        print(text)
    except UnicodeEncodeError:
        encoding = getattr(sys.stdout, "encoding", None) or "ascii"
        print(text.encode(encoding, "replace").decode(encoding))


class PerceptronPlot:
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
        status = say("epoch: {epoch:,}\npoint: {point:,}/{points:,}\nweights: {weights}",
                     epoch=self.dataset.epoch, point=point,
                     points=len(self.dataset.x), weights=np.round(w, 4))
        self.text.set_text(status)
        return status


class RegressionPlot:
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
        axes.legend([real, self.learned], [say("real"), say("learned")])

    def update(self, draw=True):
        """Redraw (when `draw`) and return the status text."""
        dataset = self.dataset
        x, y = nn.Constant(dataset.x), nn.Constant(dataset.y)
        loss = nn.as_scalar(dataset.model.get_loss(x, y))
        if draw:
            order = dataset.argsort_x
            self.learned.set_data(dataset.x[order], dataset.model.run(x).data[order])
        status = say("processed: {processed:,}\nloss: {loss:.6f}",
                     processed=dataset.processed, loss=loss)
        self.text.set_text(status)
        return status


class DigitPlot:
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
        bottom.set_xlabel(say("probability of the correct label"))
        self.status = self.rows[0].text(0.5, 1.3, "", transform=self.rows[0].transAxes,
                                        ha="center", va="bottom")

    def update(self, batch=0, batches=0, draw=True):
        """Redraw (when `draw`) and return the status text."""
        dataset = self.dataset
        logits = dataset.model.run(nn.Constant(dataset.dev_images)).data
        predicted = np.argmax(logits, axis=1)
        probabilities = np.exp(nn.SoftmaxLoss.log_softmax(logits))
        accuracy = np.mean(predicted == dataset.dev_labels)
        status = say("epoch: {epoch}, batch: {batch}/{batches}, validation accuracy: "
                     "{accuracy:.2%}", epoch=dataset.epoch, batch=batch, batches=batches,
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
