// cachelint command line: parse arguments, then discover -> lint -> filter -> report.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <thread>
#include <unistd.h>

#include "parse/haproxy/version.hpp"
#include "core/atomic_file.hpp"
#include "core/includes.hpp"
#include "core/paths.hpp"
#include "core/text.hpp"
#include "core/units.hpp"
#include "discover/discover.hpp"
#include "core/dialect.hpp"
#include "discover/glob.hpp"
#include "engine/runner.hpp"
#include "filter/baseline.hpp"
#include "filter/changed_lines.hpp"
#include "filter/filter.hpp"
#include "filter/policy.hpp"
#include "filter/settings.hpp"
#include "fix/fix.hpp"
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

// --color wins; in auto mode NO_COLOR (no-color.org) then FORCE_COLOR (force-color.org), each when set
// and not empty, then whether standard output is a terminal.
bool use_color(const std::string& mode, bool to_terminal) {
    if (mode == "always") return true;
    if (mode == "never") return false;
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color && *no_color) return false;
    const char* force_color = std::getenv("FORCE_COLOR");
    if (force_color && *force_color) return true;
    return to_terminal && ::isatty(STDOUT_FILENO);
}

int fail_usage(const std::string& message) {
    std::cerr << "cachelint: " << message << "\n";
    return kExitUsage;
}

std::string join(const std::vector<std::string>& v, std::string_view sep) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : std::string(sep)) + s;
    return out;
}

// Validates --select/--ignore on the command line: unknown selectors are usage errors.
std::string check_cli_selectors(const CheckArgs& a) {
    for (const auto* list : {&a.select, &a.extend_select, &a.ignore})
        for (const auto& s : *list)
            if (auto err = check_selector(s); !err.empty()) return err;
    return "";
}

ConfigResolver make_resolver(const CheckArgs& a) {
    CliRuleOptions cli;
    if (a.select_given) cli.select = a.select;
    cli.extend_select = a.extend_select;
    cli.ignore = a.ignore;
    cli.exclude = a.exclude;
    cli.extend_exclude = a.extend_exclude;
    return ConfigResolver(a.config, a.isolated, std::move(cli));
}

// The options one file is checked with: the run's, plus its configuration's dialect settings.
std::shared_ptr<const LintOptions> options_for(const InputFile& f, const FilePolicy& policy, const LintOptions& base) {
    const ProjectConfig* cfg = policy.config;
    const bool has_config = cfg && !cfg->file.empty();
    if (policy.settings.empty() && !has_config) return nullptr;
    auto o = std::make_shared<LintOptions>(base);
    if (has_config) {
        // Includes of deploy paths resolve inside the repository the configuration governs.
        o->repository_root = cfg->dir;
        o->include_paths.assign(cfg->paths.begin(), cfg->paths.end());
    }
    for (const auto& [key, value] : policy.settings) {
        o->settings[key] = value;
        const SettingInfo* info = find_setting(key);
        if (info && info->apply && key.rfind(f.dialect + ".", 0) == 0) info->apply(*o, value);
    }
    return o;
}

struct ReportTarget {
    Format format;
    std::string file;  // "" = standard output
};

