// Rule metadata, generated at build time from rules/<dialect>/<ID>.toml (tools/rulegen.cpp).
// This one table feeds `cachelint rules`, `cachelint explain`, SARIF rule descriptors and docs.
#pragma once
#include <span>
#include <string_view>

#include "core/finding.hpp"

namespace cachelint {

struct RuleMeta {
    std::string_view id;        // stable code, e.g. "RC101"
    std::string_view name;      // readable kebab-case slug, e.g. "maxmemory-unset"
    std::string_view dialect;   // "redis", "nginx", ...
    Severity severity;          // default severity
    std::string_view title;     // one sentence
    std::string_view rationale; // why it matters (Markdown allowed)
    std::string_view bad_example;
    std::string_view good_example;
    std::string_view example_args;  // extra CLI arguments the examples need (e.g. "--role cache")
    std::span<const std::string_view> references;
    std::span<const std::string_view> tags;
    std::string_view security_severity;  // "" unless a security rule; CVSS-like score for GitHub
    std::string_view precision;          // very-high | high | medium | low
    std::string_view fix;                // what `check --fix` changes; "" when the rule offers no mechanical fix
    bool fix_unsafe = false;             // the fix changes what the server does: only `--fix --unsafe-fixes` applies it
    std::string_view fingerprint_id;     // the first id the rule had (rules/redirects.toml): fingerprints stay stable

    bool has_tag(std::string_view tag) const {
        for (auto t : tags)
            if (t == tag) return true;
        return false;
    }
};

// A renamed rule: the old id or name, and the current id (rules/redirects.toml).
struct RuleRedirect {
    std::string_view from, to;
};

// Every rule, sorted by id.
std::span<const RuleMeta> all_rules();
// By id or by name, or by an old id or name a rule was renamed from; nullptr if unknown.
const RuleMeta* find_rule(std::string_view id_or_name);
std::span<const RuleRedirect> rule_redirects();

}  // namespace cachelint
