"""The grader's one vocabulary of how things ended, at three levels:

    Ending    how the student's part of a question ended (a grading.channel.Run),
              as the child reports it or as the runner sees its process end;
    Result    how one attempt at a question ended, once its outputs are scored
              (the JSON's "attempts"; report.html);
    Status    a question's, and a submission's, status in summary.csv and the
              JSON: the worst of its questions'.

The mappings between them are complete tables (a new member without its row
fails at import), so no status is ever guessed with a default.
"""

import enum


class Ending(enum.Enum):
    FINISHED = "finished"   # the part ran to its end (its outputs are then scored)
    FAILED = "failed"       # a check found a mistake
    ERROR = "error"         # the student's code raised an exception
    DIVERGED = "diverged"   # nn.py found NaN or infinity after an update
    EXIT = "exit"           # the code called sys.exit (or raised KeyboardInterrupt)
    ENDED = "ended"         # the process ended, without a fault, before it said how
    TIMEOUT = "timeout"     # out of time, and stopped
    CRASH = "crash"         # the process died (killed, out of memory), or the grader failed

    @classmethod
    def read(cls, value):
        """The Ending a child reported as `value`; anything else (a cut or
        forged event) counts as a crash."""
        try:
            return cls(value)
        except ValueError:
            return cls.CRASH


class Result(enum.Enum):
    PASSED = "passed"          # every point of the question
    THRESHOLD = "threshold"    # the trained model missed the threshold
    DIVERGED = "diverged"
    TIMEOUT = "timeout"
    FAILED = "failed"          # a check failed
    ERROR = "error"            # an exception
    CRASH = "crash"            # the process ended

    @property
    def chance(self):
        """Whether another seed may change this result (so another attempt is made)."""
        return self in (Result.THRESHOLD, Result.DIVERGED, Result.TIMEOUT)


class Status(enum.Enum):
    """Worst first: a submission's status is the worst of its questions'."""

    GRADER_FAULT = "grader_fault"  # the grader failed on it (batch: graded again next run)
    TIMEOUT = "timeout"
    CRASH = "crash"
    ERROR = "error"
    COMPLETED = "completed"  # graded to the end: the points may still be 0

    @classmethod
    def read(cls, value):
        """The Status written as `value` in a JSON report, by this kit or an
        older one (which called COMPLETED "ok")."""
        return cls(OLDER_NAMES.get(value, value))

    @classmethod
    def worst(cls, statuses):
        order = list(cls)
        return min(statuses, key=order.index, default=cls.COMPLETED)


OLDER_NAMES = {"ok": "completed"}  # Status values written by older kits

# An attempt's result before its outputs are scored (a finished part is then
# scored: PASSED, THRESHOLD or FAILED).
RESULT_OF = {
    Ending.FINISHED: Result.FAILED,
    Ending.FAILED: Result.FAILED,
    Ending.ERROR: Result.ERROR,
    Ending.DIVERGED: Result.DIVERGED,
    Ending.EXIT: Result.CRASH,
    Ending.ENDED: Result.CRASH,
    Ending.TIMEOUT: Result.TIMEOUT,
    Ending.CRASH: Result.CRASH,
}

STATUS_OF = {
    Ending.FINISHED: Status.COMPLETED,
    Ending.FAILED: Status.COMPLETED,
    Ending.ERROR: Status.ERROR,
    Ending.DIVERGED: Status.ERROR,
    Ending.EXIT: Status.CRASH,
    Ending.ENDED: Status.CRASH,
    Ending.TIMEOUT: Status.TIMEOUT,
    Ending.CRASH: Status.CRASH,
}

# Kept by a batch run again; a time-out or a crash may be the machine's
# doing (too many jobs, the host out of memory), so it is graded again, and
# so is a grader fault.
KEPT = (Status.COMPLETED, Status.ERROR)

for _table in (RESULT_OF, STATUS_OF):
    assert set(_table) == set(Ending), "a mapping of grading/endings.py misses an Ending"
