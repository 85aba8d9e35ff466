"""Reading a 50-page PDF plan: upload to parsed plan, against the floor of extracting its text.

    .venv/bin/python bench/bench_plan_pdf.py [--pages 50] [--runs 5]

The PDF is made from the 24 dev plans (gonghui/plans/tests/dev), laid out as a word processor
prints them (38 characters a line, 40 lines a page, page numbers), repeated to fill the pages:
hard wraps, page numbers, tables, every heading form. Times, median of the runs, wall and CPU:
- floor: pypdf's text extraction alone (what any reader of the file must do);
- ours: `plans.upload.plan_text` (the upload screen's reader: checks, temporary file, pypdf, scanned
  check) then `parse_plan` (normalise, headings, schedule, targets, title).
The goal (issue 18) is under 3 s for the whole.
"""

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gonghui.plans.parser import parse_plan  # noqa: E402
from gonghui.plans.tests.pdf_fixture import text_pdf, wrapped_pages  # noqa: E402
from gonghui.plans.upload import plan_text  # noqa: E402

DEV = ROOT / "gonghui" / "plans" / "tests" / "dev"


def timed(function):
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(DEV.glob("*.txt"))]
    data = text_pdf(wrapped_pages(texts, pages=args.pages))
    print(f"{args.pages}-page PDF, {len(data) / 1024:.0f} KiB")

    import pypdf

    floor, ours, parts = [], [], []
    for _ in range(args.runs):
        _, wall, cpu = timed(lambda: [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages])
        floor.append((wall, cpu))
        text, read_wall, read_cpu = timed(lambda: plan_text("plan.pdf", data))
        parsed, parse_wall, parse_cpu = timed(lambda text=text: parse_plan(text))
        ours.append((read_wall + parse_wall, read_cpu + parse_cpu))
        parts.append((read_wall, parse_wall))
    median = lambda rows, i: statistics.median(r[i] for r in rows)  # noqa: E731
    print(
        f"characters {len(text)}, schedule items {len(parsed['schedule'])}, targets {len(parsed['targets'])}"
    )
    print(f"floor (pypdf extract)   wall {median(floor, 0):.2f} s  cpu {median(floor, 1):.2f} s")
    print(
        f"ours (upload + parse)   wall {median(ours, 0):.2f} s  cpu {median(ours, 1):.2f} s"
        f"  (read {median(parts, 0):.2f} s, parse {median(parts, 1):.2f} s)"
    )
    print(f"ratio to floor (wall)   {median(ours, 0) / median(floor, 0):.2f}")
    if median(ours, 0) >= 3:
        sys.exit("over the 3 s goal")


if __name__ == "__main__":
    main()
