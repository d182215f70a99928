// `cachelint rules`, `cachelint explain`, and the rule help shared with SARIF and the docs.
#include <iomanip>
#include <sstream>

#include "report/report.hpp"

namespace cachelint {

std::string rule_help_uri(const RuleMeta& rule) {
    return std::string(CACHELINT_HOMEPAGE) + "/blob/main/docs/rules/" + std::string(rule.id) + ".md";
}

namespace {
std::string_view fence_language(std::string_view dialect) {
    if (dialect == "varnish") return "vcl";
    if (dialect == "nginx") return "nginx";
    if (dialect == "apache") return "apache";
    return "";
}
}  // namespace

std::string rule_help_markdown(const RuleMeta& r) {
    std::ostringstream os;
    const auto lang = fence_language(r.dialect);
    os << "**" << r.id << " " << r.name << "** (" << r.dialect << ", default severity " << to_string(r.severity)
       << ")\n\n" << r.title << "\n\n## Why it matters\n\n" << r.rationale << "\n\n## Problem\n\n```" << lang << "\n"
       << r.bad_example << (r.bad_example.ends_with('\n') ? "" : "\n") << "```\n\n## Fixed\n\n```" << lang << "\n"
       << r.good_example << (r.good_example.ends_with('\n') ? "" : "\n") << "```\n\n## Suppressing\n\n"
       << "Add a comment line before the flagged line: `# cachelint: disable-next-line=" << r.id
       << " -- <reason>`, or ignore the rule in `.cachelint.toml`: `ignore = [\"" << r.id << "\"]`.\n\n## References\n\n";
    for (auto ref : r.references) os << "- " << ref << "\n";
    return os.str();
}

void write_rule_list(std::ostream& os, std::string_view dialect_filter) {
    for (const auto& r : all_rules()) {
        if (!dialect_filter.empty() && r.dialect != dialect_filter) continue;
        os << std::left << std::setw(9) << r.id << " " << std::setw(36) << r.name << " " << std::setw(9) << r.dialect
           << " " << std::setw(8) << to_string(r.severity) << " " << r.title << "\n";
    }
}

void write_explain(std::ostream& os, const RuleMeta& r) {
    os << r.id << " " << r.name << "\n"
       << "dialect: " << r.dialect << "    default severity: " << to_string(r.severity) << "    tags: ";
    for (size_t i = 0; i < r.tags.size(); ++i) os << (i ? ", " : "") << r.tags[i];
    os << "\n\n" << r.title << "\n\nWhy it matters\n" << r.rationale << "\n\nProblem\n";
    auto indent = [&](std::string_view text) {
        size_t start = 0;
        while (start < text.size()) {
            size_t nl = text.find('\n', start);
            if (nl == std::string_view::npos) nl = text.size();
            os << "    " << text.substr(start, nl - start) << "\n";
            start = nl + 1;
        }
    };
    indent(r.bad_example);
    os << "\nFixed\n";
    indent(r.good_example);
    if (!r.example_args.empty()) os << "(examples checked with: " << r.example_args << ")\n";
    os << "\nReferences\n";
    for (auto ref : r.references) os << "  - " << ref << "\n";
}

}  // namespace cachelint
