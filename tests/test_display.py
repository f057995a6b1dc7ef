"""Real windows, on a real X display: a private virtual one (Xvfb) when it
is installed (.ci/run installs it where it can), else the display this
session has (DISPLAY). Skipped, with how to get one, when there is neither.

What is checked is what the X server saw: a window of matplotlib's
("Figure 1") mapped on the display while the grader ran, and, for the live
plot, the curve's pixels on the screen where its window is. The controls: a
run that opens no window leaves none on the display, and the screen where
the window was holds no curve once it is closed.
"""

import ctypes
import ctypes.util
import os
import select
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

import pytest

import kit

X11_SYSTEM = sys.platform.startswith("linux") or "bsd" in sys.platform
HOW = ("install Xvfb (Debian, Ubuntu: apt-get install xvfb; Fedora: dnf install "
       "xorg-x11-server-Xvfb), or run the tests from a desktop session, where DISPLAY is set")

if not X11_SYSTEM:
    _no_display = "these tests open windows on an X display (Linux, BSD); not on " + sys.platform
elif shutil.which("Xvfb") is None and not os.environ.get("DISPLAY"):
    _no_display = "no display to open windows on (neither Xvfb nor DISPLAY): " + HOW
else:
    _no_display = None

pytestmark = pytest.mark.skipif(_no_display is not None, reason=_no_display or "")


# --------------------------------------------------------------------------
# A display, and what is on it
# --------------------------------------------------------------------------

@dataclass
class Display:
    name: str      # e.g. ":3"
    private: bool  # our own Xvfb: an empty black screen but for what the tests open


def _start_xvfb():
    """(Popen, name) of a new Xvfb on a free display it picks itself, or
    (None, the reason) when it does not start."""
    read, write = os.pipe()
    try:
        server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0",
                                   "1280x1024x24", "-nolisten", "tcp"], pass_fds=(write,),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    finally:
        os.close(write)
    number = b""
    deadline = time.monotonic() + 15
    while not number.endswith(b"\n") and time.monotonic() < deadline:
        ready, _, _ = select.select([read], [], [], 0.5)
        if ready:
            chunk = os.read(read, 64)
            if not chunk:
                break
            number += chunk
    os.close(read)
    if number.strip().isdigit():
        return server, ":" + number.decode().strip()
    server.kill()
    _, error = server.communicate()
    return None, "Xvfb did not start: " + error.decode(errors="replace").strip()[-500:]


@pytest.fixture(scope="module")
def display():
    """The display the tests open windows on."""
    if shutil.which("Xvfb"):
        server, name = _start_xvfb()
        if server is not None:
            yield Display(name, private=True)
            server.terminate()
            server.wait(timeout=10)
            return
        if not os.environ.get("DISPLAY"):
            pytest.skip("{}; {}".format(name, HOW))
    yield Display(os.environ["DISPLAY"], private=False)


class _XWindowAttributes(ctypes.Structure):  # Xlib's XWindowAttributes
    _fields_ = [("x", ctypes.c_int), ("y", ctypes.c_int), ("width", ctypes.c_int),
                ("height", ctypes.c_int), ("border_width", ctypes.c_int),
                ("depth", ctypes.c_int), ("visual", ctypes.c_void_p),
                ("root", ctypes.c_ulong), ("class_", ctypes.c_int),
                ("bit_gravity", ctypes.c_int), ("win_gravity", ctypes.c_int),
                ("backing_store", ctypes.c_int), ("backing_planes", ctypes.c_ulong),
                ("backing_pixel", ctypes.c_ulong), ("save_under", ctypes.c_int),
                ("colormap", ctypes.c_ulong), ("map_installed", ctypes.c_int),
                ("map_state", ctypes.c_int), ("all_event_masks", ctypes.c_long),
                ("your_event_mask", ctypes.c_long), ("do_not_propagate_mask", ctypes.c_long),
                ("override_redirect", ctypes.c_int), ("screen", ctypes.c_void_p)]


_IS_VIEWABLE = 2
# A window may go away between two requests: its error is ignored, not fatal.
_IGNORE_ERRORS = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)(
    lambda display, event: 0)


