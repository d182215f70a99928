#include "session/session.hpp"

#include <algorithm>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <ostream>
#include <sstream>
#include <thread>
#include <unistd.h>

#include "core/atomic_file.hpp"
#include "core/dialect.hpp"
#include "core/paths.hpp"
#include "core/settings.hpp"
#include "core/units.hpp"
#include "discover/discover.hpp"
#include "discover/glob.hpp"
#include "engine/runner.hpp"
#include "filter/baseline.hpp"
#include "filter/filter.hpp"
#include "filter/settings.hpp"
#include "fix/fix.hpp"

namespace cachelint {

namespace {

// --color wins; in auto mode NO_COLOR (no-color.org) then FORCE_COLOR (force-color.org), each when set
// and not empty, then whether standard output is a terminal.
bool use_color(const std::string& mode, bool to_terminal) {
    if (mode == "always") return true;
    if (mode == "never") return false;
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color && *no_color) return false;
    const char* force_color = std::getenv("FORCE_COLOR");
    if (force_color && *force_color) return true;
    return to_terminal;
}

std::string join(const std::vector<std::string>& v, std::string_view sep) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : std::string(sep)) + s;
    return out;
}

CliRuleOptions cli_rule_options(const CheckRequest& a) {
    CliRuleOptions cli;
    if (a.select_given) cli.select = a.select;
    cli.extend_select = a.extend_select;
    cli.ignore = a.ignore;
    cli.exclude = a.exclude;
    cli.extend_exclude = a.extend_exclude;
    return cli;
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

// What discovery prints when a file is passed over (discover() prints the same on std::cerr when nobody
// listens): a binary file with a configuration's name in a walk, and a file named on the command line.
void say_skipped(std::ostream& err, const SkippedFile& s) {
    const std::string base = s.path.substr(s.path.find_last_of('/') + 1);
    bool config_like = false;
    for (const char* ext : {".conf", ".cfg", ".vcl", ".cnf", ".config", ".conf.template"}) config_like = config_like || base.ends_with(ext);
    if (s.kind == "binary" && config_like) err << "cachelint: " << s.path << ": binary file, not checked\n";
    else if (s.named && s.kind != "binary")
        err << "cachelint: " << s.path << ": skipped: " << s.reason << (s.kind == "duplicate" ? "" : "; pass --dialect NAME to check it")
            << "\n";
}

}  // namespace

int fail_usage(std::ostream& err, const std::string& message) {
    err << "cachelint: " << message << "\n";
    return kExitUsage;
}

std::string check_cli_selectors(const CheckRequest& a) {
    for (const auto* list : {&a.select, &a.extend_select, &a.ignore})
        for (const auto& s : *list)
            if (auto err = check_selector(s); !err.empty()) return err;
    return "";
}

CheckSession::CheckSession(CheckRequest request, LintOptions options, Console console)
    : a_(std::move(request)), options_(std::move(options)), io_(console) {}

int CheckSession::run() {
    if (auto rc = configure()) return *rc;
    if (a_.show_files) return show_files();
    if (auto rc = lint(false)) return *rc;
    if (!a_.write_baseline.empty()) return write_baseline_file();
    if (auto rc = filter(false)) return *rc;
    if (auto rc = fix()) return *rc;
    if (auto rc = report()) return *rc;
    return exit_code();
}

