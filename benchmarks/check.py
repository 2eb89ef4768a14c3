"""How much `workshop check` costs over plain tomllib parsing of the same files.

Generates 1,000 ten-stage scenario files, then times, in the same process and
alternating the two several times, (a) reading and parsing each file with
tomllib alone and (b) `workshop check` over the folder, output discarded.
Prints the medians and their ratio. Target: ratio <= 2.0.

    python benchmarks/check.py [--files 1000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import tempfile
import time
import tomllib
from datetime import date
from pathlib import Path

import tomli_w

from workshop.cli import main as workshop_main


def scenario(number: int, stages: int = 10) -> dict[str, object]:
    """A realistic valid file: every stage has both voices, a question and prompts."""

    def stage(index: int) -> dict[str, object]:
        return {
            "id": f"stage-{index}",
            "title": f"Stage {index}: another week",
            "narrative": "What happened at this point of the story.\n\n" * 4,
            "minutes": 10,
            "discussion": ["What strengths do you notice?", "What would you ask next?"],
            "facilitator_notes": "Give the group time before the reveal.",
            "wellbeing_check": index % 4 == 3,
            "perspectives": [
                {
                    "perspective": "lived_experience",
                    "author": "lived",
                    "voice": "Sam",
                    "text": "How it felt from the inside, and what helped. " * 6,
                },
                {
                    "perspective": "professional",
                    "author": "pro",
                    "voice": "Nurse",
                    "text": "What the practitioner weighed up with Sam, and why. " * 6,
                },
            ],
            "question": {
                "prompt": "What would you do?",
                "revote": index % 2 == 0,
                "options": [
                    {"text": f"Option {n}: a decision with Sam", "consequence": "What followed."}
                    for n in range(1, 5)
                ],
            },
        }

    return {
        "format": 1,
        "id": f"generated-{number:04d}",
        "title": f"Generated scenario {number}",
        "summary": "A generated scenario for the benchmark.",
        "minutes": 90,
        "learning_outcomes": ["Hear both perspectives", "Plan safety with the person"],
        "version": "1.0",
        "risk_domains": ["to_self", "self_neglect"],
        "review_by": date(2099, 1, 1),
        "provenance": {"basis": "fictional", "statement": "Generated."},
        "authors": [
            {"ref": "lived", "name": "Jo", "perspective": "lived_experience"},
            {"ref": "pro", "name": "Kim", "perspective": "professional"},
        ],
        "content_note": {"topics": ["self-harm"], "text": "This story mentions self-harm."},
        "stages": [stage(i) for i in range(1, stages + 1)],
        "epilogue": {"text": "What actually happened.", "author": "lived"},
        "debrief": {"model": "diamond", "prompts": ["What happened?"]},
    }


def time_tomllib(files: list[Path]) -> float:
    start = time.perf_counter()
    for path in files:
        tomllib.loads(path.read_bytes().decode("utf-8"))
    return time.perf_counter() - start


def time_check(folder: Path) -> float:
    sink = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(sink):
        status = workshop_main(["check", str(folder)])
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"the generated files did not pass:\n{sink.getvalue()[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        for number in range(args.files):
            (folder / f"s{number:04d}.toml").write_text(tomli_w.dumps(scenario(number)))
        files = sorted(folder.glob("*.toml"))
        time_check(folder)  # warm the imports and the file cache once
        plain, check = [], []
        for _ in range(args.rounds):
            plain.append(time_tomllib(files))
            check.append(time_check(folder))
    plain_median, check_median = statistics.median(plain), statistics.median(check)
    print(f"{args.files} ten-stage files, median of {args.rounds} rounds")
    print(f"tomllib parse alone: {plain_median * 1000:8.1f} ms")
    print(f"workshop check:      {check_median * 1000:8.1f} ms")
    print(f"ratio: {check_median / plain_median:.2f} (target <= 2.0)")


if __name__ == "__main__":
    main()
