import os
E = "events {}\n"
def srv(body, http_extra="", path="proxy_cache_path /var/cache/nginx/app levels=1:2 keys_zone=app:10m max_size=1g inactive=1h;\n"):
    return E + "http {\n    " + path + http_extra + "    server {\n        listen 80;\n        server_name example.com;\n" + body + "    }\n}\n"
GOODLOC = "        location / {\n            proxy_pass http://127.0.0.1:8080;\n            proxy_cache app;\n            proxy_cache_valid 200 10m;\n            proxy_cache_use_stale error timeout updating http_502;\n            proxy_cache_background_update on;\n            proxy_cache_lock on;\n%s        }\n"
def loc(extra=""): return GOODLOC % extra
R = {}
def rule(id, name, sev, title, rationale, bad, good, tags, refs=None, sec=None, prec="high", args=None):
    R[id] = dict(id=id, name=name, severity=sev, title=title, rationale=rationale, bad=bad, good=good, tags=tags, refs=refs or ["https://nginx.org/en/docs/http/ngx_http_proxy_module.html"], sec=sec, prec=prec, args=args)

rule("NGX-001","cache-zone-unknown","error","A *_cache zone that no *_cache_path of the same module declares: nginx refuses to start",
 "`proxy_cache NAME` needs `proxy_cache_path ... keys_zone=NAME:SIZE` (and fastcgi_cache a fastcgi_cache_path, etc.). Otherwise `nginx -t` fails with `\"proxy_cache\" zone \"NAME\" is unknown` or `... already declared for a different use`, and a deploy that only reloads fails the reload. Not reported for fragments or when an include could not be read.",
 srv(loc().replace("proxy_cache app;","proxy_cache ap;")), srv(loc()), ["fatal","validity"], ["https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_cache"], prec="very-high")
rule("NGX-002","duplicate-shm-zone","error","The same shared-memory zone name declared twice: nginx refuses to start",
 "Cache keys_zone names share one namespace with every shared-memory user (limit_req_zone, limit_conn_zone, ssl_session_cache shared:...). A second cache zone with the same name fails with `duplicate zone`, and a name used for a different purpose with `already declared for a different use`. Common when two vhost files copy the same proxy_cache_path line into conf.d.",
 srv(loc(), path="proxy_cache_path /var/cache/nginx/a keys_zone=app:10m max_size=1g;\n    proxy_cache_path /var/cache/nginx/b keys_zone=app:10m max_size=1g;\n"), srv(loc()), ["fatal","validity"], prec="very-high")
rule("NGX-003","cache-directories-overlap","warning","Two caches (or a cache and a temp path) share or nest the same directory",
 "nginx only compares cache paths as raw strings: `/c/a` and `/c/a/`, or `/c/a` and `/c/a/b`, pass `nginx -t`. Each zone's loader then indexes the other's files, each manager evicts and deletes files it does not own, and max_size is double counted: unpredictable evictions and disk growth.",
 srv(loc(), path="proxy_cache_path /var/cache/nginx/app keys_zone=app:10m max_size=1g inactive=1h;\n    proxy_cache_path /var/cache/nginx/app/img keys_zone=img:10m max_size=1g;\n"), srv(loc(), path="proxy_cache_path /var/cache/nginx/app keys_zone=app:10m max_size=1g inactive=1h;\n    proxy_cache_path /var/cache/nginx/img keys_zone=img:10m max_size=1g;\n"), ["cache","eviction"])
rule("NGX-004","cache-path-unbounded","warning","A *_cache_path without max_size or min_free grows until the disk is full",
 "The cache manager only trims a cache to `max_size` / `min_free`; without either it grows until the volume is full, and then temp files and logs fail and uncached requests error out (nginx/nginx#868; CityOfPhiladelphia/phila.gov#309).",
 srv(loc(), path="proxy_cache_path /var/cache/nginx/app keys_zone=app:10m inactive=1h;\n"), srv(loc()), ["cache","capacity"], prec="high")
