"""Reproducible timestamps: ``SOURCE_DATE_EPOCH`` when set, else a date of the data."""

from __future__ import annotations

import datetime as dt
import os

__all__ = ["source_date_epoch", "source_datetime"]


def source_date_epoch(fallback: dt.date) -> int:
    """Seconds since 1970 from ``SOURCE_DATE_EPOCH``, else midnight UTC of ``fallback``."""
    env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if env.isdigit():
        return int(env)
    return int(dt.datetime(fallback.year, fallback.month, fallback.day, tzinfo=dt.UTC).timestamp())


def source_datetime(fallback: dt.datetime) -> dt.datetime:
    """A naive UTC datetime from ``SOURCE_DATE_EPOCH``, else ``fallback``."""
    env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if env.isdigit():
        try:
            return dt.datetime.fromtimestamp(int(env), tz=dt.UTC).replace(tzinfo=None)
        except (OverflowError, OSError, ValueError):
            return fallback
    return fallback
