"""The measurements behind `python -m bench.run` (imported once Django is set up)."""

import json
import os
import platform
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path
from urllib.parse import urlencode

from django.core.management import call_command
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve
from django.utils import timezone

from bench import load
from bench.district import row_counts
from bench.environment import BASE_DIR, SETTINGS_MODULE
from bench.scenario import PlanScenario, Scenario, prepare

PACKAGES = (
    "Django",
    "djangorestframework",
    "django-filter",
    "drf-spectacular",
    "psycopg",
    "gunicorn",
    "numpy",
    "scipy",
    "tqdm",
)
CANDIDATES_P50_MS = 300
PLAN_SECONDS = 1.5
LIST_RATIO = 0.6
SMALL_PAGE = 10
SLOW_SECONDS = 10  # an endpoint slower than this in-process is reported, not load-tested
STATEMENT_TIMEOUT = 120  # seconds one in-process statement may run before it is cancelled and reported


@dataclass
class Options:
    requests: int = 300
    latency_seconds: float = 20
    duration: int = 10
    concurrency: int = 4
    page_size: int = 50
    tool: str = "auto"
    plan_repeats: int = 3
    wait_idle: float = 120
    explain: bool = True


@dataclass
class Endpoint:
    key: str
    title: str
    api_path: str
    raw_path: str
    api_small_path: str
    headers: dict
    ids: Callable[[object], list[int]]
    list_endpoint: bool
    available: bool = True
    result: dict = field(default_factory=dict)


# Machine, database, packages ------------------------------------------------------------------------


def cpu_busy(seconds: float = 2.0) -> float:
    """Share of all cores busy over `seconds` (from /proc/stat): anything else running skews the figures."""

    def snapshot() -> tuple[int, int]:
        with open("/proc/stat") as stat:
            values = [int(v) for v in stat.readline().split()[1:]]
        idle = values[3] + (values[4] if len(values) > 4 else 0)
        return idle, sum(values)

    try:
        idle0, total0 = snapshot()
        time.sleep(seconds)
        idle1, total1 = snapshot()
    except OSError:
        return float("nan")
    return round(1 - (idle1 - idle0) / max(total1 - total0, 1), 3)


def wait_for_quiet(limit: float, threshold: float = 0.25) -> dict:
    """Wait (up to `limit` s) until the machine is nearly idle, so other jobs do not share our two cores."""
    started = time.perf_counter()
    busy = cpu_busy()
    while busy > threshold and time.perf_counter() - started < limit:
        print(f"  the machine is {busy:.0%} busy with other work; waiting for it to quiet down …", flush=True)
        time.sleep(8)
        busy = cpu_busy()
    return {"cpu_busy_before": busy, "waited_seconds": round(time.perf_counter() - started, 1)}


def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        memory_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        memory_kb = 0
    return {
        "cpu_model": model or platform.processor(),
        "cores": os.cpu_count(),
        "ram_gib": round(memory_kb / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "load_average": os.getloadavg(),
    }


def database() -> dict:
    info = {"engine": connection.vendor, "name": str(connection.settings_dict["NAME"])}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            info["version"] = "PostgreSQL " + cursor.fetchone()[0]
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            info["size"] = cursor.fetchone()[0]
            for name in ("shared_buffers", "work_mem", "effective_cache_size", "jit"):
                cursor.execute(f"SHOW {name}")
                info[name] = cursor.fetchone()[0]
        else:
            cursor.execute("SELECT sqlite_version()")
            info["version"] = "SQLite " + cursor.fetchone()[0]
    info["conn_max_age"] = connection.settings_dict.get("CONN_MAX_AGE")
    return info


def packages() -> dict:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    versions["wrk"] = load.wrk_version()
    return versions


# gunicorn ---------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((load.HOST, 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(database_url: str, log_path: Path):
    """`gunicorn config.wsgi` with the bench settings, 2 sync workers on 127.0.0.1, stopped on the way out."""
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE, "DATABASE_URL": database_url}
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "--workers",
        "2",
        "--worker-class",
        "sync",
        "--bind",
        f"{load.HOST}:{port}",
        "--timeout",
        "300",
        "--log-level",
        "warning",
    ]
    with open(log_path, "w") as log:
        process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.perf_counter() + 60
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"gunicorn exited ({process.returncode}); see {log_path}")
                try:
                    status, _body, _seconds = load.get(port, "/api/v1/skills/", {}, timeout=5)
                    if status == 200:
                        break
                except OSError:
                    pass
                if time.perf_counter() > deadline:
                    raise RuntimeError(f"gunicorn did not answer within 60 s; see {log_path}")
                time.sleep(0.3)
            yield port
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


