// The filter stage: project configuration (rules on/off, severity), inline suppressions, and the
// rules about suppressions themselves (CL001 unused-suppression, CL002 suppression-without-reason).
#pragma once
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "core/dialect.hpp"
#include "core/options.hpp"
#include "core/result.hpp"
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

// Parses the suppression comments of one file (exposed for tests).
struct SuppressionComment {
    // this_line: the trailing form (`directive;  # cachelint: disable=RULE -- reason`), where the dialect has
    // trailing comments (nginx, HAProxy, VCL).
    enum class Kind { next_line, whole_file, range_begin, range_end, this_line };
    static constexpr uint32_t kEndOfFile = UINT32_MAX;
    Kind kind = Kind::next_line;
    uint32_t line = 0;            // 1-based line of the comment
    uint32_t begin = 0, end = 0;  // byte range of the directive text
    std::vector<std::string> rules;  // as written
    std::string reason;              // "" when missing
    uint32_t target_line = 0;        // next_line: the next line that is not blank or a comment (0: none);
                                     // this_line: the comment's own line
    // range_begin: per rule, the last line the range covers (the line before its `enable`, or kEndOfFile).
    // range_end: per rule, whether it closed an open range (a bare `enable` closes them all).
    std::vector<uint32_t> until_line;
    std::vector<bool> closes;
    bool closes_any = false;  // range_end without rules: closed at least one range
};
std::vector<SuppressionComment> parse_suppressions(std::string_view text, CommentSyntax syntax);

}  // namespace cachelint
