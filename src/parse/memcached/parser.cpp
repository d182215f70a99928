#include "parse/memcached/parser.hpp"
#include "core/rule_ids.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <map>

#include "core/text.hpp"

namespace cachelint::memcached {

const Option* Config::last(char c) const {
    const Option* out = nullptr;
    for (const auto& o : options)
        if (o.short_name == c) out = &o;
    return out;
}
int Config::count(char c) const {
    int n = 0;
    for (const auto& o : options) n += o.short_name == c;
    return n;
}

namespace {

// memcached 1.6.18 main(): the getopt shortopts string and its long options.
constexpr std::string_view kShortOpts = "a:Ap:s:U:m:Mc:khiVvdl:u:P:f:n:t:D:LR:Cb:B:I:SFXWY:e:o:N:Z";

struct LongOpt {
    std::string_view name;
    int arg;  // 0 none, 1 required, 2 optional
    char c;
};
constexpr LongOpt kLongOpts[] = {
    {"unix-mask", 1, 'a'},         {"enable-shutdown", 0, 'A'},   {"port", 1, 'p'},
    {"unix-socket", 1, 's'},       {"udp-port", 1, 'U'},          {"memory-limit", 1, 'm'},
    {"disable-evictions", 0, 'M'}, {"conn-limit", 1, 'c'},        {"lock-memory", 0, 'k'},
    {"help", 0, 'h'},              {"license", 0, 'i'},           {"version", 0, 'V'},
    {"enable-coredumps", 0, 'r'},  {"verbose", 2, 'v'},           {"daemon", 0, 'd'},
    {"listen", 1, 'l'},            {"user", 1, 'u'},              {"pidfile", 1, 'P'},
    {"slab-growth-factor", 1, 'f'}, {"slab-min-size", 1, 'n'},    {"threads", 1, 't'},
    {"enable-largepages", 0, 'L'}, {"max-reqs-per-event", 1, 'R'}, {"disable-cas", 0, 'C'},
    {"listen-backlog", 1, 'b'},    {"protocol", 1, 'B'},          {"max-item-size", 1, 'I'},
    {"enable-sasl", 0, 'S'},       {"disable-flush-all", 0, 'F'}, {"disable-dumping", 0, 'X'},
    {"disable-watch", 0, 'W'},     {"auth-file", 1, 'Y'},         {"memory-file", 1, 'e'},
    {"extended", 1, 'o'},          {"napi-ids", 1, 'N'},          {"enable-ssl", 0, 'Z'},
};

std::string quote(std::string_view s) { return "'" + printable(s, 60) + "'"; }

bool perl_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// A word of text with the file offset of each of its bytes (so spans survive comment stripping).
struct Mapped {
    std::string text;
    std::vector<uint32_t> at;  // file offset of each byte of text
};

// Shell-like word splitting (what /bin/sh, or Perl exec's whitespace split, does with the line).
std::vector<Arg> split_words(const SourceFile& f, const Mapped& m, bool comments) {
    std::vector<Arg> out;
    const std::string& s = m.text;
    size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && perl_space(s[i])) ++i;
        if (i >= s.size()) break;
        if (comments && s[i] == '#') {
            while (i < s.size() && s[i] != '\n') ++i;
            continue;
        }
        Arg a;
        const size_t start = i;
        char q = 0;
        while (i < s.size() && (q || !perl_space(s[i]))) {
            const char c = s[i];
            if (q == '\'') {
                if (c == '\'') q = 0; else a.value += c;
            } else if (q == '"') {
                if (c == '"') q = 0;
                else if (c == '\\' && i + 1 < s.size() && std::strchr("\"\\$`\n", s[i + 1])) a.value += s[++i];
                else a.value += c;
            } else if (c == '\'' || c == '"') {
                q = c;
            } else if (c == '\\' && i + 1 < s.size()) {
                if (s[i + 1] != '\n') a.value += s[i + 1];
                ++i;
            } else {
                a.value += c;
            }
            ++i;
        }
        a.span = {&f, m.at[start], m.at[i - 1] + 1};
        out.push_back(std::move(a));
    }
    return out;
}

class Parser {
public:
    Parser(Config& c, const SourceFile& f, FindingSink& s) : cfg_(c), file_(f), sink_(s) {}