rule("NGX-005","keys-zone-too-small","warning","keys_zone too small for max_size: entries are force-evicted before the disk is used",
 "One megabyte of keys_zone holds about 8000 keys (nginx docs). When the zone is full nginx force-expires the least recently used entries and logs `could not allocate node`, so the hit rate collapses although disk space is free. cachelint assumes a mean object size of 64 KiB and reports the computed capacity.",
 srv(loc(), path="proxy_cache_path /var/cache/nginx/app keys_zone=app:1m max_size=10g inactive=1h;\n"), srv(loc(), path="proxy_cache_path /var/cache/nginx/app keys_zone=app:32m max_size=10g inactive=1h;\n"), ["cache","eviction"], prec="medium")
rule("NGX-006","inactive-shorter-than-validity","warning","Entries valid longer than the zone's inactive time are dropped early",
 "`inactive` (default 10 minutes) removes entries not requested within that time, regardless of freshness. `proxy_cache_valid 200 1d` with the default inactive behaves like 10 minutes for the long tail, and after a quiet period there is no stale copy left to serve when the backend fails.",
 srv(loc().replace("proxy_cache_valid 200 10m;","proxy_cache_valid 200 1d;"), path="proxy_cache_path /var/cache/nginx/app keys_zone=app:10m max_size=1g;\n"), srv(loc()), ["cache","eviction"], prec="medium")
rule("NGX-007","no-stale-on-error","warning","No stale serving when the backend fails",
 "With the default `proxy_cache_use_stale off`, any upstream error or timeout reaches clients although a slightly expired copy is on disk: the cache gives no availability. Some APIs must never serve stale data; suppress the finding there.",
 srv(loc().replace("proxy_cache_use_stale error timeout updating http_502;","proxy_cache_use_stale updating;")), srv(loc()), ["cache","availability"], prec="medium")
rule("NGX-008","cache-stampede","warning","No `updating` in *_cache_use_stale: every request for an expired hot entry goes upstream",
 "Verified with 30 concurrent requests: without `updating` all 30 go to the backend when an entry expires; proxy_cache_lock only helps for never-cached entries. `proxy_cache_use_stale updating` + `proxy_cache_background_update on` + `proxy_cache_lock on` sends one.",
 srv(loc().replace("updating ","")), srv(loc()), ["cache","stampede"])
rule("NGX-009","cache-key-without-host","warning","Cache key without the host on a server answering for several names",
 "The default key `$scheme$proxy_host$request_uri` uses the upstream's name, not the client's Host: two virtual hosts proxying to one upstream share entries, and a.example's page is served for b.example (verified). Only reported when the server has several or wildcard names, is a default server, or shares the zone.",
 srv(loc()).replace("server_name example.com;","server_name example.com example.org;"), srv(loc('            proxy_cache_key $scheme$host$request_uri;\n')).replace("server_name example.com;","server_name example.com example.org;"), ["cache","wrong-content"], prec="medium")
rule("NGX-010","cache-key-without-scheme","warning","Cache key without $scheme on a server serving http and https",
 "A cached `301 -> https://...` produced for an http request is replayed to https users (redirect loop), and absolute links with the wrong scheme cause mixed content. The default key has $scheme; the bug comes with the common tutorial key `$host$request_uri`.",
 srv(loc('            proxy_cache_key $host$request_uri;\n')).replace("listen 80;","listen 80;\n        listen 443 ssl;"), srv(loc('            proxy_cache_key $scheme$host$request_uri;\n')).replace("listen 80;","listen 80;\n        listen 443 ssl;"), ["cache","wrong-content"], prec="medium")
rule("NGX-011","cache-key-without-query","warning","Cache key uses $uri without the query string",
 "`/search?q=a` and `/search?q=b` share one entry: everyone gets whichever was cached first. $uri is also the decoded, rewritten URI. Not reported for asset-like locations, where ignoring cache-busting query strings can be deliberate.",
 srv(loc('            proxy_cache_key $scheme$host$uri;\n')), srv(loc('            proxy_cache_key $scheme$host$request_uri;\n')), ["cache","wrong-content"], prec="medium")
