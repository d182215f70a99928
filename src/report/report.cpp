#include "report/report.hpp"

namespace cachelint {

std::optional<Format> parse_format(std::string_view name) {
    if (name == "text") return Format::text;
    if (name == "concise") return Format::concise;
    if (name == "json") return Format::json;
    if (name == "sarif") return Format::sarif;
    if (name == "github") return Format::github;
    if (name == "junit") return Format::junit;
    if (name == "gitlab") return Format::gitlab;
    if (name == "checkstyle") return Format::checkstyle;
    return std::nullopt;
}

std::string_view format_names() { return "text|concise|json|sarif|github|junit|gitlab|checkstyle"; }

void write_report(std::ostream& os, Format format, const LintResult& result, const ReportOptions& options) {
    switch (format) {
        case Format::text: write_text(os, result, options); break;
        case Format::concise: write_concise(os, result); break;
        case Format::json: write_json(os, result, options); break;
        case Format::sarif: write_sarif(os, result, options); break;
        case Format::github: write_github(os, result); break;
        case Format::junit: write_junit(os, result); break;
        case Format::gitlab: write_gitlab(os, result); break;
        case Format::checkstyle: write_checkstyle(os, result); break;
    }
}

}  // namespace cachelint