    void run() {
        const std::string_view text = file_.text();
        cfg_.format = detect_format(text);
        if (cfg_.format == Format::command_line) {
            Mapped m;
            for (size_t i = 0; i < text.size(); ++i) m.text += text[i], m.at.push_back(static_cast<uint32_t>(i));
            cfg_.argv = split_words(file_, m, true);
            if (!cfg_.argv.empty()) {
                std::string first = cfg_.argv[0].value;
                if (first.starts_with("ExecStart=")) first = first.substr(10);
                while (!first.empty() && (first[0] == '@' || first[0] == '-' || first[0] == ':' || first[0] == '+' || first[0] == '!'))
                    first.erase(0, 1);
                const std::string base = first.substr(first.find_last_of('/') == std::string::npos ? 0 : first.find_last_of('/') + 1);
                if (base == "memcached") cfg_.argv.erase(cfg_.argv.begin());
            }
        } else if (cfg_.format == Format::sysconfig) {
            read_sysconfig(text);
        } else {
            read_debian(text);
        }
        parse_argv();
        validate();
        for (const auto& w : cfg_.ignored) {
            if (std::find(bare_.begin(), bare_.end(), w.span.begin) != bare_.end()) continue;  // MC009 said it
            sink_.report(ids::MC008, Severity::warning, w.span,
                         "memcached silently ignores the word " + quote(w.value) + ": it is not an option, and no option before it takes a value")
                .fix_hint = "remove it, or attach it to the option it belongs to";
        }
    }

private:
    Config& cfg_;
    const SourceFile& file_;
    FindingSink& sink_;
    std::vector<uint32_t> bare_;  // Debian bare-word lines (MC009 reports them)

    Span span(size_t b, size_t e) const { return {&file_, static_cast<uint32_t>(b), static_cast<uint32_t>(e)}; }

    void fatal(Span where, std::string msg, std::string hint) {
        cfg_.refused = true;
        auto& f = sink_.report(ids::MC008, Severity::error, where, std::move(msg));
        if (!hint.empty()) f.fix_hint = std::move(hint);
    }

    Format detect_format(std::string_view text) const {
        if (file_.path() == "<memcached-args>") return Format::command_line;
        // A file whose first word is the memcached binary (an ExecStart= line, a saved command line).
        size_t i = 0;
        while (i < text.size()) {
            while (i < text.size() && perl_space(text[i])) ++i;
            if (i < text.size() && text[i] == '#') {
                while (i < text.size() && text[i] != '\n') ++i;
                continue;
            }
            break;
        }
        size_t e = i;
        while (e < text.size() && !perl_space(text[e])) ++e;
        std::string_view w = text.substr(i, e - i);
        if (w.starts_with("ExecStart=")) w.remove_prefix(10);
        if (w.ends_with("memcached") && !w.starts_with("-")) return Format::command_line;
        return is_sysconfig(text) ? Format::sysconfig : Format::debian_conf;
    }

    // `NAME=value` with a shell variable name: what systemd's EnvironmentFile= takes from a line.
    static std::optional<std::string_view> assigned_name(std::string_view line) {
        const size_t i = line.find_first_not_of(" \t\r");
        if (i == std::string_view::npos || line[i] == '#') return std::nullopt;
        line.remove_prefix(i);
        const size_t eq = line.find('=');
        if (eq == std::string_view::npos || eq == 0) return std::nullopt;
        for (char c : line.substr(0, eq))
            if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return std::nullopt;
        return line.substr(0, eq);
    }

    // An assignment of a variable the memcached unit reads (PORT=, CACHESIZE=, ...): no Debian memcached.conf
    // has one (its wrapper reads only lines that start with '-'). Other lines may be there too, option lines
    // written as if for Debian: systemd ignores them, which read_sysconfig() reports.
    static bool is_sysconfig(std::string_view text) {
        // From each '=' back to its line's start (one fast scan: a big Debian file has few '=', if any).
        for (size_t eq = text.find('='); eq != std::string_view::npos; eq = text.find('=', eq + 1)) {
            size_t b = eq;
            while (b > 0 && (std::isalnum(static_cast<unsigned char>(text[b - 1])) || text[b - 1] == '_')) --b;
            const std::string_view name = text.substr(b, eq - b);
            while (b > 0 && (text[b - 1] == ' ' || text[b - 1] == '\t')) --b;
            if ((b == 0 || text[b - 1] == '\n') && is_unit_variable(name)) return true;
        }
        return false;
    }

