#include "parse/apache/loader.hpp"
#include "core/rule_ids.hpp"

#include <algorithm>
#include <cstdlib>
#include <dirent.h>
#include <map>
#include <sys/stat.h>
#include <unistd.h>

#include "core/include_resolver.hpp"
#include "core/includes.hpp"
#include "core/lint_job.hpp"
#include "core/text.hpp"
#include "parse/apache/directive_table.hpp"
#include "parse/apache/lexer.hpp"

namespace cachelint::apache {

int Config::vhost_of(int i) const {
    for (int p = i >= 0 ? dirs[static_cast<size_t>(i)].parent : -1; p >= 0; p = dirs[static_cast<size_t>(p)].parent)
        if (dirs[static_cast<size_t>(p)].key == "<virtualhost") return p;
    return -1;
}

bool Config::inside(int i, std::string_view section_key) const {
    for (int p = i >= 0 ? dirs[static_cast<size_t>(i)].parent : -1; p >= 0; p = dirs[static_cast<size_t>(p)].parent)
        if (dirs[static_cast<size_t>(p)].key == section_key) return true;
    return false;
}

namespace {

constexpr size_t kMaxNesting = 200;  // sections and conditionals open at once in one file

std::string quote(std::string_view s) { return "'" + printable(s) + "'"; }

bool is_dir(const std::string& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}
bool exists(const std::string& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0;
}

// Per-directory sections: what httpd's cmd->path is set by, and what RSRC_CONF-only directives refuse.
bool is_perdir_section(std::string_view key) {
    return key == "<directory" || key == "<directorymatch" || key == "<location" || key == "<locationmatch" ||
           key == "<files" || key == "<filesmatch" || key == "<if" || key == "<elseif" || key == "<else" ||
           key == "<proxy" || key == "<proxymatch" || key == "<limit" || key == "<limitexcept" ||
           key == "<requireall" || key == "<requireany" || key == "<requirenone";
}

bool is_conditional(std::string_view key) {
    return key == "<ifmodule" || key == "<ifdefine" || key == "<ifversion" || key == "<iffile" ||
           key == "<ifdirective" || key == "<ifsection";
}

bool sections_need_argument(std::string_view key) {
    return key != "<else" && key != "<requireall" && key != "<requireany" && key != "<requirenone";
}

// Flags of the mod_cache family and core directives cachelint validates (AP_INIT_* of their command tables).
enum class Arity { take1, take12, take2, flag, iterate };
struct ArgSpec {
    std::string_view key;
    Arity arity;
    std::string_view desc;  // httpd's description, quoted in its "takes one argument" message
};
constexpr ArgSpec kArgSpecs[] = {
    {"cacheenable", Arity::take12, "A cache type and partial URL prefix below which caching is enabled"},
    {"cachedisable", Arity::take1, "A partial URL prefix below which caching is disabled"},
    {"cachemaxexpire", Arity::take1, "The maximum time in seconds to cache a document"},
    {"cacheminexpire", Arity::take1, "The minimum time in seconds to cache a document"},
    {"cachedefaultexpire", Arity::take1, "The default time in seconds to cache a document"},
    {"cachequickhandler", Arity::flag, ""},
    {"cacheignorenolastmod", Arity::flag, ""},
    {"cacheignorecachecontrol", Arity::flag, ""},
    {"cachestoreexpired", Arity::flag, ""},
    {"cachestoreprivate", Arity::flag, ""},
    {"cachestorenostore", Arity::flag, ""},
    {"cacheignoreheaders", Arity::iterate, "A space separated list of headers that should not be stored by the cache"},
    {"cacheignorequerystring", Arity::flag, ""},
    {"cacheignoreurlsessionidentifiers", Arity::iterate,
     "A space separated list of session identifiers that should be ignored for creating the key of the cached entity."},
    {"cachelastmodifiedfactor", Arity::take1, "The factor used to estimate Expires date from LastModified date"},
    {"cachelock", Arity::flag, ""},
    {"cachelockpath", Arity::take1, "The thundering herd lock path. Defaults to the '/mod_cache-lock' directory in the system temp directory."},
    {"cachelockmaxage", Arity::take1, "Maximum age of any thundering herd lock."},
    {"cacheheader", Arity::flag, ""},
    {"cachedetailheader", Arity::flag, ""},
    {"cachekeybaseurl", Arity::take1, "Override the base URL of reverse proxied cache keys."},
    {"cachestaleonerror", Arity::flag, ""},
    {"cacheroot", Arity::take1, "The directory to store cache files"},
    {"cachedirlevels", Arity::take1, "The number of levels of subdirectories in the cache"},
    {"cachedirlength", Arity::take1, "The number of characters in subdirectory names"},
    {"include", Arity::take1, "Name(s) of the config file(s) to be included; fails if the wildcard does not match at least one file"},
    {"includeoptional", Arity::take1, "Name or pattern of the config file(s) to be included; ignored if the file does not exist or the pattern does not match any files"},
    {"undefine", Arity::take1, "Undefine the existence of a variable. Undo a Define."},
    {"loadmodule", Arity::take2, "a module name and the name of a shared object file to load it from"},
    {"serverroot", Arity::take1, "Common directory of server-related files (logs, confs, etc.)"},
};
const ArgSpec* arg_spec(std::string_view key) {
    for (const auto& s : kArgSpecs)
        if (s.key == key) return &s;
    return nullptr;
}

// apr_atoi64 / atol: optional space, optional sign, digits; stops at the first other byte.
long long leading_integer(std::string_view s) {
    size_t i = 0;
    while (i < s.size() && ap_isspace(s[i])) ++i;
    bool neg = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
    long long v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && v < (1LL << 50)) v = v * 10 + (s[i++] - '0');
    return neg ? -v : v;
}

enum class Tri { no, yes, unknown };

struct Frame {
    enum Kind { scope, cond, soak, raw } kind;
    std::string name;  // without '<', as written (e.g. "Location", "IfModule")
    int dir = -1;      // scope: its directive index
    bool certain = true;
    Span open;
};

class Loader {
public:
    Loader(Config& cfg, LintJob& job) : cfg_(cfg), job_(job), sink_(job.sink) {}

