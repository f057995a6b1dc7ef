"""The model's answers to the structural checks, as data the grader checks itself.

The student's code runs in a child process, and anything that process says
can be forged: a structural point is never taken on its word. Instead the
child records what the model answered to each probe (autograder.py's
checks: get_weights(), run(x), get_loss(x, y), get_prediction(x)) as a
`Call`: the node returned and the whole graph it was computed from, every
node's class, inputs and value. The same checks then run twice on those
records, with the same code and the same messages: in the child, to stop
early and tell the student at once, and in the grader's own process, on
the records read back from the child's file, where they decide the points.

Before the grader's checks read a record it verifies it (`load`): every
node of nn.py's function classes is computed again here, with nn.py, from
its recorded inputs, and must hold the value recorded; a node with inputs
of any other class cannot be checked and fails. The probes' inputs are the
grader's own (autograder.py compares them). So a record that passes is a
real computation of nn.py on the grader's inputs: to forge one is to build
the model.

    recorder = Recorder()                    # in the child
    call = recorder.ask(model, "run", x)     # calls model.run(x), returns its Call
    arrays = recorder.arrays()               # saved by the child (structure.npz)
    calls = load(arrays)                     # in the grader: verified Calls
"""

import json

import numpy as np

import nn
from grading.report import say

FUNCTIONS = ("Add", "AddBias", "DotProduct", "Linear", "ReLU", "SquareLoss", "SoftmaxLoss")
MOST_NODES = 100000           # nodes in all the calls of a record
MOST_WORK = 2 * 10 ** 9       # multiply-adds to compute them again (the probes need ~10^7)
TEXT_LENGTH = 200             # characters kept of the repr of a value that is not a node


class Invalid(Exception):
    """A record that cannot be what nn.py computed (its message says why)."""


class View:
    """A recorded node: `kind` (the nn.py class it is, by name: the nearest
    class of nn.py among its classes; None for something that is not a node),
    `type_name` (its own class's name), `data` (an array), `parents` (Views)
    and, for a Parameter, `key`: the same key on every call for the same
    Parameter object with the same values. Compared by identity, as nodes."""

    def __init__(self, kind, type_name, data, parents, key=None):
        self.kind, self.type_name, self.data, self.parents, self.key = (
            kind, type_name, data, tuple(parents), key)

    def __repr__(self):
        return "<{} shape={}>".format(self.type_name, nn.format_shape(np.shape(self.data)))


class Value:
    """A recorded answer that is not a node (get_prediction's): its repr and
    str as the child saw them, and `number`: 1.0 or -1.0 when it was exactly
    1 or -1 (is_plus_or_minus_one), else None."""

    def __init__(self, text_repr, text_str, number):
        self.text_repr, self.text_str, self.number = text_repr, text_str, number

    def __repr__(self):
        return self.text_repr

    def __str__(self):
        return self.text_str


class Call:
    """One question put to the model: `method`, `result` (a View, a Value
    or None), `inputs` ({"x": View or [View per character], "y": View},
    the Views of the nodes passed in)."""

    def __init__(self, method, result, inputs):
        self.method, self.result, self.inputs = method, result, inputs


def kind_of(node):
    """The name of the nn.py class `node` is (the nearest one among its
    classes), for a node or a View; None for anything else."""
    if isinstance(node, View):
        return node.kind
    if not isinstance(node, nn.Node):
        return None
    for cls in type(node).__mro__:
        if getattr(nn, cls.__name__, None) is cls:
            return cls.__name__
    return "Node"


def type_name(value):
    """The class name of `value` as a message shows it ('None' for None)."""
    if value is None:
        return "None"
    if isinstance(value, View):
        return value.type_name
    return type(value).__name__


# --------------------------------------------------------------------------
# In the child: recording
# --------------------------------------------------------------------------

