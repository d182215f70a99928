// Varnish VCL as a cachelint dialect: recognise the file, parse the program, run the VCL rules.
#include "core/text.hpp"
#include "core/dialect.hpp"
#include "parse/varnish/parser.hpp"

namespace cachelint::varnish {
namespace {

int name_score(std::string_view name) {
    const std::string n = to_lower(name);
    if (n.ends_with(".vcl")) return 100;
    return 0;
}

int content_score(std::string_view head) {
    // `vcl 4.x;` must be the first statement of a VCL program; `sub vcl_` marks an included fragment.
    size_t i = 0;
    while (i < head.size() && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) ++i;
    if (head.substr(i, 5) == "vcl 4") return 95;
    if (head.find("\nsub vcl_") != std::string_view::npos || head.rfind("sub vcl_", 0) == 0) return 80;
    return 0;
}

void lint(LintJob& job) {
    Program program;
    load_program(program, job);
    if (program.parse_failed) return;  // rules never reason about a half-read program
    RuleSet<Program>::run(program, job.sink);
}

const DialectInfo kVarnish{"varnish", "Varnish VCL 4.0/4.1 as compiled by varnishd 7.1", name_score, content_score, lint,
                           {.slash = true, .trailing = true}, "vcl"};
const RegisterDialect kRegister(kVarnish);

}  // namespace
}  // namespace cachelint::varnish
