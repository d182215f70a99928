#!/usr/bin/env python3
"""Times cachelint beside `nginx -t` on the nginx main configurations of the research corpus.

    bench/nginx_compare.py CACHELINT_BINARY [--shared ../shared] [--runs 5]

Each main configuration listed in corpus/ENTRYPOINTS.tsv is staged in a temp dir the way
tests/nginx/test_nginx.cpp does it (cache and /etc/nginx paths moved inside the temp dir, no `user`
switch, the distro's mime.types & co. copied beside it), then both tools run on the staged copy, one
process per configuration, and the best of --runs wall times is kept for each. nginx -t is the tool a
user would otherwise run; it also resolves host names, opens log files and creates cache directories,
so part of its time is environment work that a static checker does not do.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time


def stage(src_dir, tmp):
    t = os.path.join(tmp, "t")
    shutil.copytree(src_dir, t, symlinks=True)
    for root, _, files in os.walk(t):
        for name in files:
            p = os.path.join(root, name)
            if os.path.islink(p):
                continue
            with open(p, "rb") as f:
                s = f.read().decode("latin-1")
            o = s
            s = s.replace("/var/cache/", tmp + "/var/cache/").replace("/etc/nginx/", t + "/")
            s = re.sub(r"(^|\n)(\s*)user\s+[^;\n]*;", r"\1\2# user (not switching users);", s)
            if s != o:
                with open(p, "wb") as f:
                    f.write(s.encode("latin-1"))
    os.makedirs(os.path.join(tmp, "var/cache/nginx"), exist_ok=True)
    for shipped in ["mime.types", "fastcgi_params", "fastcgi.conf", "uwsgi_params", "scgi_params", "proxy_params"]:
        if not os.path.exists(os.path.join(t, shipped)) and os.path.exists("/etc/nginx/" + shipped):
            shutil.copy("/etc/nginx/" + shipped, os.path.join(t, shipped))
    return t


def best(cmd, runs, cwd):
    times = []
    rc = None
    for _ in range(runs):
        t0 = time.perf_counter()
        r = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
        rc = r.returncode
    return min(times), rc


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("cachelint")
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(nginx):
        print("nginx is not installed: nothing to compare")
        return 0
    corpus = os.path.join(args.shared, "corpus")
    mains = []
    with open(os.path.join(corpus, "ENTRYPOINTS.tsv")) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 3 and parts[1] == "nginx" and parts[2] == "main":
                mains.append(parts[0])
    cachelint = os.path.abspath(args.cachelint)
    rows = []
    for rel in mains:
        src = os.path.join(corpus, rel)
        tmp = tempfile.mkdtemp(prefix="cl-ngx-")
        try:
            t = stage(os.path.dirname(src), tmp)
            conf = os.path.join(t, os.path.basename(src))
            size = sum(os.path.getsize(os.path.join(r, n)) for r, _, fs in os.walk(t) for n in fs)
            tn, rcn = best([nginx, "-t", "-q", "-p", tmp + "/", "-c", conf, "-g", "error_log stderr;"], args.runs, t)
            tc, rcc = best([cachelint, "check", "--dialect", "nginx", "--fail-on", "never", "--isolated", conf], args.runs, t)
            rows.append((rel, size, tn, rcn, tc, rcc))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"{'configuration':60} {'bytes':>8} {'nginx -t ms':>12} {'cachelint ms':>13} ratio")
    tot_n = tot_c = 0.0
    for rel, size, tn, rcn, tc, rcc in rows:
        tot_n += tn
        tot_c += tc
        flag = "" if rcn == 0 else "  (nginx -t refused: environment)"
        print(f"{rel[:60]:60} {size:8d} {tn * 1000:12.2f} {tc * 1000:13.2f} {tn / tc:5.1f}x{flag}")
    print(f"{'TOTAL (' + str(len(rows)) + ' configurations)':60} {'':8} {tot_n * 1000:12.1f} {tot_c * 1000:13.1f} {tot_n / tot_c:5.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