int run_check(CheckArgs& a, LintOptions& options) {
    if (auto err = check_cli_selectors(a); !err.empty()) return fail_usage(err);
    ConfigResolver resolver = make_resolver(a);
    if (auto err = resolver.init(); !err.empty()) return fail_usage(err);
    // Run-wide settings (format, fail-on, baseline) come from the configuration of the working directory.
    const ProjectConfig& run_cfg = resolver.config_for(".", true);
    if (auto errs = resolver.errors(); !errs.empty()) return fail_usage(errs.front());
    if (!a.format_given && run_cfg.format) a.format = *run_cfg.format;
    if (!a.fail_on_given && run_cfg.fail_on) a.fail_on = *run_cfg.fail_on;
    if (a.baseline.empty() && run_cfg.baseline && a.write_baseline.empty())
        a.baseline = relative_to_cwd(*run_cfg.baseline);
    if (a.ignore_baseline) {
        if (a.update_baseline) return fail_usage("--update-baseline and --ignore-baseline contradict each other");
        a.baseline.clear();
    }
    if (a.update_baseline && !a.write_baseline.empty())
        return fail_usage("--update-baseline only removes entries and --write-baseline rewrites the file: use one of them");
    if (a.update_baseline && a.baseline.empty())
        return fail_usage("--update-baseline needs a baseline: --baseline FILE, or 'baseline' in .cachelint.toml");
    if (a.unsafe_fixes && !a.fix && !a.diff)
        return fail_usage("--unsafe-fixes says which fixes --fix or --diff apply: use it with one of them");
    if (a.fix && a.diff) return fail_usage("--fix writes the fixes and --diff only shows them: use one of them");
    if ((a.fix || a.diff) && !a.write_baseline.empty())
        return fail_usage("--write-baseline records findings as they are: it does not mix with --fix or --diff");
    if ((a.fix || a.diff) && std::find(a.paths.begin(), a.paths.end(), "-") != a.paths.end())
        return fail_usage("--fix and --diff work on files: standard input cannot be fixed in place");

    if (a.color != "auto" && a.color != "always" && a.color != "never")
        return fail_usage("unknown --color '" + a.color + "' (expected auto|always|never)");
    auto format = parse_format(a.format);
    if (!format) return fail_usage("unknown --format '" + a.format + "' (expected " + std::string(format_names()) + ")");
    std::vector<ReportTarget> targets{{*format, a.output == "-" ? "" : a.output}};
    for (const auto& r : a.reports) {
        auto colon = r.find(':');
        auto f = colon == std::string::npos ? std::nullopt : parse_format(r.substr(0, colon));
        if (!f || colon + 1 >= r.size())
            return fail_usage("--report '" + r + "': expected FORMAT:FILE with FORMAT one of " + std::string(format_names()));
        targets.push_back({*f, r.substr(colon + 1) == "-" ? "" : r.substr(colon + 1)});
    }
    for (const auto& t : targets) options.line_hashes = options.line_hashes || t.format == Format::sarif;
    std::optional<Severity> threshold;
    if (a.fail_on != "never") {
        auto level = parse_severity(a.fail_on);
        if (!level) return fail_usage("unknown --fail-on '" + a.fail_on + "' (expected error|warning|note|never)");
        if (!a.exit_zero) threshold = level;
    }
    std::optional<Severity> min_severity;
    if (!a.min_severity.empty()) {
        min_severity = parse_severity(a.min_severity);
        if (!min_severity) return fail_usage("unknown --min-severity '" + a.min_severity + "' (expected error|warning|note)");
    }
    // Asked before linting, so a wrong revision costs nothing.
    std::optional<ChangedLines> changed;
    if (!a.new_from_rev.empty()) {
        if (!a.write_baseline.empty()) return fail_usage("--new-from-rev and --write-baseline do not mix: a baseline records every finding");
        changed.emplace();
        if (auto err = changed_lines_since(a.new_from_rev, *changed); !err.empty()) return fail_usage(err);
    }
    if (a.statistics && *format != Format::text && *format != Format::json)
        return fail_usage("--statistics prints text or json, not " + a.format);
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

    DiscoverOptions dopts;
    dopts.stdin_filename = a.stdin_filename;
    dopts.respect_gitignore = !a.no_respect_gitignore && run_cfg.respect_gitignore.value_or(true);
    dopts.force_exclude = a.force_exclude;
    dopts.only_configs = a.only_configs;
    dopts.excluded = [&](const std::string& abs, bool is_dir) { return resolver.excluded(abs, is_dir); };
    dopts.mapped_dialect = [&](const std::string& abs) { return resolver.mapped_dialect(abs); };
    if (a.show_files) {
        std::vector<std::pair<std::string, std::string>> files;
        dopts.on_file = [&](InputFile&& f) { files.emplace_back(f.path == "-" ? "-" : relative_to_cwd(f.path), f.dialect); };
        // Files not checked go to stderr, with what they are and why: stdout stays the list of checked files.
        std::vector<std::pair<std::string, std::string>> skipped;
        dopts.on_skip = [&](const SkippedFile& s) { skipped.emplace_back(relative_to_cwd(s.path), s.kind + "\t" + s.reason); };
        DiscoverResult shown = discover(a.paths, options, dopts);
        std::sort(files.begin(), files.end());
        std::sort(skipped.begin(), skipped.end());
        for (const auto& [path, dialect] : files) std::cout << path << "\t" << dialect << "\n";
        for (const auto& [path, why] : skipped) std::cerr << path << "\tskipped\t" << why << "\n";
        for (const auto& e : shown.errors) std::cerr << "cachelint: " << e.path << ": " << e.message << "\n";
        return shown.errors.empty() ? kExitClean : kExitUsage;
    }
    // One pass: discover and check every file (discovery in its own thread, handing each file to the
    // workers as soon as it is found). `quiet`: the pass after --fix does not repeat the first one's notes.
    LintResult result;
    // The files this pass checked (relative to the working directory, as baselines record them): only
    // their baseline entries can be stale.
    std::set<std::string> checked_files;
    std::vector<std::string> queued;  // every file handed to the workers, as discovery named it
    auto lint_all = [&](bool quiet) -> std::optional<int> {
        ProjectFilter filter(resolver, !a.no_inline_suppressions);  // per pass: it tracks which suppressions were used
        options.filter = &filter;
        // Files that share a policy and a dialect share one options object (most files share one, or none).
        std::map<std::pair<const FilePolicy*, std::string>, std::shared_ptr<const LintOptions>> shared_options;
        FileQueue queue;
        checked_files.clear();
        queued.clear();
        dopts.on_file = [&](InputFile&& f) {
            checked_files.insert(relative_to_cwd(f.path));
            queued.push_back(f.path);
            const FilePolicy& policy = resolver.policy_for(f.path);
            auto [it, fresh] = shared_options.try_emplace({&policy, f.dialect});
            if (fresh) it->second = options_for(f, policy, options);
            f.options = it->second;
            queue.push(std::move(f));
        };
        DiscoverResult found;
        std::exception_ptr discover_failed;
        auto produce = [&] {
            try {
                found = discover(a.paths, options, dopts);
            } catch (...) {
                discover_failed = std::current_exception();
            }
            queue.close();
        };
        // Only named files (a pre-commit run, an editor): finding them is a stat each, so discovery runs first
        // and a single file is checked without starting a thread. Directory walks stream into the workers.
        const bool files_only = std::none_of(a.paths.begin(), a.paths.end(), [](const std::string& p) {
            std::error_code ec;
            return std::filesystem::is_directory(p, ec);
        });
        if (files_only) {
            produce();
            result = lint_queue(queue, options);
        } else {
            std::thread producer(produce);
            result = lint_queue(queue, options);
            producer.join();
        }
        options.filter = nullptr;
        if (discover_failed) std::rethrow_exception(discover_failed);
        result.errors.insert(result.errors.begin(), found.errors.begin(), found.errors.end());
        // A file named on the command line whose kind cannot be told was skipped with one line on stderr;
        // with --strict that is an input error (a pre-commit hook must not pass a file it did not read).
        if (options.strict)
            for (const auto& s : found.skipped)
                if (s.named) result.errors.push_back({s.path, s.reason + " (--strict)"});
        // A directory named on the command line in which no configuration was found: said once on standard
        // error, an input error with --strict (a CI job pointed at the wrong folder must not pass quietly).
        for (const auto& p : a.paths) {
            std::error_code ec;
            if (p == "-" || !std::filesystem::is_directory(p, ec)) continue;
            auto under = [&](const std::string& q) {
                if (p == ".") return !q.starts_with("/") && !q.starts_with("../");
                return q.starts_with(p.ends_with('/') ? p : p + "/");
            };
            const bool found_any = std::any_of(queued.begin(), queued.end(), under) ||
                                   std::any_of(result.errors.begin(), result.errors.end(), [&](const InputError& e) { return under(e.path) || e.path == p; });
            if (found_any) continue;
            if (options.strict) result.errors.push_back({p, "no configuration file found here (--strict)"});
            else if (!quiet) std::cerr << "cachelint: warning: " << p << ": no configuration file found here; nothing checked\n";
        }
        // The summary counts the files really checked: not those that could not be read.
        {
            std::set<std::string> failed;
            for (const auto& e : result.errors) failed.insert(e.path);
            result.files_checked = static_cast<size_t>(std::count_if(queued.begin(), queued.end(), [&](const std::string& q) { return !failed.count(q); }));
        }
        // A binary file (the loader's verdict) found by walking a directory is passed over with one notice and
        // does not change the exit code; named on the command line it stays an input error.
        std::vector<InputError> notices;
        std::erase_if(result.errors, [&](const InputError& e) {
            if (e.message != "binary file, not checked" || std::find(a.paths.begin(), a.paths.end(), e.path) != a.paths.end())
                return false;
            notices.push_back(e);
            return true;
        });
        // A file that could not be read was not checked; a file reached through an include was.
        for (const auto& e : result.errors) checked_files.erase(relative_to_cwd(e.path));
        for (const auto& d : result.diagnostics) checked_files.insert(relative_to_cwd(d.location.path));
        if (auto errs = resolver.errors(); !errs.empty()) return fail_usage(errs.front());
        if (!quiet) {
            for (const auto& e : notices) std::cerr << "cachelint: " << e.path << ": " << e.message << "\n";
            for (const auto& e : result.errors) std::cerr << "cachelint: " << e.path << ": " << e.message << "\n";
        }
        return std::nullopt;
    };
    // What the report leaves out: the baseline, lines unchanged since --new-from-rev, --min-severity.
    auto filter_result = [&](bool quiet) -> std::optional<int> {
        if (!a.baseline.empty()) {
            // A run on part of the repository (`check a/`, --select) keeps the other entries as written.
            size_t out_of_scope = 0;
            auto in_scope = [&](const BaselineSummary::Entry& e) {
                const bool in = checked_files.count(relative_to_cwd(e.path)) && resolver.policy_for(e.path).enabled_rule(e.rule_id);
                out_of_scope += !in;
                return in;
            };
            if (auto err = apply_baseline(a.baseline, result, a.update_baseline, in_scope); !err.empty()) return fail_usage(err);
            if (!quiet && !result.baseline.stale.empty())
                std::cerr << "cachelint: note: " << result.baseline.stale.size() << " baseline "
                          << (result.baseline.stale.size() == 1 ? "entry matches" : "entries match")
                          << " no finding any more; run with --update-baseline to prune\n";
            if (result.baseline.pruned)
                std::cerr << "cachelint: removed " << result.baseline.pruned << " stale "
                          << (result.baseline.pruned == 1 ? "entry" : "entries") << " from the baseline " << a.baseline << " ("
                          << result.baseline.matched + out_of_scope << " left)\n";
        }
        if (changed) {
            const size_t before = result.diagnostics.size();
            std::erase_if(result.diagnostics, [&](const Diagnostic& d) { return !changed->changed(d.location.path, d.location.line); });
            if (size_t n = before - result.diagnostics.size(); n && !quiet)
                std::cerr << "cachelint: " << n << (n == 1 ? " finding" : " findings") << " on lines unchanged since "
                          << a.new_from_rev << " left out (--new-from-rev)\n";
        }
        // After the baseline, so entries for hidden severities are neither stale nor pruned.
        if (min_severity)
            std::erase_if(result.diagnostics, [&](const Diagnostic& d) { return d.severity < *min_severity; });
        return std::nullopt;
    };

    if (auto rc = lint_all(false)) return *rc;
    if (!a.write_baseline.empty()) {
        // A run on part of the repository (`check a/`, --select) keeps the other entries of an existing baseline.
        auto in_scope = [&](const BaselineSummary::Entry& e) {
            return checked_files.count(relative_to_cwd(e.path)) && resolver.policy_for(e.path).enabled_rule(e.rule_id);
        };
        size_t kept = 0;
        if (auto err = write_baseline(a.write_baseline, result, in_scope, &kept); !err.empty())
            return fail_usage("cannot write " + a.write_baseline + ": " + err);
        size_t n = 0;
        for (const auto& d : result.diagnostics) n += !d.suppression;
        std::cerr << "cachelint: wrote " << n << (n == 1 ? " finding" : " findings") << " to the baseline " << a.write_baseline;
        if (kept) std::cerr << " (kept " << kept << (kept == 1 ? " entry" : " entries") << " of files or rules this run did not check)";
        std::cerr << "\n";
        return result.errors.empty() ? kExitClean : kExitUsage;
    }
    if (auto rc = filter_result(false)) return *rc;

    std::optional<size_t> diff_fixes;  // --diff: the exit code says whether there is anything to fix
    if (a.fix || a.diff) {
        std::ostringstream diff;
        const FixOutcome fixed = apply_fixes(result, options, a.fix, a.diff ? &diff : nullptr, a.unsafe_fixes);
        for (const auto& e : fixed.errors) std::cerr << "cachelint: " << e.path << ": " << e.message << "\n";
        std::cerr << "cachelint: " << (a.fix ? "fixed " : "would fix ") << fixed.findings
                  << (fixed.findings == 1 ? " finding" : " findings") << " in " << fixed.files
                  << (fixed.files == 1 ? " file" : " files") << "\n";
        if (fixed.unsafe_left)
            std::cerr << "cachelint: " << fixed.unsafe_left
                      << (fixed.unsafe_left == 1 ? " more finding has a fix that changes" : " more findings have fixes that change")
                      << " what the server does; add --unsafe-fixes to apply "
                      << (fixed.unsafe_left == 1 ? "it" : "them") << "\n";
        if (a.diff) {  // the diff takes the place of the report on standard output; --report files are still written
            std::cout << diff.str() << std::flush;
            std::erase_if(targets, [](const ReportTarget& t) { return t.file.empty(); });
            diff_fixes = fixed.findings;
        }
        if (a.fix && fixed.files) {  // the report describes the files as they are now: positions and quoted values
            if (auto rc = lint_all(true)) return *rc;
            if (auto rc = filter_result(true)) return *rc;
        }
        result.errors.insert(result.errors.end(), fixed.errors.begin(), fixed.errors.end());
    }

    ReportOptions ropts;
    ropts.include_suppressed = a.include_suppressed;
    for (const auto& t : targets) {
        std::ostringstream buf;
        if (t.file.empty()) {
            ropts.color = t.format == Format::text && use_color(a.color, true);
            if (a.statistics) write_statistics(buf, result, t.format == Format::json);
            else write_report(buf, t.format, result, ropts);
            std::cout << buf.str() << std::flush;
        } else {
            ropts.color = t.format == Format::text && a.color == "always";
            write_report(buf, t.format, result, ropts);
            std::error_code ec;
            if (auto parent = std::filesystem::path(t.file).parent_path(); !parent.empty())
                std::filesystem::create_directories(parent, ec);
            if (auto err = write_file_atomically(t.file, buf.str()); !err.empty())
                return fail_usage("cannot write " + t.file + ": " + err);
        }
    }

    if (!result.errors.empty()) return kExitUsage;
    if (diff_fixes) return *diff_fixes ? kExitFindings : kExitClean;
    if (threshold)
        for (const auto& d : result.diagnostics)
            if (!d.suppression && d.severity >= *threshold) return kExitFindings;
    return kExitClean;
}

