// What a rule or a parser reports: one occurrence of a problem at a place in the source.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/source.hpp"

namespace cachelint {

enum class Severity { note = 0, warning = 1, error = 2 };
std::string_view to_string(Severity s);
std::optional<Severity> parse_severity(std::string_view s);

struct RelatedLocation {
    Span span;
    std::string message;
};

// One replacement of a byte range; a fix is a set of them applied together.
struct Edit {
    Span span;
    std::string replacement;
};

struct Finding {
    std::string rule_id;
    Severity severity = Severity::warning;
    std::string message;  // specific to this occurrence; quotes the values involved
    Span primary;
    std::vector<RelatedLocation> related;
    std::optional<std::string> fix_hint;
    // A safe, mechanical fix (`check --fix`/`--diff`, SARIF `fixes`): it changes exactly what the
    // message describes and nothing else. Empty when the change needs a person's judgement.
    std::vector<Edit> fix;
};

// True when the bytes at `where` are exactly `written` on one line: the value was not produced by a
// variable, quotes or escapes, so replacing those bytes changes that value and nothing else. Rules
// offer a fix only where this holds.
bool written_as(const Span& where, std::string_view written);

// A rule's id as generated from its TOML (ids::RC101 in core/rule_ids.hpp, written by tools/rulegen):
// report() takes only these, so a mistyped id fails to compile, and the default level and the graded levels
// a rule may report come from the TOML alone.
struct RuleId {
    std::string_view id;
    Severity severity;    // the TOML's `severity`
    unsigned severities;  // one bit per level the rule may report (`severity` plus the TOML's `severities`)

    static constexpr unsigned bit(Severity s) { return 1u << static_cast<unsigned>(s); }
    constexpr bool allows(Severity s) const { return (severities & bit(s)) != 0; }
    friend bool operator==(const std::string& a, const RuleId& b) { return a == b.id; }
};

// Collects findings for one lint job. Rules and parsers call report(); the severity defaults to
// the rule's catalog severity and may be overridden per occurrence (some rules have graded levels).
class FindingSink {
public:
    Finding& report(const RuleId& rule, Span where, std::string message);
    // A level the rule's TOML does not list is a programming error (std::logic_error).
    Finding& report(const RuleId& rule, Severity severity, Span where, std::string message);

    std::vector<Finding>& findings() { return findings_; }
    const std::vector<Finding>& findings() const { return findings_; }

    // A crafted file can have millions of bad lines: past this many findings in one job the sink
    // records one closing finding saying so and drops the rest (memory and output stay bounded).
    static constexpr size_t kMaxFindings = 10000;
    size_t dropped() const { return dropped_; }
    // Whatever is reported now is dropped: callers skip costly message work (did-you-mean searches).
    bool full() const { return findings_.size() > kMaxFindings; }

private:
    std::vector<Finding> findings_;
    Finding overflow_;  // what report() hands out once the cap is reached; never reported
    size_t dropped_ = 0;
};

// What a registered rule reports through: the job's sink bound to the rule's own id, so a rule's id is
// written once, at its CACHELINT_RULE registration. report() fills in the id and, without a level, the
// TOML's default; a graded level must be one the TOML lists (std::logic_error otherwise).
class RuleSink {
public:
    RuleSink(FindingSink& sink, const RuleId& rule) : sink_(sink), rule_(rule) {}
    Finding& report(Span where, std::string message) { return sink_.report(rule_, where, std::move(message)); }
    Finding& report(Severity severity, Span where, std::string message) {
        return sink_.report(rule_, severity, where, std::move(message));
    }
    const RuleId& rule() const { return rule_; }
    bool full() const { return sink_.full(); }

private:
    FindingSink& sink_;
    const RuleId& rule_;
};

}  // namespace cachelint