FC = "        location ~ \\.php$ {\n            fastcgi_pass unix:/run/php/fpm.sock;\n            fastcgi_cache php;\n%s            fastcgi_cache_valid 200 1m;\n            fastcgi_cache_use_stale error timeout updating;\n            fastcgi_cache_background_update on;\n            fastcgi_cache_lock on;\n        }\n"
FP = "fastcgi_cache_path /var/cache/nginx/php keys_zone=php:10m max_size=1g inactive=1h;\n"
rule("NGX-012","cache-without-key","error","fastcgi/uwsgi/scgi cache without a key: every URL shares one entry",
 "Only proxy_cache has a default key. fastcgi_cache, uwsgi_cache and scgi_cache without their *_cache_key make nginx warn and use an empty key: verified, /page-two returned /page-one's cached body, and the first logged-in page cached is shown to everyone.",
 srv(FC % ""), srv(FC % "            fastcgi_cache_key $scheme$request_method$host$request_uri;\n", path=FP).replace("proxy_cache_path /var/cache/nginx/app levels=1:2 keys_zone=app:10m max_size=1g inactive=1h;\n",""), ["cache","wrong-content"], prec="very-high")
R["NGX-012"]["bad"] = srv(FC % "", path=FP)
rule("NGX-013","cache-key-without-method","warning","Method missing from the key while HEAD is not converted or POST is cached",
 "With `proxy_cache_convert_head off` a cached HEAD response (no body) is served to GET requests unless the key has $request_method (verified). With POST in *_cache_methods, all POSTs to a URL, and the GET, share one entry.",
 srv(loc('            proxy_cache_convert_head off;\n')), srv(loc('            proxy_cache_convert_head off;\n            proxy_cache_key $scheme$request_method$host$request_uri;\n')), ["cache","wrong-content"])
rule("NGX-014","cache-ignores-set-cookie","error","*_ignore_headers Set-Cookie with caching on: one user's session is replayed to others",
 "Normally a response with Set-Cookie is not cached. Ignoring it stores the header: verified, the cached `Set-Cookie: sess=alice` was replayed on every hit (session fixation, account mix-up; the Steam 2015 incident class). Lower severity when Set-Cookie is hidden too; not reported when the key or *_no_cache covers the session cookie.",
 srv(loc('            proxy_ignore_headers Set-Cookie;\n')), srv(loc('            proxy_ignore_headers Set-Cookie;\n            proxy_no_cache $cookie_session;\n            proxy_cache_bypass $cookie_session;\n')), ["cache","security","private-data"], sec="8.1")
rule("NGX-015","cache-ignores-cache-control","warning","Upstream Cache-Control/Expires ignored on dynamic content",
 "The backend's private/no-store/max-age=0 is the only signal that a page is personalised; ignoring it caches account pages for everyone and enables web cache deception. Not reported for asset-like locations or when *_no_cache/*_cache_bypass cover the session cookie or Authorization.",
 srv(loc('            proxy_ignore_headers Cache-Control Expires;\n')), srv(loc('            proxy_ignore_headers Cache-Control Expires;\n            proxy_no_cache $cookie_session $http_authorization;\n            proxy_cache_bypass $cookie_session $http_authorization;\n')), ["cache","security","private-data"], sec="6.5", prec="medium")
rule("NGX-016","cache-authenticated-responses","warning","Responses to authenticated requests are cached under a key without the user",
 "nginx decides cacheability from the response only and ignores the request's Authorization header (unlike RFC 9111 3.5): verified, a response generated for `Authorization: Basic ...` was served to an anonymous client. Reported where auth_basic or auth_request applies and neither the key nor *_no_cache involves the user.",
 srv(loc('            auth_basic "staff";\n            auth_basic_user_file /etc/nginx/htpasswd;\n')), srv(loc('            auth_basic "staff";\n            auth_basic_user_file /etc/nginx/htpasswd;\n            proxy_no_cache $http_authorization;\n            proxy_cache_bypass $http_authorization;\n')), ["cache","security","private-data"], sec="7.5", prec="medium")
