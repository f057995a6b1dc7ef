"""The first program a grading child runs: it applies the child's limits to
itself, then becomes the child (exec), keeping its process id.

    python -I -S grading/launch.py GRADER [--cgroup PROCS] [--user UID]
                                   [--processes N] -- COMMAND...

In order: join the pids cgroup whose cgroup.procs is PROCS (as root); become
user id UID (mode user: its group too, no other groups); die with the grader
(PR_SET_PDEATHSIG, Linux; after the change of user id, which clears it), or
at once if the grader (process GRADER) is gone already; at most N processes
for its user (RLIMIT_NPROC, hard limit too); exec COMMAND. If a step fails,
it says which on standard error and exits with FAILED: the grader reports
its own fault, not the student's.

Why a program of its own rather than a Popen preexec_fn: code run between
fork and exec needs fork, and fork in a process with threads runs every
library's fork handlers. The grader is such a process (batch grading runs
several submissions in threads, each with numpy), and OpenBLAS's fork
handler waits for its thread pool while another thread's matrix product
waits for the same pool: the grader froze for good, signal handlers
included (../shared/repro/fork_while_blas.py). Without a preexec_fn and
without user=, group= or extra_groups= (each makes CPython fork), CPython
starts a process with vfork and exec on Linux, which runs no fork handlers
and copies no threads. This script, a new process with one thread, does the
rest. Run with -I -S: only the standard library, nothing from the
environment. (CPython uses vfork on Linux only: on macOS Popen still
forks; docs/batch.md says what that means for batches there.)
"""

import os
import signal
import sys

FAILED = 125  # the exit code of a launch that could not apply a limit (as env(1) uses 125)
SAYS = "grading/launch.py: could not"  # how its one line on standard error begins
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def main(argv):
    grader, options, command = parse(argv)
    step = "start"
    try:
        if "--cgroup" in options:
            step = "join the pids cgroup {}".format(options["--cgroup"])
            join_cgroup(options["--cgroup"])
        if "--user" in options:
            step = "become user id {}".format(options["--user"])
            uid = int(options["--user"])
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
        step = "tie its life to the grader's"
        die_with(grader)
        if "--processes" in options:
            step = "limit its processes to {}".format(options["--processes"])
            limit_processes(int(options["--processes"]))
        step = "run {}".format(command[0])
        os.execvp(command[0], command)
    except OSError as error:
        sys.stderr.write("{} {} ({})\n".format(SAYS, step, error))
        sys.stderr.flush()
        os._exit(FAILED)


def parse(argv):
    """(grader's pid, {option: value}, command) from the arguments."""
    split = argv.index("--")
    grader, rest, command = int(argv[0]), argv[1:split], argv[split + 1:]
    options = dict(zip(rest[::2], rest[1::2]))
    return grader, options, command


def join_cgroup(procs):
    handle = os.open(procs, os.O_WRONLY)
    try:
        os.write(handle, b"0")
    finally:
        os.close(handle)


def die_with(grader):
    """SIGKILL to this process (and, after exec, the child) when the
    grader's thread that started it ends, whatever ends it; now if the
    grader is gone already (this process's parent is then another)."""
    if sys.platform.startswith("linux"):
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG)")
    if os.getppid() != grader:
        os.kill(os.getpid(), signal.SIGKILL)


def limit_processes(limit):
    """At most `limit` processes for this user; the hard limit too, so the
    student's code cannot raise its own soft limit."""
    import resource
    hard = resource.getrlimit(resource.RLIMIT_NPROC)[1]
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_NPROC, (limit, limit))


if __name__ == "__main__":
    main(sys.argv[1:])