    void run(const SourceFile& main) {
        const std::string base = to_lower(main.path().substr(main.path().find_last_of('/') + 1));
        cfg_.htaccess = base == ".htaccess" || base.ends_with(".htaccess");
        cfg_.main_config = looks_like_main(main.text());
        // Relative Include paths are relative to ServerRoot. Until the file sets one (or the project
        // config gives apache.server_root), cachelint assumes the folder of the main file.
        if (auto it = job_.options->settings.find("apache.server_root"); it != job_.options->settings.end()) {
            server_root_ = it->second;
            root_certain_ = is_dir(server_root_);
        } else {
            server_root_ = directory_of(main.path());
        }
        for (const char* m : {"core.c", "http_core.c", "mod_so.c"}) cfg_.loaded.insert(m);
        if (cfg_.main_config)
            for (const char* m : {"mod_watchdog.c", "mod_log_config.c", "mod_logio.c", "mod_version.c", "mod_unixd.c"})
                cfg_.loaded.insert(m);
        {
            const IncludeGuard::Scope scope = guard_.enter(main.path());
            parse_file(main, -1, true, false);
        }
        cfg_.modules_known = cfg_.main_config && !module_set_open_ && !third_party_ && !cfg_.htaccess;
        walk();
    }

private:
    Config& cfg_;
    LintJob& job_;
    FindingSink& sink_;
    IncludeGuard guard_;
    IncludeResolver resolver_{job_};                // deploy paths (/etc/apache2/...) to the repository's files
    std::vector<const SourceFile*>* collect_ = nullptr;  // files read by the mapped include being followed
    std::map<std::string, std::string> defines_;  // apr tables are case-insensitive: keys lower-cased
    std::string server_root_;
    bool root_certain_ = false;
    bool module_set_open_ = false;  // a module may be loaded where cachelint cannot see (unresolved include...)
    bool third_party_ = false;      // a module outside the stock set is loaded: its directives are unknown
    std::set<std::string> loaded_ids_;  // LoadModule identifiers ("cache_module")

    void fatal(const RuleId& rule, Span where, std::string msg, std::string hint = {}) {
        cfg_.refused = true;
        auto& f = sink_.report(rule, Severity::error, where, std::move(msg));
        if (!hint.empty()) f.fix_hint = std::move(hint);
    }

    static bool looks_like_main(std::string_view text) {
        LineCursor lines(text);
        for (std::string_view line; lines.next(line);) {
            while (!line.empty() && ap_isspace(line.front())) line.remove_prefix(1);
            if (line.size() >= 11 && (iequals(line.substr(0, 11), "LoadModule ") || iequals(line.substr(0, 11), "LoadModule\t")))
                return true;
            if (line.size() >= 11 && (iequals(line.substr(0, 11), "ServerRoot ") || iequals(line.substr(0, 11), "ServerRoot\t")))
                return true;
        }
        return false;
    }

    Span span_of(const SourceFile& f, const LogicalLine& ln, uint32_t b, uint32_t e) const {
        if (ln.src.empty()) return {&f, ln.begin, ln.end};
        b = std::min<uint32_t>(b, static_cast<uint32_t>(ln.src.size() - 1));
        e = std::min<uint32_t>(e, static_cast<uint32_t>(ln.src.size() - 1));
        uint32_t sb = ln.src[b];
        uint32_t se = e > b ? ln.src[e - 1] + 1 : sb;
        if (se < sb) se = sb;
        return {&f, sb, se};
    }

