#!/usr/bin/env python3
"""Generates a deterministic config repository for benchmarks: thousands of files across every dialect.

    bench/generate_repo.py OUT_DIR [--total-mb 100] [--seed 1] [--only DIALECT] [--min-kb N]

The same arguments always produce byte-identical files (a seeded PRNG, no clock, sorted output), so runs
can be compared across machines and commits. Files follow the shapes of the research corpus
(../shared/corpus): stock comment blocks, one directive per setting, virtual hosts and locations, VCL
methods with a handful of URL tests. Most files are well configured; about one in twenty carries one
deliberate, non-fatal mistake (so findings and the reporting path are exercised too). No file makes its
server refuse the configuration: bench/run.sh checks that no finding of a rule tagged `fatal` appears.

--only DIALECT writes that dialect alone; --min-kb N makes every file at least N KiB (for parse-throughput
runs on large files).
"""
import argparse
import os
import random

WORDS = ("the server memory cache keys clients eviction latency replica connections request response "
         "backend upstream timeout buffer policy default value limit this that when which every only not "
         "set use may will should data disk write read file log load start stop reload restart port").split()


def sentence(rng, n=None):
    n = n or rng.randint(6, 14)
    w = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(w).capitalize() + "."


def paragraph(rng, prefix="# ", lines=None):
    return [prefix + sentence(rng) for _ in range(lines or rng.randint(2, 6))]


def mistake(rng):
    return rng.random() < 0.05


# ---- redis: the stock redis.conf layout, one directive per setting, long comment blocks --------------
def redis_conf(rng, i, min_bytes):
    policy = rng.choice(["allkeys-lru", "allkeys-lfu", "allkeys-lru"] if not mistake(rng) else ["noeviction"])
    sections = [
        ["bind 127.0.0.1 -::1", "protected-mode yes", f"port {6379 + i % 1000}", "tcp-backlog 511",
         f"timeout {rng.choice([0, 300, 600])}", "tcp-keepalive 300"],
        ["daemonize no", "supervised auto", f"pidfile /var/run/redis/redis-server-{i}.pid", "loglevel notice",
         f"logfile /var/log/redis/redis-server-{i}.log", f"databases {rng.randint(1, 16)}", "always-show-logo no"],
        ['save ""', "stop-writes-on-bgsave-error yes", "rdbcompression yes", "rdbchecksum yes",
         f"dbfilename dump-{i}.rdb", "dir /var/lib/redis"],
        [f"requirepass {''.join(rng.choice('abcdefghijkmnpqrstuvwxyz23456789') for _ in range(32))}",
         'rename-command FLUSHALL ""', 'rename-command DEBUG ""'],
        [f"maxclients {rng.choice([1000, 4064, 10000])}"],
        [f"maxmemory {rng.choice([64, 128, 256, 512, 1024, 2048])}mb", f"maxmemory-policy {policy}",
         f"maxmemory-samples {rng.randint(5, 10)}"],
        ["lazyfree-lazy-eviction yes", "lazyfree-lazy-expire yes", "lazyfree-lazy-server-del yes", "replica-lazy-flush yes"],
        ["appendonly no", 'appendfilename "appendonly.aof"', "appendfsync everysec"],
        ["slowlog-log-slower-than 10000", "slowlog-max-len 128", "latency-monitor-threshold 0"],
        ["client-output-buffer-limit normal 0 0 0", "client-output-buffer-limit replica 256mb 64mb 60",
         f"client-output-buffer-limit pubsub {rng.randint(8, 64)}mb {rng.randint(1, 8)}mb 60",
         f"hz {rng.choice([10, 10, 20])}", "dynamic-hz yes"],
        ["activerehashing yes", "jemalloc-bg-thread yes"],
    ]
    out = ["# Redis configuration file example.", "#", f"# instance {i}", "#"]
    for sec in sections:
        out.append("")
        out.append("################################## " + rng.choice(WORDS).upper() + " ##################################")
        for d in sec:
            out.append("")
            out += paragraph(rng)
            if rng.random() < 0.3:
                out.append("# " + d.split(" ")[0] + " " + rng.choice(["yes", "no", "0", "100"]))  # a commented-out alternative
                out.append("")
            out.append(d)
    size = sum(len(l) + 1 for l in out)
    while size < min_bytes or rng.random() < 0.6:  # stock redis.conf is ~100 KiB, mostly comments
        out.append("")
        block = paragraph(rng, lines=rng.randint(4, 20))
        out += block
        size += sum(len(l) + 1 for l in block) + 1
        if size > 110 * 1024 and size >= min_bytes:
            break
    return "\n".join(out) + "\n"


