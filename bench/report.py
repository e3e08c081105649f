"""The Markdown version of a run's results."""


def _ms(sample: dict | None, key: str) -> str:
    value = (sample or {}).get(key)
    return "–" if value is None else f"{value:g}"


def _met(row: dict) -> str:
    if "met" not in row:
        return "n/a"
    return "**met**" if row["met"] else "**missed**"


def render(results: dict) -> str:
    m, db, settings = results["machine"], results["database"], results["settings"]
    lines = [
        f"# Gongjian bench run {results['timestamp']}",
        "",
        f"- Machine: {m['cpu_model']}, {m['cores']} cores, {m['ram_gib']} GiB RAM; {m['os']}; Python {m['python']}",
        f"- Load average before/after: {', '.join(f'{v:.2f}' for v in m['load_average'])} / "
        f"{', '.join(f'{v:.2f}' for v in m.get('load_average_after', ()))}; CPU busy with other work before "
        f"measuring: {results.get('quiet', {}).get('cpu_busy_before', float('nan')):.0%}",
        f"- Database: {db.get('version')} `{db['name']}`"
        + (f", {db['size']}" if db.get("size") else "")
        + (
            f" (shared_buffers {db['shared_buffers']}, work_mem {db['work_mem']}, jit {db['jit']})"
            if db.get("shared_buffers")
            else ""
        )
        + f"; CONN_MAX_AGE {db.get('conn_max_age')}",
        f"- Server: {settings['server']}; load: {settings['load_tool']}, {settings['concurrency']} concurrent "
        f"clients for {settings['throughput_seconds']} s; latency: one client, up to "
        f"{settings['sequential_requests']} requests or {settings['sequential_max_seconds']:g} s; page size "
        f"{settings['page_size']}",
        "- Packages: " + ", ".join(f"{k} {v}" for k, v in results["packages"].items() if v),
        "",
        "## Data",
        "",
        "| table | rows |",
        "| --- | ---: |",
        *(f"| {name} | {count:,} |" for name, count in results["data"].items()),
        "",
        "Scenario: " + "; ".join(f"{k} {v}" for k, v in results["scenario"].items()),
        "",
        "## Hot reads (API beside its raw-Django baseline, same run)",
        "",
        "Latency: one client, requests one after another (idle server). Throughput: concurrent clients in closed "
        "loops. Ratio = API ÷ raw baseline requests/s. Queries: SQL statements per request in-process, at "
        "10 rows and at a full page.",
        "",
        "| endpoint | rows | queries (10 / full) | SQL ms / wall ms in-process | API p50 / p99 ms | raw p50 / p99 ms "
        "| API req/s | raw req/s | ratio |",
        "| --- | ---: | --- | --- | --- | --- | ---: | ---: | ---: |",
    ]
    for endpoint in results["endpoints"]:
        if not endpoint["available"]:
            lines.append(f"| {endpoint['key']} | – | – | – | not yet available (no route) | – | – | – | – |")
            continue
        queries, measured = endpoint.get("queries", {}), endpoint.get("measured", {})
        if queries.get("too_slow"):
            api = queries["api"]
            lines.append(
                f"| {endpoint['key']} | – | {api['queries']} | {api['sql_ms']} / {api['wall_ms']} "
                f"| one request: {api['wall_ms'] / 1000:.1f} s in-process (not load-tested) | – | – | – | – |"
            )
            continue
        if "error" in measured:
            lines.append(f"| {endpoint['key']} | error: {measured['error']} | | | | | | | |")
            continue
        api, raw = measured.get("api", {}), measured.get("raw", {})
        lines.append(
            f"| {endpoint['key']} | {measured.get('rows', '–')} "
            f"| {queries['api_small_page']['queries']} / {queries['api']['queries']} "
            f"({'flat' if queries['flat'] else 'grows'}; raw {queries['raw']['queries']}) "
            f"| {queries['api']['sql_ms']} / {queries['api']['wall_ms']} "
            f"| {_ms(api.get('sequential'), 'p50_ms')} / {_ms(api.get('sequential'), 'p99_ms')} "
            f"| {_ms(raw.get('sequential'), 'p50_ms')} / {_ms(raw.get('sequential'), 'p99_ms')} "
            f"| {api.get('throughput', {}).get('rps', '–')} | {raw.get('throughput', {}).get('rps', '–')} "
            f"| {measured.get('ratio', {}).get('throughput', '–')}× |"
        )
    lines += [
        "",
        "Under load (same concurrent phase): "
        + "; ".join(
            f"{e['key']} API p50/p99 {_ms(e['measured']['api']['throughput'], 'p50_ms')}/"
            f"{_ms(e['measured']['api']['throughput'], 'p99_ms')} ms, raw "
            f"{_ms(e['measured']['raw']['throughput'], 'p50_ms')}/{_ms(e['measured']['raw']['throughput'], 'p99_ms')}"
            " ms"
            for e in results["endpoints"]
            if e["available"] and "api" in e.get("measured", {})
        ),
        "",
    ]
    for endpoint in results["endpoints"]:
        measured = endpoint.get("measured", {})
        if endpoint["available"] and measured.get("same_rows") is False:
            lines.append(f"Note: {endpoint['key']}: the API and the baseline returned different rows.")
    plans = results.get("plans", [])
    if plans:
        lines += [
            "## Assignment plan",
            "",
            "`campaigns.selectors.plan_campaign`, in-process and through the API (`POST …/assignment-plan/` to "
            "gunicorn, end to end), medians of the runs. Matrix = open places × distinct candidates.",
            "",
            "| campaign | per place | matrix | in-process s (runs) | API s (runs) | pool load s | busy s "
            "| scoring s (calls) | solver s | greedy s | SQL statements / s | total vs greedy | filled vs greedy "
            "| skill coverage vs greedy "
            "| valid |",
            "| --- | ---: | --- | --- | ---: | ---: | ---: | --- | ---: | ---: | --- | --- | --- | --- | --- |",
        ]
        for plan in plans:
            b, http = plan["breakdown"], plan.get("http", {})
            lines.append(
                f"| {plan['scenario']} (#{plan['campaign']}, {plan['events']} events) | {plan['candidates_per_place']} "
                f"| {' × '.join(f'{n:,}' for n in plan['matrix'] or [])} "
                f"| {plan['median_seconds']} ({', '.join(map(str, plan['seconds']))}) "
                f"| {http.get('seconds', '–')} ({', '.join(map(str, http.get('runs', [])))}; "
                f"HTTP {http.get('status', '–')}) "
                f"| {b['load_pool_seconds']} | {b['busy_volunteers_seconds']} "
                f"| {b['score_pool_seconds']} ({b['score_pool_calls']}) | {b['solve_plan_seconds']} "
                f"| {b['greedy_plan_seconds']} | {b['queries']} / {b['sql_seconds']} "
                f"| {plan['total_score']} vs {plan['greedy_total_score']} (+{plan['gain_over_greedy']}) "
                f"| {plan['assigned']} vs {plan['greedy_assigned']} "
                f"| {plan['skill_coverage']} vs {plan['greedy_skill_coverage']} | {plan['valid']} |"
            )
        lines.append("")
    lines += ["## Targets", "", "| target | measured | |", "| --- | --- | --- |"]
    lines += [f"| {row['target']} | {row['measured']} | {_met(row)} |" for row in results["targets"]]
    lines += ["", "## Slowest SQL per endpoint (in-process, one request)", ""]
    for endpoint in results["endpoints"]:
        queries = endpoint.get("queries")
        if not queries:
            continue
        lines.append(f"### {endpoint['key']}")
        lines.append("")
        for query in queries["api"]["slowest"]:
            sql = query["sql"] if len(query["sql"]) < 600 else query["sql"][:600] + " …"
            lines.append(f"- {query['ms']} ms: `{sql}`")
        if queries.get("slowest_plan"):
            lines += ["", "```", *queries["slowest_plan"], "```"]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