# Endpoints ----------------------------------------------------------------------------------------------


def _list_ids(payload) -> list[int]:
    return [row["id"] for row in payload.get("results", [])]


def _candidate_ids(payload) -> list[int]:
    if isinstance(payload, dict):
        return [row["id"] for row in payload.get("results", [])]
    return [row["volunteer"]["id"] for row in payload]


def _partner_ids(payload) -> list[int]:
    rows = payload.get("results", payload) if isinstance(payload, dict) else payload
    return [row.get("id") or row.get("partner", {}).get("id") for row in rows]


def route_exists(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def endpoints(scenario: Scenario, now: datetime, page_size: int) -> list[Endpoint]:
    auth = {"Authorization": f"Token {scenario.token}"}
    starts_after = now.replace(microsecond=0).isoformat()
    event_query = {"area": scenario.street.pk, "starts_after": starts_after, "has_free_places": "true"}
    volunteer_query = {"area": scenario.street.pk, "skill": scenario.skill.code}
    event_id, campaign_id = scenario.event.pk, scenario.event.campaign_id

    def query(params: dict, size: int, name: str = "page_size") -> str:
        return urlencode({**params, name: size})

    partner_path = f"/api/v1/campaigns/{campaign_id}/partner-candidates/"
    return [
        Endpoint(
            key="events",
            title="public event search near an area (anonymous)",
            api_path=f"/api/v1/events/?{query(event_query, page_size)}",
            raw_path=f"/bench/raw/events/?{query(event_query, page_size)}",
            api_small_path=f"/api/v1/events/?{query(event_query, SMALL_PAGE)}",
            headers={},
            ids=_list_ids,
            list_endpoint=True,
        ),
        Endpoint(
            key="volunteers",
            title="coordinator's volunteer search by area + skill",
            api_path=f"/api/v1/volunteers/?{query(volunteer_query, page_size)}",
            raw_path=f"/bench/raw/volunteers/?{query(volunteer_query, page_size)}",
            api_small_path=f"/api/v1/volunteers/?{query(volunteer_query, SMALL_PAGE)}",
            headers=auth,
            ids=_list_ids,
            list_endpoint=True,
        ),
        Endpoint(
            key="candidates",
            title="candidates for one event (coordinator)",
            api_path=f"/api/v1/events/{event_id}/candidates/?limit=50",
            raw_path=f"/bench/raw/events/{event_id}/candidates/?limit=50",
            api_small_path=f"/api/v1/events/{event_id}/candidates/?limit={SMALL_PAGE}",
            headers=auth,
            ids=_candidate_ids,
            list_endpoint=False,
        ),
        Endpoint(
            key="partner_candidates",
            title="partner candidates for a campaign (coordinator)",
            api_path=f"{partner_path}?limit=50",
            raw_path=f"/bench/raw/campaigns/{campaign_id}/partner-candidates/?limit=50",
            api_small_path=f"{partner_path}?limit={SMALL_PAGE}",
            headers=auth,
            ids=_partner_ids,
            list_endpoint=False,
            available=route_exists(partner_path),
        ),
    ]


def _client_headers(headers: dict) -> dict:
    return {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()}


def explain(sql: str, *, analyze: bool = True) -> list[str]:
    """EXPLAIN (ANALYZE, BUFFERS) of one captured statement (PostgreSQL; client-side bound, so it runs as is)."""
    if connection.vendor != "postgresql" or not sql.lstrip().upper().startswith("SELECT"):
        return []
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}" if analyze else f"EXPLAIN {sql}")
            return [row[0] for row in cursor.fetchall()]
    except Exception as exc:
        return [f"(no plan: {exc})"]


