vcl 4.1;

backend nginx {
    .host = "nginx";
    .port = "80";
}

acl purge_allowed {
    "localhost";
    "172.16.0.0"/12;
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purge_allowed) {
            return (synth(403, "Forbidden"));
        }
        return (purge);
    }
    if (req.url ~ "^/admin") {
        return (pass);
    }
}

sub vcl_backend_response {
    set beresp.grace = 2h;
}
