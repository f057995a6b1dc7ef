"""What went wrong in an attempt, as codes a class can be counted by.

Every failure the grader recognises gets a stable code, decided in the
grader's own process from what it checked, never from what the student's
code prints: how the child's part ended (the runner saw it end, or the
child's token-marked events said so: a time-out, an exception and its type,
training that diverged), a structural check that failed when the grader ran
it again on the child's record (grading/probes.py), or the grader's scoring
of the outputs (a shape, a threshold missed and how). Each attempt's
mistakes go into the student's JSON ("mistakes", with the figures behind
them: accuracies, loss, how far training got); a batch writes mistakes.csv
and counts them in report.html.

    codes = of_ending(run)          # [] for a part that finished
    mistake("threshold_missed", accuracy=0.962, validation=0.971)
"""

import re

# The codes, each with what it means and what to teach; structure:<check>
# and exception:<type> are families (CHECKS names the checks).
CODES = ("timeout", "crash", "exit", "nan_parameter", "batch_size", "exception",
         "structure", "output_shape", "loss_recomputed", "perceptron_update", "no_iteration",
         "chance_accuracy", "loss_flat", "loss_grows", "stopped_at_threshold",
         "threshold_missed")
CHECKS = ("node_kind", "node_shape", "input_unused", "new_parameters", "record",
          "perceptron_score", "perceptron_prediction")

# Kit functions whose errors name a mistake of their own: an exception
# raised there gets that code instead of exception:<type>.
KIT_ERRORS = {("backend.py", "_check_batch_size"): "batch_size"}

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]{0,79}$")


def mistake(code, **figures):
    """One mistake: {"code": code, figure: value, ...} (floats rounded to 4
    places, None dropped)."""
    found = {"code": code}
    for name, value in figures.items():
        if value is not None:
            found[name] = round(float(value), 4) if isinstance(value, float) else value
    return found


def of_ending(run):
    """The mistakes that how the student's part ended shows ([] if it
    finished, or stopped at a check: the grader's own check says which)."""
    from grading.endings import Ending
    progress = run.progress or {}
    if run.status is Ending.TIMEOUT:
        return [mistake("timeout", batches=progress.get("batches"),
                        validation=progress.get("validation"))]
    if run.status is Ending.DIVERGED:
        return [mistake("nan_parameter", batches=progress.get("batches"))]
    if run.status is Ending.FAILED:  # a check of the child's own (the grader's may say more)
        code = (run.details or {}).get("code")
        if code in CHECKS:
            return [mistake("structure:{}".format(code))]
        return [mistake(code if code in CODES else "check_failed")]
    if run.status is Ending.ERROR:
        details = run.details or {}
        if details.get("code") in KIT_ERRORS.values():
            return [mistake(details["code"])]
        kind = details.get("exception")
        return [mistake("exception:{}".format(kind if _NAME.match(str(kind)) else "unknown"))]
    if run.status in (Ending.EXIT, Ending.ENDED):
        return [mistake("exit")]
    if run.status is Ending.CRASH:
        return [mistake("crash")]
    return []


def of_check(failure, structural):
    """The mistake of a CheckFailed (grading/engine.py) raised by the
    grader's structural checks (`structural`) or by its scoring."""
    code = failure.code or "unknown"
    if structural:
        code = "structure:{}".format(code)
    return mistake(code, **failure.figures)


def of_exception(error):
    """{"exception": its type, "code": a kit code} of an exception raised
    by the student's code (in the child, or in process without isolation):
    what the child tells the grader in its last event."""
    import traceback
    details = {"exception": type(error).__name__}
    frames = traceback.extract_tb(error.__traceback__)
    if frames:
        import os
        last = frames[-1]
        code = KIT_ERRORS.get((os.path.basename(last.filename), last.name))
        if code is not None:
            details["code"] = code
    return details



FIGURES = ("accuracy", "validation", "loss", "initial_loss", "batches")  # mistakes.csv's columns


