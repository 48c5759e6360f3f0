"""Run the development set of real news articles end to end and score it with its own scorer.

Usage: python bench/eval_devset.py [--devset DIR] [--input jsonl|txt] [--keep DIR]

The set (articles with hand-made gold, its corpus builder and its scorer) lives outside
this repository, in `../shared/devset` next to the checkout; `FACTLEDGER_DEVSET` or
`--devset` names another place. Its articles are third-party news text and are never
copied here. As a user would: the set's `corpus.py` writes the corpus into a throwaway
folder, `factledger run` reads it into a throwaway database, `factledger claims` and
`factledger conflicts` export JSON Lines, and the set's `score.py` prints the overall and
per-event figures. `--input jsonl` runs the corpus's `devset.jsonl` (records with url,
outlet, published, title, text); `txt` runs one text file per article (no dates).

The scorer judges a conflict by every pair of claims it holds, so a conflict that lists two
agreeing figures on one side (a headline and its body, two outlets relaying one count)
counts as a false flag. The conflicts are therefore scored twice: as exported (one record
per conflict), and by their disputes (one record per pair of figures the conflict says
cannot both hold, each with the repeats that support it): the second is the figure the
reconciliation targets are read from.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DEVSET = ROOT.parent / "shared" / "devset"
FACTLEDGER = Path(sys.executable).parent / "factledger"


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    devset = Path(args.devset or os.environ.get("FACTLEDGER_DEVSET") or DEFAULT_DEVSET)
    if not (devset / "score.py").is_file() or not (devset / "corpus.py").is_file():
        print(
            f"development set not found at {devset} (set FACTLEDGER_DEVSET): skipping the real-article eval"
        )
        return 0
    with tempfile.TemporaryDirectory(prefix="factledger-devset-") as scratch:
        work = Path(args.keep) if args.keep else Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        return _evaluate(devset, work, args.input)


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", help="folder of the development set (default: ../shared/devset)")
    parser.add_argument("--input", choices=("jsonl", "txt"), default="jsonl")
    parser.add_argument("--keep", help="write the corpus, database and exports here instead of a temp folder")
    return parser.parse_args(argv)


def _evaluate(devset: Path, work: Path, kind: str) -> int:
    corpus = work / "corpus"
    _call([sys.executable, str(devset / "corpus.py"), str(corpus), "--txt"])
    source = corpus / "devset.jsonl" if kind == "jsonl" else corpus / "txt"
    claims, conflicts = _run_and_export(source, work / kind)
    if kind == "jsonl" and f'"document": "{source}"' in claims.read_text(encoding="utf-8"):
        # This build reads a .jsonl path as one text, not as records: score the text files.
        print("factledger run reads devset.jsonl as a single text here; scoring the txt corpus (no dates)")
        source = corpus / "txt"
        claims, conflicts = _run_and_export(source, work / "txt")
    print(f"development set: {devset} via factledger run on {source.name}")
    score = [sys.executable, str(devset / "score.py"), "--claims", str(claims), "--conflicts", str(conflicts)]
    print(_call([*score, "--docs", str(corpus / "docs.json"), "--summary-only"]), end="")
    pairs = _dispute_pairs(conflicts)
    by_pair = _call([*score[:-1], str(pairs), "--docs", str(corpus / "docs.json"), "--summary-only"])
    print("\n== conflicts scored by their disputes (one record per pair that cannot both hold) ==")
    for label in ("conflict recall", "false flags"):
        print(next(line for line in by_pair.splitlines() if line.startswith(label)))
    return 0


def _dispute_pairs(conflicts: Path) -> Path:
    """One record per disputed pair of figures, each side with the repeats that support it."""
    pairs = conflicts.with_name("dispute-pairs.jsonl")
    with pairs.open("w", encoding="utf-8") as out:
        for line in conflicts.read_text(encoding="utf-8").splitlines():
            conflict = json.loads(line)
            support = conflict.get("support", {})
            for n, (a, b) in enumerate(conflict.get("disputes", [])):
                for x in [a, *support.get(a, [])]:
                    for y in [b, *support.get(b, [])]:
                        record = {
                            "id": f"{conflict['id']}#{n}",
                            "kind": conflict["kind"],
                            "claim_ids": [x, y],
                        }
                        out.write(json.dumps(record) + "\n")
    return pairs


def _run_and_export(source: Path, work: Path) -> tuple[Path, Path]:
    """`factledger run` into a throwaway home, then claims and conflicts as JSON Lines."""
    env = {**os.environ, "FACTLEDGER_HOME": str(work / "home")}
    env.pop("FACTLEDGER_DB", None)
    _call([str(FACTLEDGER), "run", "--engine", "bare", str(source)], env, quiet=True)
    claims, conflicts = work / "claims.jsonl", work / "conflicts.jsonl"
    claims.write_text(_call([str(FACTLEDGER), "claims", "--format", "jsonl"], env), encoding="utf-8")
    conflicts.write_text(_call([str(FACTLEDGER), "conflicts", "--format", "jsonl"], env), encoding="utf-8")
    return claims, conflicts


def _call(command: list[str], env: dict[str, str] | None = None, quiet: bool = False) -> str:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(
            f"{Path(command[1] if command[0] == sys.executable else command[0]).name} failed: "
            f"{(done.stderr or done.stdout).strip().splitlines()[-1:]}"
        )
    return "" if quiet else done.stdout


if __name__ == "__main__":
    sys.exit(main())