    const std::string* lookup_define(std::string_view name) const {
        auto it = defines_.find(to_lower(name));
        return it == defines_.end() ? nullptr : &it->second;
    }

    // ---- reading (ap_build_config) ----------------------------------------------------------
    void parse_file(const SourceFile& f, int parent, bool certain, bool from_include) {
        LineReader reader(f.text());
        LogicalLine ln;
        std::vector<Frame> stack;
        auto scope_parent = [&]() {
            for (auto it = stack.rbegin(); it != stack.rend(); ++it)
                if (it->kind == Frame::scope) return it->dir;
            return parent;
        };
        auto now_certain = [&]() {
            bool c = certain;
            for (const auto& fr : stack) c = c && fr.certain;
            return c;
        };
        auto lookup = [this](std::string_view n) { return lookup_define(n); };

        while (reader.next(ln)) {
            // Inside a conditional known to be false, or a <Macro> body: httpd only looks for the end.
            if (!stack.empty() && (stack.back().kind == Frame::soak || stack.back().kind == Frame::raw)) {
                resolve_env(ln, lookup);
                size_t pos = 0;
                RawWord w = getword_conf(ln.text, pos);
                if (w.value.size() < 2 || w.value[0] != '<') continue;
                if (stack.back().kind == Frame::raw) {
                    if (iequals(w.value, "</" + stack.back().name + ">")) stack.pop_back();
                    else if (iequals(w.value, "<macro")) {
                        if (!push(stack, {Frame::raw, "Macro", -1, false, span_of(f, ln, w.begin, w.end)}, f, ln)) return;
                    }
                    continue;
                }
                if (w.value[1] == '/') {
                    std::string closing = w.value.substr(2, w.value.size() - 3);  // httpd drops the last byte
                    if (!iequals(closing, stack.back().name)) {
                        fatal(ids::APC901, span_of(f, ln, w.begin, w.end),
                              "Expected </" + stack.back().name + "> but saw " + printable(w.value.substr(0, w.value.size() - 1)) +
                                  ">: httpd refuses the configuration",
                              "close the innermost open section first");
                        return;
                    }
                    stack.pop_back();
                } else {
                    std::string name = w.value.substr(1);
                    if (pos >= ln.text.size() && !name.empty() && name.back() == '>') name.pop_back();
                    if (!push(stack, {Frame::soak, name, -1, false, span_of(f, ln, w.begin, w.end)}, f, ln)) return;
                }
                continue;
            }
            if (ln.text.empty() || ln.text[0] == '#') continue;
            // ap_build_cont_config: the end of a true conditional is the exact line "</Name>", before ${}
            // substitution, when no section was opened inside it.
            if (!stack.empty() && stack.back().kind == Frame::cond && ln.text.size() > 2 && ln.text[0] == '<' &&
                ln.text[1] == '/' && iequals(std::string_view(ln.text).substr(2), stack.back().name + ">")) {
                stack.pop_back();
                continue;
            }
            resolve_env(ln, lookup);
            size_t pos = 0;
            RawWord cmd = getword_conf(ln.text, pos);
            if (cmd.value.empty()) continue;
            const Span line_span{&f, ln.begin, ln.end};
            const Span name_span = span_of(f, ln, cmd.begin, cmd.end);

            if (cmd.value.size() > 1 && cmd.value[0] == '<' && cmd.value[1] == '/') {
                // A closing tag for a scope section (ap_build_config_sub).
                const bool has_scope = !stack.empty() && stack.back().kind == Frame::scope;
                if (!has_scope) {
                    std::string n = cmd.value.substr(2);
                    fatal(ids::APC901, name_span,
                          printable(cmd.value) + " without matching <" + printable(n) + " section: httpd refuses the configuration",
                          "remove it, or open the section in the same file and at the same conditional level");
                    return;
                }
                if (cmd.value.back() != '>') {
                    fatal(ids::APC901, name_span, printable(cmd.value) + "> directive missing closing '>'",
                          "write the closing tag as " + printable(cmd.value) + ">, with nothing after the name");
                    return;
                }
                std::string n = cmd.value.substr(2, cmd.value.size() - 3);
                if (!iequals(n, stack.back().name)) {
                    fatal(ids::APC901, name_span,
                          "Expected </" + stack.back().name + "> but saw </" + printable(n) + ">: httpd refuses the configuration",
                          "close <" + stack.back().name + "> before closing an outer section");
                    return;
                }
                stack.pop_back();
                continue;
            }

            Directive d;
            d.name = cmd.value;
            if (d.name.back() == '>') d.name.pop_back();  // httpd strips a trailing '>' from any name
            d.key = to_lower(d.name);
            d.section = !d.name.empty() && d.name[0] == '<';
            d.name_span = name_span;
            d.span = line_span;
            d.parent = scope_parent();
            d.certain = now_certain();
            d.from_include = from_include;

            if (d.section) {
                std::string_view rest = std::string_view(ln.text).substr(pos);
                const bool had_rest = !rest.empty();
                size_t gt = rest.rfind('>');
                bool missing_gt = had_rest && gt == std::string_view::npos;
                if (!had_rest) gt = 0;  // httpd passes ">" as the argument
                std::string_view inner = missing_gt ? rest : rest.substr(0, gt);
                for (auto& w : split_words(inner))
                    d.args.push_back({w.value, span_of(f, ln, static_cast<uint32_t>(pos + w.begin), static_cast<uint32_t>(pos + w.end)), w.quoted});
                if (missing_gt) {
                    fatal(ids::APC901, name_span, printable(d.name) + "> directive missing closing '>'",
                          "end the line with '>'");
                    return;
                }
                if (d.args.empty() && sections_need_argument(d.key) && (is_perdir_section(d.key) || is_conditional(d.key) ||
                                                                        d.key == "<virtualhost" || d.key == "<macro")) {
                    fatal(ids::APC901, name_span, printable(d.name) + "> directive requires additional arguments");
                    return;
                }
                if (is_conditional(d.key)) {
                    Tri t = evaluate(d);
                    Frame fr{t == Tri::no ? Frame::soak : Frame::cond, d.name.substr(1), -1, t == Tri::yes, name_span};
                    if (!push(stack, std::move(fr), f, ln)) return;
                    continue;
                }
                if (d.key == "<macro") {
                    if (!push(stack, {Frame::raw, d.name.substr(1), -1, false, name_span}, f, ln)) return;
                    continue;
                }
                cfg_.dirs.push_back(std::move(d));
                const int idx = static_cast<int>(cfg_.dirs.size() - 1);
                if (!push(stack, {Frame::scope, cfg_.dirs.back().name.substr(1), idx, true, name_span}, f, ln)) return;
                continue;
            }

            for (auto& w : split_words(ln.text, pos))
                d.args.push_back({w.value, span_of(f, ln, w.begin, w.end), w.quoted});
            cfg_.dirs.push_back(std::move(d));
            const size_t idx = cfg_.dirs.size() - 1;
            if (!execute_on_read(idx, f, stack.size())) return;
        }
        // End of file: every section opened in this file must be closed in it.
        for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
            if (it->kind == Frame::scope) {
                fatal(ids::APC901, it->open, "<" + it->name + "> was not closed: httpd refuses the configuration",
                      "add </" + it->name + "> at the end of the section (in the same file)");
                return;
            }
            if (it->kind == Frame::soak || it->kind == Frame::raw) {
                if (it->kind == Frame::raw) continue;
                fatal(ids::APC901, it->open, "Expected </" + it->name + "> before end of configuration",
                      "add </" + it->name + ">");
                return;
            }
            sink_.report(ids::APC906, Severity::warning, it->open,
                         "<" + it->name + "> is never closed: httpd accepts that only while the condition is true; "
                         "when it is false the configuration is refused (\"Expected </" + it->name + "> before end of configuration\")")
                .fix_hint = "add </" + it->name + "> where the conditional block ends";
        }
    }

