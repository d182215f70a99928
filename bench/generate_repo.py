#!/usr/bin/env python3
"""Generates a deterministic config repository for benchmarks: thousands of files across every dialect.

    bench/generate_repo.py OUT_DIR [--total-mb 100] [--seed 1]

The same arguments always produce byte-identical files (a seeded PRNG, no clock, sorted output), so runs
can be compared across machines and commits. Files are realistic: the shapes found in the research
corpus, with varied names, values and sizes, a few deliberate mistakes, and no parse errors.
"""
import argparse
import os
import random


def redis_conf(rng, i):
    lines = [f"# instance {i}", f"port {6379 + i % 1000}", "bind 127.0.0.1 -::1", "protected-mode yes",
             f"maxmemory {rng.choice([64, 128, 256, 512, 1024, 2048])}mb",
             f"maxmemory-policy {rng.choice(['allkeys-lru', 'allkeys-lfu', 'volatile-lru', 'noeviction'])}",
             f"maxmemory-samples {rng.randint(3, 10)}", "appendonly no", 'save ""',
             f"timeout {rng.choice([0, 300, 600])}", "tcp-keepalive 300", f"databases {rng.randint(1, 16)}",
             f"requirepass {''.join(rng.choice('abcdefghijkmnpqrstuvwxyz23456789') for _ in range(24))}"]
    for k in range(rng.randint(20, 120)):
        lines.append(f"# tuning note {k}: " + " ".join(rng.choice(["latency", "eviction", "keys", "memory", "replica"]) for _ in range(8)))
        lines.append(f"hz {rng.randint(1, 50)}")
        lines.append(f"client-output-buffer-limit pubsub {rng.randint(8, 64)}mb {rng.randint(1, 8)}mb 60")
    return "\n".join(lines) + "\n"


def nginx_conf(rng, i):
    out = ["user www-data;", "worker_processes auto;", "events { worker_connections 1024; }", "http {",
           f"    proxy_cache_path /var/cache/nginx/c{i} levels=1:2 keys_zone=zone{i}:10m max_size=1g inactive=60m use_temp_path=off;",
           "    proxy_cache_key $scheme$request_method$host$request_uri;"]
    for s in range(rng.randint(3, 25)):
        out += ["    server {", f"        listen {8000 + s};", f"        server_name site{i}-{s}.example.com;"]
        for l in range(rng.randint(2, 12)):
            out += [f"        location /app{l}/ {{", f"            proxy_pass http://127.0.0.1:{9000 + l};",
                    f"            proxy_cache zone{i};", f"            proxy_cache_valid 200 302 {rng.randint(1, 60)}m;",
                    "            proxy_cache_use_stale error timeout updating http_500 http_502 http_503 http_504;",
                    "            proxy_cache_lock on;", "            proxy_cache_background_update on;",
                    '            add_header X-Cache-Status $upstream_cache_status always;', "        }"]
        out.append("    }")
    out.append("}")
    return "\n".join(out) + "\n"


def vcl(rng, i):
    out = ["vcl 4.1;", "import std;", "", "backend default {", '    .host = "127.0.0.1";', f'    .port = "{8080 + i % 100}";', "}",
           "", "acl purge { \"localhost\"; \"127.0.0.1\"; }", "", "sub vcl_recv {",
           "    if (req.method == \"PURGE\") {", "        if (!client.ip ~ purge) { return (synth(405, \"Not allowed\")); }",
           "        return (purge);", "    }"]
    for k in range(rng.randint(5, 60)):
        out += [f'    if (req.url ~ "^/static{k}/") {{', "        unset req.http.Cookie;", "    }"]
    out += ["}", "", "sub vcl_backend_response {", f"    set beresp.grace = {rng.randint(1, 24)}h;"]
    for k in range(rng.randint(2, 20)):
        out += [f'    if (bereq.url ~ "\\.(css|js|png{k})$") {{', f"        set beresp.ttl = {rng.randint(1, 48)}h;", "    }"]
    out.append("}")
    return "\n".join(out) + "\n"


def apache_conf(rng, i):
    out = ["LoadModule cache_module modules/mod_cache.so", "LoadModule cache_disk_module modules/mod_cache_disk.so",
           "<IfModule mod_cache.c>", "    CacheQuickHandler off", "    CacheLock on", "    CacheIgnoreHeaders Set-Cookie", "</IfModule>"]
    for v in range(rng.randint(2, 20)):
        out += [f"<VirtualHost *:{8000 + v}>", f"    ServerName site{i}-{v}.example.com", f"    DocumentRoot /srv/www/site{v}",
                "    CacheEnable disk /static/", f"    CacheDefaultExpire {rng.randint(60, 86400)}",
                f"    <Directory /srv/www/site{v}>", "        Require all granted", "    </Directory>", "</VirtualHost>"]
    return "\n".join(out) + "\n"


def haproxy_cfg(rng, i):
    out = ["global", "    maxconn 4096", "", "defaults", "    mode http", "    timeout connect 5s", "    timeout client 30s",
           "    timeout server 30s", "", "cache static", f"    total-max-size {rng.choice([64, 128, 256])}",
           "    max-object-size 1048576", f"    max-age {rng.randint(60, 3600)}", ""]
    for f in range(rng.randint(1, 10)):
        out += [f"frontend fe{f}", f"    bind 127.0.0.1:{8000 + f}", f"    default_backend be{f}", "", f"backend be{f}",
                "    http-request cache-use static", "    http-response cache-store static",
                f"    server s{f} 127.0.0.1:{9000 + f} check", ""]
    return "\n".join(out)


def memcached_conf(rng, i):
    return "\n".join(["# memcached default config", "-d", "logfile /var/log/memcached.log",
                      f"-m {rng.choice([64, 256, 1024, 4096])}", f"-p {11211 + i % 100}", "-u memcache",
                      "-l 127.0.0.1", f"-c {rng.choice([1024, 4096])}", f"-t {rng.randint(2, 8)}"]) + "\n"


KINDS = [("redis", "redis.conf", redis_conf), ("nginx", "nginx.conf", nginx_conf), ("varnish", "default.vcl", vcl),
         ("apache", "httpd.conf", apache_conf), ("haproxy", "haproxy.cfg", haproxy_cfg),
         ("memcached", "memcached.conf", memcached_conf)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--total-mb", type=float, default=100.0)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    budget = int(args.total_mb * 1024 * 1024)
    written = files = 0
    i = 0
    while written < budget:
        dialect, name, make = KINDS[i % len(KINDS)]
        text = make(rng, i)
        path = os.path.join(args.out, dialect, f"svc{i // len(KINDS):05d}", name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", newline="\n") as f:
            f.write(text)
        written += len(text.encode())
        files += 1
        i += 1
    print(f"{files} files, {written} bytes in {args.out}")


if __name__ == "__main__":
    main()
