"""Writing benchmark lines into ``results.json``."""

import contextlib
import json
from pathlib import Path


def merge_into(output: Path, lines: list[dict]) -> None:
    """Write ``lines`` into ``output``, replacing older lines of the same benches.

    For a partial run (``--only``): the other benches' lines already in the
    file stay.
    """
    kept = []
    if output.exists():
        with contextlib.suppress(ValueError):
            kept = [
                line
                for line in json.loads(output.read_text())
                if line.get("bench") not in {new["bench"] for new in lines}
            ]
    output.write_text(json.dumps(kept + lines, indent=2) + "\n")