def rows(results):
    """mistakes.csv's rows, one per student, question and mistake of the
    attempt that counted: [student, question, code, points lost, figures...].
    A question's lost points go to its first mistake (the one that stopped
    it); any other mistake of the same attempt is listed with 0."""
    found = []
    for result in results:
        for name, question in sorted(result.get("questions", {}).items()):
            lost = question["max_points"] - question["points"]
            for number, entry in enumerate(question.get("mistakes", [])):
                found.append([result["student"], name, entry["code"], lost if number == 0 else 0]
                             + [entry.get(figure, "") for figure in FIGURES])
    return found


def explain(code):
    """(what the mistake is, what to teach), in the messages' language."""
    from grading.report import say
    kind, _, detail = code.partition(":")
    if kind == "exception":
        return (say("the code raised {name}", name=detail),
                say("Read a traceback together: the line of models.py it names, and why."))
    texts = {
        "timeout": (say("training did not end within the time limit"),
                    say("A stopping rule that is sure to be met, and how long an epoch takes.")),
        "crash": (say("the process died (out of memory, or killed)"),
                  say("Memory: nodes of the whole dataset kept in lists, arrays that grow.")),
        "exit": (say("the code ended its own process (sys.exit, os._exit)"),
                 say("Never exit from models.py: train returns when it is done.")),
        "nan_parameter": (say("training diverged: a parameter became NaN or infinite"),
                          say("The learning rate is too large: how to choose and lower it.")),
        "batch_size": (say("a batch size that does not divide the number of examples"),
                       say("iterate_once needs a batch size that divides len(dataset.x).")),
        "structure": (say("a structural check failed ({check})", check=detail),
                      _structure_teaching().get(detail, say("The report of each student "
                                                            "says which call and why."))),
        "output_shape": (say("the trained model's outputs have the wrong shape"),
                         say("The last layer has one output per class: batch x outputs.")),
        "outputs_missing": (say("the trained model's outputs did not reach the grader"),
                            say("Usually a crash at the very end: see each student's report.")),
        "loss_recomputed": (say("get_loss does not compute the loss of run()'s output"),
                            say("get_loss is nn.SquareLoss(self.run(x), y): nothing scaled, "
                                "nothing added.")),
        "perceptron_update": (say("the perceptron's update rule is wrong"),
                              say("On a mistake, w <- w + y * x: self.w.update(x, label).")),
        "no_iteration": (say("the perceptron never went over the dataset"),
                         say("train loops over dataset.iterate_once(1) until a pass has no "
                             "mistake.")),
        "chance_accuracy": (say("accuracy at chance: the network learned nothing"),
                            say("No ReLU on the last layer, and a learning rate neither too "
                                "large nor too small.")),
        "loss_flat": (say("the loss never changed during training"),
                      say("Every parameter is updated, with its own gradient from "
                          "nn.gradients.")),
        "loss_grows": (say("the loss grew during training"),
                       say("The update's multiplier is minus the learning rate.")),
        "stopped_at_threshold": (say("stopped right at the threshold: validation above it, "
                                     "test just under"),
                                 say("Leave a margin: stop a little past the threshold, since "
                                     "validation and test differ a little.")),
        "threshold_missed": (say("trained, but short of the threshold"),
                             say("Train longer, or a wider network; watch the validation "
                                 "accuracy.")),
        "check_failed": (say("a check in the student's process failed"),
                         say("The report of each student says which call and why.")),
    }
    return texts.get(kind, (code, ""))


def _structure_teaching():
    from grading.report import say
    return {
        "node_kind": say("run returns a node, get_loss a loss node, get_weights the Parameter."),
        "node_shape": say("The last layer's size: batch x outputs, one output per class."),
        "input_unused": say("The graph starts from x (and y for the loss): trace it on the "
                            "board."),
        "new_parameters": say("Create every nn.Parameter once, in __init__, and reuse it."),
        "record": say("The answers to the structural checks went missing: usually a crash "
                      "before them."),
        "perceptron_score": say("run is nn.DotProduct(x, self.w)."),
        "perceptron_prediction": say("1 when the score is >= 0, else -1: nn.as_scalar gets "
                                     "the number."),
    }
