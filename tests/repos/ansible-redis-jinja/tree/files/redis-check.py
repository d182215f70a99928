#!/usr/bin/env python3
"""Exit 1 when the cache is above 90% of maxmemory."""
import redis

r = redis.Redis(host="127.0.0.1", port=6379)
info = r.info("memory")
if info["maxmemory"] and info["used_memory"] > 0.9 * info["maxmemory"]:
    raise SystemExit(1)