class Recorder:
    """Records the model's answers (Calls) and keeps every array they hold."""

    def __init__(self):
        self.descriptions, self.stored = [], []
        self.keys = {}     # id(Parameter) -> (the Parameter, [(key, array index)])
        self.count = 0     # keys given so far

    def ask(self, model, method, *args, node=True):
        """Call model.method(*args), record the answer, and return its Call
        (read back from the record, as the grader will read it)."""
        return self.record(method, getattr(model, method)(*args), args, node)

    def asker(self, model):
        """ask(method, *args) for `model`: what autograder's checks call."""
        return lambda method, *args, **options: self.ask(model, method, *args, **options)

    def record(self, method, result, args, node=True):
        table, nodes = {}, []

        def index_of(start):
            """Add `start` and everything it was computed from (parents
            first, no recursion); its index in `nodes`."""
            stack = [(start, False)]
            while stack:
                current, ready = stack.pop()
                if id(current) in table:
                    continue
                parents = list(getattr(current, "parents", []) or [])
                if not ready:
                    stack.append((current, True))
                    stack.extend((parent, False) for parent in parents
                                 if id(parent) not in table)
                    continue
                table[id(current)] = (len(nodes), current)
                nodes.append([kind_of(current), type_name(current),
                              [table[id(parent)][0] for parent in parents],
                              self._store(current), self._key(current)])
            return table[id(start)][0]

        description = {"method": method, "result": None, "value": None, "inputs": {}}
        if node and isinstance(result, nn.Node):
            description["result"] = index_of(result)
        elif node and result is not None:
            description["value"] = {"type": type_name(result)}
        elif not node:
            description["value"] = _value(result)
        for role, arg in zip(("x", "y"), args):
            if isinstance(arg, list):
                description["inputs"][role] = [index_of(each) for each in arg]
            elif isinstance(arg, nn.Node):
                description["inputs"][role] = index_of(arg)
        description["nodes"] = nodes
        self.descriptions.append(description)
        return _call(description, self.stored)

    def _store(self, node):
        """The index of `node`'s data among the stored arrays (-1: none)."""
        if isinstance(node, nn.Parameter) and id(node) in self.keys:
            for _, index in self.keys[id(node)][1]:
                if np.array_equal(self.stored[index], node.data):
                    return index
        try:
            array = np.array(node.data)
        except Exception:
            return -1
        if array.dtype.kind not in "fiub":
            return -1
        self.stored.append(array)
        return len(self.stored) - 1

    def _key(self, node):
        """A Parameter's key: the same for the same object holding the same
        values (one that changed between calls gets a new key); else -1."""
        if not isinstance(node, nn.Parameter):
            return -1
        _, known = self.keys.setdefault(id(node), (node, []))
        for key, index in known:
            if np.array_equal(self.stored[index], node.data):
                return key
        self.count += 1
        known.append((self.count, len(self.stored) - 1))
        return self.count

    def arrays(self):
        """The record as arrays for np.savez (no pickles)."""
        arrays = {"a{}".format(i): array for i, array in enumerate(self.stored)}
        arrays["calls"] = np.array(json.dumps(self.descriptions))
        return arrays


def is_plus_or_minus_one(value):
    try:
        return bool(value == 1 or value == -1)
    except Exception:  # e.g. an array with several values
        return False


def _value(result):
    number = None
    if is_plus_or_minus_one(result):
        number = 1.0 if bool(result == 1) else -1.0
    try:
        text_repr, text_str = repr(result)[:TEXT_LENGTH], str(result)[:TEXT_LENGTH]
    except Exception:
        text_repr = text_str = type_name(result)
    return {"repr": text_repr, "str": text_str, "number": number}


# --------------------------------------------------------------------------
# In the grader (and the child): reading a record back, verified
# --------------------------------------------------------------------------

def load(arrays):
    """The Calls of a record saved by Recorder.arrays, every node verified
    (see the module's docstring); raises Invalid if it cannot be."""
    try:
        descriptions = json.loads(str(arrays["calls"][()]))
        stored = [arrays["a{}".format(i)] for i in range(len(arrays) - 1)]
    except Exception as error:
        raise Invalid("unreadable record ({})".format(type(error).__name__)) from None
    if not isinstance(descriptions, list):
        raise Invalid("unreadable record")
    budget = {"nodes": MOST_NODES, "work": MOST_WORK}
    calls = [_call(description, stored, budget) for description in descriptions]
    values = {}  # a Parameter's key -> its values: the same wherever the key is
    for call in calls:
        for view in _views(call):
            if view.kind == "Parameter" and view.key is not None:
                first = values.setdefault(view.key, view.data)
                if first is None or view.data is None or not np.array_equal(first, view.data):
                    raise Invalid("one Parameter with other values in another call")
    return calls


