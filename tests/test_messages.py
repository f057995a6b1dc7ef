"""Every message in both languages (said in English where its rule is, its
Spanish in spanish.py), and the choice of language; the command-line paths that only print messages
(--check-dependencies, a machine without matplotlib)."""

import ast
import os
import string
import subprocess
import sys

import pytest

import kit
import spanish
from grading import report


def placeholders(text):
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name)


SOURCES = ["nn.py", "backend.py", "plots.py", "autograder.py"] + sorted(
    "grading/" + name for name in os.listdir(str(kit.ROOT / "grading")) if name.endswith(".py"))


def said():
    """{English sentence: [where]} for every say(...) call in the kit's code,
    and the calls whose sentence is not written out (a variable, say)."""
    sentences, unwritten = {}, []
    for name in SOURCES:
        tree = ast.parse((kit.ROOT / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "say" and node.args):
                where = "{}:{}".format(name, node.lineno)
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    sentences.setdefault(first.value, []).append(where)
                else:
                    unwritten.append(where)
    return sentences, unwritten


def test_every_sentence_is_written_where_it_is_said():
    sentences, unwritten = said()
    assert len(sentences) > 100  # the control: the scan finds the kit's messages
    assert unwritten == [], "say() of something other than a written sentence"


def test_every_sentence_has_its_spanish_with_the_same_placeholders():
    sentences, _ = said()
    missing = {english: where for english, where in sentences.items()
               if english not in spanish.CATALOG}
    assert missing == {}, "sentences without Spanish in spanish.py"
    for english in sentences:
        assert spanish.CATALOG[english].strip(), english
        assert placeholders(spanish.CATALOG[english]) == placeholders(english), english


def test_the_catalog_holds_only_sentences_the_kit_says():
    sentences, _ = said()
    assert sorted(set(spanish.CATALOG) - set(sentences)) == []


def test_spanish_messages_are_not_english_copies():
    same = [english for english, spanish_text in spanish.CATALOG.items()
            if spanish_text == english]
    # Only lines made of names and numbers may read the same in both.
    assert sorted(same) == ["Python {python}, numpy {numpy}, matplotlib {matplotlib} "
                            "(backend: {backend})", "real", "total"], same


def test_a_sentence_without_spanish_is_caught(monkeypatch):
    # The negative control: take one sentence out of the catalog.
    sentences, _ = said()
    english = sorted(sentences)[0]
    monkeypatch.delitem(spanish.CATALOG, english)
    with pytest.raises(AssertionError, match="sentences without Spanish"):
        test_every_sentence_has_its_spanish_with_the_same_placeholders()


def test_say_speaks_the_chosen_language():
    import nn
    nn.set_language("es")
    assert nn.say("Your final loss is: {loss:f}", loss=0.5) == "Tu pérdida final es: 0.500000"
    nn.set_language("en")
    assert nn.say("Your final loss is: {loss:f}", loss=0.5) == "Your final loss is: 0.500000"


@pytest.mark.parametrize("environment, expected", [
    ({"LC_ALL": "es_ES.UTF-8"}, "es"),
    ({"LANG": "es_MX.UTF-8"}, "es"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({"LC_ALL": "en_GB.UTF-8", "LANG": "es_ES.UTF-8"}, "en"),   # LC_ALL wins
    ({"LC_MESSAGES": "es_AR.UTF-8", "LANG": "en_US.UTF-8"}, "es"),
])
def test_the_default_language_comes_from_the_locale(monkeypatch, environment, expected):
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert report.default_language() == expected


@pytest.mark.parametrize("system_locale, expected", [
    ("Spanish_Mexico", "es"), ("Spanish_Spain", "es"), ("es_ES", "es"),  # Windows, POSIX
    ("English_United States", "en"), ("Estonian_Estonia", "en"), ("et_EE", "en"), (None, "en"),
])
def test_the_system_locale_is_read_on_windows_too(monkeypatch, system_locale, expected):
    # Without LC_ALL, LC_MESSAGES and LANG (as on Windows), the system's locale
    # decides; Windows names Latin-American Spanish "Spanish_Mexico.1252".
    import locale
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(locale, "getlocale", lambda *args: (system_locale, "cp1252"))
    assert report.default_language() == expected


def test_set_language_refuses_other_languages():
    with pytest.raises(ValueError, match=r"language must be one of \('es', 'en'\), got 'fr'"):
        report.set_language("fr")


@pytest.mark.slow
def test_the_locale_picks_the_language_of_a_real_run(make_kit, reference_source):
    folder = make_kit(reference_source)
    env = kit.grader_environment()
    for name in ("LC_ALL", "LC_MESSAGES"):
        env.pop(name, None)
    runs = {}
    for lang in ("es_ES.UTF-8", "en_US.UTF-8"):
        env["LANG"] = lang
        runs[lang] = subprocess.run([sys.executable, "autograder.py", "--no-graphics", "-q", "q2"],
                                    cwd=str(folder), env=env, capture_output=True, text=True,
                                    encoding="utf-8", timeout=120).stdout
    assert "Tu pérdida final es: " in runs["es_ES.UTF-8"]
    assert "Your final loss is: " in runs["en_US.UTF-8"]


# --------------------------------------------------------------------------
# --check-dependencies and a machine without matplotlib
# --------------------------------------------------------------------------

@pytest.mark.parametrize("lang, lines", [
    ("en", ["No display is available, so no window opens",
            "data/mnist.npz is present and intact.",
            "Everything the kit needs is installed and intact."]),
    ("es", ["No hay pantalla disponible, así que no se abre ninguna ventana",
            "data/lang_id.npz está presente e intacto.",
            "Todo lo que el kit necesita está instalado e intacto."]),
])
def test_check_dependencies_without_a_display_reports_versions(make_kit, reference_source,
                                                               lang, lines):
    result = kit.run_grader(make_kit(reference_source), "--check-dependencies", lang=lang)
    assert result.returncode == 0, result.describe()
    assert result.stdout.startswith("Python "), result.describe()
    assert "numpy " in result.stdout and "matplotlib " in result.stdout
    for line in lines:
        assert line in result.stdout, result.describe()
    assert result.stderr == "", result.describe()


@pytest.fixture
def without_matplotlib(tmp_path):
    """An import path on which `import matplotlib` fails as if it were not installed."""
    fake = tmp_path / "hide" / "matplotlib"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'matplotlib'\", name='matplotlib')\n")
    return str(tmp_path / "hide")


def run_without_matplotlib(folder, hide, *args):
    env = kit.grader_environment()
    env["PYTHONPATH"] = hide
    return subprocess.run([sys.executable, "autograder.py", "--lang", "en", *args],
                          cwd=str(folder), env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


def test_check_dependencies_says_how_to_install_a_missing_matplotlib(
        make_kit, reference_source, without_matplotlib):
    result = run_without_matplotlib(make_kit(reference_source), without_matplotlib,
                                    "--check-dependencies")
    assert result.returncode == 1
    assert result.stdout.splitlines()[-2:] == [
        "1 problem(s) to fix:",
        "- matplotlib is not installed. Install it with: python -m pip install matplotlib"]


def test_grading_without_matplotlib_goes_on_without_plots(make_kit, reference_source,
                                                         without_matplotlib):
    result = run_without_matplotlib(make_kit(reference_source), without_matplotlib, "-q", "q1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("matplotlib is not installed, so there are no plots"), \
        result.stdout
    assert kit.parse_report(result.stdout).points() == {"q1": 6}
