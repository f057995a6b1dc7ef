"""backend.py: the datasets, their messages, and the plots
(drawn here with matplotlib's file-only backend, reading what they drew)."""

import os
import re
import subprocess
import sys

import matplotlib
import numpy as np
import pytest

import kit

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import backend  # noqa: E402
import models  # noqa: E402
import nn  # noqa: E402
import plots  # noqa: E402


@pytest.fixture(autouse=True)
def no_windows(monkeypatch):
    monkeypatch.setattr(backend, "use_graphics", False)
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def digits():
    """The real MNIST dataset, loaded once for the module (without a plot)."""
    np.random.seed(0)
    saved, backend.use_graphics = backend.use_graphics, False
    try:
        return backend.DigitClassificationDataset(models.DigitClassificationModel())
    finally:
        backend.use_graphics = saved


# --------------------------------------------------------------------------
# The datasets
# --------------------------------------------------------------------------

def test_perceptron_points_are_separable_by_their_line_and_carry_a_bias_feature():
    np.random.seed(0)
    dataset = backend.PerceptronDataset(models.PerceptronModel(3))
    assert dataset.x.shape == (200, 3) and dataset.y.shape == (200, 1)
    np.testing.assert_array_equal(dataset.x[:, 2], 1.0)
    assert set(np.unique(dataset.y)) == {-1.0, 1.0}
    side = dataset.x[:, 0] + 2 * dataset.x[:, 1] - 1 >= 0
    np.testing.assert_array_equal(dataset.y[:, 0] == 1, side)


def test_perceptron_batches_are_constants_and_count_epochs():
    np.random.seed(0)
    dataset = backend.PerceptronDataset(models.PerceptronModel(3))
    batches = list(dataset.iterate_once(1))
    assert len(batches) == 200 and dataset.epoch == 1
    x, y = batches[7]
    assert isinstance(x, nn.Constant) and isinstance(y, nn.Constant)
    assert x.data.shape == (1, 3) and y.data.shape == (1, 1)
    np.testing.assert_array_equal(x.data, dataset.x[7:8])
    list(dataset.iterate_once(50))
    assert dataset.epoch == 2


def test_regression_data_is_the_sine_on_200_shuffled_points():
    dataset = backend.RegressionDataset(models.RegressionModel())
    assert dataset.x.shape == (200, 1) and dataset.y.shape == (200, 1)
    np.testing.assert_allclose(dataset.y, np.sin(dataset.x))
    ordered = dataset.x[dataset.argsort_x, 0]
    np.testing.assert_allclose(ordered, np.linspace(-2 * np.pi, 2 * np.pi, 200))
    assert not np.all(np.diff(dataset.x[:, 0]) > 0)  # shuffled
    np.testing.assert_array_equal(dataset.x, backend.RegressionDataset(None).x)  # always the same


def test_iterate_forever_goes_past_the_end_of_an_epoch():
    dataset = backend.RegressionDataset(None)
    batches = dataset.iterate_forever(100)
    seen = [next(batches)[0].data for _ in range(5)]
    np.testing.assert_array_equal(seen[0], seen[2])
    np.testing.assert_array_equal(seen[1], seen[3])
    assert dataset.processed == 400


@pytest.mark.parametrize("batch_size, message", [
    (7, r"^batch_size 7 does not divide the 200 examples of this dataset; the nearest sizes "
        r"that do are 5 and 8$"),
    (300, r"^batch_size 300 does not divide the 200 examples .* are 200 and 200$"),
])
def test_a_batch_size_that_does_not_divide_the_data_names_the_nearest_that_do(
        batch_size, message):
    with pytest.raises(ValueError, match=message):
        next(backend.RegressionDataset(None).iterate_once(batch_size))


@pytest.mark.parametrize("batch_size", [0, -4, 2.0, "10", None])
def test_a_batch_size_that_is_not_a_positive_integer_is_refused(batch_size):
    with pytest.raises(TypeError, match=r"^batch_size must be a positive integer, got "):
        next(backend.RegressionDataset(None).iterate_once(batch_size))


def test_a_numpy_integer_batch_size_is_fine():
    x, y = next(backend.RegressionDataset(None).iterate_once(np.int64(20)))
    assert x.data.shape == (20, 1)


