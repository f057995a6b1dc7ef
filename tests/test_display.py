"""Real windows, on a real (virtual) X display: Xvfb, when it is installed
(.ci/run installs it where it can). Skipped elsewhere, with the reason."""

import os
import shutil
import subprocess
import sys
import time

import pytest

import kit

pytestmark = pytest.mark.skipif(shutil.which("Xvfb") is None or not sys.platform.startswith("linux"),
                                reason="needs Xvfb (apt-get install xvfb)")


@pytest.fixture(scope="module")
def display():
    """The name of a running virtual display, e.g. ':93'."""
    for number in range(93, 120):
        if not os.path.exists("/tmp/.X11-unix/X{}".format(number)) and \
                not os.path.exists("/tmp/.X{}-lock".format(number)):
            break
    name = ":{}".format(number)
    server = subprocess.Popen(["Xvfb", name, "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(50):
        if os.path.exists("/tmp/.X11-unix/X{}".format(number)):
            break
        time.sleep(0.1)
    yield name
    server.terminate()
    server.wait(timeout=10)


def windowed_environment(display, tmp_path):
    env = kit.grader_environment()
    env.pop("MPLBACKEND")
    env["DISPLAY"] = display
    env["MPLCONFIGDIR"] = str(tmp_path / "mpl")
    return env


def tk_available():
    try:
        import tkinter  # noqa: F401
        return True
    except ImportError:
        return False


needs_tk = pytest.mark.skipif(not tk_available(), reason="needs tkinter for TkAgg windows")


@needs_tk
def test_grading_with_windows_opens_them_and_ends(make_kit, reference_source, display, tmp_path):
    folder = make_kit(reference_source)
    result = subprocess.run([sys.executable, "autograder.py", "--lang", "en", "-q", "q1"],
                            cwd=str(folder), env=windowed_environment(display, tmp_path),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""
    assert kit.parse_report(result.stdout).points() == {"q1": 6}
    assert "No display here" not in result.stdout and not (folder / "plots").exists()


@needs_tk
def test_check_dependencies_spins_a_line_in_a_window(make_kit, reference_source, display,
                                                     tmp_path):
    result = subprocess.run([sys.executable, "autograder.py", "--lang", "es",
                             "--check-dependencies"], cwd=str(make_kit(reference_source)),
                            env=windowed_environment(display, tmp_path), capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Una ventana muestra un segmento que gira alrededor del origen" in result.stdout
    assert "(backend: tkagg)" in result.stdout.lower()


@needs_tk
def test_a_live_window_shows_the_learned_curve(display, tmp_path):
    code = """
import sys; sys.path.insert(0, {root!r})
import numpy as np, backend, models
np.random.seed(0)
model = models.RegressionModel()
dataset = backend.RegressionDataset(model)
assert dataset.plot.live
model.train(dataset)
plot = dataset.plot
plot.update()
plot.figure.canvas.draw()
image = np.asarray(plot.figure.canvas.buffer_rgba())[:, :, :3].astype(int)
red = (image[:, :, 0] > 200) & (image[:, :, 1] < 80) & (image[:, :, 2] < 80)
blue = (image[:, :, 2] > 200) & (image[:, :, 0] < 80) & (image[:, :, 1] < 80)
print(type(plot.figure.canvas).__name__, int(red.sum()), int(blue.sum()))
backend.maybe_sleep_and_close(0)
print("closed")
""".format(root=str(kit.ROOT))
    result = subprocess.run([sys.executable, "-c", code], env=windowed_environment(display,
                                                                                    tmp_path),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    canvas, red, blue, closed = result.stdout.split()
    assert canvas == "FigureCanvasTkAgg" and closed == "closed"
    assert int(red) > 500 and int(blue) > 500