    bool push(std::vector<Frame>& stack, Frame fr, const SourceFile&, const LogicalLine&) {
        if (stack.size() >= kMaxNesting) {
            sink_.report(ids::APC907, Severity::error, fr.open,
                         "sections nested more than " + std::to_string(kMaxNesting) +
                             " deep; cachelint stops reading this file here");
            return false;
        }
        stack.push_back(std::move(fr));
        return true;
    }

    // <IfModule>, <IfDefine>, ...: known true, known false, or unknown from these files alone.
    Tri evaluate(const Directive& d) {
        std::string arg = d.args.empty() ? std::string() : d.args[0].value;
        bool negate = false;
        if (!arg.empty() && arg[0] == '!') {
            negate = true;
            arg.erase(0, 1);
        }
        Tri t = Tri::unknown;
        if (d.key == "<ifmodule") {
            std::string src = arg.ends_with(".c") ? arg : module_source_from_identifier(arg);
            if ((!src.empty() && cfg_.loaded.count(src)) || loaded_ids_.count(arg)) t = Tri::yes;
            else if (cfg_.main_config && !module_set_open_) t = Tri::no;
        } else if (d.key == "<ifdefine") {
            if (lookup_define(arg) || defined_names_.count(to_lower(arg))) t = Tri::yes;
            // Not defined here: it may still come from `-D` on the command line.
        }
        if (t == Tri::unknown) return t;
        if (negate) t = t == Tri::yes ? Tri::no : Tri::yes;
        return t;
    }
    std::set<std::string> defined_names_;