def test_datasets_without_validation_data_say_so():
    with pytest.raises(NotImplementedError, match="only the digit and language datasets"):
        backend.RegressionDataset(None).get_validation_accuracy()


@pytest.mark.parametrize("x, y, error, message", [
    ([[1.0]], np.ones((1, 1)), TypeError, r"^Dataset: x must be a numpy array of floats"),
    (np.ones((2, 1)), np.ones((2, 1), dtype=int), TypeError, r"^Dataset: y must be"),
    (np.ones(2), np.ones((2, 1)), ValueError, r"^Dataset: x must be 2-D .*got shape 2$"),
    (np.ones((2, 1)), np.ones((3, 1)), ValueError, r"^Dataset: x has 2 rows but y has 3$"),
])
def test_dataset_checks_its_arrays(x, y, error, message):
    with pytest.raises(error, match=message):
        backend.Dataset(x, y)


def test_a_missing_data_file_names_where_it_looked():
    with pytest.raises(FileNotFoundError, match=r"Could not find the data file nope\.npz\. "
                                                r"Looked in:\n  .*data.nope\.npz\n  "):
        backend.get_data_path("nope.npz")


def test_digits_are_mnist_scaled_to_unit_floats_with_one_hot_labels(digits):
    assert digits.x.shape == (60000, 784) and digits.y.shape == (60000, 10)
    assert digits.x.dtype == np.float32 and 0 <= digits.x.min() and digits.x.max() == 1
    np.testing.assert_array_equal(digits.y.sum(axis=1), 1)
    np.testing.assert_array_equal(np.argmax(digits.y, axis=1), digits.train_labels)
    assert digits.dev_images.shape == (5000, 784) and digits.test_images.shape == (5000, 784)
    with np.load(kit.MNIST) as data:  # even test rows validate, odd rows test
        np.testing.assert_array_equal(digits.dev_labels, data["test_labels"][0::2])
        np.testing.assert_array_equal(digits.test_labels, data["test_labels"][1::2])


class _Oracle:
    """A 'model' that reads the answer from a table (to test the accuracy)."""

    def __init__(self, images, labels, wrong_every=0):
        self.answers = {images[i].tobytes(): labels[i] for i in range(len(labels))}
        self.wrong_every = wrong_every

    def run(self, x):
        logits = np.zeros((len(x.data), 10))
        for i, row in enumerate(x.data):
            label = self.answers[row.tobytes()]
            if self.wrong_every and i % self.wrong_every == 0:
                label = (label + 1) % 10
            logits[i, label] = 1.0
        return nn.Constant(logits)


@pytest.mark.parametrize("wrong_every, accuracy", [(0, 1.0), (4, 0.75)])
def test_validation_accuracy_compares_the_models_guesses_with_the_dev_labels(
        digits, wrong_every, accuracy):
    saved = digits.model
    digits.model = _Oracle(digits.dev_images, digits.dev_labels, wrong_every)
    try:
        assert digits.get_validation_accuracy() == pytest.approx(accuracy)
    finally:
        digits.model = saved


# --------------------------------------------------------------------------
# The plots, drawn for real on matplotlib's Agg canvas
# --------------------------------------------------------------------------

def pixels(figure):
    figure.canvas.draw()
    return np.asarray(figure.canvas.buffer_rgba())[:, :, :3].astype(int)


def test_the_perceptron_plot_draws_the_decision_line_of_the_current_weights():
    np.random.seed(0)
    model = models.PerceptronModel(3)
    dataset = backend.PerceptronDataset(model)
    plot = plots.PerceptronPlot(plt.figure(figsize=plots.PerceptronPlot.size), dataset)
    model.w.data[...] = [[1.0, 2.0, -1.0]]
    plot.update(point=5)
    xs, ys = plot.line.get_data()
    np.testing.assert_allclose(ys, (1 - np.asarray(xs)) / 2)  # x0 + 2 x1 - 1 = 0
    assert "point: 5/200" in plot.text.get_text()
    image = pixels(plot.figure)
    assert np.any((image[:, :, 0] > 200) & (image[:, :, 1] < 80))   # red + points
    assert np.any((image[:, :, 2] > 200) & (image[:, :, 0] < 80))   # blue - points