rule("NGX-017","cache-bypass-without-no-cache","error","*_cache_bypass without the matching *_no_cache (or a bypass any client can trigger)",
 "bypass means \"not taken from the cache\", no_cache means \"not saved to it\". With bypass only, the logged-in user's response is fetched and stored, then served to everyone (verified). Arrays are replaced per level, so both must be set at the same level. A bypass on a client-controlled header or argument (Pragma, Cache-Control, ?nocache) lets anyone send every request to the backend (note).",
 srv(loc('            proxy_cache_bypass $cookie_session;\n')), srv(loc('            proxy_cache_bypass $cookie_session;\n            proxy_no_cache $cookie_session;\n')), ["cache","security","private-data"], sec="8.1")
rule("NGX-018","cache-key-unique-or-secret","warning","Per-request unique values or secrets in the cache key",
 "$request_id, $msec, $remote_port, $connection... differ on every request: every lookup misses (0% hit rate) and the keys zone churns. $http_authorization or $http_cookie in the key are written in clear text into every cache file.",
 srv(loc('            proxy_cache_key $scheme$host$request_uri$request_id;\n')), srv(loc('            proxy_cache_key $scheme$host$request_uri;\n')), ["cache","hit-rate"])
rule("NGX-019","cache-valid-list","warning","Errors cached for long, or *_cache_valid entries shadowed by an earlier `any`",
 "nginx caches even its own 502/504 when *_cache_valid covers them, so a one-second backend blip becomes an outage as long as the validity (CPDoS; engintron#1013). `ngx_http_file_cache_valid` takes the first matching entry and `any` matches all: `proxy_cache_valid any 2s; proxy_cache_valid 200 1h;` expires 200s after 2s (verified).",
 srv(loc('            proxy_cache_valid any 1h;\n').replace("            proxy_cache_valid 200 10m;\n","")), srv(loc('            proxy_cache_valid 404 1m;\n')), ["cache","availability"])
rule("NGX-020","cache-never-hits","warning","Cache configured but effectively never hits (0 validity, or min_uses >= 10)",
 "When every *_cache_valid entry is 0 (and the backend sends no max-age) responses expire as they are stored; with *_cache_min_uses 10 a URL is stored only after ten requests. Either way the cache costs disk writes and locks and gives nothing.",
 srv(loc().replace("proxy_cache_valid 200 10m;","proxy_cache_valid 200 0;")), srv(loc()), ["cache","hit-rate"])
rule("NGX-021","cache-silently-disabled","warning","Caching configured but disabled by *_buffering off",
 "With proxy_buffering off nginx never stores the response (MISS forever, verified): operators believe the backend is shielded until the first spike. Also reported when no response can ever get a lifetime.",
 srv(loc('            proxy_buffering off;\n')), srv(loc()), ["cache","hit-rate"], prec="very-high")
rule("NGX-022","add-header-inheritance","warning","add_header in a block drops every inherited add_header (Cache-Control, security headers)",
 "add_header is inherited only into levels that have no add_header of their own. One `add_header X-Frame-Options ...` in a location silently removes the server's Cache-Control or HSTS there (verified; h5bp#193, trellis#424). Warning when a cache-policy or security header is lost, note otherwise.",
 srv("        add_header Cache-Control \"no-store\";\n" + loc('            add_header X-Cache-Status $upstream_cache_status;\n')), srv("        add_header Cache-Control \"no-store\";\n" + loc('            add_header Cache-Control "no-store";\n            add_header X-Cache-Status $upstream_cache_status;\n')), ["headers","cache-policy"], refs=["https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header"])