def capture(client: Client, path: str, headers: dict) -> dict:
    """An in-process request under CaptureQueriesContext: status, query count, SQL time, wall time.

    Measured twice when the first is quick (first-use caches are not part of a request's cost), once when slow.
    """
    result = {}
    for _attempt in range(2):
        started = time.perf_counter()
        try:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path, **_client_headers(headers))
        except DatabaseError as exc:  # the statement timeout: report how long it ran, not a traceback
            wall = time.perf_counter() - started
            slowest = [{"ms": round(wall * 1000, 1), "sql": q["sql"]} for q in queries.captured_queries[-1:]]
            return {
                "status": None,
                "error": str(exc).splitlines()[0],
                "queries": len(queries.captured_queries),
                "sql_ms": round(wall * 1000, 1),
                "wall_ms": round(wall * 1000, 1),
                "slowest": slowest,
            }
        wall = time.perf_counter() - started
        captured = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))
        result = {
            "status": response.status_code,
            "queries": len(queries.captured_queries),
            "sql_ms": round(sum(float(q["time"]) for q in captured) * 1000, 1),
            "wall_ms": round(wall * 1000, 1),
            "slowest": [{"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"]} for q in captured[:3]],
        }
        if wall > SLOW_SECONDS:
            break
    return result


def query_counts(endpoint: Endpoint, *, with_plans: bool) -> dict:
    """Statements per request at a full page and at 10 rows; a request slower than SLOW_SECONDS is taken once."""
    client = Client(SERVER_NAME=load.HOST)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SET statement_timeout = {int(STATEMENT_TIMEOUT * 1000)}")
    try:
        api = capture(client, endpoint.api_path, endpoint.headers)
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET statement_timeout = 0")
    result: dict = {"api": api}
    if api["wall_ms"] > SLOW_SECONDS * 1000:
        result["too_slow"] = True
    else:
        result["api_small_page"] = capture(client, endpoint.api_small_path, endpoint.headers)
        result["raw"] = capture(client, endpoint.raw_path, {})
        result["flat"] = api["queries"] == result["api_small_page"]["queries"]
    if with_plans and api["slowest"]:  # a statement that takes minutes is only EXPLAINed, not run again
        result["slowest_plan"] = explain(api["slowest"][0]["sql"], analyze=not result.get("too_slow"))
    return result


def _same_rows(endpoint: Endpoint, api_body: bytes, raw_body: bytes) -> bool | None:
    try:
        return endpoint.ids(json.loads(api_body)) == _list_ids(json.loads(raw_body))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def measure_endpoint(endpoint: Endpoint, port: int, options: Options, tool: str) -> dict:
    status_api, body_api, _ = load.get(port, endpoint.api_path, endpoint.headers)
    status_raw, body_raw, _ = load.get(port, endpoint.raw_path, {})
    result: dict = {"status": {"api": status_api, "raw": status_raw}}
    if status_api != 200 or status_raw != 200:
        result["error"] = f"API answered {status_api}, baseline {status_raw}: {body_api[:300]!r}"
        return result
    result["rows"] = len(endpoint.ids(json.loads(body_api)))
    result["same_rows"] = _same_rows(endpoint, body_api, body_raw)
    result["cpu_busy_before"] = cpu_busy(1.0)
    for side, path, headers in (("raw", endpoint.raw_path, {}), ("api", endpoint.api_path, endpoint.headers)):
        load.warm_up(port, path, headers)
        result[side] = {
            "sequential": load.sequential(
                port, path, headers, requests=options.requests, max_seconds=options.latency_seconds
            ).as_dict()
        }
    for side, path, headers in (("raw", endpoint.raw_path, {}), ("api", endpoint.api_path, endpoint.headers)):
        result[side]["throughput"] = load.throughput(
            port,
            path,
            headers,
            tool=tool,
            concurrency=options.concurrency,
            seconds=options.duration,
            max_requests=max(options.requests * 20, 1000),
        ).as_dict()
    api, raw = result["api"], result["raw"]
    result["ratio"] = {
        "throughput": _ratio(api["throughput"]["rps"], raw["throughput"]["rps"]),
        "p50_latency": _ratio(api["sequential"]["p50_ms"], raw["sequential"]["p50_ms"]),
    }
    return result


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a and b else None