def test_the_regression_plot_draws_the_models_curve_and_loss():
    np.random.seed(0)
    model = models.RegressionModel()
    dataset = backend.RegressionDataset(model)
    plot = plots.RegressionPlot(plt.figure(figsize=plots.RegressionPlot.size), dataset)
    plot.update()
    xs, ys = plot.learned.get_data()
    np.testing.assert_allclose(np.ravel(xs), np.sort(dataset.x[:, 0]))
    expected = model.run(nn.Constant(dataset.x)).data[dataset.argsort_x]
    np.testing.assert_allclose(np.ravel(ys), np.ravel(expected))
    assert "loss: " in plot.text.get_text()
    image = pixels(plot.figure)
    assert np.any((image[:, :, 0] > 200) & (image[:, :, 1] < 80) & (image[:, :, 2] < 80))


def test_the_digit_plot_lays_out_digits_by_probability(digits):
    saved = digits.model
    digits.model = _Oracle(digits.dev_images, digits.dev_labels, wrong_every=10)
    try:
        plot = plots.DigitPlot(plt.figure(figsize=plots.DigitPlot.size), digits)
        plot.update(batch=3, batches=600)
    finally:
        digits.model = saved
    assert plot.status.get_text() == (
        "epoch: 0, batch: 3/600, validation accuracy: 90.00%")
    for digit in range(10):
        rgb = plot.images[digit].get_array()
        green = (rgb[:, :, 1] > 0.9) & (rgb[:, :, 0] < 0.5)  # right guesses: green ink
        red = (rgb[:, :, 0] > 0.9) & (rgb[:, :, 1] < 0.5)    # wrong guesses: red ink
        assert green.any() and red.any(), digit
        assert any(label.get_visible() for label in plot.labels[digit])
    image = pixels(plot.figure)
    assert image.shape[0] > 500 and (image < 250).any()


def test_no_plot_without_graphics():
    assert backend.RegressionDataset(None).plot is None


@pytest.mark.slow
def test_without_a_display_progress_is_text_and_the_final_picture_a_png(monkeypatch, tmp_path,
                                                                         capsys):
    monkeypatch.setattr(backend, "use_graphics", True)  # Agg here: no window can be shown
    monkeypatch.setattr(backend, "plot_folder", str(tmp_path / "pictures"))
    assert plots.pyplot_with_display() is None
    np.random.seed(0)
    model = models.RegressionModel()
    dataset = backend.RegressionDataset(model)
    assert dataset.plot is not None and not dataset.plot.live
    model.train(dataset)
    backend.maybe_sleep_and_close(1)
    out = capsys.readouterr().out
    assert re.search(r"^processed: [\d,]+, loss: \d\.\d{6}$", out, re.M), out
    path = tmp_path / "pictures" / "regression.png"
    assert "the final picture of the plot is saved as {}".format(path) in out
    import matplotlib.image
    image = matplotlib.image.imread(str(path))
    assert image.shape[:2] == (480, 640)  # 6.4 x 4.8 inches at 100 dpi
    red = (image[:, :, 0] > 0.8) & (image[:, :, 1] < 0.3) & (image[:, :, 2] < 0.3)
    blue = (image[:, :, 2] > 0.8) & (image[:, :, 0] < 0.3) & (image[:, :, 1] < 0.3)
    assert red.sum() > 500 and blue.sum() > 500  # the learned and the real curves
    assert plots._plots == []  # saved once, then forgotten


