// Templates of every language and dialect are checked through their parse view (core/template.hpp):
// no syntax errors from template tags, findings at the file's own line and column, unknown values unknown.
#include <catch2/catch.hpp>

#include <algorithm>

#include "core/template.hpp"
#include "core/options.hpp"
#include "engine/runner.hpp"
#include "support/run.hpp"

using namespace cachelint;

namespace {

LintResult check(const std::string& path, const std::string& dialect, const std::string& text) {
    static const LintOptions options;
    return lint_text(path, dialect, text, options);
}

// "RULE line:column" of every finding.
std::vector<std::string> where(const LintResult& r) {
    std::vector<std::string> out;
    for (const auto& d : r.diagnostics)
        out.push_back(d.rule_id + " " + std::to_string(d.location.line) + ":" + std::to_string(d.location.column));
    return out;
}

std::string sp(size_t n) { return std::string(n, ' '); }

bool has_rule_prefix(const LintResult& r, std::string_view prefix) {
    return std::any_of(r.diagnostics.begin(), r.diagnostics.end(), [&](const Diagnostic& d) { return d.rule_id.starts_with(prefix); });
}

bool syntax_error(const LintResult& r) {
    for (const char* id : {"NGX901", "NGX904", "VCL901", "HAP901", "HAP902", "RC001", "RC002", "MC009"})
        if (has_rule_prefix(r, id)) return true;
    return false;
}

}  // namespace

TEST_CASE("template names: the rendered name and the language", "[templates]") {
    CHECK(template_name("nginx.conf.j2")->inner == "nginx.conf");
    CHECK(template_name("nginx.conf.j2")->language == TemplateLanguage::jinja);
    CHECK(template_name("redis.conf.erb")->language == TemplateLanguage::erb);
    CHECK(template_name("redis.conf.epp")->language == TemplateLanguage::epp);
    CHECK(template_name("default.vcl.tftpl")->inner == "default.vcl");
    CHECK(template_name("default.vcl.tftpl")->language == TemplateLanguage::terraform);
    CHECK(template_name("haproxy.cfg.tmpl")->language == TemplateLanguage::unknown);
    CHECK(template_name("redis.conf.gotmpl")->language == TemplateLanguage::go);
    CHECK(template_name("x.conf.mustache")->language == TemplateLanguage::mustache);
    CHECK_FALSE(template_name("redis.conf"));
    CHECK_FALSE(template_name(".j2"));
}

TEST_CASE("template detection: a templates/ folder, control tags, placeholders left in a real file", "[templates]") {
    CHECK(detect_template("a/templates/redis.conf", "maxmemory {{ mm }}\n", "redis") == TemplateLanguage::jinja);
    CHECK(detect_template("etc/redis.conf", "{% if x %}\nmaxmemory 1gb\n{% endif %}\n", "redis") == TemplateLanguage::jinja);
    // A lone placeholder in a file that is not a template: the server would receive it (RC009 says so).
    CHECK(detect_template("etc/redis.conf", "requirepass {{ redis_password }}\n", "redis") == TemplateLanguage::none);
    // nginx reads an unquoted `{{` as two block openings, so in nginx it can only be a value to fill in.
    CHECK(detect_template("conf/rproxy.conf", "upstream web {\n    server {{YOUR_WEB_SERVER_1}} weight=5;\n}\n", "nginx") ==
          TemplateLanguage::jinja);
    CHECK(detect_template("x/haproxy.cfg.tmpl", "bind :{{ .Port }}\n", "haproxy") == TemplateLanguage::go);
    CHECK(detect_template("x/redis.conf.tmpl", "bind 127.0.0.1 ${CONTAINER_IP}\n", "redis") == TemplateLanguage::envsubst);
    // ${...} is HAProxy's own syntax: not a placeholder there.
    CHECK(detect_template("x/haproxy.cfg.tmpl", "bind \"${ADDR}:80\"\n", "haproxy") == TemplateLanguage::none);
    CHECK(detect_template("x/values.yaml.tpl", "%{ if a ~}\nx: 1\n%{ endif ~}\n", "nginx") == TemplateLanguage::terraform);
}