// `cachelint config --show [FILE]`: the configuration that applies to FILE (or the working directory).
int run_config_show(CheckArgs& a, const std::string& target) {
    if (auto err = check_cli_selectors(a); !err.empty()) return fail_usage(err);
    ConfigResolver resolver = make_resolver(a);
    if (auto err = resolver.init(); !err.empty()) return fail_usage(err);
    const std::string path = target.empty() ? "." : target;
    const bool is_dir = std::filesystem::is_directory(path);
    const ProjectConfig& cfg = resolver.config_for(path, is_dir);
    if (auto errs = resolver.errors(); !errs.empty()) return fail_usage(errs.front());
    std::ostream& os = std::cout;
    os << "# Effective cachelint configuration for " << path << "\n";
    os << "config-file = \"" << (cfg.file.empty() ? "" : absolute_path(cfg.file)) << "\""
       << (cfg.file.empty() ? "  # none found: built-in defaults" : "") << "\n";
    if (!cfg.extends.empty()) {
        os << "extends = [";
        for (size_t i = 0; i < cfg.extends.size(); ++i) os << (i ? ", \"" : "\"") << absolute_path(cfg.extends[i]) << "\"";
        os << "]  # nearest first; this file's keys win\n";
    }
    const std::string abs = absolute_path(path);
    if (!is_dir) {
        auto mapped = resolver.mapped_dialect(abs);
        std::optional<std::string> dialect = mapped;
        if (!dialect) {
            std::ifstream in(path, std::ios::binary);
            std::string head(8192, '\0');
            in.read(head.data(), 8192);
            head.resize(static_cast<size_t>(in.gcount()));
            dialect = detect_dialect(path, head, false);
        }
        os << "dialect = \"" << dialect.value_or("") << "\"  # " << (mapped ? "from [dialects]" : dialect ? "detected" : "unknown")
           << "\n";
    }
    os << "excluded = " << (resolver.excluded(abs, is_dir) ? "true" : "false") << "  # when found by walking a directory\n";
    os << "fail-on = \"" << (a.fail_on_given ? a.fail_on : cfg.fail_on.value_or("warning")) << "\"\n";
    os << "format = \"" << (a.format_given ? a.format : cfg.format.value_or("text")) << "\"\n";
    os << "baseline = \"" << cfg.baseline.value_or("") << "\"\n";
    os << "respect-gitignore = " << (cfg.respect_gitignore.value_or(true) ? "true" : "false") << "\n";
    if (is_dir) {
        os << "# rules, severity and settings are per file: pass a file to see them\n";
        return kExitClean;
    }
    const FilePolicy& p = resolver.policy_for(path);
    std::vector<std::string> on, off;
    for (const auto& r : all_rules()) (p.enabled_rule(std::string(r.id)) ? on : off).emplace_back(r.id);
    auto list = [&](const std::vector<std::string>& v) {
        std::string s;
        for (const auto& x : v) s += (s.empty() ? "\"" : ", \"") + x + "\"";
        return "[" + s + "]";
    };
    std::vector<std::string> matched;
    for (const auto* o : p.overrides) matched.push_back(join(o->files, " "));
    os << "overrides-matched = " << list(matched) << "\n";
    os << "enabled = " << list(on) << "\n";
    os << "disabled = " << list(off) << "\n";
    os << "\n[severity]\n";
    for (const auto& r : all_rules()) {
        auto it = p.severity.find(std::string(r.id));
        if (it != p.severity.end())
            os << r.id << " = \"" << to_string(it->second) << "\"  # default " << to_string(r.severity) << "\n";
    }
    os << "\n[settings]\n";
    for (const auto& [k, v] : p.settings) os << k << " = \"" << v << "\"\n";
    return kExitClean;
}

