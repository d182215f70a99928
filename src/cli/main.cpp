// cachelint command line: parse arguments, then discover -> lint -> filter -> report.
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>
#include <sstream>
#include <unistd.h>

#include "core/atomic_file.hpp"
#include "core/text.hpp"
#include "core/units.hpp"
#include "discover/discover.hpp"
#include "engine/dialect.hpp"
#include "engine/runner.hpp"
#include "report/report.hpp"

using namespace cachelint;

namespace {

constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitUsage = 2;

struct CheckArgs {
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
};

bool use_color(const std::string& mode, bool to_terminal) {
    if (mode == "always") return true;
    if (mode == "never") return false;
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color && *no_color) return false;
    return to_terminal && ::isatty(STDOUT_FILENO);
}

int fail_usage(const std::string& message) {
    std::cerr << "cachelint: " << message << "\n";
    return kExitUsage;
}

int run_check(CheckArgs& a, LintOptions& options) {
    auto format = parse_format(a.format);
    if (!format) return fail_usage("unknown --format '" + a.format + "' (expected " + std::string(format_names()) + ")");
    std::optional<Severity> threshold;
    if (a.fail_on != "never") {
        threshold = parse_severity(a.fail_on);
        if (!threshold) return fail_usage("unknown --fail-on '" + a.fail_on + "' (expected error|warning|note|never)");
    }
    if (!a.dialect.empty()) {
        if (!find_dialect(a.dialect)) {
            std::string names;
            for (auto* d : all_dialects()) names += (names.empty() ? "" : ", ") + std::string(d->name);
            return fail_usage("unknown --dialect '" + a.dialect + "' (known: " + names + ")");
        }
        options.forced_dialect = a.dialect;
    }
    if (!a.memory.empty()) {
        auto m = parse_size_option(a.memory);
        if (!m || *m == 0) return fail_usage("--memory '" + a.memory + "' is not a size such as 8gb or 512mb");
        options.memory_bytes = m;
    }
    if (!a.max_file_size.empty()) {
        auto m = parse_size_option(a.max_file_size);
        if (!m || *m == 0) return fail_usage("--max-file-size '" + a.max_file_size + "' is not a size such as 64mb");
        options.max_file_size = *m;
    }
    static const std::vector<std::string> roles = {"", "cache", "store", "queue", "session", "unknown"};
    if (std::find(roles.begin(), roles.end(), options.role) == roles.end())
        return fail_usage("unknown --role '" + options.role + "' (expected cache|store|queue|session|unknown)");
    if (a.paths.empty() && options.memcached_args.empty()) a.paths.push_back(".");

    DiscoverResult found = discover(a.paths, options, a.stdin_filename);
    LintResult result = lint_files(found.files, options);
    result.errors.insert(result.errors.begin(), found.errors.begin(), found.errors.end());

    for (const auto& e : result.errors) std::cerr << "cachelint: " << e.path << ": " << e.message << "\n";

    ReportOptions ropts;
    ropts.include_suppressed = a.include_suppressed;
    if (a.output.empty() || a.output == "-") {
        ropts.color = *format == Format::text && use_color(a.color, true);
        std::ostringstream buf;
        write_report(buf, *format, result, ropts);
        std::cout << buf.str() << std::flush;
    } else {
        ropts.color = a.color == "always";
        std::ostringstream buf;
        write_report(buf, *format, result, ropts);
        if (auto err = write_file_atomically(a.output, buf.str()); !err.empty())
            return fail_usage("cannot write " + a.output + ": " + err);
    }

    if (!result.errors.empty()) return kExitUsage;
    if (threshold)
        for (const auto& d : result.diagnostics)
            if (!d.suppression && d.severity >= *threshold) return kExitFindings;
    return kExitClean;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"cachelint: a static checker for cache configurations (redis.conf, nginx, Varnish VCL, Apache "
                 "mod_cache, HAProxy, memcached).\nExit codes: 0 nothing at or above --fail-on, 1 findings at or "
                 "above it, 2 usage error or unreadable input.",
                 "cachelint"};
    app.set_version_flag("-V,--version", std::string("cachelint ") + CACHELINT_VERSION);
    app.require_subcommand(1);

    CheckArgs args;
    LintOptions options;
    std::string dialect_names;
    for (auto* d : all_dialects()) dialect_names += (dialect_names.empty() ? "" : "|") + std::string(d->name);

    auto* check = app.add_subcommand("check", "Check configuration files and directories (default: .)");
    check->add_option("paths", args.paths, "Files or directories; '-' reads standard input");
    check->add_option("-f,--format", args.format, "Output format: " + std::string(format_names()))->capture_default_str();
    check->add_option("-o,--output", args.output, "Write the report to FILE (atomically) instead of standard output");
    check->add_option("--fail-on", args.fail_on, "Lowest severity that makes the exit code 1: error|warning|note|never")
        ->capture_default_str();
    check->add_option("--color", args.color, "Colour the text output: auto|always|never (NO_COLOR is honoured)")
        ->capture_default_str();
    check->add_option("--dialect", args.dialect, "Treat every input as this dialect: " + dialect_names);
    check->add_option("--stdin-filename", args.stdin_filename, "Name to report for '-' (also guides dialect detection)");
    check->add_option("--redis-version", options.redis_version,
                      "Target server: 6.2, 7.0, 7.2, 7.4, valkey-8.0, keydb-6.3 (default: newest Redis)");
    check->add_option("--role", options.role, "What the Redis instance is for: cache|store|queue|session|unknown "
                                              "(default: inferred, or '# cachelint: role=...' in the file)");
    check->add_option("--memory", args.memory, "Memory the host or container really has (e.g. 8gb); enables headroom rules");
    check->add_option("--nginx-prefix", options.nginx_prefix, "Directory nginx resolves relative includes against");
    check->add_option("--memcached-args", options.memcached_args, "A memcached command line to check");
    check->add_flag("--strict", options.strict, "Unknown directives are errors, not notes");
    check->add_option("--max-file-size", args.max_file_size, "Skip files larger than this, with an error (default 64mb)");
    check->add_option("-j,--jobs", options.jobs, "Files checked in parallel (default: one per core)");
    check->add_flag("--include-suppressed", args.include_suppressed, "SARIF/JSON: keep suppressed findings, marked");

    std::string rules_dialect;
    auto* rules = app.add_subcommand("rules", "List every rule: id, name, dialect, default severity, title");
    rules->add_option("--dialect", rules_dialect, "Only this dialect's rules");

    std::string explain_id;
    auto* explain = app.add_subcommand("explain", "Explain a rule: rationale, a bad and a good example, references");
    explain->add_option("rule", explain_id, "Rule id or name (e.g. RC101 or maxmemory-unset)")->required();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? 0 : kExitUsage;
    }

    if (*rules) {
        write_rule_list(std::cout, rules_dialect);
        return kExitClean;
    }
    if (*explain) {
        const RuleMeta* r = find_rule(explain_id);
        if (!r) {
            std::vector<std::string_view> keys;
            for (const auto& m : all_rules()) keys.push_back(m.id), keys.push_back(m.name);
            std::string msg = "no rule named '" + explain_id + "'";
            if (auto s = did_you_mean(explain_id, keys)) msg += "; did you mean '" + std::string(*s) + "'?";
            return fail_usage(msg);
        }
        write_explain(std::cout, *r);
        return kExitClean;
    }
    return run_check(args, options);
}