    // /etc/sysconfig/memcached as memcached's own systemd unit (scripts/memcached.service) and Fedora's
    // read it: EnvironmentFile= assignments, then
    //   ExecStart=/usr/bin/memcached -p ${PORT} -u ${USER} -m ${CACHESIZE} -c ${MAXCONN} $OPTIONS
    // ${VAR} is one argument; $OPTIONS is split on white space. Variables the unit does not read
    // (THREADS=, BACKLOG=, ... of custom init scripts) do not reach memcached.
    void read_sysconfig(std::string_view text) {
        struct Var {
            Span name;
            Mapped value;
        };
        std::map<std::string, Var, std::less<>> vars;
        std::vector<Span> dropped;  // lines systemd does not take as an assignment
        LineCursor lines(text);
        for (std::string_view line; lines.next(line);) {
            const uint32_t base = static_cast<uint32_t>(lines.line_start());
            size_t i = line.find_first_not_of(" \t\r");
            if (i == std::string_view::npos || line[i] == '#') continue;
            if (!assigned_name(line)) {
                size_t e = line.find_last_not_of(" \t\r");
                dropped.push_back(span(base + i, base + e + 1));
                continue;
            }
            const size_t eq = line.find('=', i);
            Var v;
            v.name = span(base + i, base + eq);
            // The value: quotes removed, as systemd's EnvironmentFile= parser (and a shell) does.
            char q = 0;
            for (size_t k = eq + 1; k < line.size(); ++k) {
                const char c = line[k];
                if (q) {
                    if (c == q) { q = 0; continue; }
                    if (q == '"' && c == '\\' && k + 1 < line.size()) ++k;
                } else if (c == '"' || c == '\'') {
                    q = c;
                    continue;
                } else if (c == '#' || perl_space(c)) {
                    break;
                }
                v.value.text += line[k];
                v.value.at.push_back(base + static_cast<uint32_t>(k));
            }
            vars[std::string(line.substr(i, eq - i))] = std::move(v);
        }
        static constexpr std::pair<const char*, const char*> kUnitArgs[] = {
            {"-p", "PORT"}, {"-u", "USER"}, {"-m", "CACHESIZE"}, {"-c", "MAXCONN"}};
        for (const auto& [flag, name] : kUnitArgs) {
            auto it = vars.find(name);
            if (it == vars.end()) continue;  // the unit's Environment= default applies (memcached's own)
            cfg_.argv.push_back({flag, it->second.name});
            const Mapped& m = it->second.value;
            cfg_.argv.push_back({m.text, m.at.empty() ? it->second.name : span(m.at.front(), m.at.back() + 1)});
        }
        if (auto it = vars.find("OPTIONS"); it != vars.end())
            for (auto& w : split_words(file_, it->second.value, false)) cfg_.argv.push_back(std::move(w));
        if (!dropped.empty()) {
            // Option lines written as for Debian's memcached.conf beside the assignments: one of the two readers
            // drops half of the file, and for the unit that reads these assignments it is the option lines.
            std::vector<std::string> shown;
            for (size_t k = 0; k < dropped.size() && k < 5; ++k) shown.push_back("'" + printable(dropped[k].text(), 30) + "'");
            const std::string listed = first_few(shown, dropped.size());
            auto& f = sink_.report(ids::MC009, Severity::warning, dropped.front(),
                                   std::to_string(dropped.size()) + (dropped.size() == 1 ? " line is" : " lines are") +
                                       " not NAME=value assignments (" + listed +
                                       "): systemd's EnvironmentFile= reading of this sysconfig file ignores them, so "
                                       "these options never reach memcached; only PORT, USER, CACHESIZE, MAXCONN and OPTIONS do");
            f.fix_hint = "move the options into OPTIONS=\"...\"";
        }
    }