    // Directives httpd runs while reading (EXEC_ON_READ): Include, Define, LoadModule, ServerRoot.
    bool execute_on_read(size_t idx, const SourceFile& f, size_t depth) {
        (void)f;
        (void)depth;
        Directive& d = cfg_.dirs[idx];
        if (d.key == "define") {
            if (d.args.empty() || d.args.size() > 2) return true;  // reported by the walk
            if (d.args[0].value.find(':') != std::string::npos) {
                if (d.certain) fatal(ids::APC903, d.args[0].span, "Variable name must not contain ':' (" + quote(d.args[0].value) + ")");
                return true;
            }
            defined_names_.insert(to_lower(d.args[0].value));
            if (d.args.size() == 2) defines_[to_lower(d.args[0].value)] = d.args[1].value;
        } else if (d.key == "undefine") {
            if (d.args.size() == 1 && d.certain) {
                defined_names_.erase(to_lower(d.args[0].value));
                defines_.erase(to_lower(d.args[0].value));
            }
        } else if (d.key == "serverroot") {
            if (d.args.size() == 1 && !job_.options->settings.count("apache.server_root")) {
                std::string root = d.args[0].value;
                if (root.size() > 1 && root.back() == '/') root.pop_back();
                if (is_dir(root)) {
                    server_root_ = root;
                    root_certain_ = d.certain;
                }
                // Otherwise the ServerRoot of the deploy host is not here: keep the main file's folder.
            }
        } else if (d.key == "loadmodule") {
            if (d.args.size() != 2) return true;
            std::string src = module_source_from_path(d.args[1].value);
            if (src.empty()) src = module_source_from_identifier(d.args[0].value);
            if (src.empty()) third_party_ = true;
            if (!d.certain) module_set_open_ = true;
            if (!src.empty()) cfg_.loaded.insert(src);
            loaded_ids_.insert(d.args[0].value);
        } else if (d.key == "include" || d.key == "includeoptional") {
            if (d.args.size() != 1) return true;
            include(idx);
        }
        return true;
    }

    void include(size_t idx) {
        // Copy what we need: parsing the included file appends to cfg_.dirs (invalidating references).
        const bool optional = cfg_.dirs[idx].key == "includeoptional";
        const std::string arg = cfg_.dirs[idx].args[0].value;
        const Span at = cfg_.dirs[idx].args[0].span;
        const int parent = cfg_.dirs[idx].parent;
        const bool certain = cfg_.dirs[idx].certain;
        std::string path = join_path(server_root_, arg);
        if (!root_certain_ && !arg.empty() && arg[0] != '/') {
            // The real ServerRoot is elsewhere: a fragment's `Include h5bp/basic.conf` is usually relative to
            // the top of the tree it came from. Try the main file's folder, then up to three parents.
            std::string base = server_root_;
            for (int up = 0; up < 4; ++up) {
                // A tree a configuration came from is never the filesystem root: `Include .` (or `conf/`)
                // resolved there would read the whole disk.
                if (up > 0 && (base.empty() || canonical_path(base) == "/")) break;
                const std::string cand = join_path(base, arg);
                const std::string probe = has_glob_chars(cand) ? directory_of(cand) : cand;
                if (!has_glob_chars(probe) && exists(probe)) {
                    path = cand;
                    break;
                }
                base = base == "." ? ".." : (base.ends_with("..") ? base + "/.." : directory_of(base));
            }
        }
        const bool sure = root_certain_ || (arg.size() && arg[0] == '/' && root_certain_);
        const std::string written = path;
        const std::optional<MappedInclude> mapped = resolver_.map(path, true, at.file ? at.file->path() : std::string());
        if (mapped) path = mapped->path;
        std::vector<const SourceFile*> read;
        // Nested includes of the files read here have their own (restored on the way out).
        struct Restore {
            Loader& l;
            std::vector<const SourceFile*>* collect;
            ~Restore() { l.collect_ = collect; }
        } restore{*this, collect_};
        collect_ = mapped ? &read : nullptr;
        std::vector<std::string> files;
        if (has_glob_chars(path)) {
            const std::string dir = directory_of(path);
            if (!has_glob_chars(dir) && !is_dir(dir)) {
                if (!optional) unresolved(at, sure && certain, "Include directory " + quote(dir) + " not found");
                return;
            }
            files = expand_glob(path, IncludeGuard::kMaxFiles);
            if (files.empty()) {
                if (!optional)
                    unresolved(at, sure && certain,
                               "No matches for the wildcard " + quote(path.substr(path.find_last_of('/') + 1)) + " in " +
                                   quote(dir) + ", failing (use IncludeOptional if required)");
                return;
            }
        } else if (!exists(path)) {
            if (!optional) unresolved(at, sure && certain, "Could not open configuration file " + quote(path) + ": No such file or directory");
            return;
        } else {
            files.push_back(path);
        }
        for (const auto& p : files) {
            if (guard_.exhausted()) break;
            include_path(p, at, parent, certain, 0);
        }
        if (mapped) resolver_.record(job_, at, written, *mapped, read);
    }

