"""How a student hides a copy: the transformations bench/bench_similarity.py
applies to independent solutions to make its disguised copies (not a test).

    rename(source)          every name the file defines changed, the API's kept
    reorder(source)         the classes in reverse order, and each class's
                            methods (after __init__) in reverse order
    recomment(source)       every comment and blank line removed, other
                            comments and blank lines put in
    renumber(source)        other hyperparameters: every float times 1.2,
                            every whole number over 10 (but the task's 784)
                            doubled
    take_class(source, other, name)   `source` with its class `name` replaced
                            by `other`'s (one question copied alone)
"""

import ast
import builtins
import io
import keyword
import re
import tokenize

# Names a copy must keep: what the kit and the grader call, and what belongs
# to nn, numpy, the datasets and Python.
KEPT = set(keyword.kwlist) | set(dir(builtins)) | {
    "self", "nn", "np", "numpy", "typing", "List", "object",
    "PerceptronModel", "RegressionModel", "DigitClassificationModel", "LanguageIDModel",
    "__init__", "get_weights", "run", "get_prediction", "train", "get_loss",
    "dimensions", "dataset", "x", "y", "xs", "w", "num_chars", "languages",
    "direction", "multiplier", "data", "shape", "update", "item",
    "iterate_once", "iterate_forever", "get_validation_accuracy",
    "zeros_like", "where", "format", "append"}

# A copier's names: the first unused one for each name of the original.
WORDS = ["alpha", "beta", "gamma", "delta", "kappa", "sigma", "theta", "omega", "lam",
         "rho", "tau", "phi", "chi", "psi", "eta", "iota", "mu", "nu", "xi", "zeta"]


def _defined(source):
    """The names `source` defines (functions, classes, arguments, variables,
    attributes of self), less KEPT."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif (isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)
              and isinstance(node.value, ast.Name) and node.value.id == "self"):
            names.add(node.attr)
    return names - KEPT


def rename(source):
    """`source` with every name it defines changed (whole tokens, also after
    a dot, never after `nn.`)."""
    names = sorted(_defined(source))
    words = iter(WORDS + ["v{}".format(n) for n in range(1000)])
    new = {name: next(words) + "_" + name[:1] for name in names}
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    changes = []
    for index, token in enumerate(tokens):
        if token.type == tokenize.NAME and token.string in new:
            if [t.string for t in tokens[max(index - 2, 0):index]] != ["nn", "."]:
                changes.append((token.start, token.end, new[token.string]))
    return _replaced(source, changes)


def _replaced(source, changes):
    """`source` with each ((row, col), (row, col), text) of `changes` (one
    line each) put in place of what stood there."""
    lines = source.splitlines(keepends=True)
    for (row, col), (_, end), text in sorted(changes, reverse=True):
        line = lines[row - 1]
        lines[row - 1] = line[:col] + text + line[end:]
    return "".join(lines)


def _blocks(source):
    """(head, [(class name, class head, [method texts])], tail) of a module
    whose top level is imports, helpers and classes: each class's text
    split into its head (up to its first method) and its methods."""
    lines = source.splitlines(keepends=True)
    tree = ast.parse(source)
    classes = [node for node in tree.body if isinstance(node, ast.ClassDef)]
    head = "".join(lines[:classes[0].lineno - 1])
    found = []
    for number, node in enumerate(classes):
        end = classes[number + 1].lineno - 1 if number + 1 < len(classes) else len(lines)
        methods = [item for item in node.body if isinstance(item, ast.FunctionDef)]
        first = methods[0].lineno - 1 if methods else end
        texts = []
        for k, method in enumerate(methods):
            stop = methods[k + 1].lineno - 1 if k + 1 < len(methods) else end
            texts.append("".join(lines[method.lineno - 1:stop]).rstrip("\n") + "\n")
        found.append((node.name, "".join(lines[node.lineno - 1:first]), texts))
    return head, found


def reorder(source):
    """The classes in reverse order; in each, the methods after the first
    (__init__) in reverse order."""
    head, classes = _blocks(source)
    out = [head]
    for _, class_head, methods in reversed(classes):
        methods = methods[:1] + methods[1:][::-1]
        out.append(class_head + "\n".join(methods) + "\n\n")
    return "".join(out).rstrip("\n") + "\n"


def recomment(source):
    """Comments and blank lines as another student leaves them: every
    comment and blank line removed, a comment before each loop and each
    update, a blank line after each assignment block."""
    comments = [(t.start, t.end, "") for t in
                tokenize.generate_tokens(io.StringIO(source).readline)
                if t.type == tokenize.COMMENT]
    lines = [line.rstrip() for line in _replaced(source, comments).splitlines()]
    out = []
    for line in lines:
        if not line.strip():
            continue
        indent = line[:len(line) - len(line.lstrip())]
        stripped = line.strip()
        if stripped.startswith(("for ", "while ")):
            out.append(indent + "# loop until it is done")
        elif ".update(" in stripped:
            out.append(indent + "# gradient step")
        elif stripped.startswith("def "):
            out.append("")
        elif stripped.startswith("class "):
            out.extend(["", ""])
        out.append(line)
        if stripped.startswith("return "):
            out.append("")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n") + "\n"


def renumber(source):
    """Other hyperparameters: every float times 1.2, every whole number over
    10 doubled (the task's 784 kept)."""
    changes = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type != tokenize.NUMBER:
            continue
        value = ast.literal_eval(token.string)
        if isinstance(value, float):
            changes.append((token.start, token.end, repr(round(value * 1.2, 6))))
        elif isinstance(value, int) and value > 10 and value != 784:
            changes.append((token.start, token.end, str(2 * value)))
    return _replaced(source, changes)


def take_class(source, other, name):
    """`source` with its class `name` replaced by the class `name` of `other`."""
    def span(text):
        head, classes = _blocks(text)
        tree = ast.parse(text)
        lines = text.splitlines(keepends=True)
        nodes = [node for node in tree.body if isinstance(node, ast.ClassDef)]
        for k, node in enumerate(nodes):
            if node.name == name:
                end = nodes[k + 1].lineno - 1 if k + 1 < len(nodes) else len(lines)
                return (sum(len(line) for line in lines[:node.lineno - 1]),
                        sum(len(line) for line in lines[:end]))
        raise ValueError("no class {} in the source".format(name))
    (start, end), (first, last) = span(source), span(other)
    return source[:start] + other[first:last] + source[end:]
