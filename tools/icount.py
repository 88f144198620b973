"""Instructions per warm check, counted by valgrind: an A/B measure that a busy machine
does not disturb (wall and CPU time on a shared 2-core machine vary by 2x; instruction
counts repeat to 0.1 %). Needs valgrind; not part of the suite or CI.

    python tools/icount.py                         # this checkout's src/
    python tools/icount.py --src ../other/src      # another tree (git worktree), same posts
    python tools/icount.py --posts 50 --policy docs/examples/nordlys-policy.yaml

Each post is checked once to warm the caches (with ``--unseen``, 200 other posts are), then
once more inside ``functools.reduce``:
callgrind collects only inside that C function (``--toggle-collect``), so start-up,
imports and loading are left out. Cache misses are not counted: a change that adds
instructions but saves memory traffic (or the reverse) needs ``make bench`` too.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / ".." / "shared" / "corpus" / "posts-da.jsonl"

_CHILD = """
import functools, json, sys
sys.path.insert(0, sys.argv[1])
import brandguard as bg
checker = bg.Checker(bg.load_policy(sys.argv[2]), time_budget=None)
with open(sys.argv[3], encoding="utf-8") as fh:
    texts = [json.loads(line)["text"] for line in fh if line.strip()]
n = int(sys.argv[4])
posts = [bg.Post(text=t) for t in texts[:n]]
# --unseen: warm up on other posts, so each measured post is checked for the first time
for p in ([bg.Post(text=t) for t in texts[n:n + 200]] if sys.argv[5] == "1" else posts):
    checker.check(p)
functools.reduce(lambda _, p: checker.check(p), posts, None)
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", default=str(ROOT / "src"), help="the src/ folder to measure")
    parser.add_argument("--policy", default=str(ROOT / "docs" / "examples" / "nordlys-policy.yaml"))
    parser.add_argument("--corpus", default=str(CORPUS))
    parser.add_argument("--posts", type=int, default=100)
    parser.add_argument("--unseen", action="store_true",
                        help="warm up on 200 other posts: each measured post is new to the "
                             "process, as in make bench (word caches meet its new words)")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("icount: valgrind is not installed", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "child.py"
        script.write_text(_CHILD, encoding="utf-8")
        cmd = ["valgrind", "--tool=callgrind", "--toggle-collect=functools_reduce",
               f"--callgrind-out-file={tmp}/out", sys.executable, str(script), args.src,
               args.policy, args.corpus, str(args.posts), "1" if args.unseen else "0"]
        # a fixed hash seed: set and dict order move the count by about 1 % run to run
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0"}
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    found = re.search(r"Collected\s*:\s*(\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        print(f"icount: the run failed:\n{done.stderr[-2000:]}", file=sys.stderr)
        return 2
    print(f"{int(found.group(1)) / args.posts / 1e6:.2f} M instructions per check "
          f"({args.posts} posts, {args.src})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