    void unresolved(Span at, bool fatal_here, const std::string& msg) {
        module_set_open_ = true;
        if (fatal_here) {
            fatal(ids::APC904, at, msg + ": httpd refuses the configuration",
                  "fix the path (relative paths are relative to ServerRoot), or use IncludeOptional");
        } else if (cfg_.main_config) {
            sink_.report(ids::APC905, Severity::note, at,
                         msg + " (resolved against " + quote(server_root_) +
                             ", the folder of the main file or a parent, because the configured ServerRoot is not on this machine); "
                             "cachelint could not check what it includes")
                .fix_hint = "lint the whole configuration tree, or set apache.server_root in the project config";
        }
    }

    void include_path(const std::string& p, Span at, int parent, bool certain, int dir_depth) {
        if (is_dir(p)) {
            if (dir_depth > 128) {
                fatal(ids::APC904, at, "Directory " + quote(p) + " exceeds the maximum include directory nesting level");
                return;
            }
            DIR* dh = ::opendir(p.c_str());
            if (!dh) return;
            std::vector<std::string> names;
            while (dirent* e = ::readdir(dh)) {
                std::string n = e->d_name;
                if (n != "." && n != "..") names.push_back(join_path(p, n));
            }
            ::closedir(dh);
            std::sort(names.begin(), names.end());
            for (const auto& n : names) {
                if (guard_.exhausted()) break;
                include_path(n, at, parent, certain, dir_depth + 1);
            }
            return;
        }
        if (guard_.exhausted()) return;
        const IncludeGuard::Scope scope = guard_.enter(p);
        if (!scope) {
            const std::string why = describe(scope.refusal(), p);
            // httpd has no cycle check: it recurses until its include depth limit and then refuses.
            if (certain) fatal(ids::APC904, at, why + ": httpd refuses the configuration (maximum include depth exceeded)");
            else sink_.report(ids::APC904, Severity::error, at, why);
            return;
        }
        auto loaded = job_.loader->load(p);
        if (!loaded.file) {
            if (certain) fatal(ids::APC904, at, "Could not open configuration file " + quote(p) + ": " + loaded.error);
            return;
        }
        if (collect_) collect_->push_back(loaded.file);
        parse_file(*loaded.file, parent, certain, true);
    }

    // ---- checks httpd makes after reading (ap_walk_config and the command handlers) ---------
    std::string within(int i, std::initializer_list<std::string_view> keys) const {
        for (int p = cfg_.dirs[static_cast<size_t>(i)].parent; p >= 0; p = cfg_.dirs[static_cast<size_t>(p)].parent)
            for (auto k : keys)
                if (cfg_.dirs[static_cast<size_t>(p)].key == k) return cfg_.dirs[static_cast<size_t>(p)].name;
        return {};
    }
    int perdir_parent(int i) const {
        for (int p = cfg_.dirs[static_cast<size_t>(i)].parent; p >= 0; p = cfg_.dirs[static_cast<size_t>(p)].parent)
            if (is_perdir_section(cfg_.dirs[static_cast<size_t>(p)].key)) return p;
        return -1;
    }

