"""Whole columns of a query as numpy arrays, for the few reads that take hundreds of thousands of rows.

Matching scores every volunteer of a street/town (a district-wide plan: all 500,000) in numpy. Building a Python
tuple, a Decimal and a date per row costs more than the query itself, so on PostgreSQL the rows come as one
binary COPY that numpy reads in place (no Python object per value); other databases take the plain ORM path.
Both give the same arrays: integers as int64, decimals as float64, dates as days since 1970-01-01 and times as
seconds since 1970-01-01 UTC (int64; fractions of a second are dropped).
"""

import math
import time
from collections.abc import Sequence
from datetime import date
from typing import Literal

import numpy as np
from django.db import connections

Kind = Literal["int", "float", "days", "seconds"]

EPOCH = date(1970, 1, 1)
_CAST = {
    "int": "{}::int8",
    "float": "{}::float8",
    "days": "({} - DATE '1970-01-01')::int8",
    "seconds": "floor(extract(epoch FROM {}))::int8",
}
_DTYPE = {"int": np.int64, "float": np.float64, "days": np.int64, "seconds": np.int64}
_HEADER = b"PGCOPY\n\xff\r\n\x00" + b"\x00" * 8  # signature, flags, no header extension
_TRAILER = b"\xff\xff"


def columns(queryset, kinds: Sequence[Kind]) -> list[np.ndarray]:
    """The columns of a `values_list` queryset, one array per column, in the order of `kinds`.

    None is not allowed in any column (a NULL would not fit the fixed-width binary rows): filter it out first.
    """
    connection = connections[queryset.db]
    if connection.vendor == "postgresql":
        return _copy_columns(connection, queryset, kinds)
    rows = list(queryset)
    if not rows:
        return [np.zeros(0, dtype=_DTYPE[kind]) for kind in kinds]
    values = list(zip(*rows, strict=True))
    return [_array(column, kind) for column, kind in zip(values, kinds, strict=True)]


def _array(values: tuple, kind: Kind) -> np.ndarray:
    if kind == "days":
        return np.fromiter(((day - EPOCH).days for day in values), dtype=np.int64, count=len(values))
    if kind == "seconds":
        return np.fromiter((math.floor(moment.timestamp()) for moment in values), dtype=np.int64, count=len(values))
    return np.array(values, dtype=_DTYPE[kind])


def _copy_columns(connection, queryset, kinds: Sequence[Kind]) -> list[np.ndarray]:
    sql, params = queryset.query.sql_with_params()
    names = [f"c{i}" for i in range(len(kinds))]
    select = ", ".join(_CAST[kind].format(name) for name, kind in zip(names, kinds, strict=True))
    statement = f"COPY (SELECT {select} FROM ({sql}) AS q ({', '.join(names)})) TO STDOUT (FORMAT BINARY)"
    connection.ensure_connection()
    started = time.monotonic()
    with connection.connection.cursor() as cursor, cursor.copy(statement, params) as copy:
        data = b"".join(bytes(chunk) for chunk in copy)
    if connection.queries_logged:  # as Django's debug cursor would, so query counts and logs see it
        connection.queries_log.append({"sql": statement, "time": f"{time.monotonic() - started:.3f}"})
    if not data.startswith(_HEADER) or not data.endswith(_TRAILER):
        raise ValueError("unexpected COPY BINARY framing")
    # every row: a 2-byte field count, then per field a 4-byte length and 8 bytes (all casts are 8 bytes wide)
    fields = [("count", ">i2")]
    for name, kind in zip(names, kinds, strict=True):
        fields += [(f"{name}_length", ">i4"), (name, ">f8" if kind == "float" else ">i8")]
    row = np.dtype(fields)
    body = len(data) - len(_HEADER) - len(_TRAILER)
    if body % row.itemsize:
        raise ValueError("a NULL or a column of another width in a COPY BINARY read")
    rows = np.frombuffer(data, dtype=row, offset=len(_HEADER), count=body // row.itemsize)
    if (rows["count"] != len(kinds)).any() or any((rows[f"{name}_length"] != 8).any() for name in names):
        raise ValueError("a NULL or a column of another width in a COPY BINARY read")
    return [rows[name].astype(_DTYPE[kind]) for name, kind in zip(names, kinds, strict=True)]
