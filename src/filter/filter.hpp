// The filter stage: project configuration (rules on/off, severity), inline suppressions, and the
// rules about suppressions themselves (CL001 unused-suppression, CL002 suppression-without-reason).
#pragma once
#include <map>
#include <mutex>
#include <string>
#include <tuple>

#include "engine/options.hpp"
#include "engine/result.hpp"
#include "filter/policy.hpp"

namespace cachelint {

class ProjectFilter : public FindingFilter {
public:
    ProjectFilter(ConfigResolver& resolver, bool inline_suppressions)
        : resolver_(resolver), inline_suppressions_(inline_suppressions) {}
    void after_job(const LintJob& job, std::vector<Diagnostic>& diagnostics) override;
    void after_all(std::vector<Diagnostic>& diagnostics) override;

private:
    bool keep(Diagnostic& d);  // policy: drop disabled rules, apply severity overrides
    ConfigResolver& resolver_;
    bool inline_suppressions_;
    std::mutex mu_;
    // One entry per (file, line, rule) a suppression names: its CL001 finding, and whether any job
    // used it (an included file is linted once per including file; a use in any of them counts).
    struct Unused {
        Diagnostic finding;
        bool used = false;
    };
    std::map<std::tuple<std::string, uint32_t, std::string>, Unused> suppressions_;
};

// Parses the suppression comments of one file (exposed for tests and `cachelint config --show`).
struct SuppressionComment {
    uint32_t line = 0;         // 1-based line of the comment
    uint32_t begin = 0, end = 0;  // byte range of the directive text
    bool whole_file = false;
    std::vector<std::string> rules;  // as written
    std::string reason;        // "" when missing
    uint32_t target_line = 0;  // disable-next-line: the next line that is not blank or a comment
};
std::vector<SuppressionComment> parse_suppressions(std::string_view text, bool slash_comments);

}  // namespace cachelint
