"""grading/messages.py: every message in both languages, and the choice of
language; the command-line paths that only print messages
(--check-dependencies, a machine without matplotlib)."""

import string
import subprocess
import sys

import pytest

import kit
from grading import messages


def placeholders(text):
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name)


@pytest.mark.parametrize("key", sorted(messages.MESSAGES))
def test_every_message_exists_in_both_languages_with_the_same_placeholders(key):
    entry = messages.MESSAGES[key]
    assert set(entry) == set(messages.LANGUAGES), key
    for language in messages.LANGUAGES:
        assert entry[language].strip(), (key, language)
    assert placeholders(entry["es"]) == placeholders(entry["en"]), key


def test_spanish_messages_are_not_english_copies():
    same = [key for key, entry in messages.MESSAGES.items() if entry["es"] == entry["en"]]
    # Only lines made of names and numbers may read the same in both.
    assert sorted(same) == ["batch_progress", "deps_versions"], same


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
    assert messages.default_language() == expected


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
    assert messages.default_language() == expected


def test_set_language_refuses_other_languages():
    with pytest.raises(ValueError, match=r"language must be one of \('es', 'en'\), got 'fr'"):
        messages.set_language("fr")


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
