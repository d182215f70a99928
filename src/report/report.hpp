// Writers for every output format. They read resolved diagnostics only, never parser state.
#pragma once
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/rule_catalog.hpp"

namespace cachelint {

enum class Format { text, concise, json, sarif, github, junit, gitlab, checkstyle };
std::optional<Format> parse_format(std::string_view name);
std::string_view format_names();  // "text|concise|json|sarif|github|junit|gitlab|checkstyle"

struct ReportOptions {
    bool color = false;
    bool include_suppressed = false;  // SARIF/JSON: keep suppressed and baselined results, marked as such
    bool show_summary = true;         // text: the closing count line
};

void write_report(std::ostream& os, Format format, const LintResult& result, const ReportOptions& options);

void write_text(std::ostream& os, const LintResult& result, const ReportOptions& options);
void write_concise(std::ostream& os, const LintResult& result);
void write_json(std::ostream& os, const LintResult& result, const ReportOptions& options);
void write_sarif(std::ostream& os, const LintResult& result, const ReportOptions& options);
void write_github(std::ostream& os, const LintResult& result);
void write_junit(std::ostream& os, const LintResult& result);
void write_gitlab(std::ostream& os, const LintResult& result);
void write_checkstyle(std::ostream& os, const LintResult& result);
// --statistics: one line (text) or object (json) per rule with unsuppressed findings, most frequent first.
void write_statistics(std::ostream& os, const LintResult& result, bool json);
// The rule's documentation page (docs/rules/<ID>.md) and the index of every rule (docs/rules/README.md).
std::string rule_doc_page(const RuleMeta& rule);
std::string rule_doc_index();

// `cachelint rules` and `cachelint explain ID`.
void write_rule_list(std::ostream& os, std::string_view dialect_filter, bool json = false);
void write_explain(std::ostream& os, const RuleMeta& rule);
std::string rule_help_markdown(const RuleMeta& rule);
std::string rule_help_uri(const RuleMeta& rule);

}  // namespace cachelint