    // Debian's systemd-memcached-wrapper / start-memcached, line by line (redis-memcached.md §2.2).
    void read_debian(std::string_view text) {
        LineCursor lines(text);
        for (std::string_view line; lines.next(line);) {
            const uint32_t base = static_cast<uint32_t>(lines.line_start());
            // s/(?<!\\)\#[^\#]*//g : from each '#' not preceded by a backslash up to the next '#'.
            Mapped m;
            bool escaped_hash = false;
            for (size_t i = 0; i < line.size();) {
                if (line[i] == '#' && !(i > 0 && line[i - 1] == '\\')) {
                    size_t j = i + 1;
                    while (j < line.size() && line[j] != '#') ++j;
                    i = j;
                    continue;
                }
                if (line[i] == '#') escaped_hash = true;
                m.text += line[i];
                m.at.push_back(base + static_cast<uint32_t>(i));
                ++i;
            }
            // s/\s+$//; s/^\s+//
            size_t b = 0, e = m.text.size();
            while (e > b && perl_space(m.text[e - 1])) --e;
            while (b < e && perl_space(m.text[b])) ++b;
            if (b == e) continue;
            Mapped t;
            t.text = m.text.substr(b, e - b);
            t.at.assign(m.at.begin() + static_cast<long>(b), m.at.begin() + static_cast<long>(e));
            const Span line_span = span(t.at.front(), t.at.back() + 1);
            if (t.text[0] == '-' && t.text.size() > 1 && (t.text[1] == 'd' || t.text[1] == 'h')) {
                if (t.text != "-d")
                    sink_.report(ids::MC009, Severity::note, line_span,
                                 "the Debian wrapper drops every line starting with '-d' or '-h', so " + quote(t.text) +
                                     " never reaches memcached")
                        .fix_hint = "put the option on a line of its own that does not start with -d or -h";
                continue;
            }
            if (t.text[0] != '-') {
                const size_t sp = t.text.find_first_of(" \t\n\r\f\v");
                const std::string first = t.text.substr(0, sp);
                if (first == "logfile" && sp != std::string::npos) continue;  // start-memcached's own keyword
                if (sp == std::string::npos) {
                    sink_.report(ids::MC009, Severity::error, line_span,
                                 "line " + quote(t.text) + " does not start with '-': the systemd wrapper passes the bare word to "
                                 "memcached, which ignores it, and the sysvinit start-memcached script dies on it")
                        .fix_hint = "write memcached options with their dash, e.g. '-v'";
                    for (auto& w : split_words(file_, t, false)) bare_.push_back(w.span.begin), cfg_.argv.push_back(std::move(w));
                } else {
                    sink_.report(ids::MC009, Severity::error, line_span,
                                 "line " + quote(t.text) + " does not start with '-': the Debian systemd wrapper silently drops it "
                                 "and the sysvinit start-memcached script dies on it; only 'logfile <path>' is understood")
                        .fix_hint = "write memcached options with their dash, e.g. '-m 64' or '-p 11211'";
                }
                continue;
            }
            if (escaped_hash)
                sink_.report(ids::MC009, Severity::note, line_span,
                             "'\\#' keeps its backslash: the wrapper only uses it to protect '#' from comment stripping, so memcached "
                             "receives " + quote(t.text));
            if (t.text.find_first_of("'\"$`;&|<>*?()[]{}~") != std::string::npos)
                sink_.report(ids::MC009, Severity::warning, line_span,
                             "line " + quote(t.text) + " contains shell metacharacters: the wrapper joins all lines and runs them "
                             "through /bin/sh, so quoting, globbing and variables apply to the whole command line")
                    .fix_hint = "use plain values without quotes or shell characters";
            for (auto& w : split_words(file_, t, false)) cfg_.argv.push_back(std::move(w));
        }
    }

    // getopt_long with permutation, as glibc does it for memcached's option table.
    void parse_argv() {
        auto& av = cfg_.argv;
        for (size_t i = 0; i < av.size(); ++i) {
            const std::string& w = av[i].value;
            if (w == "--") {
                for (size_t j = i + 1; j < av.size(); ++j) cfg_.ignored.push_back(av[j]);
                break;
            }
            if (w.size() < 2 || w[0] != '-') {
                cfg_.ignored.push_back(av[i]);
                continue;
            }
            if (w[1] == '-') {
                parse_long(i);
                continue;
            }
            for (size_t k = 1; k < w.size(); ++k) {
                const char c = w[k];
                const size_t p = kShortOpts.find(c);
                if (c == ':' || p == std::string_view::npos) {
                    fatal(av[i].span, "unknown option '-" + std::string(1, c) + "' in " + quote(w) +
                          "; memcached exits at startup (\"Illegal argument\")", "see `memcached -h` for the options of 1.6");
                    break;
                }
                Option o;
                o.short_name = c;
                o.spelled = "-" + std::string(1, c);
                o.span = av[i].span;
                if (p + 1 < kShortOpts.size() && kShortOpts[p + 1] == ':') {
                    if (k + 1 < w.size()) {
                        o.value = w.substr(k + 1);
                        o.value_span = av[i].span;
                    } else if (i + 1 < av.size()) {
                        ++i;
                        o.value = av[i].value;
                        o.value_span = av[i].span;
                        o.span.end = av[i].span.end;
                    } else {
                        fatal(av[i].span, "option '-" + std::string(1, c) + "' needs a value; memcached exits at startup", "");
                        break;
                    }
                    cfg_.options.push_back(std::move(o));
                    break;
                }
                cfg_.options.push_back(std::move(o));
            }
        }
    }

