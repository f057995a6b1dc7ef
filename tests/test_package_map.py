"""The grading package is what its map says: grading/__init__.py lists
every module, one line each, no two alike, and no module imports another
that imports it back (directly or through others)."""

import ast
import collections
import re

import kit

GRADING = kit.ROOT / "grading"


def _modules():
    return sorted(path.stem for path in GRADING.glob("*.py") if path.stem != "__init__")


def test_the_map_lists_every_module_once_on_a_line_of_its_own():
    text = (GRADING / "__init__.py").read_text(encoding="utf-8")
    lines = re.findall(r"^    (\w+)\.py +(.+)$", text, flags=re.M)
    assert sorted(name for name, _ in lines) == _modules()
    descriptions = [description for _, description in lines]
    assert len(set(descriptions)) == len(descriptions)


def _imports():
    """{module: the grading modules it imports, anywhere in its code}."""
    modules, graph = set(_modules()), collections.defaultdict(set)
    for name in modules:
        tree = ast.parse((GRADING / (name + ".py")).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "grading":
                graph[name] |= {alias.name for alias in node.names} & modules
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("grading."):
                graph[name].add(node.module.split(".")[1])
            elif isinstance(node, ast.Import):
                graph[name] |= {alias.name.split(".")[1] for alias in node.names
                                if alias.name.startswith("grading.")}
    return graph


def test_no_module_of_the_package_imports_itself_back():
    graph = _imports()
    assert graph["cli"], "the control: the scan finds imports"
    cycles = []
    for start in graph:
        stack = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for following in graph[node]:
                if following == start:
                    cycles.append(path + [start])
                elif following not in path:
                    stack.append((following, path + [following]))
    assert cycles == []