# ---- nginx: a main nginx.conf with an http block, upstreams, servers and cached locations -------------
def nginx_conf(rng, i, min_bytes):
    out = ["user www-data;", "worker_processes auto;", "pid /run/nginx.pid;", "", "events {",
           "    worker_connections 1024;", "}", "", "http {", "    sendfile on;", "    tcp_nopush on;",
           "    types_hash_max_size 2048;", "    default_type application/octet-stream;",
           "    access_log /var/log/nginx/access.log;", "    error_log /var/log/nginx/error.log;",
           "    gzip on;", "    gzip_types text/plain text/css application/json application/javascript;", "",
           f"    proxy_cache_path /var/cache/nginx/c{i} levels=1:2 keys_zone=zone{i}:10m max_size=1g inactive=60m use_temp_path=off;",
           "    proxy_cache_key $scheme$request_method$host$request_uri;", ""]
    n_up = rng.randint(1, 4)
    for u in range(n_up):
        out += [f"    upstream app{u} {{"] + [f"        server 127.0.0.1:{9000 + u * 10 + k};" for k in range(rng.randint(1, 4))] + \
               ["        keepalive 16;", "    }", ""]
    servers = rng.randint(2, 12)
    bad = mistake(rng)
    s = 0
    while s < servers or sum(len(l) + 1 for l in out) < min_bytes:
        out += ["    server {", f"        listen {8000 + s % 1000};", f"        server_name site{i}-{s}.example.com;",
                f"        root /srv/www/site{i}-{s};", "", "        # " + sentence(rng)]
        for l in range(rng.randint(2, 10)):
            up = rng.randrange(n_up)
            out += [f"        location /app{l}/ {{", f"            proxy_pass http://app{up};",
                    "            proxy_http_version 1.1;", '            proxy_set_header Connection "";',
                    "            proxy_set_header Host $host;"]
            if rng.random() < 0.7:
                out += [f"            proxy_cache zone{i};", f"            proxy_cache_valid 200 302 {rng.randint(1, 60)}m;",
                        "            proxy_cache_valid 404 1m;",
                        "            proxy_cache_use_stale error timeout updating http_500 http_502 http_503 http_504;",
                        "            proxy_cache_lock on;", "            proxy_cache_background_update on;",
                        "            add_header X-Cache-Status $upstream_cache_status always;"]
                if bad and l == 0:
                    out.append("            proxy_ignore_headers Cache-Control Expires Set-Cookie;")
            out.append("        }")
        out += ["        location /static/ {", "            expires 7d;", "            access_log off;",
                "        }", "    }", ""]
        s += 1
    out.append("}")
    return "\n".join(out) + "\n"