std::optional<int> CheckSession::configure() {
    CheckRequest& a = a_;
    LintOptions& options = options_;
    if (auto err = check_cli_selectors(a); !err.empty()) return usage(err);
    resolver_.emplace(a.config, a.isolated, cli_rule_options(a));
    ConfigResolver& resolver = *resolver_;
    if (auto err = resolver.init(); !err.empty()) return usage(err);
    // Run-wide settings (format, fail-on, baseline) come from the configuration of the working directory.
    run_cfg_ = &resolver.config_for(".", true);
    const ProjectConfig& run_cfg = *run_cfg_;
    if (auto errs = resolver.errors(); !errs.empty()) return usage(errs.front());
    if (!a.format_given && run_cfg.format) a.format = *run_cfg.format;
    if (!a.fail_on_given && run_cfg.fail_on) a.fail_on = *run_cfg.fail_on;
    if (a.baseline.empty() && run_cfg.baseline && a.write_baseline.empty())
        a.baseline = relative_to_cwd(*run_cfg.baseline);
    if (a.ignore_baseline) {
        if (a.update_baseline) return usage("--update-baseline and --ignore-baseline contradict each other");
        a.baseline.clear();
    }
    if (a.update_baseline && !a.write_baseline.empty())
        return usage("--update-baseline only removes entries and --write-baseline rewrites the file: use one of them");
    if (a.update_baseline && a.baseline.empty())
        return usage("--update-baseline needs a baseline: --baseline FILE, or 'baseline' in .cachelint.toml");
    if (a.unsafe_fixes && !a.fix && !a.diff)
        return usage("--unsafe-fixes says which fixes --fix or --diff apply: use it with one of them");
    if (a.fix && a.diff) return usage("--fix writes the fixes and --diff only shows them: use one of them");
    if ((a.fix || a.diff) && !a.write_baseline.empty())
        return usage("--write-baseline records findings as they are: it does not mix with --fix or --diff");
    if ((a.fix || a.diff) && std::find(a.paths.begin(), a.paths.end(), "-") != a.paths.end())
        return usage("--fix and --diff work on files: standard input cannot be fixed in place");

    if (a.color != "auto" && a.color != "always" && a.color != "never")
        return usage("unknown --color '" + a.color + "' (expected auto|always|never)");
    auto format = parse_format(a.format);
    if (!format) return usage("unknown --format '" + a.format + "' (expected " + std::string(format_names()) + ")");
    format_ = *format;
    targets_ = {{*format, a.output == "-" ? "" : a.output}};
    for (const auto& r : a.reports) {
        auto colon = r.find(':');
        auto f = colon == std::string::npos ? std::nullopt : parse_format(r.substr(0, colon));
        if (!f || colon + 1 >= r.size())
            return usage("--report '" + r + "': expected FORMAT:FILE with FORMAT one of " + std::string(format_names()));
        targets_.push_back({*f, r.substr(colon + 1) == "-" ? "" : r.substr(colon + 1)});
    }
    for (const auto& t : targets_) options.line_hashes = options.line_hashes || t.format == Format::sarif;
    if (a.fail_on != "never") {
        auto level = parse_severity(a.fail_on);
        if (!level) return usage("unknown --fail-on '" + a.fail_on + "' (expected error|warning|note|never)");
        if (!a.exit_zero) threshold_ = level;
    }
    if (!a.min_severity.empty()) {
        min_severity_ = parse_severity(a.min_severity);
        if (!min_severity_) return usage("unknown --min-severity '" + a.min_severity + "' (expected error|warning|note)");
    }
    // Asked before linting, so a wrong revision costs nothing.
    if (!a.new_from_rev.empty()) {
        if (!a.write_baseline.empty()) return usage("--new-from-rev and --write-baseline do not mix: a baseline records every finding");
        changed_.emplace();
        if (auto err = changed_lines_since(a.new_from_rev, *changed_); !err.empty()) return usage(err);
    }
    if (a.statistics && *format != Format::text && *format != Format::json)
        return usage("--statistics prints text or json, not " + a.format);
    if (!a.dialect.empty()) {
        if (!find_dialect(a.dialect)) {
            std::string names;
            for (auto* d : all_dialects()) names += (names.empty() ? "" : ", ") + std::string(d->name);
            return usage("unknown --dialect '" + a.dialect + "' (known: " + names + ")");
        }
        options.forced_dialect = a.dialect;
    }
    if (!a.memory.empty()) {
        auto m = parse_size_option(a.memory);
        if (!m || *m == 0) return usage("--memory '" + a.memory + "' is not a size such as 8gb or 512mb");
        options.memory_bytes = m;
    }
    if (!a.max_file_size.empty()) {
        auto m = parse_size_option(a.max_file_size);
        if (!m || *m == 0) return usage("--max-file-size '" + a.max_file_size + "' is not a size such as 64mb");
        options.max_file_size = *m;
    }
    static const std::vector<std::string> roles = {"", "cache", "store", "queue", "session", "unknown"};
    if (std::find(roles.begin(), roles.end(), options.role) == roles.end())
        return usage("unknown --role '" + options.role + "' (expected cache|store|queue|session|unknown)");
    if (a.paths.empty() && options.memcached_args.empty()) a.paths.push_back(".");
    return std::nullopt;
}

