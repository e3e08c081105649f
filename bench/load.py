"""Loopback-only HTTP load: sequential latency samples, then throughput under concurrency (wrk or Python threads).

Every loop is bounded by a request count and a deadline, and only ever talks to 127.0.0.1.
"""

import http.client
import re
import shutil
import statistics
import subprocess
import threading
import time
from dataclasses import asdict, dataclass, field

HOST = "127.0.0.1"


@dataclass
class Sample:
    """What one measurement phase saw."""

    mode: str
    requests: int
    errors: int
    seconds: float
    p50_ms: float | None
    p99_ms: float | None
    rps: float
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def get(port: int, path: str, headers: dict, *, timeout: float = 120) -> tuple[int, bytes, float]:
    """One GET on a fresh connection (gunicorn's sync workers close every connection): status, body, seconds."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        return response.status, body, time.perf_counter() - started
    finally:
        connection.close()


def post(port: int, path: str, headers: dict, body: bytes, *, timeout: float = 300) -> tuple[int, bytes, float]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("POST", path, body=body, headers={**headers, "Content-Type": "application/json"})
        response = connection.getresponse()
        payload = response.read()
        return response.status, payload, time.perf_counter() - started
    finally:
        connection.close()


def _percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def _summary(mode: str, latencies: list[float], errors: int, seconds: float) -> Sample:
    p50, p99 = _percentile(latencies, 0.50), _percentile(latencies, 0.99)
    return Sample(
        mode=mode,
        requests=len(latencies) + errors,
        errors=errors,
        seconds=round(seconds, 2),
        p50_ms=round(p50 * 1000, 2) if p50 is not None else None,
        p99_ms=round(p99 * 1000, 2) if p99 is not None else None,
        rps=round(len(latencies) / seconds, 1) if seconds else 0.0,
    )


def sequential(port: int, path: str, headers: dict, *, requests: int, max_seconds: float) -> Sample:
    """One client, one request at a time: the latency a single user sees on an otherwise idle server."""
    latencies, errors = [], 0
    started = time.perf_counter()
    deadline = started + max_seconds
    while len(latencies) + errors < requests and time.perf_counter() < deadline:
        status, _body, seconds = get(port, path, headers)
        if status == 200:
            latencies.append(seconds)
        else:
            errors += 1
    return _summary("sequential", latencies, errors, time.perf_counter() - started)


def threaded(port: int, path: str, headers: dict, *, concurrency: int, requests: int, max_seconds: float) -> Sample:
    """`concurrency` Python threads in closed loops (http.client), at most `requests` in all, until the deadline."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    issued = [0]
    deadline = time.perf_counter() + max_seconds

    def worker() -> None:
        while time.perf_counter() < deadline:
            with lock:
                if issued[0] >= requests:
                    return
                issued[0] += 1
            try:
                status, _body, seconds = get(port, path, headers, timeout=max(1.0, deadline - time.perf_counter()))
            except OSError:
                status, seconds = 0, 0.0
            with lock:
                if status == 200:
                    latencies.append(seconds)
                else:
                    errors[0] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max_seconds + 130)
    sample = _summary(f"python-threads c={concurrency}", latencies, errors[0], time.perf_counter() - started)
    return sample


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def wrk_version() -> str | None:
    if not wrk_available():
        return None
    result = subprocess.run(["wrk", "--version"], capture_output=True, text=True, timeout=10, check=False)
    first = ((result.stdout or result.stderr).splitlines() or ["wrk"])[0]
    return first.split(" Copyright")[0].removeprefix("wrk ").strip()


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        raise ValueError(f"unexpected wrk duration {text!r}")
    return round(float(match.group(1)) * _UNITS[match.group(2)], 2)


def parse_wrk(output: str, *, concurrency: int) -> Sample:
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, flags=re.MULTILINE))
    done = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", output)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if not (done and rps):
        raise RuntimeError(f"could not read wrk's output:\n{output}")
    errors = int(non2xx.group(1)) if non2xx else 0
    notes = []
    if socket:
        connect, read, write, timeout = (int(v) for v in socket.groups())
        errors += connect + write + timeout
        if read:
            notes.append(f"{read} read errors (connections closed by the server; gunicorn sync closes each one)")
    return Sample(
        mode=f"wrk c={concurrency}",
        requests=int(done.group(1)),
        errors=errors,
        seconds=round(_ms(done.group(2) + done.group(3)) / 1000, 2),
        p50_ms=_ms(latency["50"]) if "50" in latency else None,
        p99_ms=_ms(latency["99"]) if "99" in latency else None,
        rps=float(rps.group(1)),
        notes=notes,
    )


def with_wrk(port: int, path: str, headers: dict, *, concurrency: int, seconds: int) -> Sample:
    """wrk (Debian's package) for `seconds`: one thread, `concurrency` connections, latency percentiles."""
    command = ["wrk", "-t1", f"-c{concurrency}", f"-d{seconds}s", "--latency", "--timeout", "60s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://{HOST}:{port}{path}")
    result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 90, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"wrk failed: {result.stderr or result.stdout}")
    return parse_wrk(result.stdout, concurrency=concurrency)


def throughput(
    port: int, path: str, headers: dict, *, tool: str, concurrency: int, seconds: int, max_requests: int
) -> Sample:
    """Requests per second with `concurrency` clients in closed loops (both workers kept busy)."""
    if tool == "wrk":
        return with_wrk(port, path, headers, concurrency=concurrency, seconds=seconds)
    return threaded(port, path, headers, concurrency=concurrency, requests=max_requests, max_seconds=seconds)


def warm_up(port: int, path: str, headers: dict, *, requests: int = 20, max_seconds: float = 15) -> None:
    """A few requests from two threads, so both workers have loaded their code and opened their connection."""
    threaded(port, path, headers, concurrency=2, requests=requests, max_seconds=max_seconds)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