@pytest.mark.slow
def test_training_without_a_display_prints_no_warnings(tmp_path):
    """The student's path with graphics on and no display: quiet and working."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("DISPLAY", "WAYLAND_DISPLAY", "MPLBACKEND")}
    env["MPLCONFIGDIR"] = str(tmp_path / "mpl")
    code = ("import sys; sys.path.insert(0, {!r})\n"
            "import numpy as np, backend, models, nn\n"
            "np.random.seed(0)\n"
            "m = models.RegressionModel(); d = backend.RegressionDataset(m); m.train(d)\n"
            "backend.maybe_sleep_and_close(0.1)\n"
            "print(nn.as_scalar(m.get_loss(nn.Constant(d.x), nn.Constant(d.y))))\n"
            ).format(str(kit.ROOT))
    result = subprocess.run([sys.executable, "-c", code], cwd=str(tmp_path), env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert kit.question("regression").passes(float(result.stdout.splitlines()[-1]))
    assert (tmp_path / "plots" / "regression.png").is_file()


# --------------------------------------------------------------------------
# Language identification
# --------------------------------------------------------------------------

class _LanguageOracle:
    """A 'model' that knows the language of every dev word, and of no other:
    an unknown word (every test word) gets equal logits, so it is predicted as
    language 0. So accuracy on the dev split is 1 (less the answers it gets
    wrong on purpose) and on the test split the share of language 0."""

    def __init__(self, dataset, wrong_every=0):
        self.answers = {}
        for row, label in zip(dataset.dev_x, dataset.dev_y):
            self.answers[tuple(row[row >= 0])] = label
        self.wrong_every = wrong_every

    def run(self, xs):
        rows = np.stack([np.argmax(x.data, axis=1) for x in xs], axis=1)
        logits = np.zeros((len(rows), 5))
        for i, row in enumerate(rows):
            label = self.answers.get(tuple(row))
            if label is None:
                continue  # equal logits: language 0
            if self.wrong_every and i % self.wrong_every == 0:
                label = (label + 1) % 5
            logits[i, label] = 3.0
        return nn.Constant(logits)


@pytest.fixture(scope="module")
def words():
    return backend.LanguageIDDataset(None)


def test_language_dataset_has_the_spec_attributes(words):
    assert len(words.chars) == 47 and "".join(words.chars[:26]) == "abcdefghijklmnopqrstuvwxyz"
    assert words.language_codes == ["en", "es", "fi", "nl", "pl"]
    assert words.language_names == ["English", "Spanish", "Finnish", "Dutch", "Polish"]
    assert words.train_x.shape == (17500, 10) and words.dev_x.shape == (1000, 10)
    assert words.test_x.shape == (5000, 10)
    assert words.epoch == 0


def test_language_dataset_has_x_and_y_as_the_other_datasets(words):
    # Students read len(dataset.x) to count the training examples.
    assert words.x is words.train_x and len(words.x) == 17500
    assert words.y.shape == (17500, 5) and words.y.dtype == nn.DTYPE
    np.testing.assert_array_equal(np.argmax(words.y, axis=1), words.train_y)
    np.testing.assert_array_equal(words.y.sum(axis=1), 1)


def test_encode_gives_one_one_hot_constant_per_character(words):
    start, end = words.dev_buckets[2]
    xs, y = words._encode(words.dev_x[start:end], words.dev_y[start:end])
    length = int(np.sum(words.dev_x[start] >= 0))
    assert len(xs) == length
    for position, x in enumerate(xs):
        assert isinstance(x, nn.Constant) and x.data.shape == (end - start, 47)
        np.testing.assert_array_equal(np.argmax(x.data, axis=1), words.dev_x[start:end, position])
        np.testing.assert_array_equal(x.data.sum(axis=1), 1)
    np.testing.assert_array_equal(np.argmax(y.data, axis=1), words.dev_y[start:end])
    assert y.data.shape == (end - start, 5)


def test_encode_refuses_words_of_several_lengths(words):
    start, end = words.dev_buckets[2]
    mixed = words.dev_x[[start, end]]
    with pytest.raises(ValueError, match="words of one length"):
        words._encode(mixed, words.dev_y[[start, end]])


def test_language_batches_have_one_word_length_and_make_an_epoch(words):
    np.random.seed(0)
    batches = list(words.iterate_once(700))
    assert len(batches) == 17500 // 700 and words.epoch == 1
    lengths = set()
    for xs, y in batches:
        assert y.data.shape == (700, 5)
        assert all(x.data.shape == (700, 47) for x in xs)
        lengths.add(len(xs))
    assert len(lengths) > 3  # lengths are drawn, not always the same


@pytest.mark.parametrize("batch_size, error, message", [
    (0, TypeError, r"^batch_size must be a positive integer, got 0$"),
    (2.5, TypeError, r"got 2.5$"),
    (20000, ValueError, r"^batch_size 20000 is more than the 17500 training words$"),
])
def test_language_batch_sizes_are_checked(words, batch_size, error, message):
    with pytest.raises(error, match=message):
        next(words.iterate_once(batch_size))


def test_the_oracle_knows_no_test_word(words):
    # What makes the checks below able to tell the splits apart.
    dev = {tuple(row[row >= 0]) for row in words.dev_x}
    assert not any(tuple(row[row >= 0]) in dev for row in words.test_x)
    assert 0 < np.mean(words.test_y == 0) < 0.5


def check_predict_and_validation_accuracy(words, wrong_every, accuracy):
    words.model = _LanguageOracle(words, wrong_every)
    try:
        assert words.get_validation_accuracy() == pytest.approx(accuracy, abs=0.01)
        probabilities, predicted, labels = words._predict("dev")
        np.testing.assert_array_equal(labels, words.dev_y)
        assert np.mean(predicted == labels) == pytest.approx(accuracy, abs=0.01)
        probabilities, predicted, labels = words._predict("test")
        assert probabilities.shape == (5000, 5)
        np.testing.assert_allclose(probabilities.sum(axis=1), 1)
        np.testing.assert_array_equal(labels, words.test_y)
        # The test words, unknown to the oracle, all predicted as language 0.
        np.testing.assert_allclose(probabilities, 0.2)
        assert (predicted == 0).all()
        with pytest.raises(ValueError, match=r"split must be 'dev' or 'test', got 'train'"):
            words._predict("train")
    finally:
        words.model = None


@pytest.mark.parametrize("wrong_every, accuracy", [(0, 1.0), (5, 0.8)])
def test_language_predict_and_validation_accuracy(words, wrong_every, accuracy):
    check_predict_and_validation_accuracy(words, wrong_every, accuracy)


def _validation_on_test(self):  # a get_validation_accuracy reading the wrong split
    _, predicted, labels = self._predict("test")
    return float(np.mean(predicted == labels))


def _predict_always_test(real):
    return lambda self, split="dev": real(self, "test")


@pytest.mark.parametrize("broken", ["validation_reads_test", "predict_reads_test"])
def test_a_validation_accuracy_read_on_the_test_split_is_caught(words, monkeypatch, broken):
    # The negative control of the test above: it fails when the validation
    # accuracy comes from the test words.
    if broken == "validation_reads_test":
        monkeypatch.setattr(backend.LanguageIDDataset, "get_validation_accuracy",
                            _validation_on_test)
    else:
        monkeypatch.setattr(backend.LanguageIDDataset, "_predict",
                            _predict_always_test(backend.LanguageIDDataset._predict))
    with pytest.raises(AssertionError):
        check_predict_and_validation_accuracy(words, 0, 1.0)
    words.model = _LanguageOracle(words)
    try:
        assert words.get_validation_accuracy() == pytest.approx(np.mean(words.test_y == 0))
    finally:
        words.model = None


def test_the_training_view_shows_words_with_each_languages_probability(words, monkeypatch,
                                                                       capsys):
    words.model = _LanguageOracle(words, wrong_every=3)
    monkeypatch.setattr(backend, "use_graphics", True)  # the view is text: no window needed
    monkeypatch.setattr(words, "last_report", 0.0)
    try:
        next(words.iterate_once(100))
    finally:
        words.model = None
    lines = capsys.readouterr().out.splitlines()
    assert re.match(r"^epoch \d+, batch 0/175: validation accuracy \d+\.\d%$", lines[0]), lines
    assert lines[1].split() == ["en", "es", "fi", "nl", "pl"]
    rows = lines[2:]
    assert len(rows) == 10  # two dev words per language
    guesses = [row.split("%")[-1].strip() for row in rows]
    assert any("(not " in guess for guess in guesses) and any("(not " not in g for g in guesses)
    for row in rows:
        percentages = [int(p) for p in re.findall(r"(\d+)%", row)]
        assert len(percentages) == 5 and 98 <= sum(percentages) <= 102, row