# The assignment plan --------------------------------------------------------------------------------


PLAN_CONFIGURATIONS = ((0, 10), (1, 10), (1, 15))  # (scenario.plans index, candidates_per_place)


def measure_plan(plan: PlanScenario, repeats: int, candidates_per_place: int) -> dict:
    """`plan_campaign` end to end, `repeats` times, with the time of its parts (loads, scoring, solver, greedy)."""
    from campaigns import selectors

    campaign = plan.campaign
    timed_parts = ("load_pool", "busy_volunteers", "score_pool", "solve_plan", "greedy_plan")
    parts: dict[str, list] = {name: [0.0, 0] for name in timed_parts}
    shape: dict = {}

    def timed(name, function):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                parts[name][0] += time.perf_counter() - started
                parts[name][1] += 1
                if name == "solve_plan":
                    shape["matrix"] = list(args[0].shape)

        return wrapper

    times, sql, statements, result = [], [], [], None
    originals = {name: getattr(selectors, name) for name in timed_parts}
    for name, function in originals.items():
        setattr(selectors, name, timed(name, function))
    try:
        for _ in range(repeats):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                result = selectors.plan_campaign(campaign=campaign, candidates_per_place=candidates_per_place)
            times.append(time.perf_counter() - started)
            statements.append(len(queries.captured_queries))
            sql.append(sum(float(q["time"]) for q in queries.captured_queries))
    finally:
        for name, function in originals.items():
            setattr(selectors, name, function)

    free = {e.pk: e.free_places for e in campaign.events.all()}
    per_event: dict[int, int] = {}
    for item in result.assignments:
        per_event[item["event"]] = per_event.get(item["event"], 0) + 1
    volunteers = [item["volunteer"] for item in result.assignments]
    runs = max(repeats, 1)
    return {
        "scenario": plan.name,
        "campaign": campaign.pk,
        "events": len(free),
        "places": result.places,
        "candidates_per_place": candidates_per_place,
        "matrix": shape.get("matrix"),
        "seconds": [round(t, 3) for t in times],
        "median_seconds": round(load.median(times), 3),
        "breakdown": {
            "load_pool_seconds": round(parts["load_pool"][0] / runs, 3),
            "busy_volunteers_seconds": round(parts["busy_volunteers"][0] / runs, 3),
            "score_pool_seconds": round(parts["score_pool"][0] / runs, 3),
            "score_pool_calls": parts["score_pool"][1] // runs,
            "solve_plan_seconds": round(parts["solve_plan"][0] / runs, 3),
            "greedy_plan_seconds": round(parts["greedy_plan"][0] / runs, 3),
            "queries": statements[-1],
            "sql_seconds": round(load.median(sql), 3),
        },
        "assigned": len(result.assignments),
        "total_score": result.total_score,
        "greedy_total_score": result.greedy_total_score,
        "greedy_assigned": result.greedy_assignments,
        "gain_over_greedy": round(result.total_score - result.greedy_total_score, 4),
        "skill_coverage": result.skill_coverage,
        "greedy_skill_coverage": result.greedy_skill_coverage,
        "valid": len(set(volunteers)) == len(volunteers) and all(n <= free[e] for e, n in per_event.items()),
    }