    void parse_long(size_t& i) {
        auto& av = cfg_.argv;
        const std::string w = av[i].value.substr(2);
        const size_t eq = w.find('=');
        const std::string name = w.substr(0, eq);
        const LongOpt* match = nullptr;
        int matches = 0;
        for (const auto& lo : kLongOpts) {
            if (lo.name == name) {
                match = &lo;
                matches = 1;
                break;
            }
            if (lo.name.starts_with(name)) match = &lo, ++matches;
        }
        if (!match || matches > 1 || name.empty()) {
            fatal(av[i].span, std::string(matches > 1 ? "ambiguous" : "unknown") + " option " + quote(av[i].value) +
                  "; memcached exits at startup", "see `memcached -h` for the options of 1.6");
            return;
        }
        Option o;
        o.short_name = match->c;
        o.spelled = "--" + std::string(match->name);
        o.span = av[i].span;
        if (eq != std::string::npos) {
            if (match->arg == 0) {
                fatal(av[i].span, "option " + quote(o.spelled) + " takes no value; memcached exits at startup", "");
                return;
            }
            o.value = w.substr(eq + 1);
            o.value_span = av[i].span;
        } else if (match->arg == 1) {
            if (i + 1 >= av.size()) {
                fatal(av[i].span, "option " + quote(o.spelled) + " needs a value; memcached exits at startup", "");
                return;
            }
            ++i;
            o.value = av[i].value;
            o.value_span = av[i].span;
            o.span.end = av[i].span.end;
        }
        cfg_.options.push_back(std::move(o));
    }

    void validate();
};

bool known_suboption(std::string_view k) {
    static constexpr std::string_view kKeys[] = {
        "maxconns_fast", "no_maxconns_fast", "hashpower", "no_hashexpand", "slab_reassign", "no_slab_reassign",
        "slab_automove", "no_slab_automove", "slab_automove_ratio", "slab_automove_window", "tail_repair_time",
        "hash_algorithm", "lru_crawler", "no_lru_crawler", "lru_crawler_sleep", "lru_crawler_tocrawl", "lru_maintainer",
        "no_lru_maintainer", "hot_lru_pct", "warm_lru_pct", "hot_max_factor", "warm_max_factor", "temporary_ttl",
        "idle_timeout", "watcher_logbuf_size", "worker_logbuf_size", "slab_sizes", "slab_chunk_max", "track_sizes",
        "no_inline_ascii_resp", "modern", "no_modern", "drop_privileges", "no_drop_privileges", "read_buf_mem_limit",
        "sock_cookie_id", "slab_automove_freeratio"};
    if (k.starts_with("ssl_") || k.starts_with("ext_") || k.starts_with("proxy_")) return true;
    return std::find(std::begin(kKeys), std::end(kKeys), k) != std::end(kKeys);
}

