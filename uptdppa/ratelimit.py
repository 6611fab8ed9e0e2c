"""Per-user request counts in the cache (Redis in production, shared by every worker).

A sliding window estimated from two fixed windows: the count of the current window plus the
previous window's count weighted by how much of it still lies within the last ``window``
seconds. Unlike one fixed window it lets no burst of twice the limit through across a window
boundary, and unlike a list of timestamps it is two keys and one atomic INCR per request, so
parallel requests cannot slip past the limit together. Refused requests are counted too: a
client that keeps hammering stays refused until it pauses.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.cache import cache


def now() -> float:
    """The clock (a function, so that tests can stop it)."""
    return time.time()


@dataclass(frozen=True)
class RateCount:
    count: int  # requests within the last window, this one included (estimated)
    window: int  # the number of the current fixed window: a key for "once per window"
    retry_after: int  # seconds until the current fixed window ends


def rate_count(*, scope: str, ident: object, window_seconds: int) -> RateCount:
    """Count one request of ``ident`` (a user id) in ``scope`` and return the running count."""
    moment = now()
    window = int(moment // window_seconds)
    key = f"rate:{scope}:{ident}:{window}"
    # Kept for two windows: the next window weighs this one's count.
    cache.add(key, 0, timeout=2 * window_seconds)
    try:
        current = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=2 * window_seconds)
        current = 1
    previous = cache.get(f"rate:{scope}:{ident}:{window - 1}", 0)
    elapsed = (moment % window_seconds) / window_seconds
    estimate = current + int(previous * (1 - elapsed))
    retry_after = max(1, int(window_seconds - moment % window_seconds))
    return RateCount(count=estimate, window=window, retry_after=retry_after)