    void walk() {
        bool any_mpm = false;
        for (const char* m : {"event.c", "prefork.c", "worker.c"}) any_mpm = any_mpm || cfg_.loaded.count(m);
        if (cfg_.modules_known && !any_mpm && cfg_.main) {
            fatal(ids::APC902, Span{cfg_.main, 0, 0}, "No MPM loaded: httpd refuses to start (\"Configuration error: No MPM loaded.\")",
                  "LoadModule mpm_event_module (or mpm_prefork_module / mpm_worker_module)");
        }
        // Levels * length of the disk cache tree, per server (mod_cache_disk defaults: 2 and 2).
        std::map<int, std::pair<long long, long long>> disk_tree;
        std::set<int> refused_sections;
        for (size_t k = 0; k < cfg_.dirs.size(); ++k) {
            const int i = static_cast<int>(k);
            const Directive& d = cfg_.dirs[k];
            if (!d.certain || cfg_.htaccess) continue;
            // Inside a section already refused, httpd never gets that far: one finding per broken section.
            if (d.parent >= 0 && refused_sections.count(d.parent)) {
                refused_sections.insert(i);
                continue;
            }
            const size_t findings_before = sink_.findings().size();
            struct MarkRefused {
                std::set<int>& set;
                const Loader& self;
                size_t before;
                int index;
                bool section;
                ~MarkRefused() {
                    if (section && self.sink_.findings().size() > before) set.insert(index);
                }
            } mark{refused_sections, *this, findings_before, i, d.section};
            const DirectiveInfo* info = lookup_directive(d.key);
            if (!info) {
                if (cfg_.modules_known) {
                    fatal(ids::APC902, d.name_span,
                          "Invalid command " + quote(d.name) +
                              ", perhaps misspelled or defined by a module not included in the server configuration",
                          suggestion(d));
                } else if (!may_suggest()) {
                    // garbage, not typos: no suggestion is searched (see may_suggest)
                } else if (auto dym = did_you_mean(d.name, directive_names()); dym && !iequals(*dym, d.name)) {
                    sink_.report(ids::APC908, Severity::warning, d.name_span,
                                 "unknown directive " + quote(d.name) + ": did you mean '" + std::string(*dym) +
                                     "'? httpd refuses a directive no loaded module defines")
                        .fix_hint = "write '" + std::string(*dym) + "'";
                }
                continue;
            }
            bool defined = false;
            for (const auto& m : info->modules) defined = defined || cfg_.loaded.count(m);
            // In a fragment the module may well be loaded by the main configuration: check it as if it were.
            if (!defined && cfg_.modules_known) {
                fatal(ids::APC902, d.name_span,
                          "Invalid command " + quote(d.name) + ": it is defined by " + info->modules.front() +
                              ", which this configuration does not load",
                          "LoadModule " + module_id(info->modules.front()) + " ..., or wrap the directive in <IfModule " +
                              info->modules.front() + ">");
                continue;
            }
            const int pd = perdir_parent(i);
            if (info->context == 'O' && pd >= 0) {
                fatal(ids::APC903, d.name_span,
                      d.section ? printable(d.name) + "> cannot occur within " + cfg_.dirs[static_cast<size_t>(pd)].name + "> section"
                                : printable(info->name) + " not allowed here (inside " + cfg_.dirs[static_cast<size_t>(pd)].name + ">)",
                      "move it to the server or <VirtualHost> level");
                continue;
            }
            if (info->context == 'I' && pd < 0) {
                fatal(ids::APC903, d.name_span,
                      printable(info->name) + (d.section ? ">" : "") + " not allowed here: it belongs inside <Directory>, <Location>, <Files> or <If>",
                      "move it into the section it should protect");
                continue;
            }
            if (d.key == "<virtualhost" && cfg_.vhost_of(i) >= 0) {
                fatal(ids::APC903, d.name_span, "<VirtualHost> cannot occur within <VirtualHost> section");
                continue;
            }
            check_arguments(i, d, disk_tree);
        }
    }

    static std::string module_id(const std::string& src) {
        if (src == "event.c") return "mpm_event_module";
        if (src.starts_with("mod_") && src.ends_with(".c")) return src.substr(4, src.size() - 6) + "_module";
        return src;
    }

    // A did-you-mean search costs a pass over ~600 names. A configuration with thousands of unknown
    // directives (an `Include` of a folder of binaries, a file of garbage) is no case of typos, and the
    // findings past the cap are dropped anyway: after kMaxSuggestions searches, no more are made.
    static constexpr size_t kMaxSuggestions = 1000;
    size_t suggestions_ = 0;
    bool may_suggest() { return !sink_.full() && ++suggestions_ <= kMaxSuggestions; }

    std::string suggestion(const Directive& d) {
        if (!may_suggest()) return "remove it, or load the module that defines it";
        if (auto dym = did_you_mean(d.name, directive_names())) return "did you mean '" + std::string(*dym) + "'?";
        return "remove it, or load the module that defines it";
    }