# ---- varnish: a default.vcl with ACL-guarded purges, cookie handling and TTL rules --------------------
def vcl(rng, i, min_bytes):
    out = ["vcl 4.1;", "", "import std;", "", "backend default {", '    .host = "127.0.0.1";', f'    .port = "{8080 + i % 100}";',
           '    .probe = { .url = "/healthz"; .interval = 5s; .timeout = 1s; .window = 5; .threshold = 3; }', "}",
           "", 'acl purge { "localhost"; "127.0.0.1"; }', "", "sub vcl_recv {",
           '    if (req.method == "PURGE") {', '        if (!client.ip ~ purge) { return (synth(405, "Not allowed")); }',
           "        return (purge);", "    }",
           '    if (req.method != "GET" && req.method != "HEAD") { return (pass); }',
           "    if (req.http.Authorization) { return (pass); }"]
    for k in range(rng.randint(3, 10)):
        out += [f"    # {sentence(rng)}", f'    if (req.url ~ "^/static{k}/") {{', "        unset req.http.Cookie;", "    }"]
    out += ['    if (req.http.Cookie ~ "(session|wordpress_logged_in)") { return (pass); }', "}", "",
            "sub vcl_backend_response {", f"    set beresp.grace = {rng.randint(1, 24)}h;"]
    if not mistake(rng):
        out += ["    if (beresp.status >= 500 && bereq.is_bgfetch) {", "        return (abandon);", "    }"]
    for k in range(rng.randint(2, 8)):
        out += [f'    if (bereq.url ~ "\\.(css|js|png{k})$") {{', "        unset beresp.http.Set-Cookie;",
                f"        set beresp.ttl = {rng.randint(1, 48)}h;", "    }"]
    out.append("}")
    out += ["", "sub vcl_deliver {", "    if (obj.hits > 0) {", '        set resp.http.X-Cache = "HIT";', "    } else {",
            '        set resp.http.X-Cache = "MISS";', "    }", "}"]
    n = 0
    while sum(len(l) + 1 for l in out) < min_bytes:  # helper subs, as large VCLs split their logic
        out += ["", f"sub normalize_{n} {{", f"    # {sentence(rng)}"]
        for k in range(10):
            out += [f'    if (req.http.X-Variant-{k} ~ "^(a|b|c){n}") {{', f'        set req.http.X-Variant-{k} = "v{n}";',
                    "    } else {", f"        unset req.http.X-Variant-{k};", "    }"]
        out.append("}")
        n += 1
    if n:  # varnishd refuses unused subs; a second vcl_recv is appended to the first, as varnishd does
        out += ["", "sub vcl_recv {"] + [f"    call normalize_{k};" for k in range(n)] + ["}"]
    return "\n".join(out) + "\n"


# ---- apache: a Debian-style apache2.conf with mod_cache and virtual hosts ----------------------------
def apache_conf(rng, i, min_bytes):
    out = ["# " + sentence(rng), "ServerRoot /etc/apache2", "DefaultRuntimeDir /var/run/apache2",
           "PidFile /var/run/apache2/apache2.pid", "Timeout 300", "KeepAlive On", "",
           "LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so",
           "LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so",
           "LoadModule dir_module /usr/lib/apache2/modules/mod_dir.so",
           "LoadModule mime_module /usr/lib/apache2/modules/mod_mime.so",
           "LoadModule cache_module /usr/lib/apache2/modules/mod_cache.so",
           "LoadModule cache_disk_module /usr/lib/apache2/modules/mod_cache_disk.so", "",
           "Listen 80", "User www-data", "Group www-data", "ErrorLog /var/log/apache2/error.log", "LogLevel warn", "",
           "<Directory />", "    Options FollowSymLinks", "    AllowOverride None", "    Require all denied", "</Directory>", "",
           "<IfModule mod_cache.c>", "    CacheQuickHandler off", "    CacheLock on", "    CacheIgnoreHeaders Set-Cookie",
           "</IfModule>", "<IfModule mod_cache_disk.c>", f"    CacheRoot /var/cache/apache2/mod_cache_disk/{i}",
           "    CacheDirLevels 2", "    CacheDirLength 1", "</IfModule>", ""]
    v = 0
    hosts = rng.randint(2, 20)
    while v < hosts or sum(len(l) + 1 for l in out) < min_bytes:
        out += [f"<VirtualHost *:{8000 + v % 1000}>", f"    # {sentence(rng)}", f"    ServerName site{i}-{v}.example.com",
                f"    DocumentRoot /srv/www/site{v}", "    CacheEnable disk /static/",
                f"    CacheDefaultExpire {rng.randint(60, 86400)}", f"    <Directory /srv/www/site{v}>",
                "        Options -Indexes", "        Require all granted", "    </Directory>", "</VirtualHost>", ""]
        v += 1
    return "\n".join(out) + "\n"


# ---- haproxy: global/defaults, one cache section, frontends and cached backends ----------------------
def haproxy_cfg(rng, i, min_bytes):
    out = ["global", "    log /dev/log local0", "    maxconn 4096", "    user haproxy", "    group haproxy", "",
           "defaults", "    mode http", "    log global", "    option httplog", "    timeout connect 5s",
           "    timeout client 30s", "    timeout server 30s", "", "cache static",
           f"    total-max-size {rng.choice([64, 128, 256])}", "    max-object-size 1048576",
           f"    max-age {rng.randint(60, 3600)}", ""]
    f = 0
    n = rng.randint(1, 10)
    bad = mistake(rng)
    while f < n or sum(len(l) + 1 for l in out) < min_bytes:
        store = "    http-response cache-store static" + ("" if bad and f == 0 else " if !{ res.hdr(set-cookie) -m found }")
        out += [f"frontend fe{f}", f"    bind 127.0.0.1:{8000 + f % 1000}", f"    default_backend be{f}", "",
                f"backend be{f}", "    # " + sentence(rng), "    http-request cache-use static", store,
                f"    server s{f} 127.0.0.1:{9000 + f % 1000} check", ""]
        f += 1
    return "\n".join(out)


