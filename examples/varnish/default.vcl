# examples/varnish/default.vcl -- a reconstruction of a classic Varnish outage.
#
# The story: the shop's pages were slow, so someone "made the cache work harder":
#   * vcl_recv returns (hash) for every GET, to stop the built-in VCL from passing
#     requests that carry cookies ("our analytics cookies kill the hit rate");
#   * vcl_backend_response forces a one-day TTL and returns (deliver) itself.
# Both explicit returns skip the built-in VCL, and with it the two checks that
# kept users apart: requests with Cookie/Authorization are no longer passed, and
# responses with Set-Cookie are no longer made uncacheable. The first logged-in
# customer to load /account had their page (and their session cookie) cached for
# a day and served to everyone else who opened /account.
#
# `cachelint check examples/` reports VCL002 (line 37), VCL003 (line 51) and
# VCL007 (line 48); the fixes are in the comments next to them. varnishd -C
# compiles this file without a word: it is valid VCL.
vcl 4.1;

backend shop {
    .host = "127.0.0.1";
    .port = "8080";
}

sub vcl_recv {
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Static files never depend on the user: dropping their cookies is right.
    if (req.url ~ "^/static/") {
        unset req.http.Cookie;
        unset req.http.Authorization;
        return (hash);
    }
    # BUG (VCL002): every other GET is looked up in the cache, cookies and all.
    # Fix: filter the cookies down to the ones the pages really vary on, and
    # `if (req.http.Cookie ~ "session=") { return (pass); }` before this line
    # (or simply let vcl_recv fall through to the built-in VCL).
    return (hash);
}

sub vcl_backend_response {
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);
    }
    set beresp.grace = 6h;
    # BUG (VCL007): one day for every response, whatever its status and
    # Cache-Control (a 500 or a redirect-to-login is kept for a day too).
    # Fix: `if (beresp.status == 200 && beresp.ttl > 0s) { set beresp.ttl = 1d; }`
    set beresp.ttl = 1d;
    # BUG (VCL003): the built-in Set-Cookie / Cache-Control: private checks
    # never run. Fix: remove this return and let the built-in VCL decide.
    return (deliver);
}
