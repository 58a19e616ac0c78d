#!/usr/bin/env python3
"""measure.py — time one `newsidx parse` and report throughput and peak RSS.

usage: measure.py [--format=xml] NEWSIDX LABEL INPUT OUTPUT

Runs NEWSIDX parse [--format=xml] INPUT with standard output into OUTPUT,
then prints one line: MB/s over INPUT's bytes (all files below it for a
directory), articles/s, the count, the seconds and the command's peak
resident set size: the largest VmHWM read from /proc while it runs (wait4's
figure would include this Python's own memory, which a spawned child
carries until exec).  A
failing command prints its error instead of figures and exits 0: the
benchmark reports, it does not judge.
"""
import os
import sys
import time


def size_of(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(path) for f in files)


def high_water_kb(pid):
    """The process's VmHWM in KiB, 0 when it cannot be read."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main():
    arguments = sys.argv[1:]
    options = [a for a in arguments if a.startswith("--")]
    arguments = [a for a in arguments if not a.startswith("--")]
    if len(arguments) != 4:
        sys.exit(__doc__)
    newsidx, label, source, output = arguments
    command = [newsidx, "parse", *options, source]
    error_path = output + ".err"
    with open(output, "wb") as out, open(error_path, "wb") as err:
        actions = [(os.POSIX_SPAWN_DUP2, out.fileno(), 1), (os.POSIX_SPAWN_DUP2, err.fileno(), 2)]
        start = time.monotonic()
        pid = os.posix_spawnp(command[0], command, os.environ, file_actions=actions)
        peak_kb = 0
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            peak_kb = max(peak_kb, high_water_kb(pid))
            time.sleep(0.005)
        seconds = time.monotonic() - start
    if os.waitstatus_to_exitcode(status) != 0:
        with open(error_path, encoding="utf-8", errors="replace") as err:
            print(f"{label}: no figure ({err.read().strip()})")
        return
    if options:
        with open(output, "rb") as out:
            articles = out.read().count(b"<nitf ")
        verb = "write"
    else:
        with open(output, "rb") as out:
            articles = sum(1 for _ in out)
        verb = "parse"
    size = size_of(source)
    print(f"{verb}  {label}: {size / seconds / 1e6:.1f} MB/s, {articles / seconds:.0f} articles/s, "
          f"{articles} articles in {seconds:.2f} s, peak RSS {peak_kb} KB")


if __name__ == "__main__":
    main()
