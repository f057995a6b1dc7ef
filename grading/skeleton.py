"""Cut the student's skeleton out of the solved models.py.

Solution lines sit between `# BEGIN SOLUTION` and `# END SOLUTION`, each on
a line of its own; the block becomes `"*** YOUR CODE HERE ***"` at the
indentation of its BEGIN line. Everything outside the fences is kept as it is.

    python -m grading.skeleton models.py > skeleton.py
"""

import sys

BEGIN, END = "# BEGIN SOLUTION", "# END SOLUTION"
PLACEHOLDER = '"*** YOUR CODE HERE ***"'


def cut_solutions(source):
    """The skeleton of `source`; raises ValueError on unbalanced fences."""
    lines, inside = [], None
    for number, line in enumerate(source.splitlines(keepends=True), start=1):
        marker = line.strip()
        if marker == BEGIN:
            if inside is not None:
                raise ValueError("line {}: BEGIN SOLUTION inside the block opened at line {}"
                                 .format(number, inside))
            inside = number
            indent = line[:len(line) - len(line.lstrip())]
            lines.append(indent + PLACEHOLDER + "\n")
        elif marker == END:
            if inside is None:
                raise ValueError("line {}: END SOLUTION without BEGIN SOLUTION".format(number))
            inside = None
        elif inside is None:
            lines.append(line)
    if inside is not None:
        raise ValueError("the block opened at line {} is never closed".format(inside))
    return "".join(lines)


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as file:
        sys.stdout.write(cut_solutions(file.read()))