class XWindows:
    """The titles of the windows shown on an X display, read with libX11 (the
    library Tk itself draws with)."""

    def __init__(self, name):
        path = ctypes.util.find_library("X11")
        if path is None:
            pytest.skip("libX11 not found, so the test cannot see the display's windows")
        x = self.x = ctypes.CDLL(path)
        window = ctypes.c_ulong
        x.XOpenDisplay.restype = ctypes.c_void_p
        x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x.XDefaultRootWindow.restype = window
        x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x.XQueryTree.argtypes = [ctypes.c_void_p, window, ctypes.POINTER(window),
                                 ctypes.POINTER(window),
                                 ctypes.POINTER(ctypes.POINTER(window)),
                                 ctypes.POINTER(ctypes.c_uint)]
        x.XGetWindowAttributes.argtypes = [ctypes.c_void_p, window,
                                           ctypes.POINTER(_XWindowAttributes)]
        x.XFetchName.argtypes = [ctypes.c_void_p, window, ctypes.POINTER(ctypes.c_char_p)]
        x.XFree.argtypes = [ctypes.c_void_p]
        x.XCloseDisplay.argtypes = [ctypes.c_void_p]
        x.XSetErrorHandler(_IGNORE_ERRORS)
        self.display = x.XOpenDisplay(name.encode())
        assert self.display, "cannot open the display " + name
        self.root = x.XDefaultRootWindow(self.display)

    def titles(self):
        """The titles of every window now viewable (mapped, its parents too)."""
        x, found, todo = self.x, [], [self.root]
        while todo:
            parent = todo.pop()
            root, up = ctypes.c_ulong(), ctypes.c_ulong()
            children, count = ctypes.POINTER(ctypes.c_ulong)(), ctypes.c_uint()
            if not x.XQueryTree(self.display, parent, ctypes.byref(root), ctypes.byref(up),
                                ctypes.byref(children), ctypes.byref(count)):
                continue
            windows = [children[i] for i in range(count.value)]
            if children:
                x.XFree(children)
            for window in windows:
                attributes = _XWindowAttributes()
                if (not x.XGetWindowAttributes(self.display, window, ctypes.byref(attributes))
                        or attributes.map_state != _IS_VIEWABLE):
                    continue
                name = ctypes.c_char_p()
                if x.XFetchName(self.display, window, ctypes.byref(name)) and name.value:
                    found.append(name.value.decode("utf-8", "replace"))
                    x.XFree(name)
                todo.append(window)
        return found

    def close(self):
        self.x.XCloseDisplay(self.display)


def run_watching(display, command, env, cwd=None, timeout=120):
    """Run `command`; (CompletedProcess, the titles of the windows shown on
    `display` meanwhile that were not there before)."""
    windows = XWindows(display.name)
    before = set(windows.titles())
    seen, done = set(), threading.Event()

    def watch():
        while not done.is_set():
            seen.update(windows.titles())
            time.sleep(0.05)
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                                encoding="utf-8", timeout=timeout)
    finally:
        done.set()
        watcher.join(timeout=10)
        windows.close()
    return result, seen - before


def figure_windows(titles):
    return sorted(title for title in titles if title.startswith("Figure"))


def windowed_environment(display, tmp_path):
    env = kit.grader_environment()
    env.pop("MPLBACKEND")
    env["DISPLAY"] = display.name
    env["MPLCONFIGDIR"] = str(tmp_path / "mpl")
    return env


def tk_available():
    try:
        import tkinter  # noqa: F401
        return True
    except ImportError:
        return False


needs_tk = pytest.mark.skipif(not tk_available(), reason="needs tkinter for TkAgg windows "
                                                         "(Debian, Ubuntu: apt-get install "
                                                         "python3-tk)")


# --------------------------------------------------------------------------
# The tests
# --------------------------------------------------------------------------

@pytest.mark.slow
@needs_tk
def test_grading_with_windows_opens_them_and_ends(make_kit, reference_source, display, tmp_path):
    folder = make_kit(reference_source)
    result, shown = run_watching(display, [sys.executable, "autograder.py", "--lang", "en",
                                           "-q", "q1", "--seed", "0"],
                                 env=windowed_environment(display, tmp_path), cwd=str(folder))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""
    assert kit.parse_report(result.stdout).points() == {"q1": 6}
    assert "No display here" not in result.stdout and not (folder / "plots").exists()
    assert figure_windows(shown), "no window of matplotlib's was shown; seen: {}".format(shown)