DiscoverOptions CheckSession::discover_options() {
    ConfigResolver* resolver = &*resolver_;
    DiscoverOptions dopts;
    dopts.stdin_filename = a_.stdin_filename;
    dopts.respect_gitignore = !a_.no_respect_gitignore && run_cfg_->respect_gitignore.value_or(true);
    dopts.force_exclude = a_.force_exclude;
    dopts.only_configs = a_.only_configs;
    dopts.excluded = [resolver](const std::string& abs, bool is_dir) { return resolver->excluded(abs, is_dir); };
    dopts.mapped_dialect = [resolver](const std::string& abs) { return resolver->mapped_dialect(abs); };
    return dopts;
}

int CheckSession::show_files() {
    DiscoverOptions dopts = discover_options();
    std::vector<std::pair<std::string, std::string>> files;
    dopts.on_file = [&](InputFile&& f) { files.emplace_back(f.path == "-" ? "-" : relative_to_cwd(f.path), f.dialect); };
    // Files not checked go to stderr, with what they are and why: stdout stays the list of checked files.
    std::vector<std::pair<std::string, std::string>> skipped;
    dopts.on_skip = [&](const SkippedFile& s) { skipped.emplace_back(relative_to_cwd(s.path), s.kind + "\t" + s.reason); };
    DiscoverResult shown = discover(a_.paths, options_, dopts);
    std::sort(files.begin(), files.end());
    std::sort(skipped.begin(), skipped.end());
    for (const auto& [path, dialect] : files) io_.out << path << "\t" << dialect << "\n";
    for (const auto& [path, why] : skipped) io_.err << path << "\tskipped\t" << why << "\n";
    for (const auto& e : shown.errors) io_.err << "cachelint: " << e.path << ": " << e.message << "\n";
    return shown.errors.empty() ? kExitClean : kExitUsage;
}

