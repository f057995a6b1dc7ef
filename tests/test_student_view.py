"""What a student sees: pictures without a display, messages in both
languages from nn.py and backend.py too, diagnostics for common mistakes,
--check-dependencies, and a legacy Windows console."""

import os
import re
import string
import subprocess
import sys

import numpy as np
import pytest

import hostile
import kit
import nn

# --------------------------------------------------------------------------
# Both languages, in nn.py and backend.py too
# --------------------------------------------------------------------------


def placeholders(text):
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name)


def test_nn_errors_follow_the_language():
    for language, expected in (("es", "Linear: features 4x3 no encaja con weights 2x1 (3 != 2)"),
                               ("en", "Linear: features 4x3 do not fit weights 2x1 (3 != 2)")):
        nn.set_language(language)
        with pytest.raises(ValueError) as error:
            nn.Linear(nn.Constant(np.ones((4, 3))), nn.Parameter(2, 1))
        assert str(error.value) == expected
    with pytest.raises(ValueError, match="language must be 'es' or 'en', got 'fr'"):
        nn.set_language("fr")


def test_the_graders_lang_reaches_the_errors_of_nn_in_the_child(make_kit):
    source = hostile.replace("        self.learning_rate = 0.05\n",
                             "        self.learning_rate = 1e200\n")(kit.reference_source())
    result = kit.run_grader(make_kit(source), "-q", "q2", lang="es")
    text = result.report.text("q2")
    assert "el entrenamiento divergió, el parámetro contiene ahora NaN o infinito" in text, text
    assert "Prueba una tasa de aprendizaje (multiplier) más pequeña." in text


# --------------------------------------------------------------------------
# Diagnostics
# --------------------------------------------------------------------------

def test_divergence_names_the_parameter_the_update_count_and_the_fix(make_kit):
    source = hostile.replace("        self.learning_rate = 0.05\n",
                             "        self.learning_rate = 1e200\n")(kit.reference_source())
    result = kit.run_grader(make_kit(source), "-q", "q2")
    assert result.report.points() == {"q2": 2}
    text = result.report.text("q2")
    assert "FloatingPointError: Parameter " in text
    assert "training diverged, the parameter now holds NaN or infinity (after " in text
    assert "Try a smaller learning rate (multiplier)." in text


def test_a_loss_that_never_changes_points_at_update(make_kit):
    source = hostile.chain(
        hostile.replace("                    parameter.update(gradient, -self.learning_rate)\n",
                        "                    pass  # forgot the update\n"),
        hostile.replace("        while nn.as_scalar(self.get_loss(*everything)) > 0.005:\n",
                        "        for epoch in range(3):\n"))(kit.reference_source())
    result = kit.run_grader(make_kit(source), "-q", "q2")
    assert result.report.points() == {"q2": 2}
    assert ("The loss never changed during training (it is still "
            in result.report.text("q2"))
    assert "check that train calls update on every parameter" in result.report.text("q2")


def test_a_loss_that_grows_points_at_the_sign(make_kit):
    source = hostile.chain(
        hostile.replace("                    parameter.update(gradient, -self.learning_rate)\n",
                        "                    parameter.update(gradient, 0.001)  # wrong sign\n"),
        hostile.replace("        while nn.as_scalar(self.get_loss(*everything)) > 0.005:\n",
                        "        for epoch in range(3):\n"))(kit.reference_source())
    result = kit.run_grader(make_kit(source), "-q", "q2")
    assert result.report.points() == {"q2": 2}
    assert "The loss grew during training, from " in result.report.text("q2")
    assert "check the sign of the update" in result.report.text("q2")


@pytest.mark.slow
def test_a_digit_model_at_chance_gets_the_hint(make_kit):
    source = hostile.before(hostile.DIGITS_TRAIN, "return  # never trains")(
        kit.reference_source())
    result = kit.run_grader(make_kit(source), "-q", "q3")
    assert result.report.points() == {"q3": 2}
    assert ("An accuracy near 10% is chance: check that the last layer has no ReLU"
            in result.report.text("q3"))


@pytest.mark.slow
def test_a_timeout_shows_the_last_progress_line(make_kit):
    source = hostile.before(hostile.REGRESSION_TRAIN, """
        import time
        epoch = 0
        while True:
            epoch += 1
            print("epoch", epoch, "loss 0.5")
            time.sleep(0.01)
        """)(kit.reference_source())
    result = kit.run_grader(make_kit(source), "-q", "q2", "--time-limit", "3")
    text = result.report.text("q2")
    assert result.report.points() == {"q2": 2}
    assert "did not finish within the time limit of 3 seconds" in text
    last = [line for line in text.splitlines() if line.startswith("The last line your code "
                                                                  "printed: ")]
    assert len(last) == 1 and last[0].endswith(" loss 0.5"), text
    assert last[0].split()[-3] == [ln for ln in text.splitlines()
                                   if ln.startswith("epoch ")][-1].split()[1]


def test_a_batch_size_that_does_not_divide_names_the_sizes(make_kit):
    source = hostile.replace("        self.batch_size = 20\n",
                             "        self.batch_size = 30\n")(kit.reference_source())
    result = kit.run_grader(make_kit(source), "-q", "q2", lang="es")
    assert ("batch_size 30 no divide los 200 ejemplos de este conjunto de datos; los tamaños "
            "más cercanos que sí lo dividen son 25 y 40") in result.report.text("q2")