void Parser::validate() {
    const auto val = [&](char c) -> std::string { const Option* o = cfg_.last(c); return o && o->value ? *o->value : ""; };
    const auto vspan = [&](char c) { return cfg_.last(c)->value_span; };
    for (const auto& o : cfg_.options) {
        if (o.short_name == 'h' || o.short_name == 'i' || o.short_name == 'V')
            fatal(o.span, quote(o.spelled) + " makes memcached print " +
                  std::string(o.short_name == 'h' ? "its help" : o.short_name == 'i' ? "its license" : "its version") +
                  " and exit: the cache never starts", "remove " + quote(o.spelled));
    }
    if (cfg_.last('p') && c_atoi_int(val('p')) > 65535)
        fatal(vspan('p'), "TCP port " + quote(val('p')) + " is above 65535; memcached exits at startup (\"Invalid port number\")", "");
    // Memory and item size.
    const long long mb = cfg_.last('m') ? c_atoi(val('m')) : 64;
    const unsigned long long maxbytes = static_cast<unsigned long long>(mb) * 1024 * 1024;
    long long item = 1024 * 1024;
    Span item_span = cfg_.last('m') ? vspan('m') : Span{};
    if (const Option* o = cfg_.last('I'); o && o->value) {
        std::string v = *o->value;
        const char unit = v.empty() ? '\0' : v.back();
        if (unit == 'k' || unit == 'K' || unit == 'm' || unit == 'M') {
            v.pop_back();
            item = c_atoi_int(v);
            item *= (unit == 'k' || unit == 'K') ? 1024 : 1024 * 1024;
        } else {
            item = c_atoi_int(v);
        }
        item_span = o->value_span;
    }
    long long chunk_max = 512 * 1024;
    bool lru_maintainer = true, temporary_ttl = false;
    long long hot = 20, warm = 40;
    for (const auto& o : cfg_.options) {
        if (o.short_name != 'o' || !o.value) continue;
        std::string_view rest = *o.value;
        while (!rest.empty()) {
            const size_t comma = rest.find(',');
            std::string_view sub = rest.substr(0, comma);
            rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
            if (sub.empty()) continue;
            const size_t eq = sub.find('=');
            const std::string_view key = sub.substr(0, eq);
            const std::string_view v = eq == std::string_view::npos ? std::string_view{} : sub.substr(eq + 1);
            if (!known_suboption(key)) {
                fatal(o.value_span, "unknown -o suboption " + quote(key) + (key.find(' ') != std::string_view::npos ? " (the -o list must not contain spaces)" : "") +
                      "; memcached exits at startup (\"Illegal suboption\")", "separate -o suboptions with commas only, e.g. -o idle_timeout=600,lru_crawler");
                continue;
            }
            if (key == "slab_chunk_max") chunk_max = c_atoi(v);
            else if (key == "no_lru_maintainer") lru_maintainer = false;
            else if (key == "lru_maintainer") lru_maintainer = true;
            else if (key == "temporary_ttl") temporary_ttl = true;
            else if (key == "hot_lru_pct") hot = c_atoi(v);
            else if (key == "warm_lru_pct") warm = c_atoi(v);
            else if (key == "hashpower" && (c_atoi(v) < 12 || c_atoi(v) > 32))
                fatal(o.value_span, "hashpower " + quote(v) + " is outside 12..32; memcached exits at startup", "omit hashpower (it grows automatically)");
            else if (key == "slab_automove" && !v.empty() && (c_atoi(v) < 0 || c_atoi(v) > 2))
                fatal(o.value_span, "slab_automove " + quote(v) + " is outside 0..2; memcached exits at startup", "use 0, 1 or 2");
        }
    }
    if (hot + warm > 80)
        fatal(cfg_.last('o')->value_span, "hot_lru_pct + warm_lru_pct = " + std::to_string(hot + warm) +
              " is above 80; memcached exits at startup", "keep the sum at 80 or less (defaults 20 + 40)");
    if (temporary_ttl && !lru_maintainer)
        fatal(cfg_.last('o')->value_span, "temporary_ttl requires the LRU maintainer, which no_lru_maintainer disables; memcached exits at startup", "");
    const Span isp = item_span.valid() ? item_span : (cfg_.last('o') ? cfg_.last('o')->value_span : Span{&file_, 0, 0});
    if (cfg_.last('I') && item < 1024) {
        fatal(isp, "max item size " + quote(val('I')) + " is read as " + std::to_string(item) +
              " bytes (only a single k/K/m/M suffix is understood), below the 1024-byte minimum; memcached exits at startup",
              "write e.g. '-I 2m'");
    } else if (item > 1024LL * 1024 * 1024) {
        fatal(isp, "max item size " + quote(val('I')) + " is above 1 GB; memcached exits at startup", "");
    } else if (static_cast<unsigned long long>(item) > maxbytes / 2) {
        fatal(cfg_.last('m') ? vspan('m') : isp,
              "max item size " + std::to_string(item) + " bytes is more than half of the memory limit (" +
                  (cfg_.last('m') ? quote(val('m')) + " read as " : std::string()) + std::to_string(mb) +
                  " MB); memcached exits at startup (\"Cannot set item size limit higher than 1/2 of memory max\")",
              "raise -m (megabytes, no unit) or lower -I");
    } else if (chunk_max > item) {
        fatal(isp, "slab_chunk_max (" + std::to_string(chunk_max) + " bytes) is larger than the max item size " +
              std::to_string(item) + "; memcached exits at startup", "use -I of at least 512k, or lower -o slab_chunk_max");
    } else if (chunk_max > 0 && item % chunk_max != 0) {
        fatal(isp, "max item size " + std::to_string(item) + " is not a multiple of slab_chunk_max (" + std::to_string(chunk_max) +
              " bytes); memcached exits at startup", "use a multiple of 512k, e.g. -I 2m");
    }
    if (cfg_.last('c') && c_atoi_int(val('c')) <= 0)
        fatal(vspan('c'), "connection limit " + quote(val('c')) + " must be greater than 0; memcached exits at startup", "");
    if (cfg_.last('t') && c_atoi_int(val('t')) <= 0)
        fatal(vspan('t'), "thread count " + quote(val('t')) + " must be greater than 0; memcached exits at startup", "");
    if (cfg_.last('R') && c_atoi_int(val('R')) == 0)
        fatal(vspan('R'), "max requests per event " + quote(val('R')) + " must be greater than 0; memcached exits at startup", "");
    if (cfg_.last('n') && c_atoi_int(val('n')) == 0)
        fatal(vspan('n'), "slab min size " + quote(val('n')) + " must be greater than 0; memcached exits at startup", "");
    if (cfg_.last('f') && std::atof(val('f').c_str()) <= 1.0)
        fatal(vspan('f'), "growth factor " + quote(val('f')) + " must be greater than 1; memcached exits at startup", "");
    if (cfg_.last('D') && val('D').empty())
        fatal(cfg_.last('D')->span, "-D needs a delimiter character; memcached exits at startup", "");
    if (cfg_.last('N')) {
        const int threads = cfg_.last('t') ? c_atoi_int(val('t')) : 4;
        if (c_atoi_int(val('N')) > threads)
            fatal(vspan('N'), "napi ids " + quote(val('N')) + " exceed the thread count " + std::to_string(threads) + "; memcached exits at startup", "");
    }
    const std::string proto = cfg_.last('B') ? val('B') : "auto";
    if (proto != "auto" && proto != "binary" && proto != "ascii")
        fatal(vspan('B'), "protocol " + quote(proto) + " must be auto, binary or ascii (case-sensitive); memcached exits at startup", "");
    const bool sasl = cfg_.last('S') != nullptr;
    if (sasl && cfg_.last('U') && c_atoi_int(val('U')) != 0)
        fatal(cfg_.last('S')->span, "SASL (-S) cannot be combined with UDP (-U " + val('U') + "); memcached exits at startup", "add -U 0");
    if (sasl && proto == "ascii")
        fatal(cfg_.last('S')->span, "SASL (-S) needs the binary protocol, but -B ascii is set; memcached exits at startup", "");
    if (cfg_.last('Y') && proto == "binary")
        fatal(cfg_.last('Y')->span, "ASCII authentication (-Y) cannot be combined with -B binary; memcached exits at startup", "");
    if (cfg_.last('Z') && cfg_.last('p') && c_atoi_int(val('p')) == 0 && !cfg_.last('s'))
        fatal(cfg_.last('Z')->span, "TLS (-Z) needs a TCP port, but -p 0 disables TCP; memcached exits at startup", "");
}

}  // namespace

bool takes_argument(char c) {
    const size_t p = kShortOpts.find(c);
    return p != std::string_view::npos && p + 1 < kShortOpts.size() && kShortOpts[p + 1] == ':';
}

void parse_config(Config& config, const SourceFile& file, FindingSink& sink) {
    config.main = &file;
    Parser(config, file, sink).run();
}

bool is_unit_variable(std::string_view name) {
    return name == "PORT" || name == "USER" || name == "CACHESIZE" || name == "MAXCONN" || name == "OPTIONS";
}

long long c_atoi(std::string_view s) {
    size_t i = 0;
    while (i < s.size() && perl_space(s[i])) ++i;  // isspace() in the C locale: the same six bytes
    bool neg = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i] == '-', ++i;
    long long v = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) v = std::min<long long>(v * 10 + (s[i] - '0'), 1LL << 40);
    return neg ? -v : v;
}

int c_atoi_int(std::string_view s) { return static_cast<int>(static_cast<int32_t>(static_cast<uint32_t>(c_atoi(s)))); }

}  // namespace cachelint::memcached
