// Unit tests of the VCL front end: tokens as spans, the parser's AST, path enumeration, limits.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <set>

#include "core/lint_job.hpp"
#include "parse/varnish/lexer.hpp"
#include "parse/varnish/parser.hpp"
#include "parse/varnish/paths.hpp"
#include "support/run.hpp"

using namespace cachelint;
using namespace cachelint::varnish;

namespace {

struct Loaded {
    LintOptions options;
    SourceLoader loader{options};
    LintJob job;
    Program program;
};

std::unique_ptr<Loaded> load(const std::string& text, const std::string& path = "t.vcl") {
    auto l = std::make_unique<Loaded>();
    l->job.main = l->loader.adopt(path, text);
    l->job.options = &l->options;
    l->job.loader = &l->loader;
    load_program(l->program, l->job);
    return l;
}

std::vector<std::string> ids(const Loaded& l) {
    std::vector<std::string> out;
    for (const auto& f : l.job.sink.findings()) out.push_back(f.rule_id);
    return out;
}

const std::string kHead = "vcl 4.1;\nbackend default { .host = \"127.0.0.1\"; .port = \"8080\"; }\n";

}  // namespace

TEST_CASE("varnish lexer: tokens are spans with VCL's own rules", "[varnish]") {
    SourceFile f("t.vcl", "set req.http.X-Forwarded-For = {\"a\"b\"} + \"c # d\"; // x\n# y\n/* z */ a-1 10 s 1.5h C{ x }C :AAA=:");
    std::vector<Token> toks;
    LexError err;
    REQUIRE(lex_vcl(f, toks, err));
    std::vector<std::string> text;
    for (const auto& t : toks) text.emplace_back(t.text());
    CHECK(text == std::vector<std::string>{"set", "req", ".", "http", ".", "X-Forwarded-For", "=", "{\"a\"b\"}", "+",
                                           "\"c # d\"", ";", "a-1", "10", "s", "1.5", "h", "C{ x }C", ":AAA=:"});
    CHECK(toks[7].kind == Tok::CStr);
    CHECK(toks[7].value() == "a\"b");
    CHECK(toks[9].value() == "c # d");
    CHECK(toks[11].kind == Tok::Id);
    CHECK(toks[14].kind == Tok::FNum);
    CHECK(toks[16].kind == Tok::CSrc);
    CHECK(toks[17].kind == Tok::Blob);
    CHECK(toks[0].begin == 0);
    CHECK(toks[0].end == 3);
}

TEST_CASE("varnish lexer: errors varnishd reports", "[varnish]") {
    for (const char* bad : {"\"a\nb\"", "/* a /* b */", "/* open", "{\" open", "C{ open", "\xEF\xBB\xBFvcl 4.1;", "1.2345"}) {
        SourceFile f("t.vcl", bad);
        std::vector<Token> toks;
        LexError err;
        INFO(bad);
        CHECK_FALSE(lex_vcl(f, toks, err));
        CHECK_FALSE(err.message.empty());
    }
}

TEST_CASE("varnish parser: AST of subs, statements and durations", "[varnish]") {
    auto l = load(kHead + "sub vcl_backend_response {\n  if (beresp.status == 200) { set beresp.ttl = 1h + 30m; }\n"
                          "  elsif (beresp.status == 404) { set beresp.ttl = -1s; }\n  else { return (pass(10s)); }\n"
                          "  unset beresp.http.Set-Cookie;\n}\n");
    REQUIRE(ids(*l).empty());
    REQUIRE(l->program.subs.size() == 1);
    const Sub& s = l->program.subs[0];
    CHECK(s.name == "vcl_backend_response");
    REQUIRE(s.body.size() == 2);
    REQUIRE(s.body[0].kind == Stmt::If);
    REQUIRE(s.body[0].branches.size() == 3);
    const Stmt& set = s.body[0].branches[0].body[0];
    CHECK(set.target == "beresp.ttl");
    CHECK(const_duration(*set.value) == Approx(5400));
    CHECK(const_duration(*s.body[0].branches[1].body[0].value) == Approx(-1));
    CHECK(s.body[0].branches[2].body[0].target == "pass");
    CHECK(s.body[1].kind == Stmt::Unset);
    CHECK(s.body[1].target == "beresp.http.Set-Cookie");
}