rule("NGX-023","double-cache-control","warning","add_header Cache-Control together with expires: two Cache-Control headers",
 "`expires` already sets Cache-Control (max-age); add_header appends a second Cache-Control field. Browsers and CDNs resolve the pair differently (most restrictive or first wins), which silently changes hit rates.",
 srv("        location /static/ {\n            root /srv/www;\n            expires 1y;\n            add_header Cache-Control \"public, immutable\";\n        }\n"), srv("        location /static/ {\n            root /srv/www;\n            add_header Cache-Control \"public, max-age=31536000, immutable\";\n        }\n"), ["headers","cache-policy"], refs=["https://nginx.org/en/docs/http/ngx_http_headers_module.html#expires"], prec="high")
# parser/validity rules
rule("NGX-901","nginx-syntax-error","error","Syntax error nginx's tokenizer rejects (braces, quotes, stray ; or {, BOM, token over 4 KB)",
 "cachelint reads the file with nginx's own ngx_conf_read_token rules: `#` and quotes only at token start, `}` does not end a word, a closing quote must be followed by space, `;`, `{` or `)`, every block must be closed in the file that opened it, a UTF-8 BOM is not skipped, and one token must fit in the 4096-byte read buffer. nginx -t fails on the first such error.",
 E + "http {\n    server {\n        listen 80;\n    }\n", E + "http {\n    server {\n        listen 80;\n    }\n}\n", ["fatal","syntax"], ["https://github.com/nginx/nginx/blob/master/src/core/ngx_conf_file.c"], prec="very-high")
rule("NGX-902","nginx-unknown-directive","note","Directive unknown to the stock nginx modules cachelint knows",
 "nginx -t fails with `unknown directive` unless a module providing the directive is loaded. cachelint knows the core and cache-related stock modules of nginx 1.22; third-party (brotli, lua, njs) and NGINX Plus directives are reported as a note, or as an error with --strict. Directive names are case-sensitive.",
 E + "http {\n    Proxy_Buffering on;\n}\n", E + "http {\n    proxy_buffering on;\n}\n", ["fatal","validity"], ["https://nginx.org/en/docs/dirindex.html"], prec="high")
rule("NGX-903","nginx-directive-not-allowed-here","error","Directive in a context where nginx does not allow it",
 "Every nginx directive lists its contexts; `proxy_cache_path` outside http, `proxy_cache` inside `if`, `location` at http level... make nginx -t fail with `directive is not allowed here`. Fragments (files included elsewhere) are checked with unknown context and never reported for placement.",
 E + "http {\n    server {\n        listen 80;\n        proxy_cache_path /var/cache/nginx/x keys_zone=x:10m;\n    }\n}\n", E + "http {\n    proxy_cache_path /var/cache/nginx/x keys_zone=x:10m max_size=1g;\n}\n", ["fatal","validity"], ["https://nginx.org/en/docs/dirindex.html"], prec="very-high")
rule("NGX-904","nginx-invalid-arguments","error","Wrong number of arguments or an invalid value nginx refuses",
 "ngx_conf_handler checks the argument count of every directive, and the cache directives check their values: keys_zone sizes take only k/m units and at least two pages, levels are 1-3 levels of 1 or 2, times use descending units without ms where seconds are expected, status codes are 100-599, on/off flags are on or off.",
 E + "http {\n    proxy_cache_path /var/cache/nginx/x keys_zone=x:1g;\n}\n", E + "http {\n    proxy_cache_path /var/cache/nginx/x keys_zone=x:100m max_size=1g;\n}\n", ["fatal","validity"], prec="very-high")
rule("NGX-905","nginx-include-failed","error","A plain include that does not exist, or an include cycle",
 "nginx resolves relative include paths against the directory of the main configuration file (not the including file). A missing non-glob include is fatal; a glob that matches nothing is not. Include cycles recurse until nginx fails.",
 E + "http {\n    include cachelint-example-missing.conf;\n}\n", E + "http {\n    include cachelint-example-missing/*.conf;\n}\n", ["fatal","include"], ["https://nginx.org/en/docs/ngx_core_module.html#include"], prec="very-high")
