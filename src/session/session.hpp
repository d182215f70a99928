// One `cachelint check` run from start to end: project configuration, discovery, the lint pass, baseline,
// --new-from-rev, --min-severity, fix-then-recheck and the reports, written to the streams it is given.
// It sits above filter/, fix/ and report/ (it wires them together) and below cli/, which only turns the
// command line into a CheckRequest and hands over the process's streams.
#pragma once
#include <iosfwd>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/options.hpp"
#include "core/result.hpp"
#include "discover/discover.hpp"
#include "filter/changed_lines.hpp"
#include "filter/policy.hpp"
#include "report/report.hpp"

namespace cachelint {

constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitUsage = 2;

// Where a run prints. `out_is_terminal`: `out` is a terminal (--color auto colours only then).
// Standard input ('-' among the paths) is still the process's std::cin.
struct Console {
    std::ostream& out;
    std::ostream& err;
    bool out_is_terminal = false;
};

// What `cachelint check` was asked, as the command line said it (values not yet validated: the project
// configuration may still supply the format, the fail-on level and the baseline).
struct CheckRequest {
    std::vector<std::string> paths;
    std::string format = "text";
    std::string output;
    std::string fail_on = "warning";
    std::string color = "auto";
    std::string dialect;
    std::string memory;
    std::string max_file_size;
    std::string stdin_filename;
    bool include_suppressed = false;
    // Project configuration, selection, excludes.
    std::string config;
    bool isolated = false;
    std::vector<std::string> select, extend_select, ignore, exclude, extend_exclude;
    bool force_exclude = false;
    bool only_configs = false;
    bool no_respect_gitignore = false;
    bool no_inline_suppressions = false;
    // Baseline and extra reports.
    std::string baseline, write_baseline;
    bool update_baseline = false, ignore_baseline = false;
    std::string new_from_rev;
    // Fixes: the only way cachelint writes to the files it checks.
    bool fix = false, diff = false, unsafe_fixes = false;
    // Output shaping.
    bool exit_zero = false, statistics = false, show_files = false;
    std::string min_severity;
    std::vector<std::string> reports;  // FORMAT:FILE
    bool format_given = false, fail_on_given = false, select_given = false;
};

// Prints "cachelint: MESSAGE" on `err` and returns the usage exit code (2).
int fail_usage(std::ostream& err, const std::string& message);

// Unknown selectors in --select/--extend-select/--ignore: the first one's message, or "".
std::string check_cli_selectors(const CheckRequest& request);

class CheckSession {
public:
    CheckSession(CheckRequest request, LintOptions options, Console console);
    CheckSession(const CheckSession&) = delete;
    CheckSession& operator=(const CheckSession&) = delete;

    // The whole run; returns the exit code (0 clean, 1 findings at or above --fail-on, 2 usage or input error).
    int run();
    // After run(): what the reports were written from.
    const LintResult& result() const { return result_; }

private:
    struct ReportTarget {
        Format format;
        std::string file;  // "" = the console's out
    };
    int usage(const std::string& message) { return fail_usage(io_.err, message); }
    std::optional<int> configure();          // project configuration, then every option checked
    DiscoverOptions discover_options();      // what both discovery passes share (config, ignores, excludes)
    int show_files();                        // --show-files
    std::optional<int> lint(bool quiet);     // discover and check every file (`quiet`: the pass after --fix)
    int write_baseline_file();               // --write-baseline
    std::optional<int> filter(bool quiet);   // baseline, --new-from-rev, --min-severity
    std::optional<int> fix();                // --fix / --diff, and the recheck after --fix
    std::optional<int> report();             // every report target
    int exit_code() const;
    bool in_baseline_scope(const std::string& path, const std::string& rule_id);

    CheckRequest a_;
    LintOptions options_;
    Console io_;
    std::optional<ConfigResolver> resolver_;
    const ProjectConfig* run_cfg_ = nullptr;
    std::vector<ReportTarget> targets_;
    Format format_ = Format::text;
    std::optional<Severity> threshold_, min_severity_;
    std::optional<ChangedLines> changed_;
    LintResult result_;
    // The files the last pass checked (relative to the working directory, as baselines record them): only their
    // baseline entries can be stale.
    std::set<std::string> checked_files_;
    std::vector<std::string> queued_;  // every file handed to the workers, as discovery named it
    std::optional<size_t> diff_fixes_;  // --diff: the exit code says whether there is anything to fix
};

// `cachelint config --show [PATH]`: the configuration that applies to PATH (or the working directory).
int show_config(const CheckRequest& request, const std::string& target, Console console);

}  // namespace cachelint