// One pass: discover and check every file (discovery in its own thread, handing each file to the workers as
// soon as it is found). `quiet`: the pass after --fix does not repeat the first one's notes.
std::optional<int> CheckSession::lint(bool quiet) {
    const CheckRequest& a = a_;
    LintOptions& options = options_;
    ConfigResolver& resolver = *resolver_;
    std::ostream& err = io_.err;
    DiscoverOptions dopts = discover_options();
    // Discovery's own lines go to this run's error stream (discovery runs in its own thread, but nothing else
    // writes to it until discovery is done).
    dopts.on_skip = [&](const SkippedFile& s) { say_skipped(err, s); };

    ProjectFilter project_filter(resolver, !a.no_inline_suppressions);  // per pass: it tracks which suppressions were used
    options.filter = &project_filter;
    // Files that share a policy and a dialect share one options object (most files share one, or none).
    std::map<std::pair<const FilePolicy*, std::string>, std::shared_ptr<const LintOptions>> shared_options;
    FileQueue queue;
    checked_files_.clear();
    queued_.clear();
    dopts.on_file = [&](InputFile&& f) {
        checked_files_.insert(relative_to_cwd(f.path));
        queued_.push_back(f.path);
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
    LintResult& result = result_;
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
        const bool found_any = std::any_of(queued_.begin(), queued_.end(), under) ||
                               std::any_of(result.errors.begin(), result.errors.end(), [&](const InputError& e) { return under(e.path) || e.path == p; });
        if (found_any) continue;
        if (options.strict) result.errors.push_back({p, "no configuration file found here (--strict)"});
        else if (!quiet) err << "cachelint: warning: " << p << ": no configuration file found here; nothing checked\n";
    }
    // The summary counts the files really checked: not those that could not be read.
    {
        std::set<std::string> failed;
        for (const auto& e : result.errors) failed.insert(e.path);
        result.files_checked = static_cast<size_t>(std::count_if(queued_.begin(), queued_.end(), [&](const std::string& q) { return !failed.count(q); }));
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
    for (const auto& e : result.errors) checked_files_.erase(relative_to_cwd(e.path));
    for (const auto& d : result.diagnostics) checked_files_.insert(relative_to_cwd(d.location.path));
    if (auto errs = resolver.errors(); !errs.empty()) return usage(errs.front());
    if (!quiet) {
        for (const auto& e : notices) err << "cachelint: " << e.path << ": " << e.message << "\n";
        for (const auto& e : result.errors) err << "cachelint: " << e.path << ": " << e.message << "\n";
    }
    return std::nullopt;
}

// A run on part of the repository (`check a/`, --select) keeps the other entries of a baseline as written.
bool CheckSession::in_baseline_scope(const std::string& path, const std::string& rule_id) {
    return checked_files_.count(relative_to_cwd(path)) && resolver_->policy_for(path).enabled_rule(rule_id);
}

int CheckSession::write_baseline_file() {
    auto in_scope = [&](const BaselineSummary::Entry& e) { return in_baseline_scope(e.path, e.rule_id); };
    size_t kept = 0;
    if (auto err = write_baseline(a_.write_baseline, result_, in_scope, &kept); !err.empty())
        return usage("cannot write " + a_.write_baseline + ": " + err);
    size_t n = 0;
    for (const auto& d : result_.diagnostics) n += !d.suppression;
    std::ostream& err = io_.err;
    err << "cachelint: wrote " << n << (n == 1 ? " finding" : " findings") << " to the baseline " << a_.write_baseline;
    if (kept) err << " (kept " << kept << (kept == 1 ? " entry" : " entries") << " of files or rules this run did not check)";
    err << "\n";
    return result_.errors.empty() ? kExitClean : kExitUsage;
}

// What the report leaves out: the baseline, lines unchanged since --new-from-rev, --min-severity.
std::optional<int> CheckSession::filter(bool quiet) {
    LintResult& result = result_;
    std::ostream& err = io_.err;
    if (!a_.baseline.empty()) {
        size_t out_of_scope = 0;
        auto in_scope = [&](const BaselineSummary::Entry& e) {
            const bool in = in_baseline_scope(e.path, e.rule_id);
            out_of_scope += !in;
            return in;
        };
        if (auto e = apply_baseline(a_.baseline, result, a_.update_baseline, in_scope); !e.empty()) return usage(e);
        if (!quiet && !result.baseline.stale.empty())
            err << "cachelint: note: " << result.baseline.stale.size() << " baseline "
                << (result.baseline.stale.size() == 1 ? "entry matches" : "entries match")
                << " no finding any more; run with --update-baseline to prune\n";
        if (result.baseline.pruned)
            err << "cachelint: removed " << result.baseline.pruned << " stale " << (result.baseline.pruned == 1 ? "entry" : "entries")
                << " from the baseline " << a_.baseline << " (" << result.baseline.matched + out_of_scope << " left)\n";
    }
    if (changed_) {
        const size_t before = result.diagnostics.size();
        std::erase_if(result.diagnostics, [&](const Diagnostic& d) { return !changed_->changed(d.location.path, d.location.line); });
        if (size_t n = before - result.diagnostics.size(); n && !quiet)
            err << "cachelint: " << n << (n == 1 ? " finding" : " findings") << " on lines unchanged since " << a_.new_from_rev
                << " left out (--new-from-rev)\n";
    }
    // After the baseline, so entries for hidden severities are neither stale nor pruned.
    if (min_severity_)
        std::erase_if(result.diagnostics, [&](const Diagnostic& d) { return d.severity < *min_severity_; });
    return std::nullopt;
}

std::optional<int> CheckSession::fix() {
    if (!a_.fix && !a_.diff) return std::nullopt;
    std::ostream& err = io_.err;
    std::ostringstream diff;
    const FixOutcome fixed = apply_fixes(result_, options_, a_.fix, a_.diff ? &diff : nullptr, a_.unsafe_fixes);
    for (const auto& e : fixed.errors) err << "cachelint: " << e.path << ": " << e.message << "\n";
    err << "cachelint: " << (a_.fix ? "fixed " : "would fix ") << fixed.findings << (fixed.findings == 1 ? " finding" : " findings")
        << " in " << fixed.files << (fixed.files == 1 ? " file" : " files") << "\n";
    if (fixed.unsafe_left)
        err << "cachelint: " << fixed.unsafe_left
            << (fixed.unsafe_left == 1 ? " more finding has a fix that changes" : " more findings have fixes that change")
            << " what the server does; add --unsafe-fixes to apply " << (fixed.unsafe_left == 1 ? "it" : "them") << "\n";
    if (a_.diff) {  // the diff takes the place of the report on standard output; --report files are still written
        io_.out << diff.str() << std::flush;
        std::erase_if(targets_, [](const ReportTarget& t) { return t.file.empty(); });
        diff_fixes_ = fixed.findings;
    }
    if (a_.fix && fixed.files) {  // the report describes the files as they are now: positions and quoted values
        if (auto rc = lint(true)) return *rc;
        if (auto rc = filter(true)) return *rc;
    }
    result_.errors.insert(result_.errors.end(), fixed.errors.begin(), fixed.errors.end());
    return std::nullopt;
}

std::optional<int> CheckSession::report() {
    ReportOptions ropts;
    ropts.include_suppressed = a_.include_suppressed;
    for (const auto& t : targets_) {
        std::ostringstream buf;
        if (t.file.empty()) {
            ropts.color = t.format == Format::text && use_color(a_.color, io_.out_is_terminal);
            if (a_.statistics) write_statistics(buf, result_, t.format == Format::json);
            else write_report(buf, t.format, result_, ropts);
            io_.out << buf.str() << std::flush;
        } else {
            ropts.color = t.format == Format::text && a_.color == "always";
            write_report(buf, t.format, result_, ropts);
            std::error_code ec;
            if (auto parent = std::filesystem::path(t.file).parent_path(); !parent.empty())
                std::filesystem::create_directories(parent, ec);
            if (auto err = write_file_atomically(t.file, buf.str()); !err.empty()) return usage("cannot write " + t.file + ": " + err);
        }
    }
    return std::nullopt;
}

int CheckSession::exit_code() const {
    if (!result_.errors.empty()) return kExitUsage;
    if (diff_fixes_) return *diff_fixes_ ? kExitFindings : kExitClean;
    if (threshold_)
        for (const auto& d : result_.diagnostics)
            if (!d.suppression && d.severity >= *threshold_) return kExitFindings;
    return kExitClean;
}

int show_config(const CheckRequest& a, const std::string& target, Console io) {
    if (auto err = check_cli_selectors(a); !err.empty()) return fail_usage(io.err, err);
    ConfigResolver resolver(a.config, a.isolated, cli_rule_options(a));
    if (auto err = resolver.init(); !err.empty()) return fail_usage(io.err, err);
    const std::string path = target.empty() ? "." : target;
    const bool is_dir = std::filesystem::is_directory(path);
    const ProjectConfig& cfg = resolver.config_for(path, is_dir);
    if (auto errs = resolver.errors(); !errs.empty()) return fail_usage(io.err, errs.front());
    std::ostream& os = io.out;
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

}  // namespace cachelint