TEST_CASE("varnish paths: branches, polarity, calls and fall-through", "[varnish]") {
    auto l = load(kHead + "sub norm { unset req.http.Cookie; }\n"
                          "sub vcl_recv {\n  if (req.http.Authorization) { return (pass); }\n"
                          "  else if (req.url ~ \"^/s/\") { call norm; }\n  return (hash);\n}\n"
                          "sub vcl_recv { set req.http.never = \"1\"; }\n");
    REQUIRE(ids(*l) == std::vector<std::string>{});
    const MethodPaths mp = method_paths(l->program, "vcl_recv");
    REQUIRE(mp.complete);
    REQUIRE(mp.paths.size() == 3);
    std::multiset<std::string> ends;
    for (const auto& p : mp.paths) {
        ends.insert(std::string(p.action()));
        CHECK(p.tested("req.http.authorization"));
        CHECK_FALSE(p.assigned("req.http.never"));  // the second vcl_recv is never reached: every path returns
    }
    CHECK(ends == std::multiset<std::string>{"pass", "hash", "hash"});
    size_t unset_paths = 0;
    for (const auto& p : mp.paths)
        if (p.assigned("req.http.cookie")) ++unset_paths;
    CHECK(unset_paths == 1);

    auto fall = load(kHead + "sub vcl_recv { if (req.url ~ \"a\") { return (pass); } }\n");
    const MethodPaths fp = method_paths(fall->program, "vcl_recv");
    REQUIRE(fp.paths.size() == 2);
    size_t fell = 0;
    for (const auto& p : fp.paths)
        if (!p.end) ++fell;
    CHECK(fell == 1);

    // A bare `return;` leaves the user sub only: the path goes on in its caller (vcc_act_return).
    auto bare = load(kHead + "sub strip { if (req.url ~ \"^/api/\") { return; } unset req.http.Cookie; }\n"
                             "sub vcl_recv { call strip; set req.http.after = \"1\"; return (hash); }\n");
    REQUIRE(ids(*bare) == std::vector<std::string>{});
    const MethodPaths bp = method_paths(bare->program, "vcl_recv");
    REQUIRE(bp.paths.size() == 2);
    size_t unset = 0;
    for (const auto& p : bp.paths) {
        CHECK(p.action() == "hash");
        CHECK(p.assigned("req.http.after"));
        if (p.assigned("req.http.cookie")) ++unset;
    }
    CHECK(unset == 1);
    auto in_method = load(kHead + "sub vcl_recv { if (req.url ~ \"a\") { return; } }\n");
    CHECK(ids(*in_method) == std::vector<std::string>{"VCL901"});
}

TEST_CASE("varnish parser: deep nesting is a finding, not a crash", "[varnish]") {
    const std::string parens = kHead + "sub vcl_recv { set req.http.x = " + std::string(100000, '(') + "\"a\"" +
                               std::string(100000, ')') + "; }\n";
    auto a = load(parens);
    CHECK(ids(*a) == std::vector<std::string>{"VCL909"});
    std::string ifs = kHead + "sub vcl_recv {";
    for (int i = 0; i < 50000; ++i) ifs += "if (req.url) {";
    auto b = load(ifs);
    CHECK(ids(*b) == std::vector<std::string>{"VCL909"});
    std::string nots = kHead + "sub vcl_recv { if (" + std::string(100000, '!') + "req.url) { } }";
    auto c = load(nots);
    CHECK(ids(*c) == std::vector<std::string>{"VCL909"});
}

TEST_CASE("varnish paths: path explosion is bounded", "[varnish]") {
    std::string many = kHead + "sub vcl_recv {\n";
    for (int i = 0; i < 40; ++i) many += "if (req.http.h" + std::to_string(i) + ") { set req.http.x = \"1\"; }\n";
    many += "}\n";
    auto l = load(many);
    CHECK(ids(*l).empty());
    const MethodPaths mp = method_paths(l->program, "vcl_recv");
    CHECK_FALSE(mp.complete);
    CHECK(mp.paths.size() <= kMaxPaths);
}

TEST_CASE("varnish parser: huge tokens and includes", "[varnish]") {
    auto big = load(kHead + "sub vcl_recv { set req.http.x = \"" + std::string(4 << 20, 'a') + "\"; }\n");
    CHECK(ids(*big).empty());

    const std::string dir = test::make_temp_dir("vclinc");
    test::write_file(dir + "/a.vcl", "include \"./b.vcl\";\n");
    test::write_file(dir + "/b.vcl", "include \"./a.vcl\";\n");
    test::write_file(dir + "/subs.vcl", "sub helper { unset req.http.X; }\n");
    auto cyc = load(kHead + "include \"./a.vcl\";\n", dir + "/main.vcl");
    CHECK(ids(*cyc) == std::vector<std::string>{"VCL910"});
    auto ok = load(kHead + "include \"./subs.vcl\";\nsub vcl_recv { call helper; }\n", dir + "/main.vcl");
    CHECK(ids(*ok).empty());
    CHECK(ok->program.find_sub("helper") != nullptr);
    auto miss = load(kHead + "include \"./nope.vcl\";\n", dir + "/main.vcl");
    CHECK(ids(*miss) == std::vector<std::string>{"VCL910"});
    std::filesystem::remove_all(dir);
}

TEST_CASE("varnish parser: fragments and whole programs", "[varnish]") {
    auto frag = load("sub lib_recv { call undefined_elsewhere; if (client.ip ~ some_acl) { return (purge); } }\n");
    CHECK(frag->program.fragment);
    CHECK(ids(*frag).empty());
    auto prog = load("backend default { .host = \"127.0.0.1\"; }\nsub vcl_recv { return (pass); }\n");
    CHECK_FALSE(prog->program.fragment);
    const auto found = ids(*prog);
    CHECK(std::count(found.begin(), found.end(), "VCL902") == 1);
}