rule("NGX-906","nginx-include-unresolved","note","An include cachelint could not read here: its directives were not checked",
 "Absolute includes point at the deployment host (cachelint maps /etc/nginx/... onto the linted tree first), files the nginx package ships (mime.types, fastcgi_params) may be absent from a repository, and a fragment read alone has no known conf dir. cachelint says so instead of guessing, and skips the checks that need the whole tree (unknown zones).",
 E + "http {\n    include /nonexistent/cachelint-example/site.conf;\n}\n", E + "http {\n    server {\n        listen 80;\n    }\n}\n", ["include"], ["https://nginx.org/en/docs/ngx_core_module.html#include"], prec="very-high")
rule("NGX-907","nginx-duplicate-directive","error","A directive set twice at one level where nginx refuses duplicates",
 "Most value directives (proxy_cache, proxy_cache_key, proxy_buffering, expires, root, pid...) are stored by nginx's *_slot handlers, which fail with `directive is duplicate` when the same level sets them twice. Often the result of an include that repeats a line of the including block.",
 E + "http {\n    server {\n        listen 80;\n        location / {\n            expires 1h;\n            expires 1d;\n        }\n    }\n}\n", E + "http {\n    server {\n        listen 80;\n        location / {\n            expires 1h;\n        }\n    }\n}\n", ["fatal","validity"], prec="very-high")
rule("NGX-908","nginx-no-events-section","error","Main configuration without an events block",
 "nginx -t fails with `no \"events\" section in configuration`. A file is treated as a main configuration when it has a top-level `events` block, or is named nginx.conf and has a top-level `http` block; other files are fragments.",
 "http {\n    server {\n        listen 80;\n    }\n}\n".replace("http {","# nginx.conf\nhttp {"), E + "http {\n    server {\n        listen 80;\n    }\n}\n", ["fatal","validity"], ["https://nginx.org/en/docs/ngx_core_module.html#events"], prec="high", args="--stdin-filename nginx.conf")
rule("NGX-909","nginx-nesting-too-deep","error","Blocks nested deeper than cachelint reads (200 levels)",
 "cachelint reads nested blocks with an explicit stack and stops at 200 levels so a crafted file cannot exhaust memory or time; the rest of the file is not checked.",
 E + "http {\n" + "location / {\n"*201 + "}\n"*201 + "}\n", E + "http {\n    server {\n        location / {\n        }\n    }\n}\n", ["limits"], ["https://github.com/nginx/nginx/blob/master/src/core/ngx_conf_file.c"], prec="very-high")

def tq(s): return '"""\n' + s.replace('\\','\\\\').replace('"""','\\"\\"\\"') + '"""'
for id, r in R.items():
    out = []
    out.append(f'id = "{id}"')
    out.append(f'name = "{r["name"]}"')
    out.append('dialect = "nginx"')
    out.append(f'severity = "{r["severity"]}"')
    out.append('title = ' + '"' + r["title"].replace('\\','\\\\').replace('"','\\"') + '"')
    out.append('rationale = ' + tq(r["rationale"]))
    out.append('tags = [' + ", ".join(f'"{t}"' for t in r["tags"]) + ']')
    if r["sec"]: out.append(f'security_severity = "{r["sec"]}"')
    out.append(f'precision = "{r["prec"]}"')
    out.append('references = [' + ", ".join('"' + x + '"' for x in r["refs"]) + ', "../shared/domain/webcache.md §3.1"]')
    out.append('[examples]')
    out.append('bad = ' + tq(r["bad"]))
    out.append('good = ' + tq(r["good"]))
    if r["args"]: out.append(f'args = "{r["args"]}"')
    open(f"rules/nginx/{id}.toml","w").write("\n".join(out) + "\n")
print(len(R))
