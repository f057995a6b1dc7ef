"""Gradescope's two scripts, run for real: the zip from --make-gradescope-zip
unpacked as Gradescope lays it out, setup.sh run once, run_autograder run for
each submission, and the results.json it leaves read back.

Gradescope's folder is /autograder, a fixed path. So that nothing on this
machine changes, the test makes the same layout in a temporary folder and
replaces every /autograder in the unpacked kit (the two scripts and the
grader's results folder) with that folder, asserting that each was found
and none is left. bench/gradescope_sim.py does the same in the real
/autograder.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile

import pytest

import kit

pytestmark = pytest.mark.slow

FIXED = "/autograder"


def _has_the_required_packages():
    """Whether this Python already has what setup.sh would install."""
    import matplotlib
    import numpy

    def version(module):
        return tuple(int(part) for part in re.findall(r"\d+", module.__version__)[:2])
    return version(numpy) >= (1, 21) and version(matplotlib) >= (3, 4)


def _skip_unless_setup_can_run():
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        pytest.skip("setup.sh gives the kit to root (chown) and may apt-get install: the test "
                    "runs it as root on Linux only (as CI does: sudo python -m pytest)")
    if shutil.which("bwrap") is None:
        pytest.skip("setup.sh would apt-get install bubblewrap (a download); install it "
                    "first (apt-get install bubblewrap) to run this test")
    if not _has_the_required_packages():
        pytest.skip("setup.sh would pip install numpy and matplotlib (a download); install "
                    "requirements.txt first to run this test")


def _replace_fixed_paths(text, root):
    """`text` with every /autograder replaced by `root`; (new text, count)."""
    return re.subn(re.escape(FIXED) + r"(?=/|\b)", lambda _: str(root), text)


def _install(tmp_path):
    """Gradescope's layout under a temporary root, setup.sh run; return the root."""
    root = tmp_path / "gs"
    assert FIXED not in str(root)
    for name in ("source", "submission", "results"):
        (root / name).mkdir(parents=True)
    archive = tmp_path / "autograder.zip"
    subprocess.run([sys.executable, "autograder.py", "--make-gradescope-zip", str(archive),
                    "--gradescope-timeout", "900"], cwd=str(kit.ROOT), check=True,
                   capture_output=True)
    with zipfile.ZipFile(archive) as unpacked:
        unpacked.extractall(root / "source")

    found = {}
    for path in sorted((root / "source").rglob("*")):
        if path.is_file() and (path.suffix == ".py" or path.name in ("setup.sh",
                                                                       "run_autograder")):
            text = path.read_text(encoding="utf-8")
            text, count = _replace_fixed_paths(text, root)
            if count:
                path.write_text(text, encoding="utf-8")
                found[str(path.relative_to(root / "source"))] = count
    # Each script's fixed paths, and the folder the grader writes results.json into.
    assert found.get("setup.sh", 0) >= 2 and found.get("run_autograder", 0) >= 2, found
    assert any(name.startswith("grading") for name in found), found
    for path in (root / "source").rglob("*"):
        if path.is_file() and path.suffix != ".npz":
            assert FIXED.encode() not in path.read_bytes(), "{} left in {}".format(FIXED, path)
    # Gradescope runs run_autograder from the root of its folder.
    shutil.copy2(root / "source" / "run_autograder", root / "run_autograder")

    setup = subprocess.run(["bash", str(root / "source" / "setup.sh")], env=_environment(tmp_path),
                           capture_output=True, text=True, timeout=300)
    assert setup.returncode == 0, setup.stdout + setup.stderr
    assert not (tmp_path / "apt-get-called").exists(), "setup.sh ran apt-get"
    # What setup.sh does that can be seen: the kit is root's alone.
    for path in [root / "source", *(root / "source").rglob("*")]:
        status = path.lstat()
        assert status.st_uid == 0 and status.st_gid == 0, path
        assert status.st_mode & 0o077 == 0, "{} is {:o}".format(path, status.st_mode)
    return root


def _environment(tmp_path):
    """The tests' environment, with python3 the Python running the tests and
    an apt-get that only leaves a mark (no download from a test)."""
    bin_folder = tmp_path / "bin"
    if not bin_folder.exists():
        bin_folder.mkdir()
        os.symlink(sys.executable, bin_folder / "python3")
        stub = bin_folder / "apt-get"
        stub.write_text("#!/bin/sh\ntouch '{}'\nexit 1\n".format(tmp_path / "apt-get-called"))
        stub.chmod(0o755)
    env = kit.grader_environment()
    env["PATH"] = str(bin_folder) + os.pathsep + env.get("PATH", "")
    return env


def _grade(tmp_path, root, source):
    """run_autograder on a submission whose models.py is `source`;
    (results.json as a dict, the run's output)."""
    for name in ("submission", "results"):
        shutil.rmtree(root / name)
        (root / name).mkdir()
    (root / "submission" / "models.py").write_text(source, encoding="utf-8")
    run = subprocess.run(["bash", str(root / "run_autograder")], env=_environment(tmp_path),
                         capture_output=True, text=True, encoding="utf-8", timeout=900)
    output = "return code {}\n--- stdout ---\n{}\n--- stderr ---\n{}".format(
        run.returncode, run.stdout, run.stderr)
    results = root / "results" / "results.json"
    assert results.is_file(), "no results/results.json:\n" + output
    assert not (root / "source" / "results.json").exists(), "results.json went to source/"
    return json.loads(results.read_text(encoding="utf-8")), output


def _check_format(results):
    assert isinstance(results["score"], float) and isinstance(results["execution_time"], float)
    assert [test["name"] for test in results["tests"]] == ["Question q1", "Question q2",
                                                          "Question q3"]
    for test in results["tests"]:
        assert test["max_score"] == 6.0 and isinstance(test["output"], str)
    assert sum(test["score"] for test in results["tests"]) == results["score"]


def test_setup_sh_and_run_autograder_grade_submissions(tmp_path, reference_source):
    _skip_unless_setup_can_run()
    root = _install(tmp_path)

    results, output = _grade(tmp_path, root, reference_source)
    _check_format(results)
    assert results["score"] == 18.0, output
    assert [test["score"] for test in results["tests"]] == [6.0, 6.0, 6.0], output
    assert results["output"] == "Total: 18/18"

    broken = reference_source + "\ndef broken(:\n    pass\n"
    results, output = _grade(tmp_path, root, broken)
    _check_format(results)
    assert results["score"] == 0.0, output
    assert [test["score"] for test in results["tests"]] == [0.0, 0.0, 0.0], output
    assert all("SyntaxError" in test["output"] for test in results["tests"]), results