# --------------------------------------------------------------------------
# No display: pictures and text progress, through the grader
# --------------------------------------------------------------------------

def headless_environment(tmp_path):
    env = kit.grader_environment()
    env.pop("MPLBACKEND")  # let matplotlib find out there is no display
    env["MPLCONFIGDIR"] = str(tmp_path / "mpl")
    return env


@pytest.mark.slow
def test_without_a_display_the_grader_saves_each_plot_as_a_png(make_kit, reference_source,
                                                                tmp_path):
    import matplotlib.image
    folder = make_kit(reference_source)
    result = subprocess.run([sys.executable, "autograder.py", "--lang", "en"], cwd=str(folder),
                            env=headless_environment(tmp_path), capture_output=True, text=True,
                            encoding="utf-8", timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""
    plots = folder / "plots"
    assert "the final picture of each plot is saved in {}".format(plots) in result.stdout
    report = kit.parse_report(result.stdout)
    assert report.total == (18, 18)
    sizes = {"perceptron": (480, 640), "regression": (480, 640), "digits": (700, 800)}
    for name, size in sizes.items():
        path = plots / (name + ".png")
        assert "saved as {}".format(path) in result.stdout
        image = matplotlib.image.imread(str(path))[:, :, :3]
        assert image.shape[:2] == size, name
        red = (image[:, :, 0] > 0.8) & (image[:, :, 1] < 0.4) & (image[:, :, 2] < 0.4)
        blue = (image[:, :, 2] > 0.8) & (image[:, :, 0] < 0.3) & (image[:, :, 1] < 0.3)
        green = (image[:, :, 1] > 0.8) & (image[:, :, 0] < 0.5) & (image[:, :, 2] < 0.5)
        if name == "perceptron":   # red + and blue - points, and the black decision line
            assert red.sum() > 100 and blue.sum() > 100
            assert (image.sum(axis=2) < 0.3).sum() > 300
        elif name == "regression":  # the real curve in blue, the learned one in red
            assert red.sum() > 500 and blue.sum() > 500
        else:                       # mostly right digits in green, a few wrong in red
            assert green.sum() > 3 * red.sum() > 0
    # Progress as text, a line a second at most (counted from the question's
    # own time: a busy machine trains slower and prints more lines).
    text = report.text("q3")
    seconds = float(re.search(r"^Time: ([\d.]+) s of the", text, flags=re.M).group(1))
    shown = re.search(r"^\.\.\. (\d+) more lines of your output not shown", text, flags=re.M)
    progress = [line for line in text.splitlines()
                if line.startswith("epoch: ") and "validation accuracy" in line]
    count = len(progress) + (int(shown.group(1)) if shown else 0)
    assert 2 <= count <= seconds + 2, text


# --------------------------------------------------------------------------
# A Windows console with a legacy code page
# --------------------------------------------------------------------------

def test_a_cp1252_console_gets_question_marks_not_a_crash(make_kit):
    source = hostile.before(hostile.REGRESSION_TRAIN, "print('zażółć gęślą jaźń π')")(
        kit.reference_source())
    env = kit.grader_environment()
    env["PYTHONIOENCODING"] = "cp1252"
    result = subprocess.run([sys.executable, "autograder.py", "--no-graphics", "--lang", "es",
                             "-q", "q2"], cwd=str(make_kit(source)), env=env,
                            capture_output=True, timeout=300)
    assert result.returncode == 0, result.stderr.decode("cp1252")
    assert result.stderr == b""
    out = result.stdout.decode("cp1252")
    assert "za?ó?? g??l? ja?? ?" in out
    assert "Tu pérdida final es: " in out and out.rstrip().endswith("Total: 6/6")


def test_a_polish_word_printed_by_the_kit_on_cp1252_falls_back(tmp_path):
    code = ("import sys; sys.path.insert(0, {!r})\n"
            "import plots\n"
            "plots.echo('interesów już')\n").format(str(kit.ROOT))
    env = dict(os.environ, PYTHONIOENCODING="cp1252")
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("cp1252").strip() == "interesów ju?"


# --------------------------------------------------------------------------
# --check-dependencies finds damaged data
# --------------------------------------------------------------------------

def test_check_dependencies_finds_a_damaged_or_missing_data_file(tmp_path, reference_source):
    folder = kit.make_kit(tmp_path / "kit", reference_source)
    (folder / "data").unlink()  # a real folder instead of the link, to damage it
    (folder / "data").mkdir()
    for name in ("SHA256SUMS", "mnist.npz"):
        (folder / "data" / name).write_bytes((kit.ROOT / "data" / name).read_bytes())
    with open(folder / "data" / "mnist.npz", "r+b") as f:
        f.seek(1000)
        f.write(b"\0\0\0\0")
    result = kit.run_grader(folder, "--check-dependencies", lang="en")
    assert result.returncode == 1
    assert "- data/mnist.npz is damaged or changed (its checksum differs)" in result.stdout
    assert "- data/lang_id.npz is missing: restore the kit's data/ folder" in result.stdout
    assert "2 problem(s) to fix:" in result.stdout