@pytest.mark.slow
@needs_tk
def test_check_dependencies_spins_a_line_in_a_window(make_kit, reference_source, display,
                                                     tmp_path):
    result, shown = run_watching(display, [sys.executable, "autograder.py", "--lang", "es",
                                           "--check-dependencies"],
                                 env=windowed_environment(display, tmp_path),
                                 cwd=str(make_kit(reference_source)), timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Una ventana muestra un segmento que gira alrededor del origen" in result.stdout
    assert "(backend: tkagg)" in result.stdout.lower()
    assert figure_windows(shown) == ["Figure 1"], shown


@needs_tk
@pytest.mark.parametrize("case", ["no_graphics", "check_dependencies_with_agg"])
def test_a_run_without_windows_shows_none(make_kit, reference_source, display, tmp_path, case):
    # The negative control of the two tests above: the watcher does not see
    # a window where none opens.
    env = windowed_environment(display, tmp_path)
    if case == "no_graphics":
        command = [sys.executable, "autograder.py", "--lang", "en", "-q", "q1", "--seed", "0",
                   "--no-graphics"]
    else:
        env["MPLBACKEND"] = "Agg"
        command = [sys.executable, "autograder.py", "--lang", "en", "--check-dependencies"]
    result, shown = run_watching(display, command, env=env, cwd=str(make_kit(reference_source)))
    assert result.returncode == 0, result.stdout + result.stderr
    assert figure_windows(shown) == [], shown
    if case == "check_dependencies_with_agg":
        assert "No display is available, so no window opens" in result.stdout


LIVE_CURVE = """
import json, os, sys, time; sys.path.insert(0, {root!r})
import matplotlib.pyplot as plt
import numpy as np, backend, models
from PIL import ImageGrab

def colours(image):
    image = np.asarray(image)[:, :, :3].astype(int)
    red = (image[:, :, 0] > 200) & (image[:, :, 1] < 80) & (image[:, :, 2] < 80)
    blue = (image[:, :, 2] > 200) & (image[:, :, 0] < 80) & (image[:, :, 1] < 80)
    return int(red.sum()), int(blue.sum())

np.random.seed(0)
model = models.RegressionModel()
dataset = backend.RegressionDataset(model)
assert dataset.plot.live
model.train(dataset)
plot = dataset.plot
plot.update()
plot.figure.canvas.draw()
window = plot.figure.canvas.manager.window
window.update()
box = (window.winfo_rootx(), window.winfo_rooty(),
       window.winfo_rootx() + window.winfo_width(), window.winfo_rooty() + window.winfo_height())
for _ in range(50):  # until the X server has the picture
    on_screen = colours(ImageGrab.grab(bbox=box, xdisplay=os.environ["DISPLAY"]))
    if min(on_screen) > 500:
        break
    window.update()
    time.sleep(0.1)
facts = {{"canvas": type(plot.figure.canvas).__name__, "title": window.title(),
         "mapped": window.winfo_ismapped(), "viewable": window.winfo_viewable(),
         "size": [window.winfo_width(), window.winfo_height()],
         "buffer": colours(plot.figure.canvas.buffer_rgba()), "screen": on_screen}}
backend.maybe_sleep_and_close(0)
facts["closed"] = plt.get_fignums() == []
time.sleep(0.5)
facts["screen_after"] = colours(ImageGrab.grab(bbox=box, xdisplay=os.environ["DISPLAY"]))
print(json.dumps(facts))
"""


@pytest.mark.slow
@needs_tk
def test_a_live_window_shows_the_learned_curve(display, tmp_path):
    import json
    result = subprocess.run([sys.executable, "-c", LIVE_CURVE.format(root=str(kit.ROOT))],
                            env=windowed_environment(display, tmp_path), capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout.splitlines()[-1])
    assert facts["canvas"] == "FigureCanvasTkAgg" and facts["title"] == "Figure 1", facts
    assert facts["mapped"] and facts["viewable"], facts
    assert min(facts["size"]) > 200, facts
    red, blue = facts["buffer"]
    assert red > 500 and blue > 500, facts  # drawn by matplotlib ...
    red, blue = facts["screen"]
    assert red > 500 and blue > 500, facts  # ... and shown on the screen
    assert facts["closed"], facts
    if display.private:  # the control: our black screen, once the window is gone
        assert facts["screen_after"] == [0, 0], facts
