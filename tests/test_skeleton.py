"""grading.packaging: the mechanical cut from the reference to the student skeleton."""

import ast
import re
import subprocess
import sys

import pytest

import kit
from grading.packaging import cut_solutions

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


# An expectation of the skeleton written here, independently of
# grading.packaging: a regular expression finds each fenced block, and each
# block becomes the placeholder line at its BEGIN line's indentation.
STUB = '"*** YOUR CODE HERE ***"'
FENCED = re.compile(r"(?m)^([ \t]*)# BEGIN SOLUTION[ \t]*\n"
                    r"((?:.*\n)*?)[ \t]*# END SOLUTION[ \t]*\n")


def expected_skeleton(source):
    return FENCED.sub(lambda block: block.group(1) + STUB + "\n", source)


def signatures_and_docstrings(source):
    """{qualified name: (arguments, docstring)} of every class and function."""
    found = {}

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.ClassDef, ast.FunctionDef)):
                name = prefix + child.name
                arguments = (ast.dump(child.args) if isinstance(child, ast.FunctionDef)
                             else None)
                docstring = ast.get_docstring(child)
                if docstring == STUB.strip('"'):  # a body that is only the placeholder
                    docstring = None
                found[name] = (arguments, docstring)
                visit(child, name + ".")
    tree = ast.parse(source)
    found["<module>"] = (None, ast.get_docstring(tree))
    visit(tree, "")
    return found


def check_skeleton(reference, skeleton):
    """Assert that `skeleton` is `reference` cut as students receive it."""
    blocks = FENCED.findall(reference)
    assert len(blocks) == reference.count("# BEGIN SOLUTION") >= 10
    try:
        compile(skeleton, "<skeleton>", "exec")
    except SyntaxError as error:
        raise AssertionError("the skeleton does not compile: {!r}".format(error)) from None
    assert "BEGIN SOLUTION" not in skeleton and "END SOLUTION" not in skeleton
    # No solution line is left: each line of a block that appears nowhere
    # outside the blocks is gone (and a few named ones, to be sure).
    outside = set(expected_skeleton(reference).splitlines())
    solution_lines = {line for _, body in blocks for line in body.splitlines()
                      if line.strip() and line not in outside}
    assert len(solution_lines) > 50
    for line in solution_lines:
        assert line not in skeleton.splitlines(), "a solution line is left: " + line
    for fragment in ("nn.DotProduct(x, self.w)", "self.w.update(x, label)",
                     "nn.SquareLoss(self.run(x), y)", "nn.SoftmaxLoss(", "nn.gradients("):
        assert fragment in reference and fragment not in skeleton, fragment
    # One placeholder per block, at the indentation of the block's BEGIN line.
    placeholders = [line for line in skeleton.splitlines() if line.strip() == STUB]
    assert sorted(placeholders) == sorted(indent + STUB for indent, _ in blocks)
    # Everything outside the blocks is there, in order, and nothing else.
    kept = [line for line in skeleton.splitlines() if line.strip() != STUB]
    assert kept == [line for line in expected_skeleton(reference).splitlines()
                    if line.strip() != STUB]
    # The same classes and methods, with the same arguments and docstrings.
    assert signatures_and_docstrings(skeleton) == signatures_and_docstrings(reference)
    assert skeleton == expected_skeleton(reference)


def test_the_command_line_prints_the_skeleton_of_the_reference(reference_source):
    result = subprocess.run([sys.executable, "-m", "grading.packaging", "models.py"],
                            cwd=str(kit.ROOT), capture_output=True, text=True, encoding="utf-8",
                            check=True)
    check_skeleton(reference_source, result.stdout)


def _keeps_the_solutions(skeleton, reference):
    return reference.replace("# BEGIN SOLUTION\n", STUB + "\n").replace(
        "        # END SOLUTION\n", "")


def _one_solution_line_left(skeleton, reference):
    return skeleton.replace("\n        " + STUB, "\n        return nn.DotProduct(x, self.w)", 1)


def _placeholder_at_the_margin(skeleton, reference):
    return skeleton.replace("        " + STUB, STUB, 1)


def _placeholder_one_level_out(skeleton, reference):
    return skeleton.replace("\n        " + STUB, "\n    " + STUB, 1)


def _docstring_dropped(skeleton, reference):
    return skeleton.replace('''        """
        The Parameter holding the perceptron's current weights.
        """
''', "", 1)


def _given_line_dropped(skeleton, reference):
    return skeleton.replace("        self.w = nn.Parameter(1, dimensions)\n", "", 1)


def _block_dropped(skeleton, reference):
    return skeleton.replace("        " + STUB + "\n", "", 1)


@pytest.mark.parametrize("broken", [_keeps_the_solutions, _one_solution_line_left,
                                    _placeholder_at_the_margin, _placeholder_one_level_out,
                                    _docstring_dropped, _given_line_dropped, _block_dropped])
def test_a_wrong_skeleton_is_caught(reference_source, broken):
    # The negative controls of the test above: each cut that is wrong in a
    # known way fails check_skeleton.
    good = expected_skeleton(reference_source)
    check_skeleton(reference_source, good)
    wrong = broken(good, reference_source)
    assert wrong != good
    with pytest.raises(AssertionError):
        check_skeleton(reference_source, wrong)
