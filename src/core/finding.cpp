#include "core/finding.hpp"

#include <stdexcept>

#include "core/rule_catalog.hpp"

namespace cachelint {

std::string_view to_string(Severity s) {
    switch (s) {
        case Severity::note: return "note";
        case Severity::warning: return "warning";
        case Severity::error: return "error";
    }
    return "warning";
}

std::optional<Severity> parse_severity(std::string_view s) {
    if (s == "note") return Severity::note;
    if (s == "warning") return Severity::warning;
    if (s == "error") return Severity::error;
    return std::nullopt;
}

bool written_as(const Span& where, std::string_view written) {
    return where.valid() && where.end > where.begin && !written.empty() && where.text() == written &&
           written.find_first_of("\r\n") == std::string_view::npos;
}

Finding& FindingSink::report(const RuleId& rule, Span where, std::string message) {
    return report(rule, rule.severity, where, std::move(message));
}

Finding& FindingSink::report(const RuleId& rule, Severity severity, Span where, std::string message) {
    if (!rule.allows(severity))
        throw std::logic_error(std::string(rule.id) + " reported as " + std::string(to_string(severity)) +
                               ", a level its TOML does not list in 'severities'");
    if (findings_.size() > kMaxFindings) {
        ++dropped_;
        overflow_ = Finding{};
        return overflow_;
    }
    if (findings_.size() == kMaxFindings) {
        ++dropped_;
        message = "more than " + std::to_string(kMaxFindings) +
                  " findings in this check; cachelint reports no more of them (this is where the next one was)";
    }
    Finding f;
    f.rule_id = std::string(rule.id);
    f.severity = severity;
    f.message = std::move(message);
    f.primary = where;
    findings_.push_back(std::move(f));
    return findings_.back();
}

}  // namespace cachelint