def _views(call):
    """Every View of `call`: its result's graph and its inputs."""
    seen, stack = set(), [call.result]
    for value in call.inputs.values():
        stack.extend(value if isinstance(value, list) else [value])
    while stack:
        view = stack.pop()
        if isinstance(view, View) and id(view) not in seen:
            seen.add(id(view))
            yield view
            stack.extend(view.parents)


def _call(description, stored, budget=None):
    """A Call from its description, each node verified (Invalid if not)."""
    budget = budget if budget is not None else {"nodes": MOST_NODES, "work": MOST_WORK}
    try:
        method = str(description["method"])
        rows = description["nodes"]
        budget["nodes"] -= len(rows)
        if budget["nodes"] < 0:
            raise Invalid("too many nodes")
        views = []
        for kind, name, parents, data, key in rows:
            if any(not isinstance(p, int) or not 0 <= p < len(views) for p in parents):
                raise Invalid("a node's inputs come after it")
            array = stored[data] if isinstance(data, int) and 0 <= data < len(stored) else None
            view = View(None if kind is None else str(kind), str(name), array,
                        [views[p] for p in parents], key if key != -1 else None)
            _verify(view, method, budget)
            views.append(view)

        def at(index):
            if not isinstance(index, int) or not 0 <= index < len(views):
                raise Invalid("no such node")
            return views[index]

        result = description["result"]
        value = description["value"]
        if result is not None:
            result = at(result)
        elif value is not None and "type" in value:
            result = View(None, str(value["type"]), None, [])
        elif value is not None:
            number = value["number"]
            result = Value(str(value["repr"]), str(value["str"]),
                           number if number in (1.0, -1.0) else None)
        inputs = {}
        for role, index in description["inputs"].items():
            inputs[role] = [at(i) for i in index] if isinstance(index, list) else at(index)
        return Call(method, result, inputs)
    except Invalid:
        raise
    except Exception as error:
        raise Invalid("malformed record ({})".format(type(error).__name__)) from None


def _verify(view, method, budget):
    """A node with inputs must be one of nn.py's function classes and hold
    the value nn.py computes from its recorded inputs."""
    if not view.parents:
        return  # data: a Parameter, a Constant, an input
    cls = getattr(nn, view.kind, None) if view.kind in FUNCTIONS else None
    if cls is None:
        raise Invalid(say("The node returned by {method}() was computed with a node of class "
                          "{name}; the autograder can only check the nodes of nn.py (Add, "
                          "AddBias, DotProduct, Linear, ReLU, SquareLoss, SoftmaxLoss).",
                          method=method, name=view.type_name))
    arrays = [parent.data for parent in view.parents]
    if (len(arrays) != len(cls.inputs) or view.data is None
            or any(a is None or a.ndim != 2 or a.dtype.kind != "f" for a in arrays)):
        raise Invalid(say("The node returned by {method}() was computed with a node {name} "
                          "whose value the autograder cannot compute again from its inputs.",
                          method=method, name=view.kind))
    if view.kind == "Linear":
        budget["work"] -= arrays[0].shape[0] * arrays[0].shape[1] * arrays[1].shape[1]
    else:
        budget["work"] -= sum(a.size for a in arrays)
    if budget["work"] < 0:
        raise Invalid("too much work to compute again")
    if cls.shape_error(*arrays) or np.shape(view.data) != _shape(view.kind, arrays):
        raise Invalid(say("The node returned by {method}() was computed with a node {name} "
                          "whose value the autograder cannot compute again from its inputs.",
                          method=method, name=view.kind))
    try:
        expected = cls(*[nn.Constant(a) for a in arrays]).data
    except Exception:
        expected = None
    if expected is None or not np.allclose(view.data, expected, rtol=1e-4, atol=1e-6,
                                           equal_nan=True):
        raise Invalid(say("The node returned by {method}() was computed with a node {name} "
                          "whose value is not what nn.py computes from its inputs.",
                          method=method, name=view.kind))


def _shape(kind, arrays):
    """The shape of a `kind` node's value computed from `arrays`."""
    if kind == "Linear":
        return (arrays[0].shape[0], arrays[1].shape[1])
    if kind == "DotProduct":
        return (arrays[0].shape[0], 1)
    if kind in ("SquareLoss", "SoftmaxLoss"):
        return ()
    return arrays[0].shape