TEST_CASE("template masking keeps length and line breaks; placeholders are words, tags blanks", "[templates]") {
    SECTION("jinja") {
        const std::string t = "maxmemory {{ mm }}\n{% if x -%}\nport 1\n{# c\nd #}\n";
        auto v = mask_template(t, TemplateLanguage::jinja, "redis");
        REQUIRE(v.text.size() == t.size());
        CHECK(v.text == "maxmemory x_______\n" + sp(11) + "\nport 1\n" + sp(4) + "\n" + sp(4) + "\n");
        REQUIRE(v.opaque.size() == 1);
        CHECK(v.opaque[0].begin == 10);
        CHECK(v.opaque[0].end == 18);
    }
    SECTION("jinja: an if with an else on one line keeps its first branch, as an unknown value") {
        const std::string t = "maxmemory {% if big %}4gb{% else %}1gb{% endif %}\n";
        auto v = mask_template(t, TemplateLanguage::jinja, "redis");
        CHECK(v.text == "maxmemory " + sp(12) + "4gb" + sp(24) + "\n");
        REQUIRE(v.opaque.size() == 1);
        CHECK(t.substr(v.opaque[0].begin, v.opaque[0].end - v.opaque[0].begin) == "4gb");
    }
    SECTION("only the first branch of an if/else is read") {
        const std::string t = "{% if a %}\nlogfile \"\"\n{% else %}\nlogfile {{ f }}\n{% endif %}\n";
        auto v = mask_template(t, TemplateLanguage::jinja, "redis");
        CHECK(v.text.find("logfile \"\"") != std::string::npos);
        CHECK(v.text.find("logfile x") == std::string::npos);
    }
    SECTION("erb and epp") {
        auto v = mask_template("port <%= @port %>\n<% if @x -%>\nsave \"\"\n<% end -%>\n<%# c %>\n", TemplateLanguage::erb, "redis");
        CHECK(v.text == "port x___________\n" + sp(12) + "\nsave \"\"\n" + sp(10) + "\n" + sp(8) + "\n");
        auto e = mask_template("<%- | Integer $p | -%>\n<% if $a { %>x <%= $a %><% } else { %># none<% } %>\n", TemplateLanguage::epp, "redis");
        CHECK(e.text.find("# none") == std::string::npos);
        CHECK(e.text.find("x x_______") != std::string::npos);
    }
    SECTION("go: comments, trim marks, an include alone on its line") {
        const std::string t = "{{/* a }} b */}}\nbind {{- .Addr -}}\n  {{- include \"x\" . | nindent 2 }}\n{{ if .A }}x{{ end }}\n";
        auto v = mask_template(t, TemplateLanguage::go, "redis");
        CHECK(v.text == sp(16) + "\nbind x____________\n" + sp(34) + "\n" + sp(11) + "x" + sp(9) + "\n");
    }
    SECTION("go: named pieces of a file that renders text of its own are not read at its top") {
        const std::string t = "http {\n}\n{{ define \"SERVER\" }}\nlocation / {}\n{{ end }}\n";
        auto v = mask_template(t, TemplateLanguage::go, "nginx");
        CHECK(v.text.find("location") == std::string::npos);
        // A file of definitions only (a Helm _configs.tpl) is read.
        auto h = mask_template("{{ define \"redis.conf\" }}\nmaxmemory 1gb\n{{ end }}\n", TemplateLanguage::go, "redis");
        CHECK(h.text.find("maxmemory 1gb") != std::string::npos);
    }
    SECTION("terraform templatefile") {
        const std::string t = "%{ if a ~}\nset beresp.ttl = ${ttl};\n%{ endif ~}\nx $${literal}\n";
        auto v = mask_template(t, TemplateLanguage::terraform, "varnish");
        CHECK(v.text == "          \nset beresp.ttl = x_____;\n           \nx $${literal}\n");
    }
    SECTION("envsubst only where ${ is not the server's own syntax") {
        CHECK(mask_template("bind ${IP} ::1\n", TemplateLanguage::envsubst, "redis").text == "bind x____ ::1\n");
        CHECK(mask_template("set $x ${y};\n", TemplateLanguage::envsubst, "nginx").text == "set $x ${y};\n");
    }
}

TEST_CASE("nginx.conf.j2: no syntax errors, a finding after a placeholder at its own column, unknown values unknown",
          "[templates]") {
    const std::string t =
        "events {}\n"
        "http {\n"
        "    proxy_cache_path /tmp/c keys_zone={{ zone }}:10m max_size={{ size }};\n"
        "    server {\n"
        "        listen {{ port }};\n"
        "        location / {\n"
        "            proxy_cache {{ zone }};\n"
        "            proxy_cache_valid 200 {{ ttl }}; proxy_cache_methods PUT;\n"
        "            proxy_cache_use_stale error timeout updating;\n"
        "            proxy_pass http://{{ upstream }};\n"
        "        }\n"
        "    }\n"
        "}\n";
    auto r = check("nginx.conf.j2", "nginx", t);
    // The only finding: PUT, after the placeholder on line 8 (column 66 of the file as it is on disk).
    CHECK(where(r) == std::vector<std::string>{"NGX904 8:66"});
    REQUIRE(!r.diagnostics.empty());
    CHECK(r.diagnostics[0].location.line_text.find("{{ ttl }}") != std::string::npos);
}

