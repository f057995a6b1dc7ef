"""The guides (README.md, docs/*.md, bench/README.md) hold to their rules:
short (the README under 200 lines, each guide under the count docs/README.md
states), every relative link to a file that exists, every command they quote
accepted as typed, and every number they take from the code's constants
equal to the constant (the question tables are generated: their own test)."""

import importlib.util
import os
import re
import shlex
import subprocess
import sys

import pytest

import kit

ROOT = kit.ROOT
README = ROOT / "README.md"
DOCS = ROOT / "docs"
BENCH = ROOT / "bench" / "README.md"
README_LINES = 200


def guides():
    """The docs/*.md files."""
    return sorted(DOCS.glob("*.md"))


def every_file():
    return [README, BENCH] + guides()


def read(path):
    return path.read_text(encoding="utf-8")


def name(path):
    return path.relative_to(ROOT).as_posix()


# --------------------------------------------------------------------------
# Length
# --------------------------------------------------------------------------

def stated_page_count():
    """The rule docs/README.md states: 'each guide under N lines'."""
    found = re.findall(r"each guide under (\d+) lines", read(DOCS / "README.md"))
    assert len(set(found)) == 1, "docs/README.md must state one 'each guide under N lines'"
    return int(found[0])


def test_the_readme_is_read_in_two_minutes():
    lines = len(read(README).splitlines())
    assert lines < README_LINES, "README.md has {} lines; keep it under {}".format(
        lines, README_LINES)


def test_each_guide_is_under_the_page_count_docs_readme_states():
    count = stated_page_count()
    assert 50 <= count <= 300, count  # the control: a rule that means something
    assert len(guides()) >= 6, [name(path) for path in guides()]
    for path in guides():
        lines = len(read(path).splitlines())
        assert lines < count, "{} has {} lines; each guide stays under {}".format(
            name(path), lines, count)


# --------------------------------------------------------------------------
# Links
# --------------------------------------------------------------------------

LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def slug(heading):
    """The anchor GitHub gives a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(path):
    return {slug(line.lstrip("#")) for line in read(path).splitlines()
            if re.match(r"#{1,6} ", line)}


def links(path):
    """(target, anchor) of every relative link in `path`."""
    found = []
    for target in LINK.findall(read(path)):
        if re.match(r"[a-z]+:", target):  # https:, mailto:
            continue
        file, _, anchor = target.partition("#")
        found.append((file, anchor))
    return found


def test_the_link_checker_sees_links_and_anchors():
    # The control: the links the README and the index are known to hold.
    assert ("docs/README.md", "") in links(README)
    assert ("grading.md", "") in links(DOCS / "README.md")
    assert slug("Time limits: the evidence") == "time-limits-the-evidence"


@pytest.mark.parametrize("path", every_file(), ids=name)
def test_every_relative_link_points_to_an_existing_file(path):
    for file, anchor in links(path):
        target = (path.parent / file).resolve() if file else path
        assert target.exists(), "{} links to {}, which does not exist".format(name(path), file)
        if anchor:
            assert target.suffix == ".md" and anchor in anchors(target), \
                "{} links to {}#{}: no such heading".format(name(path), file, anchor)


PATH_IN_CODE = re.compile(r"`((?:grading|tests|bench|tools|gradescope|data)/[\w./-]+)`")


@pytest.mark.parametrize("path", every_file(), ids=name)
def test_every_file_of_the_kit_a_guide_names_exists(path):
    for named in PATH_IN_CODE.findall(read(path)):
        found = list(ROOT.glob(named)) if "*" in named else [ROOT / named]
        assert found and all(each.exists() for each in found), \
            "{} names {}, which does not exist".format(name(path), named)


# --------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------

PREFIXES = ("sudo ", "xvfb-run -a ")  # what may come before `python` in a command
RUNNERS = ("parallel ",)  # a command that runs a python command given after its options
SPAN = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.M | re.S)


def command_in(text):
    """The `python ...` command that `text` (a span or a line) is, or None:
    without its prefix (sudo, xvfb-run -a), its comment, or what a runner adds
    after it (GNU parallel's ::: arguments)."""
    command = None
    for prefix in ("",) + PREFIXES:
        if text.startswith(prefix + "python "):
            command = text[len(prefix):]
    if text.startswith(RUNNERS) and " python " in text:
        command = text[text.index(" python ") + 1:]
    if command is None:
        return None
    command = command.split(" # ")[0].split(" ::: ")[0]
    return " ".join(command.split())


def commands(path):
    """Every `python ...` command quoted in `path`, in order, without repeats:
    in backticks, and on the lines of fenced blocks (a line ending with a
    backslash goes on on the next)."""
    text = read(path)
    found = []
    for block in FENCE.findall(text):
        for line in block.replace("\\\n", " ").splitlines():
            found.append(command_in(line.strip()))
    for span in SPAN.findall(FENCE.sub("", text)):
        found.append(command_in(span))
    return list(dict.fromkeys(command for command in found if command))


def quoted_commands():
    """{command: [files quoting it]} over the README and the guides."""
    quoted = {}
    for path in every_file():
        for command in commands(path):
            quoted.setdefault(command, []).append(name(path))
    return quoted


COMMANDS = quoted_commands()
AUTOGRADER = sorted(c for c in COMMANDS if c.startswith("python autograder.py"))
SCRIPTS = sorted({c.split()[1] for c in COMMANDS
                  if re.match(r"python (bench|tools)/\w+\.py\b", c)})


def test_the_scan_finds_the_commands_the_guides_give():
    # The control: commands known to be in the guides, from spans, fences,
    # continued lines and a GNU parallel line.
    assert "python autograder.py --batch DIR --merge" in COMMANDS
    assert "python autograder.py --submission PATH" in COMMANDS
    assert "python bench/bench_end_user.py" in COMMANDS  # after sudo
    assert "python bench/bench_plots.py" in COMMANDS  # after xvfb-run -a
    assert any("--shard {}/3" in c for c in AUTOGRADER), AUTOGRADER
    assert any(c.endswith("--merge --seed 0 --lang es") for c in AUTOGRADER), AUTOGRADER
    assert "python -m pytest" in COMMANDS
    assert len(AUTOGRADER) >= 20 and len(SCRIPTS) >= 10, (AUTOGRADER, SCRIPTS)


def test_every_command_is_one_this_test_knows_how_to_check():
    known = re.compile(r"python (autograder\.py|(bench|tools)/\w+\.py"
                       r"|tests/helpers/example_batch\.py"
                       r"|-m pip install -r \S+$|(-\w+ )*-m [\w.]+)")
    for command, files in COMMANDS.items():
        assert known.match(command), "{} (in {}): teach tests/test_guides.py to check it".format(
            command, ", ".join(files))


def placeholders(tmp_path):
    """Real values for the words the guides write in capitals."""
    folder = tmp_path / "submissions"
    folder.mkdir(exist_ok=True)
    models = tmp_path / "models.py"
    models.write_text("# a submission\n", encoding="utf-8")
    return {"DIR": str(folder), "KNOWN": str(folder), "PATH": str(models), "FILE": str(models),
            "N": "2", "SECONDS": "60", "L": "cs188", "P": "short", "MB": "1024",
            "SHARE": "0.5", "{}/3": "1/3"}


def accepted(command, tmp_path):
    """None if `python autograder.py ...` is accepted as typed (the command line
    parses it, its shard options check, its layout has the question), else
    what is wrong."""
    import autograder
    from grading import cli, shards
    values = placeholders(tmp_path)
    words = [values.get(word, word) for word in shlex.split(command)[2:]]
    words = [word.replace("{}/", "1/") for word in words]
    try:
        args = cli.parse_arguments(words, autograder.QUESTIONS, autograder.LAYOUTS,
                                   autograder.DEFAULT_LAYOUT)
    except SystemExit:
        return "the command line refuses it"
    problem = shards.check(args)
    if problem:
        return problem
    try:
        cli.select_questions(autograder.QUESTIONS, autograder.LAYOUTS, args.layout,
                             args.question)
    except ValueError as error:
        return str(error)
    return None


@pytest.fixture
def a_kubernetes_pod(monkeypatch):
    """--shard auto/N reads its K from the job runner: a pod of an Indexed Job."""
    for variable in ("SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_MAX",
                     "SLURM_ARRAY_TASK_COUNT"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("JOB_COMPLETION_INDEX", "0")


@pytest.mark.parametrize("command", AUTOGRADER)
def test_every_autograder_command_is_accepted_as_typed(command, tmp_path, a_kubernetes_pod,
                                                        capsys):
    problem = accepted(command, tmp_path)
    assert problem is None, "{} (in {}): {}\n{}".format(
        command, ", ".join(COMMANDS[command]), problem, capsys.readouterr().err)


def test_the_check_refuses_a_wrong_command(tmp_path, a_kubernetes_pod):
    # The controls: what the command line would refuse, refused here too.
    assert accepted("python autograder.py --shard 2/5", tmp_path)  # no --batch
    assert accepted("python autograder.py --batch DIR --shard 6/5", tmp_path)
    assert accepted("python autograder.py -q q4", tmp_path)  # not in the default layout
    assert accepted("python autograder.py --jobs many", tmp_path)
    assert accepted("python autograder.py --layout cs188 -q q4", tmp_path) is None


def test_every_module_and_requirements_file_quoted_exists():
    for command in COMMANDS:
        install = re.match(r"python -m pip install -r (\S+)$", command)
        if install:
            assert (ROOT / install.group(1)).is_file(), command
            continue
        module = re.match(r"python (?:-\w+ )*-m ([\w.]+)", command)
        if module:  # (the repository's root is on sys.path: tests/conftest.py)
            assert importlib.util.find_spec(module.group(1)) is not None, command


@pytest.mark.slow
@pytest.mark.parametrize("script", SCRIPTS)
def test_every_bench_and_tools_script_quoted_runs(script):
    assert (ROOT / script).is_file(), script
    result = subprocess.run([sys.executable, script, "--help"], cwd=str(ROOT),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, "{} --help\n{}".format(script, result.stderr)
    assert "usage" in result.stdout.lower(), script


@pytest.mark.slow
def test_the_example_batch_command_writes_the_example_batch(tmp_path):
    quoted = [c for c in COMMANDS if c.startswith("python tests/helpers/example_batch.py")]
    assert quoted == ["python tests/helpers/example_batch.py entregas"], quoted
    script = ROOT / "tests" / "helpers" / "example_batch.py"
    result = subprocess.run([sys.executable, str(script), "entregas"], cwd=str(tmp_path),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    written = os.listdir(str(tmp_path / "entregas"))
    assert "ana" in written and len(written) >= 10, written


# --------------------------------------------------------------------------
# Numbers taken from the code
# --------------------------------------------------------------------------

def figures():
    """[(file, text)]: each number a guide takes from the code, written as the
    guide writes it, from the constant itself."""
    import autograder
    from grading import (
        batch,
        cli,
        engine,
        html_report,
        packaging,
        runner,
        seals,
        shards,
        similarity,
    )
    questions, layouts = autograder.QUESTIONS, autograder.LAYOUTS

    def parse(*words):
        return cli.parse_arguments(list(words), questions, layouts, autograder.DEFAULT_LAYOUT)

    def options(*words):
        args = parse(*words)
        chosen = cli.select_questions(questions, layouts, args.layout)
        return cli.build_options(args, chosen, draw_seed=lambda: 12345)

    def number(value):
        return "{:g}".format(value)

    student, grading = options(), options("--submission", "models.py")
    budgets = {layout: options("--submission", "models.py", "--layout", layout).time_budget
               for layout in layouts}
    timeout, margin = parse().gradescope_timeout, packaging.GRADESCOPE_MARGIN
    half = {0.5: "half"}[similarity.COMMON]
    grading_md, batch_md = "docs/grading.md", "docs/batch.md"
    similarity_md, sealing_md = "docs/similarity.md", "docs/sealing.md"
    found = [
        ("README.md", {2: "un segundo intento"}[engine.GRADING_ATTEMPTS]),
        ("README.md", {2: "a second attempt"}[engine.GRADING_ATTEMPTS]),
        (grading_md, "By default a question gets {} attempts when grading and {} in a "
                     "student's own run".format(grading.attempts, student.attempts)),
        (grading_md, "without it they start at {}".format(grading.seed)),
        (grading_md, "| `proyecto3b` | q1, q2, q3 | {} s | {} s |".format(
            number(budgets["proyecto3b"]), number(budgets["proyecto3b"] + margin))),
        (grading_md, "(default {}; 0 for none)".format(parse().memory_limit)),
        (grading_md, "the first {} lines and the last {} of each question".format(
            runner.SHOWN_LINES, runner.TAIL_LINES)),
        (grading_md, "the autograder timeout less {} s".format(margin)),
        (grading_md, "Gradescope's default of {} s".format(timeout)),
        (grading_md, "the budget is {} s".format(timeout - margin)),
        (grading_md, "--layout proyecto3b --gradescope-timeout {}".format(
            number(budgets["proyecto3b"] + margin))),
        (batch_md, "`[12/40] ana: {0}/{0} (completed".format(
            sum(questions[key].points for _, key in layouts[autograder.DEFAULT_LAYOUT]))),
        (batch_md, "waits at most {} s".format(number(batch.STOP_WAIT))),
        (batch_md, "after {} times its time budget, plus {} s per question and attempt".format(
            batch.STUCK_FACTOR, number(batch.STUCK_SLACK))),
        (batch_md, "default one per {} submissions".format(shards.SHARD_SIZE)),
        (batch_md, "(the time budget + {} s, or `--time-per-submission`) + {} minutes".format(
            number(shards.STARTUP), number(shards.MARGIN / 60))),
        (similarity_md, "more than {} of the class has (in {} submissions at least".format(
            half, similarity.COMMON_FROM)),
        (similarity_md, "shared fragments of {} characters or more".format(similarity.FRAGMENT)),
        (similarity_md, "the top {} pairs".format(html_report.TOP_PAIRS)),
        (similarity_md, "{} lines around it".format(html_report.CONTEXT)),
        (similarity_md, "{} characters or more above".format(similarity.MINIMUM)),
        (similarity_md, "{} robust standard deviations".format(number(similarity.OUTLIER))),
        (similarity_md, "{} characters or more in any class".format(similarity.CEILING)),
        (similarity_md, "matches, {} characters or more".format(similarity.OLD_MINIMUM)),
        (similarity_md, "larger than {} MB".format(number(similarity.LARGEST / 10 ** 6))),
        (sealing_md, "at most {} processes".format(seals.PROCESS_LIMIT)),
        (sealing_md, "({} and up, no account)".format(seals.FIRST_UID)),
        (sealing_md, "`/run/{}`".format(os.path.basename(seals.LOCKS))),
    ]
    for pairs in layouts.values():  # grading.md's table of layouts
        listed = ", ".join("{} {}".format(q, key) for q, key in pairs)
        total = sum(questions[key].points for _, key in pairs)
        found.append((grading_md, "| {} | {} |".format(listed, total)))
    return found


def test_every_number_a_guide_takes_from_the_code_is_the_code_s():
    figures_found = figures()
    assert len(figures_found) >= 30  # the control: the table above is read
    for file, text in figures_found:  # (lines wrapped anywhere)
        assert " ".join(text.split()) in " ".join(read(ROOT / file).split()), \
            "{} should say: {}".format(file, text)


def test_the_guides_name_every_status_mode_and_module():
    from grading import seals
    from grading.endings import Status
    batch_md, sealing_md, design_md = (read(DOCS / n) for n in ("batch.md", "sealing.md",
                                                                  "design.md"))
    for status in Status:
        assert "`{}`".format(status.value) in batch_md, status
    for mode in seals.MODES:
        assert "| `{}` |".format(mode) in sealing_md, mode
    for module in sorted((ROOT / "grading").glob("*.py")):
        if module.name != "__init__.py":
            assert "| `grading/{}` |".format(module.name) in design_md, module.name


# --------------------------------------------------------------------------
# docs/sealing.md's attack table is tests/helpers/hostile.py's SEALED list
# --------------------------------------------------------------------------

def attack_table():
    """{attack: {modes marked 'stops'}} from docs/sealing.md."""
    text = read(DOCS / "sealing.md")
    section = text[text.index("## The attacks"):]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in rows[0].strip("|").split("|")]
    table = {}
    for row in rows[2:]:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        modes = {mode for mode, cell in zip(header[2:], cells[2:]) if cell == "stops"}
        table[cells[0].strip("`")] = modes
    return table


def test_the_attack_table_says_which_modes_stop_each_attack():
    import hostile
    table = attack_table()
    assert "labels_through_PWD" in table  # the control: the table is read
    expected = {entry.name: set(entry.notes) for entry in hostile.SEALED}
    assert table == expected
