"""grading.skeleton: the mechanical cut from the reference to the student skeleton."""

import subprocess
import sys

import pytest

import kit
from grading.skeleton import cut_solutions

SOLVED = '''def f(x):
    """Doc."""
    # BEGIN SOLUTION
    y = x + 1
    return y
    # END SOLUTION


class M:
    def g(self):
        # BEGIN SOLUTION
        return 2
        # END SOLUTION
'''


def test_each_fenced_block_becomes_the_placeholder_at_its_indentation():
    assert cut_solutions(SOLVED) == '''def f(x):
    """Doc."""
    "*** YOUR CODE HERE ***"


class M:
    def g(self):
        "*** YOUR CODE HERE ***"
'''


@pytest.mark.parametrize("source, message", [
    ("# BEGIN SOLUTION\n# BEGIN SOLUTION\n# END SOLUTION\n", "line 2: BEGIN SOLUTION inside"),
    ("x = 1\n# END SOLUTION\n", "line 2: END SOLUTION without BEGIN"),
    ("x = 1\n# BEGIN SOLUTION\nx = 2\n", "opened at line 2 is never closed"),
])
def test_unbalanced_fences_are_refused_with_the_line(source, message):
    with pytest.raises(ValueError, match=message):
        cut_solutions(source)


def test_the_command_line_prints_the_skeleton_of_the_reference():
    result = subprocess.run([sys.executable, "-m", "grading.skeleton", "models.py"],
                            cwd=str(kit.ROOT), capture_output=True, text=True, encoding="utf-8",
                            check=True)
    assert result.stdout == kit.skeleton_source()
    compile(result.stdout, "models.py", "exec")
