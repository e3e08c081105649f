"""Measure the hot reads and the assignment plan; write bench/results/<timestamp>.json and .md.

Usage: `.venv/bin/python -m bench.run --database-url postgres://postgres@127.0.0.1:5432/gongjian_bench`
(after `python -m bench.generate` into the same database). See bench/README.md.
"""

import argparse
import json
import sys

from bench.environment import RESULTS_DIR, setup_django


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="the database bench.generate filled")
    parser.add_argument(
        "--requests", type=int, default=300, help="sequential latency samples per endpoint and side (default 300)"
    )
    parser.add_argument(
        "--latency-seconds", type=float, default=20, help="time cap of each sequential phase (default 20)"
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds of each throughput phase (default 10)")
    parser.add_argument("--concurrency", type=int, default=4, help="concurrent clients in the throughput phase")
    parser.add_argument("--page-size", type=int, default=50, help="rows per page of the list endpoints")
    parser.add_argument(
        "--load", choices=["auto", "wrk", "python"], default="auto", help="load tool (auto: wrk when installed)"
    )
    parser.add_argument("--plan-repeats", type=int, default=3, help="end-to-end runs of plan_campaign")
    parser.add_argument(
        "--wait-idle",
        type=float,
        default=120,
        help="wait up to this many seconds for other work on the machine to stop before each phase (default 120)",
    )
    parser.add_argument("--no-explain", action="store_true", help="skip EXPLAIN ANALYZE of the slowest queries")
    args = parser.parse_args(argv)
    setup_django(args.database_url)

    from bench.measure import Options, run
    from bench.report import render

    options = Options(
        requests=args.requests,
        latency_seconds=args.latency_seconds,
        duration=args.duration,
        concurrency=args.concurrency,
        page_size=args.page_size,
        tool=args.load,
        plan_repeats=args.plan_repeats,
        wait_idle=args.wait_idle,
        explain=not args.no_explain,
    )
    RESULTS_DIR.mkdir(exist_ok=True)
    results = run(args.database_url, options, RESULTS_DIR)
    results["command"] = " ".join(["python -m bench.run", *(argv if argv is not None else sys.argv[1:])])
    base = RESULTS_DIR / results["timestamp"]
    base.with_suffix(".json").write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n")
    markdown = render(results)
    base.with_suffix(".md").write_text(markdown)
    print()
    print(markdown)
    print(f"Written: {base.with_suffix('.json')} and {base.with_suffix('.md')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
