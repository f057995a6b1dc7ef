"""How reliably mode user's clean-up ends a user id's processes when they
fight back (Linux, as root).

    sudo python bench/bench_end_user.py [--trials 30] [--uid 65400] [--spare 65401]

Three adversaries, each started as the user id in a session of its own:
  chain     a process that forks a copy of itself and exits, without end:
            never the same process twice, so a scan of /proc can miss it
  spammer   kill(-1, SIGKILL) from two threads without end: any process that
            becomes that user id to signal it is killed first
  killer    the chain, each of its processes calling kill(-1, SIGKILL) first
and three ways of ending them, each tried on every trial:
  scan      SIGKILL in rounds over /proc, as root (grading/watchdog.py's
            processes_of), until a round finds no new one
  as_user   kill -1 from a process that became the user id (what the kit
            did before)
  end_user  grading/watchdog.end_user: scan, kill -1 from a process whose
            effective id is the user's and real and saved id a spare one
            (--spare), scan
Prints, for each pair, in how many trials the adversary was still alive
0.5 s later, and the median time the clean-up took. Alive: every process
of an adversary holds the write end of a pipe the bench reads; its end
comes once the last one is dead (a scan of /proc cannot tell: it misses a
chain almost every time). Survivors are then ended (end_user, repeated),
so nothing is left running.
"""

import argparse
import ctypes  # before the adversaries become another user, who may not read Python's files
import os
import select
import statistics
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from grading import watchdog  # noqa: E402


def chain():
    while True:
        try:
            if os.fork():
                os._exit(0)
        except OSError:
            pass


def spammer():
    libc = ctypes.CDLL(None)

    def spam():
        while True:
            libc.kill(-1, 9)
    for _ in range(2):
        threading.Thread(target=spam, daemon=True).start()
    while True:
        time.sleep(1)


def start_as(uid, adversary):
    """Fork a process that becomes `uid` in a new session and runs
    `adversary`; (its pid, the read end of the pipe all its processes hold)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(read)
            os.setsid()
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            adversary()
        finally:
            os._exit(0)
    os.close(write)
    return pid, read


def alive(read, seconds):
    """Whether a process still holds the pipe's write end after `seconds`."""
    ready, _, _ = select.select([read], [], [], seconds)
    return not ready or os.read(read, 1) != b""


def scan(uid):
    watchdog._until_none(lambda: watchdog.processes_of(uid))


def as_user(uid):
    """kill -1 from a process that is `uid` through and through."""
    subprocess.run(["kill", "-9", "-1"], user=uid, group=uid, extra_groups=[],
                   stderr=subprocess.DEVNULL)


WAYS = {"scan": scan, "as_user": as_user,
        "end_user": lambda uid: watchdog.end_user(uid, SPARE)}
def killer():
    libc = ctypes.CDLL(None)
    while True:
        libc.kill(-1, 9)
        try:
            if os.fork():
                os._exit(0)
        except OSError:
            pass


ADVERSARIES = {"chain": chain, "spammer": spammer, "killer": killer}
SPARE = 65401  # --spare


def trial(uid, adversary, way):
    """(survived, seconds) for one adversary ended one way."""
    pid, read = start_as(uid, ADVERSARIES[adversary])
    time.sleep(0.2)
    start = time.perf_counter()
    WAYS[way](uid)
    seconds = time.perf_counter() - start
    survived = alive(read, 0.5)
    while alive(read, 0.2):  # leave nothing running
        watchdog.end_user(uid, SPARE)
    os.close(read)
    os.waitpid(pid, 0)
    return survived, seconds


def main():
    global SPARE
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=30)
    parser.add_argument("--uid", type=int, default=65400,
                        help="a user id no account and no grading uses")
    parser.add_argument("--spare", type=int, default=SPARE,
                        help="another user id no account and no process uses")
    args = parser.parse_args()
    SPARE = args.spare
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        sys.exit("bench_end_user.py: Linux and root only (it runs processes as --uid)")
    if watchdog.processes_of(args.uid):
        sys.exit("bench_end_user.py: user id {} already runs processes".format(args.uid))
    results = {(a, w): [] for a in ADVERSARIES for w in WAYS}
    for _ in range(args.trials):  # interleaved: the ways share the machine's moments
        for key in results:
            results[key].append(trial(args.uid, *key))
    print("{} trials each, user id {}".format(args.trials, args.uid))
    print("{:<9} {:<9} {:>9} {:>12}".format("adversary", "way", "survived", "median time"))
    for (adversary, way), runs in results.items():
        survived = sum(1 for alive, _ in runs if alive)
        median = statistics.median(seconds for _, seconds in runs)
        print("{:<9} {:<9} {:>9} {:>10.3f} s".format(adversary, way, survived, median))


if __name__ == "__main__":
    main()