def measure_plan_http(port: int, plan: PlanScenario, candidates_per_place: int, repeats: int) -> dict:
    """The same plan through the API, end to end: POST …/assignment-plan/ to gunicorn as its coordinator,
    `repeats` times one after another (the first may meet a worker's cold caches: all runs are reported)."""
    path = f"/api/v1/campaigns/{plan.campaign.pk}/assignment-plan/"
    headers = {"Authorization": f"Token {plan.token}"}
    body = json.dumps({"candidates_per_place": candidates_per_place}).encode()
    runs = [load.post(port, path, headers, body) for _ in range(max(repeats, 1))]
    times = [seconds for _status, _payload, seconds in runs]
    return {
        "path": path,
        "status": runs[-1][0],
        "runs": [round(seconds, 3) for seconds in times],
        "seconds": round(load.median(times), 3),
        "bytes": len(runs[-1][1]),
    }


# Targets ------------------------------------------------------------------------------------------


def targets(results: dict) -> list[dict]:
    by_key = {e["key"]: e for e in results["endpoints"]}
    rows = []
    candidates = by_key["candidates"].get("measured", {})
    p50 = candidates.get("api", {}).get("sequential", {}).get("p50_ms")
    rows.append(
        {
            "target": f"candidates for one event ≤ {CANDIDATES_P50_MS} ms p50",
            "measured": f"{p50} ms p50" if p50 is not None else "not measured",
            "met": p50 is not None and p50 <= CANDIDATES_P50_MS,
        }
    )
    for plan in results.get("plans", []):
        # end to end through the API when it was measured, else in-process
        seconds, gain = plan.get("http", {}).get("seconds", plan["median_seconds"]), plan["gain_over_greedy"]
        columns = plan["matrix"][1] if plan["matrix"] else 0
        rows.append(
            {
                "target": f"plan ≤ {PLAN_SECONDS} s with a total above greedy (500 places × ≥ 5,000 candidates): "
                f"{plan['scenario']}, candidates_per_place {plan['candidates_per_place']}",
                "measured": f"{plan['places']} × {columns:,}: {seconds} s; total {plan['total_score']} vs greedy "
                f"{plan['greedy_total_score']}",
                "met": seconds <= PLAN_SECONDS and gain > 0,
                "shape_as_targeted": plan["places"] >= 500 and columns >= 5000,
            }
        )
    for endpoint in results["endpoints"]:
        if not endpoint["list_endpoint"]:
            continue
        key = endpoint["key"]
        if not endpoint["available"]:
            rows.append({"target": f"{key}: ≥ {LIST_RATIO}× raw throughput", "measured": "not yet available"})
            continue
        queries = endpoint.get("queries", {})
        if queries.get("too_slow"):
            rows.append(
                {
                    "target": f"{key}: ≥ {LIST_RATIO}× raw baseline throughput, flat query count",
                    "measured": f"one request takes {queries['api']['wall_ms'] / 1000:.1f} s",
                    "met": False,
                }
            )
            continue
        ratio = endpoint.get("measured", {}).get("ratio", {}).get("throughput")
        flat = queries.get("flat")
        rows.append(
            {
                "target": f"{key}: ≥ {LIST_RATIO}× raw baseline throughput, flat query count",
                "measured": f"{ratio}× raw; queries {'flat' if flat else 'grow'} "
                f"({queries['api_small_page']['queries']} at {SMALL_PAGE} rows, "
                f"{queries['api']['queries']} at a full page)",
                "met": ratio is not None and ratio >= LIST_RATIO and bool(flat),
            }
        )
    partner = by_key.get("partner_candidates")
    if partner and partner["available"]:
        queries = partner.get("queries", {})
        p50 = partner.get("measured", {}).get("api", {}).get("sequential", {}).get("p50_ms")
        measured = f"{p50} ms p50" if p50 is not None else f"one request {queries['api']['wall_ms'] / 1000:.1f} s"
        rows.append({"target": "partner candidates (no figure set; a hot read)", "measured": measured})
    return rows


