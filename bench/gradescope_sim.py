"""A Gradescope run, simulated on this machine: as root, the zip from
`--make-gradescope-zip` is unpacked into /autograder/source, setup.sh runs,
each submission is put in /autograder/submission and run_autograder grades
it into /autograder/results/results.json, as Gradescope does.

    sudo python bench/gradescope_sim.py                 # sealing: auto
    sudo python bench/gradescope_sim.py --sandbox user  # as on an image without bwrap

It grades five submissions and prints what results.json says of each:
  honest          the reference models.py: 18/18
  label_hunter    looks for the test labels at /autograder/source/data and
                  walking up from its own file, and does not train: no q3
                  accuracy points (2/6 on q3)
  parent_killer   kills the grader (SIGKILL to its parent) in q2 and does
                  not train: a valid results.json all the same
  forger,         a digit model with no valid structure that finds the
  forger_values   token of the grader's events in its own process and
                  forges points, statuses, outputs and the record of its
                  answers (tests/helpers/hostile.py, FORGERS): 0/6 on q3, 12 in all
and exits non-zero if any of these does not hold. /autograder is made for
the run and removed after it (a folder /autograder that this script did not
make is never touched). In mode `user` a copy of the labels elsewhere on the
machine that other users can read (a checkout of this repository, say) is
not hidden (docs/sealing.md): the label hunter is then skipped, with the path. Mode
`user` needs a Python that other users can run with numpy and matplotlib:
/usr/bin/python3 is put first on PATH for it (Debian's python3-numpy and
python3-matplotlib).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "helpers"))
sys.path.insert(0, ROOT)

AUTOGRADER = "/autograder"
MARKER = os.path.join(AUTOGRADER, ".made-by-gradescope-sim")


def submissions():
    import hostile
    import kit
    hunter = hostile.hunt_labels("['/autograder/source/data/mnist.npz'] + " + hostile.WALK_UP)
    killer = hostile.kills_the_grader("SIGKILL")
    reference = kit.reference_source()
    return {"honest": reference, "label_hunter": hunter(reference),
            "parent_killer": killer(reference),
            "forger": hostile.forges_the_grader(hostile.CONSTANT_OUTPUT)(reference),
            "forger_values": hostile.forges_the_grader(hostile.MADE_UP_VALUES)(reference)}


EXPECTED = {
    "honest": lambda scores: scores == {"q1": 6, "q2": 6, "q3": 6},
    "label_hunter": lambda scores: scores["q3"] <= 2,
    "parent_killer": lambda scores: scores["q2"] <= 2,
    "forger": lambda scores: scores == {"q1": 6, "q2": 6, "q3": 0},
    "forger_values": lambda scores: scores == {"q1": 6, "q2": 6, "q3": 0},
}


def install(zip_path):
    """/autograder as Gradescope lays it out, and setup.sh run."""
    if os.path.exists(AUTOGRADER) and not os.path.exists(MARKER):
        sys.exit("{} exists and was not made by this script: refusing to touch it".format(
            AUTOGRADER))
    shutil.rmtree(AUTOGRADER, ignore_errors=True)
    for name in ("source", "submission", "results"):
        os.makedirs(os.path.join(AUTOGRADER, name))
    open(MARKER, "w").close()
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(os.path.join(AUTOGRADER, "source"))
    for name in ("setup.sh", "run_autograder"):
        os.chmod(os.path.join(AUTOGRADER, "source", name), 0o755)
    shutil.copy2(os.path.join(AUTOGRADER, "source", "run_autograder"),
                 os.path.join(AUTOGRADER, "run_autograder"))
    subprocess.run(["bash", os.path.join(AUTOGRADER, "source", "setup.sh")], check=True,
                   stdout=subprocess.DEVNULL)


def grade(name, source, sandbox, timeout):
    """Run run_autograder on `source`; return (scores or None, results, seconds, output)."""
    for name_ in ("submission", "results"):
        folder = os.path.join(AUTOGRADER, name_)
        shutil.rmtree(folder)
        os.makedirs(folder)
    with open(os.path.join(AUTOGRADER, "submission", "models.py"), "w", encoding="utf-8") as f:
        f.write(source)
    env = dict(os.environ, KIT_SANDBOX=sandbox)
    if sandbox == "user":  # Debian's python3, which other users can run
        env["PATH"] = "/usr/bin:/bin:" + env["PATH"]
    start = time.perf_counter()
    run = subprocess.run(["bash", os.path.join(AUTOGRADER, "run_autograder")], env=env,
                         capture_output=True, text=True, timeout=timeout)
    seconds = time.perf_counter() - start
    try:
        with open(os.path.join(AUTOGRADER, "results", "results.json"), encoding="utf-8") as f:
            results = json.load(f)
        scores = {test["tags"][0]: test["score"] for test in results["tests"]}
    except (OSError, ValueError, KeyError, IndexError):
        results, scores = None, None
    return scores, results, seconds, run.stdout + run.stderr


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sandbox", default="auto", choices=("auto", "bwrap", "user", "process"))
    parser.add_argument("--timeout", type=float, default=900, help="seconds per submission")
    args = parser.parse_args()
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        sys.exit("run this as root on Linux: it makes /autograder, as Gradescope has it")
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        zip_path = os.path.join(tmp, "autograder.zip")
        subprocess.run([sys.executable, os.path.join(ROOT, "autograder.py"),
                        "--make-gradescope-zip", zip_path, "--gradescope-timeout", "900"],
                       check=True, stdout=subprocess.DEVNULL)
        try:
            install(zip_path)
            import hostile
            readable = (hostile.readable_copies_of_the_labels(besides=AUTOGRADER)
                        if args.sandbox == "user" else [])
            for name, source in submissions().items():
                if name == "label_hunter" and readable:
                    print("{:14s} SKIP  other users can read a copy of the labels at {}, which "
                          "mode user does not hide (docs/sealing.md): protect it and run "
                          "again".format(name, readable[0]))
                    continue
                scores, results, seconds, output = grade(name, source, args.sandbox,
                                                        args.timeout)
                first = output.strip().splitlines()[0] if output.strip() else ""
                ok = scores is not None and EXPECTED[name](scores)
                failures += not ok
                print("{:14s} {}  {}  {:.1f} s  {}".format(
                    name, "ok  " if ok else "FAIL",
                    "no valid results.json" if scores is None else "score {} {}".format(
                        results["score"], scores), seconds, first))
                if not ok:
                    print(output[-3000:])
        finally:
            shutil.rmtree(AUTOGRADER, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