int write_docs(const std::string& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return fail_usage("cannot create " + dir + ": " + ec.message());
    size_t n = 0;
    for (const auto& r : all_rules()) {
        const std::string path = dir + "/" + std::string(r.id) + ".md";
        if (auto err = write_file_atomically(path, rule_doc_page(r)); !err.empty()) return fail_usage("cannot write " + path + ": " + err);
        ++n;
    }
    // A renamed rule's old page stays, pointing at the new one: links and help URIs already given out still work.
    for (const auto& redirect : rule_redirects()) {
        const RuleMeta* r = find_rule(redirect.to);
        if (!r || redirect.from == r->name || redirect.from.empty() || !std::isupper(static_cast<unsigned char>(redirect.from[0])))
            continue;
        const std::string path = dir + "/" + std::string(redirect.from) + ".md";
        const std::string page = "# " + std::string(redirect.from) + " is now " + std::string(r->id) + "\n\n" + std::string(redirect.from) +
                                 " was renamed [" + std::string(r->id) + "](" + std::string(r->id) + ".md) (" + std::string(r->name) +
                                 "). Suppressions, selections and baselines that use the old id keep working.\n";
        if (auto err = write_file_atomically(path, page); !err.empty()) return fail_usage("cannot write " + path + ": " + err);
    }
    if (auto err = write_file_atomically(dir + "/README.md", rule_doc_index()); !err.empty())
        return fail_usage("cannot write " + dir + "/README.md: " + err);
    std::cerr << "cachelint: wrote " << n << " rule pages and README.md to " << dir << "\n";
    return kExitClean;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"cachelint: a static checker for cache configurations (redis.conf, nginx, Varnish VCL, Apache "
                 "mod_cache, HAProxy, memcached).\nExit codes: 0 nothing at or above --fail-on, 1 findings at or "
                 "above it, 2 usage error or unreadable input. @FILE reads arguments from FILE, one per line.",
                 "cachelint"};
    app.set_version_flag("-V,--version", std::string("cachelint ") + CACHELINT_VERSION);
    app.require_subcommand(1);

    CheckArgs args;
    LintOptions options;
    std::string dialect_names;
    for (auto* d : all_dialects()) dialect_names += (dialect_names.empty() ? "" : "|") + std::string(d->name);

    auto* check = app.add_subcommand("check", "Check configuration files and directories (default: .)");
    check->add_option("paths", args.paths, "Files or directories; '-' reads standard input");
    check->add_option("-f,--format", args.format, "Output format: " + std::string(format_names()))
        ->capture_default_str()->envname("CACHELINT_FORMAT");
    check->add_option("-o,--output", args.output, "Write the report to FILE (atomically) instead of standard output");
    check->add_option("--fail-on", args.fail_on, "Lowest severity that makes the exit code 1: error|warning|note|never")
        ->capture_default_str()->envname("CACHELINT_FAIL_ON");
    check->add_flag("--exit-zero", args.exit_zero, "Exit 0 even with findings (2 still means unreadable input or a usage error)");
    check->add_option("--min-severity", args.min_severity,
                      "Leave findings below this severity out of every report and the exit code: error|warning|note");
    check->add_flag("--statistics", args.statistics, "Print a count per rule instead of the findings (text or json)");
    check->add_flag("--show-files", args.show_files, "List the files that would be checked, with their dialect, and exit");
    check->add_option("--color", args.color, "Colour the text output: auto|always|never (auto: NO_COLOR, then FORCE_COLOR, then whether it is a terminal)")
        ->capture_default_str();
    check->add_option("--dialect", args.dialect, "Parse named files and stdin as this dialect (in directory walks: check only its files): " + dialect_names);
    check->add_option("--stdin-filename", args.stdin_filename, "Name to report for '-' (also guides dialect detection)");
    check->add_option("--redis-version", options.redis_version,
                      "Target server: 6.2, 7.0, 7.2, 7.4, valkey-8.0, keydb-6.3 (default: newest Redis)");
    check->add_option("--haproxy-version", options.haproxy_version,
                      "Target HAProxy: 2.4, 2.6, 2.8, 3.0, 3.1, 3.2 (default: the newest)")
        ->check([](const std::string& v) {
            return haproxy::parse_version(v) ? std::string() : "expected 2.4, 2.6, 2.8, 3.0, 3.1 or 3.2, got '" + v + "'";
        });
    check->add_option("--varnish-version", options.varnish_version,
                      "Target Varnish: 6.0 (LTS), 7.0 .. 7.6 (default: 7.6)")
        ->check(CLI::IsMember({"6.0", "7.0", "7.1", "7.2", "7.3", "7.4", "7.5", "7.6"}));
    check->add_option("--role", options.role, "What the Redis instance is for: cache|store|queue|session|unknown "
                                              "(default: inferred, or '# cachelint: role=...' in the file)");
    check->add_option("--memory", args.memory, "Memory the host or container really has (e.g. 8gb); enables headroom rules");
    check->add_option("--nginx-prefix", options.nginx_prefix, "Directory nginx resolves relative includes against");
    check->add_option("--memcached-args", options.memcached_args, "A memcached command line to check");
    check->add_flag("--strict", options.strict,
                    "Unknown directives are errors, not notes; a directory with no configuration file, or a named file whose kind cannot be told, is an input error (exit 2)");
    check->add_option("--max-file-size", args.max_file_size, "Skip files larger than this, with an error (default 64mb)");
    check->add_option("-j,--jobs", options.jobs, "Files checked in parallel (default: one per core)");
    check->add_flag("--include-suppressed", args.include_suppressed,
                    "SARIF/JSON: keep suppressed and baselined findings, marked with 'suppressions'");
    auto add_config_options = [&](CLI::App* sub) {
        sub->add_option("--config", args.config, "Use this configuration file for every file (no .cachelint.toml discovery)")
            ->envname("CACHELINT_CONFIG");
        sub->add_flag("--isolated", args.isolated, "Ignore every configuration file");
        sub->add_option("--select", args.select, "Check only these rules: ids, names, dialects, tags, ALL (comma-separated)")
            ->delimiter(',')->allow_extra_args(false);
        sub->add_option("--extend-select", args.extend_select, "Check these rules too")->delimiter(',')->allow_extra_args(false);
        sub->add_option("--ignore", args.ignore, "Do not check these rules (ids, names, dialects, tags)")->delimiter(',')->allow_extra_args(false);
        sub->add_option("--exclude", args.exclude, "Globs of paths to skip, replacing the configuration's exclude")
            ->delimiter(',')->allow_extra_args(false);
        sub->add_option("--extend-exclude", args.extend_exclude, "Globs of paths to skip as well")->delimiter(',')->allow_extra_args(false);
    };
    add_config_options(check);
    check->add_flag("--force-exclude", args.force_exclude,
                    "Apply excludes and .gitignore to files named on the command line too (for pre-commit)");
    check->add_flag("--only-configs", args.only_configs,
                    "Check only the named files that `check .` would check, skip the others silently (for pre-commit)");
    check->add_flag("--no-respect-gitignore", args.no_respect_gitignore, "Walk files that .gitignore excludes");
    check->add_flag("--no-inline-suppressions", args.no_inline_suppressions,
                    "Ignore '# cachelint: disable-...' comments (audits)");
    check->add_option("--baseline", args.baseline, "Leave out the findings recorded in this baseline file");
    check->add_option("--write-baseline", args.write_baseline,
                      "Record every current finding in this baseline file (atomically) and exit 0");
    check->add_flag("--update-baseline", args.update_baseline,
                    "Remove the baseline's entries that match no finding any more (never adds one), then report as usual");
    check->add_flag("--ignore-baseline", args.ignore_baseline, "Report every finding, whatever baseline is configured");
    check->add_option("--new-from-rev", args.new_from_rev,
                      "Report only findings on lines changed since this git revision, and in untracked files");
    check->add_flag("--fix", args.fix,
                    "Apply the findings' mechanical fixes to the files (atomically), then report what remains");
    check->add_flag("--unsafe-fixes", args.unsafe_fixes,
                    "With --fix or --diff, also the fixes that change what the server does (to what the line evidently meant)");
    check->add_flag("--diff", args.diff,
                    "Print the fixes --fix would apply as a unified diff (apply with git apply -p0), write nothing; exit 1 if there are any");
    check->add_option("--report", args.reports,
                      "Also write a report: FORMAT:FILE, repeatable (e.g. --report sarif:cachelint.sarif)")
        ->allow_extra_args(false);

    std::string rules_dialect, rules_format = "text";
    auto* rules = app.add_subcommand("rules", "List every rule: id, name, dialect, default severity, title");
    rules->add_option("--dialect", rules_dialect, "Only this dialect's rules");
    rules->add_option("-f,--format", rules_format, "text|json")->capture_default_str();

    std::string explain_id;
    bool explain_markdown = false;
    auto* explain = app.add_subcommand("explain", "Explain a rule: rationale, a bad and a good example, references");
    explain->add_option("rule", explain_id, "Rule id or name (e.g. RC101 or maxmemory-unset)")->required();
    explain->add_flag("--markdown", explain_markdown, "Print the rule's documentation page (Markdown)");

    std::string config_target;
    bool config_show = false;
    auto* config = app.add_subcommand("config", "Show the effective configuration for a file or directory");
    config->add_flag("--show", config_show, "Print the effective configuration (the default action)");
    config->add_option("path", config_target, "File or directory (default: the working directory)");
    add_config_options(config);

    std::string docs_dir;
    auto* docs = app.add_subcommand("docs", "Write one Markdown page per rule and an index (docs/rules)");
    docs->add_option("-o,--output", docs_dir, "Directory to write into")->required();

    // `@FILE` stands for the arguments in FILE, one per line (so paths may hold blanks); for file lists longer
    // than a command line. An `@` inside FILE is taken literally: no recursion, no loop.
    std::vector<std::string> expanded;
    for (int i = 0; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (i == 0 || arg.size() < 2 || arg[0] != '@') {
            expanded.emplace_back(arg);
            continue;
        }
        const std::string file(arg.substr(1));
        std::ifstream in(file, std::ios::binary);
        if (!in || std::filesystem::is_directory(file))
            return fail_usage("cannot read the argument file " + file + ": " + (in ? "Is a directory" : std::strerror(errno)));
        // Bounded: `@/dev/zero` must end in a message, not in memory exhaustion.
        constexpr size_t kMaxArgFile = 4u << 20;
        std::string content(kMaxArgFile + 1, '\0');
        in.read(content.data(), static_cast<std::streamsize>(content.size()));
        content.resize(static_cast<size_t>(in.gcount()));
        if (content.size() > kMaxArgFile) return fail_usage("the argument file " + file + " is larger than 4 MB");
        if (content.find('\0') != std::string::npos)
            return fail_usage("the argument file " + file + " holds NUL bytes: not a list of arguments");
        LineCursor lines(content);
        for (std::string_view line; lines.next(line);) {
            if (line.ends_with('\r')) line.remove_suffix(1);
            if (!line.empty()) expanded.emplace_back(line);
        }
    }
    std::vector<char*> expanded_argv;
    for (auto& s : expanded) expanded_argv.push_back(s.data());
    try {
        app.parse(static_cast<int>(expanded_argv.size()), expanded_argv.data());
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? 0 : kExitUsage;
    }

    // An empty --memcached-args would otherwise mean "no command line" and silently check '.' instead.
    if (*check && check->count("--memcached-args") > 0 &&
        options.memcached_args.find_first_not_of(" \t\r\n") == std::string::npos)
        return fail_usage("--memcached-args is empty: pass the memcached command line to check (e.g. \"-m 1024 -c 4096\")");
    args.format_given = check->count("--format") > 0;
    args.fail_on_given = check->count("--fail-on") > 0;
    args.select_given = (*check && check->count("--select") > 0) || (*config && config->count("--select") > 0);
    if (*config) return run_config_show(args, config_target);
    if (*docs) return write_docs(docs_dir);
    if (*rules) {
        if (rules_format != "text" && rules_format != "json")
            return fail_usage("unknown rules --format '" + rules_format + "' (expected text|json)");
        write_rule_list(std::cout, rules_dialect, rules_format == "json");
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
        if (explain_id != r->id && explain_id != r->name)  // an old id or name (rules/redirects.toml)
            std::cerr << "cachelint: " << explain_id << " was renamed " << r->id << " (" << r->name << ")\n";
        if (explain_markdown) std::cout << rule_doc_page(*r);
        else write_explain(std::cout, *r);
        return kExitClean;
    }
    return run_check(args, options);
}