# ---- memcached: the Debian /etc/memcached.conf --------------------------------------------------------
def memcached_conf(rng, i, min_bytes):
    out = ["# memcached default config file", "# 2003 - Jay Bonci <jaybonci@debian.org>",
           "# This configuration file is read by the start-memcached script provided as",
           "# part of the Debian GNU/Linux distribution.", "", "# Run memcached as a daemon.", "-d", "",
           "# Log memcached's output to /var/log/memcached", "logfile /var/log/memcached.log", "", "# Be verbose", "# -v", "",
           "# Start with a cap of 64 megs of memory. It's reasonable, and the daemon default",
           f"-m {rng.choice([64, 256, 1024, 4096])}", "", "# Default connection port is 11211", f"-p {11211 + i % 100}", "",
           "# Run the daemon as memcache", "-u memcache", "",
           "# Specify which IP address to listen on.", "-l 127.0.0.1", "",
           "# Limit the number of simultaneous incoming connections.", f"-c {rng.choice([1024, 4096])}", "",
           "# Number of threads", f"-t {rng.randint(2, 8)}", "", "# Use a pidfile", "-P /var/run/memcached/memcached.pid"]
    while sum(len(l) + 1 for l in out) < min_bytes:
        out += [""] + paragraph(rng, "# ", 20)
    return "\n".join(out) + "\n"


# ---- YAML: compose projects, Kubernetes manifests, Helm values, and YAML that holds no cache setting ---------
def compose_yaml(rng, i, min_bytes):
    mem = rng.choice([256, 512, 1024])
    maxmem = mem // 2 if not mistake(rng) else mem * 2
    out = ["services:",
           "  web:", f"    image: example/web:{rng.randint(1, 9)}.{rng.randint(0, 20)}",
           "    environment:", "      REDIS_URL: redis://cache:6379/0", "      CACHE_URL: memcached://memcached:11211",
           "    ports:", f"      - \"{8000 + i % 1000}:8000\"",
           "    depends_on: [cache, memcached]",
           "  cache:", "    image: redis:7.2",
           f"    command: redis-server --maxmemory {maxmem}mb --maxmemory-policy allkeys-lru --save \"\"",
           f"    mem_limit: {mem}m",
           "  memcached:", "    image: memcached:1.6",
           f"    command: [\"memcached\", \"-m\", \"{mem // 2}\", \"-l\", \"0.0.0.0\"]",
           f"    mem_limit: {mem}m",
           "  varnish:", "    image: varnish:7.4",
           "    environment:", f"      VARNISH_SIZE: {mem // 2}M",
           f"    mem_limit: {mem}m"]
    while sum(len(l) + 1 for l in out) < min_bytes:
        out += paragraph(rng, "# ", 4)
    return "\n".join(out) + "\n"


def k8s_yaml(rng, i, min_bytes):
    mem = rng.choice([256, 512, 1024])
    out = ["apiVersion: v1", "kind: ConfigMap", "metadata:", f"  name: redis-{i}", "data:", "  redis.conf: |",
           f"    maxmemory {mem // 2}mb", "    maxmemory-policy allkeys-lru", "    lazyfree-lazy-eviction yes",
           "    lazyfree-lazy-expire yes", '    save ""', "    appendonly no",
           "---", "apiVersion: apps/v1", "kind: Deployment", "metadata:", f"  name: redis-{i}",
           "spec:", "  replicas: 1", "  selector:", "    matchLabels:", f"      app: redis-{i}",
           "  template:", "    metadata:", "      labels:", f"        app: redis-{i}", "    spec:", "      containers:",
           "        - name: redis", "          image: redis:7.2", "          args: [\"/etc/redis/redis.conf\"]",
           "          resources:", "            limits:", f"              memory: {mem}Mi",
           "          volumeMounts:", "            - name: config", "              mountPath: /etc/redis",
           "      volumes:", "        - name: config", "          configMap:", f"            name: redis-{i}",
           "---", "apiVersion: networking.k8s.io/v1", "kind: Ingress", "metadata:", f"  name: web-{i}",
           "  annotations:", "    nginx.ingress.kubernetes.io/configuration-snippet: |",
           "      add_header X-Cache-Status $upstream_cache_status;",
           "spec:", "  rules:", f"    - host: web{i}.example.com"]
    while sum(len(l) + 1 for l in out) < min_bytes:
        out += paragraph(rng, "# ", 4)
    return "\n".join(out) + "\n"