    void check_arguments(int i, const Directive& d, std::map<int, std::pair<long long, long long>>& disk_tree) {
        const ArgSpec* spec = arg_spec(d.key);
        if (!spec) return;
        const DirectiveInfo* info = lookup_directive(d.key);
        const std::string name = info ? info->name : d.name;
        const size_t n = d.args.size();
        const char* hint = "check the arguments; a '#' after them is not a comment in httpd";
        switch (spec->arity) {
            case Arity::take1:
                if (n != 1) return fatal(ids::APC903, d.name_span, name + " takes one argument, " + std::string(spec->desc), hint);
                break;
            case Arity::take2:
                if (n != 2) return fatal(ids::APC903, d.name_span, name + " takes two arguments, " + std::string(spec->desc), hint);
                break;
            case Arity::take12:
                if (n < 1 || n > 2) return fatal(ids::APC903, d.name_span, name + " takes 1-2 arguments, " + std::string(spec->desc), hint);
                break;
            case Arity::iterate:
                if (n < 1) return fatal(ids::APC903, d.name_span, name + " requires at least one argument, " + std::string(spec->desc), hint);
                break;
            case Arity::flag:
                // invoke_cmd() reads one word for a FLAG and ignores the rest of the line ("On # comment").
                if (n < 1 || (!iequals(d.arg(0), "on") && !iequals(d.arg(0), "off")))
                    return fatal(ids::APC903, n ? d.args[0].span : d.name_span, name + " must be On or Off", "write On or Off");
                break;
        }
        if (d.key == "cacheenable" || d.key == "cachedisable") {
            std::string in = within(i, {"<directory", "<directorymatch", "<files", "<filesmatch", "<if", "<elseif", "<else",
                                         "<limit", "<limitexcept"});
            if (!in.empty())
                return fatal(ids::APC903, d.name_span, name + " cannot occur within " + in + "> section",
                             "use it at server, <VirtualHost> or <Location> level");
            const int pd = perdir_parent(i);
            std::string path;
            if (pd >= 0) {
                const Directive& s = cfg_.dirs[static_cast<size_t>(pd)];
                path = (s.key == "<proxy" || s.key == "<proxymatch" ? "proxy:" : "") + std::string(s.arg(0));
            }
            if (d.key == "cacheenable") {
                if (!d.args[0].value.empty() && d.args[0].value[0] == '/')
                    return fatal(ids::APC903, d.args[0].span,
                                 "provider (" + printable(d.args[0].value) + ") starts with a '/'.  Are url and provider switched?",
                                 "CacheEnable <provider> <url>, e.g. CacheEnable disk /");
                if (n == 1 && path.empty())
                    return fatal(ids::APC903, d.name_span, "CacheEnable provider (" + printable(d.args[0].value) + ") is missing an URL.",
                                 "add the URL prefix to cache, e.g. CacheEnable " + printable(d.args[0].value) + " /");
                if (n == 2 && !path.empty() && d.args[1].value.compare(0, path.size(), path) != 0)
                    return fatal(ids::APC903, d.args[1].span,
                                 "When in a Location, CacheEnable must specify a path or an URL below that location.");
            } else {
                if (!path.empty()) {
                    if (!iequals(d.arg(0), "on"))
                        return fatal(ids::APC903, d.args[0].span, "CacheDisable must be followed by the word 'on' when in a Location.");
                } else if (d.arg(0).empty() || (d.arg(0)[0] != '/' && d.arg(0).find(':') == std::string_view::npos)) {
                    return fatal(ids::APC903, d.args[0].span, "CacheDisable must specify a path or an URL.");
                }
            }
        } else if (d.key == "cachelockmaxage") {
            if (leading_integer(d.arg(0)) <= 0)
                fatal(ids::APC903, d.args[0].span, "CacheLockMaxAge value must be a non-zero positive integer (got " + quote(d.arg(0)) + ")");
        } else if (d.key == "cachelastmodifiedfactor") {
            char* end = nullptr;
            std::string v(d.arg(0));
            (void)std::strtod(v.c_str(), &end);
            if (end == v.c_str()) fatal(ids::APC903, d.args[0].span, "CacheLastModifiedFactor value must be a float");
        } else if (d.key == "cachekeybaseurl") {
            std::string_view v = d.arg(0);
            if (v.empty() || v[0] == '/')
                fatal(ids::APC903, d.args[0].span,
                      "URL " + quote(v) + " must contain at least one of a scheme, a hostname or a port.");
        } else if (d.key == "cachedirlevels" || d.key == "cachedirlength") {
            const long long val = std::atoi(std::string(d.arg(0)).c_str());
            auto& tree = disk_tree.try_emplace(cfg_.vhost_of(i), std::pair<long long, long long>{2, 2}).first->second;
            if (val < 1) {
                fatal(ids::APC903, d.args[0].span, name + " value must be an integer greater than 0");
                return;
            }
            const bool levels = d.key == "cachedirlevels";
            if (val * (levels ? tree.second : tree.first) > 20) {
                fatal(ids::APC903, d.args[0].span, "CacheDirLevels*CacheDirLength value must not be higher than 20");
                return;
            }
            (levels ? tree.first : tree.second) = val;
        }
    }
};

}  // namespace

void load_config(Config& config, const SourceFile& main, LintJob& job) {
    config.main = &main;
    Loader(config, job).run(main);
}

}  // namespace cachelint::apache
