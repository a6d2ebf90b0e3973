#!/usr/bin/env python3
"""Top frames of dotnet-trace CPU samples (speedscope files), several traces side by side.

    bench/fleet/top-frames.py [--top 25] [--exclusive] NAME=trace.speedscope.json ...

For each trace, the share of busy thread time (in %) each frame holds inclusively (the frame is anywhere on the
stack) or, with --exclusive, exclusively (the innermost managed frame). The samples are thread-time samples
(dotnet-sampled-thread-time): a thread in native code counts as busy unless its innermost managed frame is a wait,
a sleep, the socket poller or the console logger's queue, so the shares are of the time threads did work.
"""
import argparse
import collections
import json

PSEUDO = ("CPU_TIME", "UNMANAGED_CODE_TIME")  # the sampler's leaf: running managed code, or in native code
PARKED = ("Interop+Sys.Read", "Interop+Sys.Poll", "WaitForRequest", "GroupCommitAuditSink.TakeNext", "WaitNative", "Monitor.Wait", "ProcessLogQueue", "TryDequeue", "Interop+Sys.LowLevelMonitor",
          "WaitHandle", "Monitor.Wait", "LowLevelLifoSemaphore", "LowLevelMonitor", "Thread.Sleep",
          "WaitForSocketEvents", "SocketAsyncEngine.EventLoop", "ManualResetEventSlim.Wait", "SpinWait",
          "Thread.SleepInternal", "WaitOneCore", "WaitMultiple", "Interop+Sys.WaitForSocketEvents")


def shares(path, exclusive):
    with open(path) as f:
        data = json.load(f)
    names = [frame["name"] for frame in data["shared"]["frames"]]
    time = collections.Counter()
    busy = 0.0
    for profile in data["profiles"]:
        stack, last = [], None
        for event in profile["events"]:
            at = event["at"]
            if stack and last is not None and at > last:
                real = [i for i in stack if names[i] not in PSEUDO]
                leaf = names[real[-1]] if real else names[stack[-1]]
                if names[stack[-1]] == "CPU_TIME" or not any(p in leaf for p in PARKED):
                    dt = at - last
                    busy += dt
                    if exclusive:
                        time[leaf] += dt
                    else:
                        for name in {names[i] for i in real}:
                            time[name] += dt
            last = at
            if event["type"] == "O":
                stack.append(event["frame"])
            elif stack:
                stack.pop()
    return {name: 100.0 * t / busy for name, t in time.items()} if busy else {}


def short(name, width=90):
    name = name.split("(")[0]
    return name if len(name) <= width else "…" + name[-(width - 1):]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--exclusive", action="store_true")
    parser.add_argument("traces", nargs="+", help="NAME=file.speedscope.json")
    args = parser.parse_args()
    columns = [(spec.split("=", 1)[0], shares(spec.split("=", 1)[1], args.exclusive)) for spec in args.traces]
    ranked = sorted(set().union(*(c.keys() for _, c in columns)),
                    key=lambda n: -max(c.get(n, 0.0) for _, c in columns))[: args.top]
    print("| frame | " + " | ".join(f"{n} %" for n, _ in columns) + " |")
    print("|---|" + "---:|" * len(columns))
    for name in ranked:
        print(f"| `{short(name)}` | " + " | ".join(f"{c.get(name, 0.0):.1f}" for _, c in columns) + " |")


if __name__ == "__main__":
    main()
