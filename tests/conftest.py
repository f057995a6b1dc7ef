"""Shared fixtures. The helpers behind them live in tests/helpers/ (kit.py
above all), which every test module imports from."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "helpers"))

import pytest  # noqa: E402

import kit  # noqa: E402

# Tests import the kit's modules (nn, backend, autograder) from the repository root.
if str(kit.ROOT) not in sys.path:
    sys.path.insert(0, str(kit.ROOT))


@pytest.fixture(autouse=True)
def english_messages():
    """Tests read the English messages, whatever this machine's locale."""
    import nn
    saved = nn.language
    nn.set_language("en")
    yield
    nn.language = saved


@pytest.fixture
def make_kit(tmp_path_factory):
    """make_kit(models_source) -> a fresh temporary kit folder around that models.py."""
    def build(models_source):
        return kit.make_kit(tmp_path_factory.mktemp("kit"), models_source)
    return build


@pytest.fixture
def needs_mnist():
    """Skip a test that grades the digit question when data/mnist.npz is missing."""
    if not kit.MNIST.exists():
        pytest.skip("data/mnist.npz is missing (rebuild it with the script in tools/)")


@pytest.fixture(scope="session")
def reference_source():
    return kit.reference_source()


@pytest.fixture(scope="session")
def skeleton_source():
    return kit.skeleton_source()


# Fixtures that grade or start something long once per module: every test
# that uses one is in the slow tier (`python -m pytest -m "not slow"` is the
# quick one), as are the tests marked slow themselves.
SLOW_FIXTURES = {"graded_example", "student_kit", "slurm", "example"}


def pytest_collection_modifyitems(items):
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
