// The command line: `cachelint ARGS` turned into a request for the session (src/session/), or one of the
// subcommands that only print (rules, explain, docs, config --show).
#include "cli/app.hpp"

#include <CLI/CLI.hpp>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <set>
#include <string_view>

#include "core/atomic_file.hpp"
#include "core/dialect.hpp"
#include "core/rule_catalog.hpp"
#include "core/text.hpp"
#include "parse/haproxy/version.hpp"
#include "report/report.hpp"
#include "session/session.hpp"

namespace cachelint {

namespace {

int write_docs(const std::string& dir, Console io) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return fail_usage(io.err, "cannot create " + dir + ": " + ec.message());
    size_t n = 0;
    for (const auto& r : all_rules()) {
        const std::string path = dir + "/" + std::string(r.id) + ".md";
        if (auto err = write_file_atomically(path, rule_doc_page(r)); !err.empty()) return fail_usage(io.err, "cannot write " + path + ": " + err);
        ++n;
    }
    // A renamed rule's old page stays, pointing at the new one: links and help URIs already given out still work.
    // A split rule's old page lists the pieces.
    std::set<std::string_view> split_done;
    for (const auto& redirect : rule_redirects()) {
        if (const auto pieces = split_into(redirect.from); !pieces.empty()) {
            if (!split_done.insert(redirect.from).second || !std::isupper(static_cast<unsigned char>(redirect.from[0]))) continue;
            std::string page = "# " + std::string(redirect.from) + " was split\n\n" + std::string(redirect.from) +
                               " checked several things; each is now a rule of its own:\n\n";
            for (auto id : pieces)
                if (const RuleMeta* r = find_rule(id))
                    page += "- [" + std::string(r->id) + "](" + std::string(r->id) + ".md) " + std::string(r->name) + ": " +
                            std::string(r->title) + "\n";
            page += "\nSuppressions, selections, `[severity]` entries and baselines that use the old id apply to every piece.\n";
            const std::string path = dir + "/" + std::string(redirect.from) + ".md";
            if (auto err = write_file_atomically(path, page); !err.empty()) return fail_usage(io.err, "cannot write " + path + ": " + err);
            continue;
        }
        const RuleMeta* r = find_rule(redirect.to);
        if (!r || redirect.from == r->name || redirect.from.empty() || !std::isupper(static_cast<unsigned char>(redirect.from[0])))
            continue;
        const std::string path = dir + "/" + std::string(redirect.from) + ".md";
        const std::string page = "# " + std::string(redirect.from) + " is now " + std::string(r->id) + "\n\n" + std::string(redirect.from) +
                                 " was renamed [" + std::string(r->id) + "](" + std::string(r->id) + ".md) (" + std::string(r->name) +
                                 "). Suppressions, selections and baselines that use the old id keep working.\n";
        if (auto err = write_file_atomically(path, page); !err.empty()) return fail_usage(io.err, "cannot write " + path + ": " + err);
    }
    if (auto err = write_file_atomically(dir + "/README.md", rule_doc_index()); !err.empty())
        return fail_usage(io.err, "cannot write " + dir + "/README.md: " + err);
    io.err << "cachelint: wrote " << n << " rule pages and README.md to " << dir << "\n";
    return kExitClean;
}

}  // namespace

int run_cli(const std::vector<std::string>& argv, Console io) {
    CLI::App app{"cachelint: a static checker for cache configurations (redis.conf, nginx, Varnish VCL, Apache "
                 "mod_cache, HAProxy, memcached).\nExit codes: 0 nothing at or above --fail-on, 1 findings at or "
                 "above it, 2 usage error or unreadable input. @FILE reads arguments from FILE, one per line.",
                 "cachelint"};
    app.set_version_flag("-V,--version", std::string("cachelint ") + CACHELINT_VERSION);
    app.require_subcommand(1);

    CheckRequest args;
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
    for (size_t i = 0; i < argv.size(); ++i) {
        std::string_view arg = argv[i];
        if (i == 0 || arg.size() < 2 || arg[0] != '@') {
            expanded.emplace_back(arg);
            continue;
        }
        const std::string file(arg.substr(1));
        std::ifstream in(file, std::ios::binary);
        if (!in || std::filesystem::is_directory(file))
            return fail_usage(io.err, "cannot read the argument file " + file + ": " + (in ? "Is a directory" : std::strerror(errno)));
        // Bounded: `@/dev/zero` must end in a message, not in memory exhaustion.
        constexpr size_t kMaxArgFile = 4u << 20;
        std::string content(kMaxArgFile + 1, '\0');
        in.read(content.data(), static_cast<std::streamsize>(content.size()));
        content.resize(static_cast<size_t>(in.gcount()));
        if (content.size() > kMaxArgFile) return fail_usage(io.err, "the argument file " + file + " is larger than 4 MB");
        if (content.find('\0') != std::string::npos)
            return fail_usage(io.err, "the argument file " + file + " holds NUL bytes: not a list of arguments");
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
        int code = app.exit(e, io.out, io.err);
        return code == 0 ? 0 : kExitUsage;
    }

    // An empty --memcached-args would otherwise mean "no command line" and silently check '.' instead.
    if (*check && check->count("--memcached-args") > 0 &&
        options.memcached_args.find_first_not_of(" \t\r\n") == std::string::npos)
        return fail_usage(io.err, "--memcached-args is empty: pass the memcached command line to check (e.g. \"-m 1024 -c 4096\")");
    args.format_given = check->count("--format") > 0;
    args.fail_on_given = check->count("--fail-on") > 0;
    args.select_given = (*check && check->count("--select") > 0) || (*config && config->count("--select") > 0);
    if (*config) return show_config(args, config_target, io);
    if (*docs) return write_docs(docs_dir, io);
    if (*rules) {
        if (rules_format != "text" && rules_format != "json")
            return fail_usage(io.err, "unknown rules --format '" + rules_format + "' (expected text|json)");
        write_rule_list(io.out, rules_dialect, rules_format == "json");
        return kExitClean;
    }
    if (*explain) {
        const RuleMeta* r = find_rule(explain_id);
        if (const auto pieces = split_into(explain_id); !r && !pieces.empty()) {  // a split rule's old id
            io.out << explain_id << " was split into";
            for (size_t i = 0; i < pieces.size(); ++i) io.out << (i ? ", " : " ") << pieces[i];
            io.out << ":\n";
            for (auto id : pieces)
                if (const RuleMeta* m = find_rule(id))
                    io.out << "  " << m->id << " " << m->name << " (" << to_string(m->severity) << "): " << m->title << "\n";
            io.out << "Run `cachelint explain <id>` for each. Suppressions, selections and baselines that name " << explain_id
                   << " apply to every piece.\n";
            return kExitClean;
        }
        if (!r) {
            std::vector<std::string_view> keys;
            for (const auto& m : all_rules()) keys.push_back(m.id), keys.push_back(m.name);
            std::string msg = "no rule named '" + explain_id + "'";
            if (auto s = did_you_mean(explain_id, keys)) msg += "; did you mean '" + std::string(*s) + "'?";
            return fail_usage(io.err, msg);
        }
        if (explain_id != r->id && explain_id != r->name)  // an old id or name (rules/redirects.toml)
            io.err << "cachelint: " << explain_id << " was renamed " << r->id << " (" << r->name << ")\n";
        if (explain_markdown) io.out << rule_doc_page(*r);
        else write_explain(io.out, *r);
        return kExitClean;
    }
    return CheckSession(std::move(args), std::move(options), io).run();
}

}  // namespace cachelint