def helm_values(rng, i, min_bytes):
    out = ["# Default values for the chart.", "replicaCount: 1", "image:", "  repository: example/app", "  tag: \"\"",
           "redis:", "  architecture: standalone", "  auth:", "    enabled: true", "  commonConfiguration: |-",
           "    maxmemory 200mb", "    maxmemory-policy allkeys-lru", '    save ""', "  master:", "    resources:",
           "      limits:", "        memory: 512Mi", "service:", "  type: ClusterIP", "  port: 80",
           "ingress:", "  enabled: false", "resources: {}", "nodeSelector: {}", "tolerations: []", "affinity: {}"]
    while sum(len(l) + 1 for l in out) < min_bytes:
        out += paragraph(rng, "# ", 4)
    return "\n".join(out) + "\n"


def other_yaml(rng, i, min_bytes):
    # CI workflows, OpenAPI documents, Ansible variables: YAML with no cache setting (rejected from the first keys).
    kind = i % 3
    if kind == 0:
        out = [f"name: ci-{i}", "on:", "  push:", "    branches: [main]", "jobs:", "  build:", "    runs-on: ubuntu-latest",
               "    steps:", "      - uses: actions/checkout@v4"]
        for k in range(rng.randint(10, 40)):
            out += [f"      - name: step {k}", f"        run: make target-{k} && {sentence(rng).lower()}"]
    elif kind == 1:
        out = ["openapi: 3.0.0", "info:", f"  title: api {i}", "  version: 1.0.0", "paths:"]
        for k in range(rng.randint(10, 60)):
            out += [f"  /items/{k}:", "    get:", f"      summary: {sentence(rng)}", "      responses:",
                    "        '200':", "          description: ok"]
    else:
        out = ["---", f"app_name: app{i}", "app_user: deploy"]
        for k in range(rng.randint(20, 120)):
            out.append(f"setting_{k}: {rng.choice(WORDS)}-{rng.randint(1, 999)}")
    while sum(len(l) + 1 for l in out) < min_bytes:
        out += paragraph(rng, "# ", 4)
    return "\n".join(out) + "\n"


# ---- a whole repository: templates and files that are not configuration --------------------------------
def jinja_tpl(rng, i, min_bytes):
    return redis_conf(rng, i, min_bytes).replace("maxmemory-samples", "maxmemory-samples {{ redis_samples | default(5) }}\n# samples")


def erb_tpl(rng, i, min_bytes):
    return memcached_conf(rng, i, min_bytes).replace("-u memcache", "-u <%= @user %>")


def go_tpl(rng, i, min_bytes):
    return nginx_conf(rng, i, min_bytes).replace("worker_processes", "# {{ .Comment }}\nworker_processes", 1)


def tf_tpl(rng, i, min_bytes):
    return haproxy_cfg(rng, i, min_bytes).replace("maxconn", "maxconn ${maxconn}\n    # maxconn", 1)


def markdown(rng, i, min_bytes):
    out = [f"# Service {i}", ""]
    for k in range(rng.randint(5, 30)):
        out += [f"## Section {k}", ""] + [sentence(rng) for _ in range(rng.randint(2, 8))] + [""]
    return "\n".join(out) + "\n"


def json_doc(rng, i, min_bytes):
    items = ",\n".join(f'    {{"id": {k}, "name": "{rng.choice(WORDS)}", "value": {rng.randint(0, 10**6)}}}'
                        for k in range(rng.randint(20, 200)))
    return "{\n  \"items\": [\n" + items + "\n  ]\n}\n"


