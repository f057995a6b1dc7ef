"""`python autograder.py --check-dependencies`: is this machine ready for the kit?"""

import hashlib
import sys

import numpy as np

import backend
import plots
from grading import packaging
from grading.report import say


def check_dependencies(seconds=3.0):
    """A diagnosis of this machine for the kit: versions, the plotting backend
    and display, the data files (checksums). With a display, a line spins in a
    window. Each problem comes with its fix; returns 1 if there is any."""
    problems = []
    if sys.version_info < (3, 9):
        problems.append(say("{package} {version} is too old: the kit needs {minimum} or newer. "
                            "Install a newer one (python -m pip install --upgrade {package} for "
                            "a package).", package="Python", version=sys.version.split()[0],
                            minimum="3.9"))
    if tuple(int(part) for part in np.__version__.split(".")[:2]) < (1, 21):
        problems.append(say("{package} {version} is too old: the kit needs {minimum} or newer. "
                            "Install a newer one (python -m pip install --upgrade {package} for "
                            "a package).", package="numpy", version=np.__version__,
                            minimum="1.21"))
    try:
        import matplotlib
        versions = matplotlib.__version__, matplotlib.get_backend()
    except ImportError:
        matplotlib, versions = None, ("-", "-")
        problems.append(say("{package} is not installed. Install it with: python -m pip install "
                            "{package}", package="matplotlib"))
    print(say("Python {python}, numpy {numpy}, matplotlib {matplotlib} (backend: {backend})",
              python=sys.version.split()[0], numpy=np.__version__,
              matplotlib=versions[0], backend=versions[1]))

    plt = plots.pyplot_with_display() if matplotlib else None
    if matplotlib and plt is None:
        print(say("No display is available, so no window opens (with a display you would see a "
                  "line segment turning about the origin). The kit works all the same: grading "
                  "saves the final picture of each plot as a PNG and prints progress as text."))

    problems += _data_problems()
    if plt is not None:
        _spin(plt, seconds)
    if problems:
        print(say("{count} problem(s) to fix:", count=len(problems)))
        for problem in problems:
            print("- " + problem)
        return 1
    print(say("Everything the kit needs is installed and intact."))
    return 0


def _data_problems():
    """Check the data files against data/SHA256SUMS: say which are intact;
    return the problems (sentences with their fix)."""
    problems = []
    try:
        sums = packaging.read_sums(backend.get_data_path(packaging.SUMS))
    except FileNotFoundError:
        sums = {}
        problems.append(say("data/SHA256SUMS is missing, so the data files cannot be checked: "
                            "restore the kit's data/ folder (unpack the kit again)."))
    for name, expected in sorted(sums.items()):
        try:
            with open(backend.get_data_path(name), "rb") as f:
                actual = hashlib.sha256(f.read()).hexdigest()
        except FileNotFoundError:
            problems.append(say("data/{name} is missing: restore the kit's data/ folder (unpack "
                                "the kit again).", name=name))
            continue
        if actual == expected:
            print(say("data/{name} is present and intact.", name=name))
        else:
            problems.append(say("data/{name} is damaged or changed (its checksum differs): "
                                "restore it from the kit (unpack the kit again).", name=name))
    return problems


def _spin(plt, seconds):
    """A window where a line segment turns about the origin for `seconds`."""
    print(say("A window shows a line segment turning about the origin for a few seconds."))
    figure, axes = plt.subplots(1, 1)
    axes.set_xlim(-1, 1)
    axes.set_ylim(-1, 1)
    line, = axes.plot([], [], color="black")
    plt.show(block=False)
    for step in range(int(seconds / 0.02)):
        angle = step * 0.05
        line.set_data([np.sin(angle), -np.sin(angle)], [np.cos(angle), -np.cos(angle)])
        plt.pause(0.02)
    plt.close(figure)


def has_matplotlib():
    try:
        import matplotlib  # noqa: F401
        return True
    except ImportError:
        return False
