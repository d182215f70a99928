from redis import Redis

cache = Redis.from_url("redis://cache:6379/0")


def cached(key, ttl, compute):
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.setex(key, ttl, value)
    return value