TEST_CASE("redis.conf.erb, .epp, Go template: a real finding after a placeholder; maxmemory {{ x }} is set", "[templates]") {
    auto erb = check("redis.conf.erb", "redis",
                     "bind 127.0.0.1\nport <%= @port %> # the port\n<% if @password %>\nrequirepass <%= @password %>\n<% end %>\n"
                     "maxmemory <%= @maxmemory %>\nmaxmemory-policy allkeys-lru\n");
    CHECK(where(erb) == std::vector<std::string>{"RC002 2:19"});
    auto epp = check("redis.conf.epp", "redis",
                     "<%- | Integer $port, String $pw | -%>\nbind 127.0.0.1\nport <%= $port %> # the port\n"
                     "<% if $pw { %>requirepass <%= $pw %><% } else { %># no password<% } %>\n");
    CHECK(where(epp) == std::vector<std::string>{"RC002 3:19"});
    auto go = check("redis.conf.gotmpl", "redis",
                    "bind 127.0.0.1\n{{- if .Values.auth }}\nrequirepass {{ .Values.password | quote }}\n{{- end }}\n"
                    "port {{ .Values.port }} # the port\n{{ include \"extra\" . }}\n");
    CHECK(where(go) == std::vector<std::string>{"RC002 5:25"});
    // The policy acts on a limit whose value is unknown: no "there is no 'maxmemory' line" (RC104).
    auto set = check("redis.conf.j2", "redis", "bind 127.0.0.1\nrequirepass {{ pw }}\nmaxmemory {{ mm }}\nmaxmemory-policy allkeys-lru\nsave \"\"\n");
    CHECK(where(set).empty());
    auto unset = check("redis.conf.j2", "redis", "bind 127.0.0.1\nrequirepass {{ pw }}\nmaxmemory-policy allkeys-lru\nsave \"\"\n");
    CHECK(where(unset) == std::vector<std::string>{"RC104 3:18"});
}

TEST_CASE("default.vcl.tftpl and haproxy.cfg.tmpl: placeholders are unknown values", "[templates]") {
    auto vcl = check("default.vcl.tftpl", "varnish",
                     "vcl 4.1;\nbackend default { .host = \"${backend_host}\"; .port = \"8080\"; }\n"
                     "sub vcl_backend_response {\n    set beresp.ttl = ${default_ttl}; return (lookup);\n}\n");
    CHECK(where(vcl) == std::vector<std::string>{"VCL904 4:46"});
    auto hap = check("haproxy.cfg.tmpl", "haproxy",
                     "global\n    maxconn {{ .MaxConn }}\ndefaults\n    mode http\n    timeout connect 5s\n"
                     "    timeout client {{ .Timeout }}\n    timeout server 30s\n"
                     "frontend web\n    bind :{{ .Port }}\n{{ if .TLS }}\n    bind :443 ssl crt /etc/ssl/x.pem\n{{ end }}\n"
                     "    http-request cache-use {{ .Cache }}\n    http-request cache-use nocache if { hdr(host) -i {{ .Host }} }\n"
                     "    default_backend app\nbackend app\n    server s1 {{ .Host }}:8080 check inter {{ .Inter }}\n");
    CHECK_FALSE(syntax_error(hap));
    // The cache named by a placeholder is unknown; 'nocache' is really missing.
    CHECK(where(hap) == std::vector<std::string>{"HAP904 14:28"});
}

TEST_CASE("RC009 still reports placeholders and environment variables left in files that are not templates", "[templates]") {
    auto r = check("etc/redis/redis.conf", "redis", "port 6379\nrequirepass {{ redis_password }}\ndir $HOME/data\n");
    auto w = where(r);
    CHECK(std::count(w.begin(), w.end(), "RC009 2:13") == 1);
    // redis-server does no expansion: it chdirs to the literal "$HOME/data" (checked with redis-server 7.0).
    CHECK(std::count(w.begin(), w.end(), "RC009 3:5") == 1);
}

TEST_CASE("discovery classifies a template by the name it renders to", "[templates]") {
    const std::string dir = test::make_temp_dir("templates");
    test::write_file(dir + "/nginx.conf.j2", "events {}\nhttp { server { listen {{ port }}; proxy_cache_methods PUT; } }\n");
    test::write_file(dir + "/redis.conf.erb", "port <%= @port %> # x\n");
    test::write_file(dir + "/default.vcl.tftpl", "vcl 4.1;\nbackend b { .host = \"${h}\"; }\nsub vcl_recv { return (bogus); }\n");
    auto r = test::run_cachelint("check --format concise --fail-on never .", dir);
    CHECK(r.out.find("nginx.conf.j2:2:") != std::string::npos);
    CHECK(r.out.find("NGX901") == std::string::npos);
    CHECK(r.out.find("redis.conf.erb:1:19: error[RC002]") != std::string::npos);
    CHECK(r.out.find("default.vcl.tftpl:3:") != std::string::npos);
    CHECK(r.out.find("VCL901") == std::string::npos);
}

TEST_CASE("a finding inside a template's {% if %} block is a note naming the condition's line", "[templates]") {
    const std::string dir = test::make_temp_dir("templates-if");
    // -M disables evictions (MC005, a warning), but here only when the template's auto_removal is set.
    test::write_file(dir + "/memcached.conf.erb", "-m 64\n-l 127.0.0.1\n<% if @auto_removal -%>\n-M\n<% end -%>\n");
    test::write_file(dir + "/plain.conf", "-m 64\n-l 127.0.0.1\n-M\n");
    auto r = test::run_cachelint("check --format concise --fail-on never --dialect memcached memcached.conf.erb plain.conf", dir);
    INFO(r.out << r.err);
    CHECK(r.out.find("memcached.conf.erb:4:1: note[MC005]") != std::string::npos);
    CHECK(r.out.find("its condition at line 3") != std::string::npos);
    CHECK(r.out.find("plain.conf:3:1: warning[MC005]") != std::string::npos);
}