def run(database_url: str, options: Options, results_dir: Path) -> dict:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    tool = options.tool
    if tool == "auto":
        tool = "wrk" if load.wrk_available() else "python"
    if tool == "wrk" and not load.wrk_available():
        raise SystemExit("--load wrk: wrk is not installed (apt-get install wrk), use --load python")

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        print(f"Applying {len(pending)} migrations the code has and the bench database lacks …", flush=True)
        call_command("migrate", interactive=False, verbosity=0)
    now = timezone.now()
    print("Preparing the scenario (street, coordinator, event, plan campaign) …", flush=True)
    scenario = prepare(now)
    results: dict = {
        "timestamp": stamp,
        "settings": {
            "settings_module": SETTINGS_MODULE,
            "server": "gunicorn config.wsgi, 2 sync workers, 127.0.0.1",
            "load_tool": tool,
            "concurrency": options.concurrency,
            "throughput_seconds": options.duration,
            "sequential_requests": options.requests,
            "sequential_max_seconds": options.latency_seconds,
            "page_size": options.page_size,
        },
        "machine": machine(),
        "database": database(),
        "packages": packages(),
        "data": row_counts(),
        "scenario": {
            "street": f"{scenario.street.name} (area {scenario.street.pk})",
            "street_volunteers": scenario.street_volunteers,
            "skill": scenario.skill.code,
            "coordinator": scenario.coordinator.username,
            "event": scenario.event.pk,
            "event_area": scenario.event.area.name,
            "event_starts_at": scenario.event.starts_at.isoformat(),
            "plan_campaigns": {plan.name: plan.campaign.pk for plan in scenario.plans},
            "now": now.isoformat(),
        },
    }
    points = endpoints(scenario, now, options.page_size)
    print("Counting SQL queries per request in-process …", flush=True)
    for endpoint in points:
        if endpoint.available:
            endpoint.result["queries"] = query_counts(endpoint, with_plans=options.explain)

    results["quiet"] = wait_for_quiet(options.wait_idle)
    results["plans"] = []
    for index, per_place in PLAN_CONFIGURATIONS:
        plan = scenario.plans[index]
        print(f"Timing the assignment plan in-process: {plan.name}, {per_place} candidates a place …", flush=True)
        wait_for_quiet(options.wait_idle)
        results["plans"].append(measure_plan(plan, options.plan_repeats, per_place))

    log_path = results_dir / f"{stamp}-gunicorn.log"
    with gunicorn(database_url, log_path) as port:
        for endpoint in points:
            if not endpoint.available:
                print(f"  {endpoint.key}: route not there yet — skipped", flush=True)
                continue
            if endpoint.result.get("queries", {}).get("too_slow"):
                seconds = endpoint.result["queries"]["api"]["wall_ms"] / 1000
                print(f"  {endpoint.key}: one request took {seconds:.0f} s in-process — not load-tested", flush=True)
                continue
            print(f"Measuring {endpoint.key} ({tool}) …", flush=True)
            wait_for_quiet(options.wait_idle)
            endpoint.result["measured"] = measure_endpoint(endpoint, port, options, tool)
        for (index, per_place), measured in zip(PLAN_CONFIGURATIONS, results["plans"], strict=True):
            print(f"Planning through the API: {scenario.plans[index].name}, {per_place} a place …", flush=True)
            measured["http"] = measure_plan_http(port, scenario.plans[index], per_place, options.plan_repeats)
    if log_path.exists() and not log_path.read_text().strip():
        log_path.unlink()

    results["endpoints"] = [
        {
            "key": e.key,
            "title": e.title,
            "available": e.available,
            "list_endpoint": e.list_endpoint,
            "api_path": e.api_path,
            "raw_path": e.raw_path,
            **e.result,
        }
        for e in points
    ]
    results["machine"]["load_average_after"] = os.getloadavg()
    results["targets"] = targets(results)
    return results