def shell_script(rng, i, min_bytes):
    out = ["#!/bin/sh", "set -eu"]
    for k in range(rng.randint(10, 60)):
        out.append(f"echo \"{sentence(rng)}\" && test -f /tmp/f{k} || touch /tmp/f{k}")
    return "\n".join(out) + "\n"


def source_code(rng, i, min_bytes):
    out = ["import os", "", ""]
    for k in range(rng.randint(10, 80)):
        out += [f"def handler_{k}(request):", f"    \"\"\"{sentence(rng)}\"\"\"",
                f"    return {{'status': {rng.choice([200, 201, 404])}, 'key': '{rng.choice(WORDS)}'}}", ""]
    return "\n".join(out) + "\n"


def png_image(rng, i, min_bytes):
    # A PNG signature and random bytes (written as Latin-1, one byte per character).
    n = rng.randint(4096, 65536)
    return "\x89PNG\r\n\x1a\n" + "".join(chr(rng.randrange(256)) for _ in range(n))


KINDS = [("redis", "redis.conf", redis_conf), ("nginx", "nginx.conf", nginx_conf), ("varnish", "default.vcl", vcl),
         ("apache", "apache2.conf", apache_conf), ("haproxy", "haproxy.cfg", haproxy_cfg),
         ("memcached", "memcached.conf", memcached_conf)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--total-mb", type=float, default=100.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", choices=[k[0] for k in KINDS])
    ap.add_argument("--min-kb", type=int, default=0)
    ap.add_argument("--mix", choices=["configs", "yaml", "repo"], default="configs",
                    help="yaml: half the bytes are YAML (compose, Kubernetes, Helm values, other YAML); "
                         "repo: configurations, templates and files that are not configuration")
    args = ap.parse_args()
    kinds = [k for k in KINDS if not args.only or k[0] == args.only]
    if args.mix == "yaml":  # each YAML kind once per configuration pair: about half of the bytes
        kinds = [KINDS[0], ("compose", "docker-compose.yml", compose_yaml), KINDS[1], ("kubernetes", "redis.yaml", k8s_yaml),
                 KINDS[2], ("helm", "values.yaml", helm_values), KINDS[3], ("yaml", "workflow.yaml", other_yaml),
                 KINDS[4], ("yaml", "openapi.yaml", other_yaml), KINDS[5], ("yaml", "vars.yml", other_yaml),
                 ("compose", "compose.yaml", compose_yaml), ("kubernetes", "deploy.yaml", k8s_yaml)]
    elif args.mix == "repo":  # a service repository: source, docs, data and images beside its configurations
        kinds = KINDS + [("templates", "redis.conf.j2", jinja_tpl), ("templates", "memcached.conf.erb", erb_tpl),
                         ("templates", "nginx.conf.tmpl", go_tpl), ("templates", "haproxy.cfg.tftpl", tf_tpl),
                         ("compose", "docker-compose.yml", compose_yaml), ("kubernetes", "redis.yaml", k8s_yaml),
                         ("docs", "README.md", markdown), ("docs", "CHANGES.md", markdown), ("data", "fixtures.json", json_doc),
                         ("data", "package.json", json_doc), ("scripts", "deploy.sh", shell_script),
                         ("docs", "install.md", markdown), ("data", "schema.json", json_doc), ("scripts", "backup.sh", shell_script),
                         ("src", "handlers.py", source_code), ("src", "views.py", source_code), ("src", "models.py", source_code),
                         ("src", "forms.py", source_code), ("src", "tasks.py", source_code), ("src", "utils.py", source_code),
                         ("assets", "logo.png", png_image), ("assets", "banner.png", png_image)]
    rng = random.Random(args.seed)
    budget = int(args.total_mb * 1024 * 1024)
    written = files = 0
    i = 0
    while written < budget:
        dialect, name, make = kinds[i % len(kinds)]
        text = make(rng, i, args.min_kb * 1024)
        path = os.path.join(args.out, dialect, f"svc{i // len(kinds):05d}", name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        data = text.encode("latin-1") if name.endswith(".png") else text.encode()
        with open(path, "wb") as f:
            f.write(data)
        written += len(data)
        files += 1
        i += 1
    print(f"{files} files, {written} bytes in {args.out}")


if __name__ == "__main__":
    main()
