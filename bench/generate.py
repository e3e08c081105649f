"""Generate DESIGN.md's district scale into a database (see bench/README.md).

Usage: `.venv/bin/python -m bench.generate --database-url postgres://postgres@127.0.0.1:5432/gongjian_bench`,
or `--database-url sqlite:///var/bench.sqlite3 --scale 0.01` for a quick run on SQLite.
"""

import argparse
import json
import sys
import time

from bench.environment import RESULTS_DIR, setup_django


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="postgres://… or sqlite:///path (migrated first)")
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies the counts; 0.01 is a quick smoke run")
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--flush", action="store_true", help="empty the database first if it already holds data")
    args = parser.parse_args(argv)
    if args.scale <= 0:
        parser.error("--scale must be positive")
    setup_django(args.database_url)

    from django.db import connection

    from bench.district import generate_district, scaled_counts

    print(f"Generating the district × {args.scale:g} into {connection.vendor} ({connection.settings_dict['NAME']}):")
    for name, count in scaled_counts(args.scale).items():
        print(f"  {name:<14} {count:>10,}")
    started = time.perf_counter()
    summary = generate_district(scale=args.scale, seed=args.seed, flush=args.flush)
    elapsed = time.perf_counter() - started
    print(f"Done in {elapsed / 60:.1f} min ({elapsed:.0f} s). Rows:")
    for name, count in summary.rows.items():
        print(f"  {name:<30} {count:>10,}")
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    report = {
        "scale": args.scale,
        "seed": args.seed,
        "database": {"vendor": connection.vendor, "name": str(connection.settings_dict["NAME"])},
        "seconds": {**summary.seconds, "total": round(elapsed, 1)},
        "rows": summary.rows,
    }
    path = RESULTS_DIR / f"generate-{stamp}.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"Timings and counts: {path.relative_to(RESULTS_DIR.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
