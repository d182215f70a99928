#include "discover/classify.hpp"

#include "core/template.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/includes.hpp"
#include "core/text.hpp"
#include "core/dialect.hpp"
#include "parse/apache/directive_table.hpp"
#include "parse/memcached/parser.hpp"
#include "parse/nginx/directives.hpp"
#include "parse/nginx/loader.hpp"
#include "parse/redis/directive_table.hpp"
#include "parse/redis/live.hpp"

namespace cachelint {

const std::string& HeadReader::head() {
    if (head_) return *head_;
    head_.emplace();
    // Non-blocking open and regular files only: a FIFO or device must not block or stream forever.
    int fd = ::open(path_.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return *head_;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        head_->resize(kMaxHead);
        size_t got = 0;
        while (got < kMaxHead) {
            ssize_t n = ::read(fd, head_->data() + got, kMaxHead - got);
            if (n <= 0) break;
            got += static_cast<size_t>(n);
        }
        head_->resize(got);
        truncated_ = static_cast<uint64_t>(st.st_size) > got;
    }
    ::close(fd);
    return *head_;
}

namespace {

std::string base_name(std::string_view path) {
    auto pos = path.find_last_of('/');
    return std::string(pos == std::string_view::npos ? path : path.substr(pos + 1));
}

std::string parent_name(std::string_view path) {
    auto pos = path.find_last_of('/');
    if (pos == std::string_view::npos || pos == 0) return "";
    return base_name(path.substr(0, pos));
}

bool ends_with_any(std::string_view s, std::initializer_list<std::string_view> suffixes) {
    for (auto x : suffixes)
        if (s.ends_with(x)) return true;
    return false;
}

bool is_one_of(std::string_view s, std::initializer_list<std::string_view> names) {
    return std::find(names.begin(), names.end(), s) != names.end();
}

std::string_view extension_of(std::string_view lower) {
    auto dot = lower.find_last_of('.');
    if (dot == std::string_view::npos || dot == 0) return {};
    return lower.substr(dot + 1);
}

Classification skip(std::string kind, std::string reason) { return {"", std::move(kind), std::move(reason)}; }
Classification check(const std::string& dialect, std::string reason) { return {dialect, dialect, std::move(reason)}; }

// ---- Names and extensions that are never a cache server's configuration (no read needed) ----

struct ExtKind {
    std::string_view ext, kind;
};
constexpr std::array kForeignExtensions = {
    ExtKind{"md", "markdown"},        ExtKind{"markdown", "markdown"}, ExtKind{"rst", "reStructuredText"},
    ExtKind{"adoc", "AsciiDoc"},      ExtKind{"html", "HTML"},         ExtKind{"htm", "HTML"},
    ExtKind{"xml", "XML"},            ExtKind{"json", "JSON"},         ExtKind{"jsonc", "JSON"},
    ExtKind{"excalidraw", "JSON (Excalidraw drawing)"},                ExtKind{"ipynb", "JSON (notebook)"},
    ExtKind{"toml", "TOML"},          ExtKind{"ini", "INI"},           ExtKind{"yml", "yaml"},
    ExtKind{"yaml", "yaml"},          ExtKind{"sh", "shell script"},   ExtKind{"bash", "shell script"},
    ExtKind{"zsh", "shell script"},   ExtKind{"ps1", "PowerShell script"},
    ExtKind{"py", "source code"},     ExtKind{"rb", "source code"},    ExtKind{"js", "source code"},
    ExtKind{"mjs", "source code"},    ExtKind{"ts", "source code"},    ExtKind{"go", "source code"},
    ExtKind{"c", "source code"},      ExtKind{"h", "source code"},     ExtKind{"cc", "source code"},
    ExtKind{"cpp", "source code"},    ExtKind{"hpp", "source code"},   ExtKind{"java", "source code"},
    ExtKind{"php", "source code"},    ExtKind{"pl", "source code"},    ExtKind{"pm", "source code"},
    ExtKind{"lua", "source code"},    ExtKind{"rs", "source code"},    ExtKind{"cs", "source code"},
    ExtKind{"kt", "source code"},     ExtKind{"swift", "source code"}, ExtKind{"css", "stylesheet"},
    ExtKind{"scss", "stylesheet"},    ExtKind{"csv", "table"},         ExtKind{"tsv", "table"},
    ExtKind{"png", "image"},          ExtKind{"jpg", "image"},         ExtKind{"jpeg", "image"},
    ExtKind{"gif", "image"},          ExtKind{"svg", "image"},         ExtKind{"ico", "image"},
    ExtKind{"webp", "image"},         ExtKind{"bmp", "image"},         ExtKind{"drawio", "drawing"},
    ExtKind{"pdf", "binary"},         ExtKind{"zip", "binary"},        ExtKind{"gz", "binary"},
    ExtKind{"tgz", "binary"},         ExtKind{"tar", "binary"},        ExtKind{"xz", "binary"},
    ExtKind{"bz2", "binary"},         ExtKind{"so", "binary"},         ExtKind{"woff", "binary"},
    ExtKind{"woff2", "binary"},       ExtKind{"ttf", "binary"},        ExtKind{"pem", "key or certificate"},
    ExtKind{"crt", "key or certificate"}, ExtKind{"key", "key or certificate"}, ExtKind{"csr", "key or certificate"},
    ExtKind{"pub", "key or certificate"}, ExtKind{"lock", "lock file"}, ExtKind{"log", "log"},
    ExtKind{"patch", "patch"},        ExtKind{"diff", "patch"},        ExtKind{"env", "environment file"},
    ExtKind{"properties", "Java properties"}, ExtKind{"service", "systemd unit"}, ExtKind{"socket", "systemd unit"},
    ExtKind{"timer", "systemd unit"}, ExtKind{"mount", "systemd unit"}, ExtKind{"tf", "Terraform"},
    ExtKind{"hcl", "HCL"},            ExtKind{"nix", "Nix"},           ExtKind{"spec", "RPM spec"},
};

constexpr std::array<std::string_view, 18> kProjectFiles = {
    ".gitignore", ".gitattributes", ".gitmodules", ".dockerignore", ".editorconfig", ".gitkeep", ".keep", "codeowners",
    "makefile", "gnumakefile", "vagrantfile", "gemfile", "rakefile", "jenkinsfile", "procfile", "berksfile",
    "cmakelists.txt", ".env"};
constexpr std::array<std::string_view, 12> kDocumentNames = {"readme", "license", "licence", "copying", "changelog", "changes",
                                                            "authors", "notice", "contributing", "code_of_conduct", "todo", "news"};
constexpr std::array<std::string_view, 7> kDocumentExtensions = {"txt", "md", "rst", "adoc", "markdown", "html", "old"};

bool is_listed(std::string_view s, std::span<const std::string_view> names) {
    return std::find(names.begin(), names.end(), s) != names.end();
}

std::optional<Classification> skip_by_name(std::string_view lower) {
    if (is_listed(lower, kProjectFiles)) return skip("project file", "a project or tool file");
    if (lower.starts_with("dockerfile") || lower.starts_with("containerfile") || lower.ends_with(".dockerfile"))
        return skip("Dockerfile", "not read: the cache settings it holds are the embedded readers' work");
    for (std::string_view doc : kDocumentNames)
        if (lower == doc || (lower.starts_with(doc) && lower.size() > doc.size() && lower[doc.size()] == '.' &&
                             is_listed(extension_of(lower), kDocumentExtensions)))
            return skip("documentation", "by its name");
    const std::string_view ext = extension_of(lower);
    for (const auto& e : kForeignExtensions)
        if (ext == e.ext) {
            if (e.kind == "yaml")  // compose, Kubernetes and Helm files were taken by name or first keys above
                return skip("yaml", "YAML that is no compose file, Kubernetes manifest or Helm values file");
            return skip(std::string(e.kind), "by its extension ." + std::string(ext));
        }
    return std::nullopt;
}

// Copies that the server does not read: backups and packaging leftovers.
constexpr std::array<std::string_view, 11> kBackupSuffixes = {"~",         ".bak",      ".orig",     ".rej",
                                                             ".swp",      ".old",      ".dpkg-dist", ".dpkg-old",
                                                             ".dpkg-new", ".rpmnew",   ".rpmsave"};
// Samples meant to be copied into place (nginx.conf.default, htaccess.dist): read as the file they stand for.
constexpr std::array<std::string_view, 4> kSampleSuffixes = {".default", ".sample", ".example", ".dist"};

// ---- Content: what grammar the head is written in ----

bool template_line(std::string_view t) {
    return t.starts_with("{%") || t.starts_with("{{") || t.starts_with("{#") || t.starts_with("<%") || t.starts_with("[%");
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

std::string_view first_word(std::string_view t) { return t.substr(0, t.find_first_of(" \t")); }

bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.'; }

// `key = value`, `key=value`, `KEY="value"`: an assignment line (INI, UCL, shell variables, sysconfig).
bool assignment_line(std::string_view t, std::string_view* key = nullptr) {
    size_t i = 0;
    if (t.empty() || !(std::isalpha(static_cast<unsigned char>(t[0])) || t[0] == '_')) return false;
    while (i < t.size() && ident_char(t[i])) ++i;
    size_t k = i;
    while (i < t.size() && (t[i] == ' ' || t[i] == '\t')) ++i;
    if (i >= t.size() || t[i] != '=' || (i + 1 < t.size() && t[i + 1] == '=')) return false;
    if (key) *key = t.substr(0, k);
    return true;
}

bool yaml_line(std::string_view t) {
    if (t == "---" || t.starts_with("- ")) return true;
    size_t i = 0;
    while (i < t.size() && (ident_char(t[i]) || t[i] == '"' || t[i] == '\'')) ++i;
    return i > 0 && i < t.size() && t[i] == ':' && (i + 1 == t.size() || t[i + 1] == ' ');
}

bool ini_section_line(std::string_view t) {
    return t.size() >= 3 && t.front() == '[' && t.back() == ']' && t.find_first_of(" \t", 1) == std::string_view::npos;
}

struct Shape {
    std::string foreign;  // the other format the head is written in; "" when none is recognised
    std::string foreign_kind;
    // nginx: statements ended by ';' or '{', blocks closed by '}'
    bool ngx_ok = true;
    int ngx_statements = 0, ngx_known = 0, ngx_unknown = 0;
    // line grammars (redis, apache, haproxy, memcached)
    int lines = 0;           // statement lines: not blank, not comments, not template tags
    int brace_lines = 0;     // lines ending in ';' '{' or '}' (braces grammars)
    int redis_known = 0, redis_unknown = 0;
    int redis_misspelt = 0;  // among the first three unknown words: near misses of a directive name
    int apache_known = 0, apache_sections = 0, apache_unknown = 0;
    bool haproxy_starts_with_section = false;
    int haproxy_sections = 0, haproxy_section_lines = 0;
    int dash_lines = 0, logfile_lines = 0;
    int assignments = 0, sysconfig_vars = 0, upper_assignments = 0;
    int yaml_lines = 0, ini_sections = 0;
    bool supervisord = false, systemd = false;
    bool vcl_header = false, vcl_sub = false;
    bool jay_bonci = false;
    bool template_tags = false;  // lines of template logic
};

// nginx's grammar over the head: words, ';' ends a statement, '{' opens a block, '}' closes one. Custom
// blocks (map, types, geo ...) hold arbitrary entries; *_by_lua_block bodies are Lua.
void scan_nginx(std::string_view h, bool truncated, Shape& s) {
    std::vector<bool> custom;  // per open block: its entries are not directives
    std::vector<std::string> words;
    size_t i = 0;
    auto finish = [&](bool opens_block) {
        if (words.empty()) {
            s.ngx_ok = false;  // ';' or '{' with no directive before it
            return;
        }
        const bool in_custom = !custom.empty() && custom.back();
        ++s.ngx_statements;
        auto specs = nginx::lookup(words[0]);
        if (!in_custom) {
            if (!specs.empty()) ++s.ngx_known;
            else ++s.ngx_unknown;
            // `key = value;` is UCL (rspamd), never an nginx directive (`location = /x` is one).
            if (specs.empty() && words.size() >= 2 && words[1] == "=") s.ngx_ok = false;
        }
        if (opens_block) custom.push_back(!in_custom && !specs.empty() && specs[0].body == nginx::kCustom);
        words.clear();
    };
    while (i < h.size()) {
        char c = h[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            ++i;
            continue;
        }
        if (c == '#') {
            while (i < h.size() && h[i] != '\n') ++i;
            continue;
        }
        if (c == ';') {
            finish(false);
            ++i;
            continue;
        }
        if (c == '{') {
            const bool lua = !words.empty() && words[0].ends_with("_by_lua_block");
            finish(true);
            ++i;
            if (lua) {  // skip the Lua body to its closing brace, past Lua strings and comments
                int depth = 1;
                while (i < h.size() && depth > 0) {
                    const char l = h[i];
                    if (l == '"' || l == '\'') {
                        for (++i; i < h.size() && h[i] != l && h[i] != '\n'; ++i)
                            if (h[i] == '\\') ++i;
                    } else if (l == '-' && i + 1 < h.size() && h[i + 1] == '-') {
                        while (i < h.size() && h[i] != '\n') ++i;
                        continue;
                    } else {
                        depth += l == '{' ? 1 : l == '}' ? -1 : 0;
                    }
                    ++i;
                }
                if (!custom.empty()) custom.pop_back();
            }
            continue;
        }
        if (c == '}') {
            if (!words.empty() || custom.empty()) s.ngx_ok = false;  // unterminated statement, or unbalanced
            if (!custom.empty()) custom.pop_back();
            words.clear();
            ++i;
            continue;
        }
        // A word: quoted, or up to whitespace or a delimiter (`${var}` stays inside the word).
        std::string w;
        if (c == '"' || c == '\'') {
            const char q = c;
            ++i;
            while (i < h.size() && h[i] != q) {
                if (h[i] == '\\' && i + 1 < h.size()) ++i;
                w += h[i++];
            }
            ++i;  // nginx reads "events" { ... } as events { ... }
        } else {
            while (i < h.size()) {
                char d = h[i];
                if (d == ' ' || d == '\t' || d == '\r' || d == '\n' || d == ';' || d == '}') break;
                if (d == '\\' && i + 1 < h.size()) {  // `\;` `\{` stay in the word, as nginx reads them
                    w += d;
                    w += h[i + 1];
                    i += 2;
                    continue;
                }
                if (d == '{') {
                    if (!w.empty() && w.back() == '$') {  // ${var}
                        while (i < h.size() && h[i] != '}') w += h[i++];
                        if (i < h.size()) w += h[i++];
                        continue;
                    }
                    break;
                }
                w += d;
                ++i;
            }
        }
        // Template tags ({{ x }}, {% if %}) are not nginx: the template reader deals with them.
        words.push_back(std::move(w));
    }
    if (!words.empty() && !truncated) s.ngx_ok = false;  // the last statement never ends
    if (!custom.empty() && !truncated) s.ngx_ok = false;  // a block never closed
}

const std::initializer_list<std::string_view> kHaproxySections = {
    "global", "defaults", "frontend", "backend", "listen", "cache", "resolvers", "peers", "userlist", "program",
    "http-errors", "ring", "mailers", "fcgi-app", "crt-store", "traces", "log-forward"};

Shape analyse(std::string_view h, bool truncated) {
    Shape s;
    auto starts = [&](std::string_view magic) { return h.substr(0, magic.size()) == magic; };
    if (starts("\x89PNG") || starts("GIF8") || starts("\xFF\xD8\xFF") || starts("RIFF")) {
        s.foreign = "an image", s.foreign_kind = "image";
        return s;
    }
    if (looks_binary(h) || starts("%PDF") || starts("PK\x03\x04") || starts("\x1f\x8b")) {
        s.foreign = "a binary file", s.foreign_kind = "binary";
        return s;
    }
    std::string_view lead = h.substr(std::min(h.size(), h.find_first_not_of(" \t\r\n")));
    if (lead.starts_with("#!")) {
        s.foreign = "a script (#!)", s.foreign_kind = "script";
        return s;
    }
    {
        const std::string l = to_lower(lead.substr(0, 16));
        if (l.starts_with("<!doctype") || l.starts_with("<html")) {
            s.foreign = "HTML", s.foreign_kind = "HTML";
            return s;
        }
        if (l.starts_with("<?xml")) {
            s.foreign = "XML", s.foreign_kind = "XML";
            return s;
        }
        if (l.starts_with("<?php")) {
            s.foreign = "PHP source", s.foreign_kind = "source code";
            return s;
        }
        std::string_view after = lead.substr(std::min(lead.size(), size_t{1}));
        after.remove_prefix(std::min(after.size(), after.find_first_not_of(" \t\r\n")));
        if ((lead.starts_with("{") && (after.starts_with("\"") || after.starts_with("}"))) || lead.starts_with("[{") ||
            lead.starts_with("[\"") || lead.starts_with("[\n")) {
            s.foreign = "JSON", s.foreign_kind = "JSON";
            return s;
        }
    }
    scan_nginx(h, truncated, s);
    // VCL: `vcl 4.x;` is the first statement of a program; `sub vcl_*` marks an included fragment.
    {
        std::string_view v = lead;
        while (v.starts_with("#") || v.starts_with("//") || v.starts_with("/*")) {
            size_t e = v.starts_with("/*") ? v.find("*/") : v.find('\n');
            if (e == std::string_view::npos) break;
            v.remove_prefix(e + (v.starts_with("/*") ? 2 : 1));
            v.remove_prefix(std::min(v.size(), v.find_first_not_of(" \t\r\n")));
        }
        s.vcl_header = v.starts_with("vcl 4.") || v.starts_with("vcl 4 ");
    }
    bool first = true, continued = false;
    LineCursor cursor(h);
    for (std::string_view raw; cursor.next(raw);) {
        const bool indented = !raw.empty() && (raw[0] == ' ' || raw[0] == '\t');
        std::string_view t = trim(raw);
        // A line ended by a backslash goes on on the next one (Apache, HAProxy, Debian's memcached.conf do not
        // mind): the continuation is part of the statement above, not a statement of its own.
        const bool was_continued = continued;
        continued = !t.empty() && t.back() == '\\';
        if (was_continued) continue;
        if (t.empty() || t[0] == '#' || t.starts_with("//") || t[0] == ';') continue;
        if (template_line(t)) {
            // A whole line of template logic ({% if %}, <% end %>, {{ patch("x") }}): the file is a template.
            // A placeholder inside a value (maxmemory {{ size }}) is not: the parse view masks it.
            if (!t.starts_with("{{") || t.ends_with("}}") || t.ends_with("-}}")) s.template_tags = true;
            continue;
        }
        if (t.find("Jay Bonci") != std::string_view::npos) s.jay_bonci = true;
        ++s.lines;
        const char last = t.back();
        if (last == ';' || last == '{' || t == "}") ++s.brace_lines;
        if (t.starts_with("sub vcl_")) s.vcl_sub = true;
        if (ini_section_line(t)) {
            ++s.ini_sections;
            const std::string l = to_lower(t);
            if (l.starts_with("[program:") || l == "[supervisord]" || l == "[supervisorctl]" || l.starts_with("[group:") ||
                l == "[unix_http_server]" || l == "[inet_http_server]" || l.starts_with("[eventlistener:"))
                s.supervisord = true;
            if (l == "[unit]" || l == "[service]" || l == "[install]" || l == "[socket]" || l == "[timer]") s.systemd = true;
        }
        std::string_view key;
        if (assignment_line(t, &key)) {
            ++s.assignments;
            if (std::all_of(key.begin(), key.end(), [](char c) { return !std::islower(static_cast<unsigned char>(c)); }))
                ++s.upper_assignments;
            if (memcached::is_unit_variable(key)) ++s.sysconfig_vars;
        }
        if (yaml_line(t)) ++s.yaml_lines;
        if (t.size() >= 2 && t[0] == '-' && std::isalpha(static_cast<unsigned char>(t[1]))) ++s.dash_lines;
        if (t.starts_with("logfile ")) ++s.logfile_lines;
        const std::string word = to_lower(first_word(t));
        // Redis: lower-case directives, one per line.
        if (redis::is_directive_name(word)) ++s.redis_known;
        else if (++s.redis_unknown <= 3 && redis::is_misspelt_directive_name(word)) ++s.redis_misspelt;  // a few: did-you-mean is slow
        // Apache: <Section ...> ... </Section> and directives, case-insensitive.
        if (t[0] == '<') {
            std::string sec = to_lower(t.substr(0, t.find_first_of(" \t>")));
            if (sec.starts_with("</")) sec.erase(1, 1);
            if (apache::is_directive_name(sec)) ++s.apache_sections;
            else ++s.apache_unknown;
        } else if (apache::is_directive_name(word)) {
            ++s.apache_known;
        } else {
            ++s.apache_unknown;
        }
        // HAProxy: section keywords at the start of a line, keywords inside sections.
        const bool section = !indented && is_one_of(word, kHaproxySections);
        if (first) s.haproxy_starts_with_section = section;
        if (section) ++s.haproxy_sections;
        else ++s.haproxy_section_lines;
        first = false;
    }
    if (s.supervisord) s.foreign = "a supervisord program file ([program:...] sections)", s.foreign_kind = "supervisord";
    else if (s.systemd) s.foreign = "a systemd unit", s.foreign_kind = "systemd unit";
    else if (s.ini_sections) s.foreign = "an INI-style file ([section] headers)", s.foreign_kind = "INI";
    // A head that nginx's grammar reads, with nginx directives in it, is not YAML or key=value settings
    // (log_format lines hold `'"key": "$value"'`, maps hold `=`).
    else if (s.ngx_ok && s.ngx_known > 0) {
    } else if (s.yaml_lines >= 2 && s.yaml_lines * 2 > s.lines) s.foreign = "YAML", s.foreign_kind = "yaml";
    else if (s.assignments && s.assignments * 2 >= s.lines) {
        if (s.brace_lines) s.foreign = "UCL (key = value; as rspamd reads it)", s.foreign_kind = "UCL";
        else if (s.upper_assignments == s.assignments && !(s.sysconfig_vars >= 2 && s.assignments == s.lines))
            s.foreign = "shell variables (KEY=value)", s.foreign_kind = "shell variables";
        else if (!(s.sysconfig_vars >= 2 && s.assignments == s.lines))
            s.foreign = "key = value settings", s.foreign_kind = "key=value";
    }
    return s;
}

// ---- Does the content fit a dialect? `strict`: enough of it to decide from the content alone ----

bool line_grammar(const Shape& s) { return s.brace_lines == 0 && s.ini_sections == 0 && s.assignments == 0; }

bool fits_nginx(const Shape& s, bool strict, bool named) {
    if (!s.ngx_ok || !s.foreign.empty()) return false;
    // Every statement ended and every block closed: enough for a file whose name or tree says nginx (third-party
    // modules such as pagespeed or brotli are not in the directive table).
    if (!strict) return true;
    const int need = named ? 1 : 2;
    return s.ngx_known >= need && s.ngx_unknown <= s.ngx_known / 2;
}
bool fits_redis(const Shape& s, bool strict, bool named) {
    if (!s.foreign.empty() || !line_grammar(s) || s.dash_lines || s.apache_sections) return false;
    if (!strict) return s.lines == 0 || s.redis_known >= 1;
    // A file the user names, called like redis.conf, that holds only misspelt directives ('maxmemmory-policy
    // noeviction'): redis-server refuses it, so skipping it would pass a broken file.
    if (named && s.redis_known + s.redis_misspelt >= 1 && s.redis_unknown == s.redis_misspelt) return true;
    // A misspelt directive is still redis.conf (RC001 says so); a file of mostly other words is not.
    return s.redis_known >= 3 && s.redis_unknown * 2 <= s.redis_known;
}
bool fits_apache(const Shape& s, bool strict) {
    if (!s.foreign.empty() || !line_grammar(s)) return false;
    if (!strict) return s.lines == 0 || s.apache_known + s.apache_sections >= 1;
    return (s.apache_known + s.apache_sections >= 3) && s.apache_unknown * 2 <= s.apache_known + s.apache_sections;
}
bool fits_haproxy(const Shape& s, bool strict) {
    if (!s.foreign.empty() || !line_grammar(s) || s.apache_sections) return false;
    if (!strict) return s.lines == 0 || s.haproxy_starts_with_section;
    return s.haproxy_starts_with_section && s.haproxy_section_lines >= 2;
}
bool fits_memcached(const Shape& s, bool strict) {
    if (s.jay_bonci && s.brace_lines == 0) return true;
    if (s.sysconfig_vars >= 2 && s.assignments == s.lines) return true;  // RHEL /etc/sysconfig/memcached
    if (!s.foreign.empty() || !line_grammar(s)) return false;
    const int other = s.lines - s.dash_lines - s.logfile_lines;
    if (!strict) return other == 0;
    return s.dash_lines >= 2 && other == 0;
}
bool fits_varnish(const Shape& s, bool strict) {
    if (!s.foreign.empty() && s.foreign_kind != "UCL") return false;  // VCL has `set x = y;`
    return s.vcl_header || s.vcl_sub || (!strict && s.brace_lines > 0);
}

bool fits(std::string_view dialect, const Shape& s, bool strict, bool named) {
    if (dialect == "nginx") return fits_nginx(s, strict, named);
    if (dialect == "redis") return fits_redis(s, strict, named);
    if (dialect == "apache") return fits_apache(s, strict);
    if (dialect == "haproxy") return fits_haproxy(s, strict);
    if (dialect == "memcached") return fits_memcached(s, strict);
    if (dialect == "varnish") return fits_varnish(s, strict);
    return false;
}

std::string describe(const Shape& s) {
    if (!s.foreign.empty()) return s.foreign;
    if (s.lines == 0) return "no statements";
    return "no dialect's grammar fits it alone";
}

// The dialect a base name claims, exactly: ("redis", true) for redis.conf; ("redis", false) for a name that
// only contains the word (redis-6379.conf), which the content must then confirm.
std::pair<std::string, bool> dialect_by_name(std::string_view lower, std::string_view parent) {
    if (is_one_of(lower, {"nginx.conf", "fastcgi_params", "fastcgi.conf", "uwsgi_params", "scgi_params", "proxy_params",
                          "koi-utf", "koi-win", "win-utf"}))
        return {"nginx", true};
    if (lower == "mime.types") return {"nginx", false};  // /etc/mime.types is another format
    if (is_one_of(lower, {"redis.conf", "valkey.conf", "keydb.conf"})) return {"redis", true};
    if (lower == "haproxy.cfg") return {"haproxy", true};
    if (lower.ends_with(".vcl")) return {"varnish", true};
    if (is_one_of(lower, {"httpd.conf", "apache2.conf", "apache.conf", ".htaccess", "htaccess"}) || lower.ends_with(".htaccess"))
        return {"apache", true};
    if (lower == "memcached.conf" || lower == "memcache.conf") return {"memcached", true};
    if ((parent == "sysconfig" && lower.starts_with("memcached")) || lower == "memcached.sysconfig")
        return {"memcached", true};
    const bool conf = lower.ends_with(".conf");
    if (conf && (lower.find("redis") != std::string_view::npos || lower.find("valkey") != std::string_view::npos ||
                 lower.find("keydb") != std::string_view::npos))
        return {"redis", false};
    if (lower.ends_with(".cfg") && lower.find("haproxy") != std::string_view::npos) return {"haproxy", false};
    if (conf && (lower.starts_with("httpd") || lower.find("apache") != std::string_view::npos)) return {"apache", false};
    if (conf && lower.find("memcache") != std::string_view::npos) return {"memcached", false};
    if (lower.find("nginx") != std::string_view::npos && ends_with_any(lower, {".conf", ".txt", ".dump"}))
        return {"nginx", false};
    return {"", false};
}

const char* format_name(std::string_view dialect) {
    if (dialect == "nginx") return "nginx";
    if (dialect == "redis") return "redis.conf";
    if (dialect == "apache") return "Apache httpd";
    if (dialect == "haproxy") return "HAProxy";
    if (dialect == "memcached") return "memcached";
    return "VCL";
}

// `# cachelint: dialect=NAME` (or `// cachelint: ...`) on a comment line: the file says what it is.
const DialectInfo* dialect_pragma(std::string_view head) {
    LineCursor lines(head);
    for (std::string_view line; lines.next(line);) {
        line = trim(line);
        if (line.starts_with("//")) line.remove_prefix(2);
        else if (line.starts_with("#")) line.remove_prefix(1);
        else continue;
        line = trim(line);
        if (!line.starts_with("cachelint:")) continue;
        line = trim(line.substr(10));
        if (!line.starts_with("dialect=")) continue;
        line.remove_prefix(8);
        return find_dialect(line.substr(0, line.find_first_of(" \t\r")));
    }
    return nullptr;
}

}  // namespace

bool is_template_name(std::string_view base) {
    const std::string lower = to_lower(base);
    return ends_with_any(lower, {".j2", ".jinja", ".jinja2", ".erb", ".tpl", ".tmpl", ".gotmpl", ".tftpl", ".template",
                                 ".epp", ".mustache", ".hbs", ".liquid", ".twig", ".ctmpl", ".ftl", ".njk"});
}

std::optional<std::string> template_inner_name(std::string_view base) {
    if (auto t = template_name(base); t && !t->inner.empty()) return t->inner;
    return std::nullopt;
}

std::string never_checked_names_regex() {
    // Extensions an embedded reader claims by name (a systemd unit's .service) are read, not skipped; YAML is
    // told apart by content.
    auto claimed = [](std::string_view ext) {
        if (ext == "yml" || ext == "yaml") return true;
        const std::string sample = "x." + std::string(ext);
        for (const char* kind : {"dockerfile", "systemd", "helm", "compose", "kubernetes"})
            if (const DialectInfo* d = find_dialect(kind); d && d->name_score && d->name_score(sample) >= 50) return true;
        return false;
    };
    auto escape = [](std::string_view s) {
        std::string out;
        for (char c : s) {
            if (std::string_view(".^$*+?()[]{}|\\").find(c) != std::string_view::npos) out += '\\';
            out += c;
        }
        return out;
    };
    auto alternatives = [&](auto&& items) {
        std::string out;
        for (std::string_view i : items) out += (out.empty() ? "" : "|") + escape(i);
        return out;
    };
    std::vector<std::string_view> exts;
    for (const auto& e : kForeignExtensions)
        if (!claimed(e.ext)) exts.push_back(e.ext);
    return "(?i)(^|/)("
           "[^/]*\\.(" + alternatives(exts) + ")"
           "|(" + alternatives(kProjectFiles) + ")"
           "|(" + alternatives(kDocumentNames) + ")(\\.(" + alternatives(kDocumentExtensions) + "))?"
           "|[^/]+(" + alternatives(kBackupSuffixes) + ")"
           ")$";
}

TreeContext tree_context_for(const TreeContext& parent, std::string_view dir_name, bool has_nginx_conf,
                             bool has_apache_conf, bool has_haproxy_cfg) {
    if (has_nginx_conf) return {"nginx", "in a tree holding nginx.conf"};
    if (has_apache_conf) return {"apache", "in a tree holding apache2.conf/httpd.conf"};
    if (has_haproxy_cfg) return {"haproxy", "in a tree holding haproxy.cfg"};
    const std::string d = to_lower(dir_name);
    if (d == "nginx") return {"nginx", "under a folder named nginx/"};
    if (d == "apache2" || d == "apache" || d == "httpd") return {"apache", "under a folder named " + d + "/"};
    if (d == "haproxy") return {"haproxy", "under a folder named haproxy/"};
    if (d == "varnish") return {"varnish", "under a folder named varnish/"};
    if (d == "redis" || d == "valkey" || d == "keydb") return {"redis", "under a folder named " + d + "/"};
    if (d == "memcached") return {"memcached", "under a folder named memcached/"};
    return parent;  // sites-available/, conf.d/, snippets/ ...: their dialect is their tree's
}

TreeContext tree_context_of_file(const std::string& path) {
    const std::string abs = canonical_path(path);
    std::vector<std::string> dirs;  // nearest first
    std::string d = directory_of(abs);
    for (int i = 0; i < 8 && !d.empty() && d != "/" && d != "."; ++i) {
        dirs.push_back(d);
        d = directory_of(d);
    }
    // A main file, or a template of it, as the directory walk sees them (templates/nginx.conf.j2).
    auto has = [](const std::string& dir, std::string_view name) {
        const std::string p = dir + "/" + std::string(name);
        if (::access(p.c_str(), F_OK) == 0) return true;
        for (const char* ext : {".j2", ".jinja", ".jinja2", ".erb", ".tpl", ".tmpl", ".gotmpl", ".tftpl", ".template", ".epp",
                                ".mustache", ".hbs", ".liquid", ".twig", ".ctmpl", ".ftl", ".njk"})
            if (::access((p + ext).c_str(), F_OK) == 0) return true;
        return false;
    };
    TreeContext ctx;
    for (auto it = dirs.rbegin(); it != dirs.rend(); ++it)
        ctx = tree_context_for(ctx, base_name(*it), has(*it, "nginx.conf"), has(*it, "apache2.conf") || has(*it, "httpd.conf"),
                               has(*it, "haproxy.cfg"));
    return ctx;
}

Classification classify_file(const std::string& path, HeadReader& reader, const TreeContext& tree, bool named) {
    const std::string name = base_name(path);
    std::string lower = to_lower(name);
    bool templ = false;  // read through its parse view (core/template.hpp): placeholders are unknown values
    if (is_template_name(lower)) {
        if (auto inner = template_inner_name(name)) lower = to_lower(*inner), templ = true;
        else return skip("template", "a template whose rendered name is not known");
    }
    // Backups are left alone; a sample of a well-known file (nginx.conf.default, htaccess.dist) is read as that
    // file, any other sample is left alone too.
    for (auto suffix : kBackupSuffixes)
        if (lower.size() > suffix.size() && lower.ends_with(suffix))
            return skip("copy", "a backup copy (" + std::string(suffix) + "), not what the server reads");
    for (auto suffix : kSampleSuffixes)
        if (lower.size() > suffix.size() && lower.ends_with(suffix)) {
            const std::string inner = lower.substr(0, lower.size() - suffix.size());
            if (auto [d, exact] = dialect_by_name(inner, parent_name(path)); !d.empty() && exact) {
                lower = inner;
                break;
            }
            return skip("copy", "a sample (" + std::string(suffix) + "), not what the server reads");
        }
    // Cache settings embedded in other files (src/parse/embedded): compose files, Kubernetes manifests, Helm
    // values, systemd units and Dockerfiles, by name; YAML by its first keys (services:, apiVersion + kind).
    for (const char* kind : {"dockerfile", "systemd", "helm", "compose", "kubernetes"}) {
        const DialectInfo* d = find_dialect(kind);
        if (d && d->name_score && d->name_score(lower) >= 50) return check(kind, "name: settings embedded in a " + std::string(kind) + " file");
    }
    if (const std::string_view ext = extension_of(lower); ext == "yaml" || ext == "yml") {
        for (const char* kind : {"kubernetes", "compose"}) {
            const DialectInfo* d = find_dialect(kind);
            if (d && d->content_score && d->content_score(reader.head()) >= 50)
                return check(kind, "content: a " + std::string(kind) + " file");
        }
    }
    if (auto s = skip_by_name(lower)) return *s;

    const std::string& head = reader.head();
    const Shape shape = analyse(head, reader.truncated());

    if (templ || shape.template_tags) {
        // A template is the file it renders: its name (nginx.conf.j2 -> nginx.conf) or its place decides.
        auto [by_name, exact] = dialect_by_name(lower, parent_name(path));
        if (!by_name.empty()) return check(by_name, "name (a template: its placeholders are unknown values)");
        // Otherwise its place, when the text reads in that grammar beyond doubt (an nginx role's templates/
        // also holds logrotate and systemd templates).
        // The text is judged with its tags masked ({{ x }} is no nginx block).
        if (!tree.dialect.empty()) {
            const TemplateLanguage language = detect_template(path, head, tree.dialect);
            const Shape rendered = analyse(mask_template(head, language, tree.dialect).text, reader.truncated());
            if (rendered.foreign.empty() && fits(tree.dialect, rendered, /*strict=*/true, named))
                return check(tree.dialect, "layout (a template: its placeholders are unknown values): " + tree.why);
        }
        return skip("template", "a template whose rendered name names no dialect");
    }
    // 1. The name.
    auto [by_name, exact] = dialect_by_name(lower, parent_name(path));
    if (!by_name.empty()) {
        // A name that says redis.conf vouches for a file of misspelt directives as much as naming it does.
        if (fits(by_name, shape, /*strict=*/!exact, named || by_name == "redis")) return check(by_name, exact ? "name" : "name and content");
        if (!shape.foreign.empty())
            return skip(shape.foreign_kind, "named like " + std::string(format_name(by_name)) + " but it is " + shape.foreign);
    }
    // 2. What the file says it is, or an `nginx -T` dump.
    if (nginx::looks_like_dump(head)) return check("nginx", "content: nginx -T output");
    if (redis::detect_live(head) != redis::LiveFormat::none) return check("redis", "content: redis-cli CONFIG GET output");
    if (const DialectInfo* declared = dialect_pragma(head)) return check(std::string(declared->name), "'cachelint: dialect=' comment");
    if (!shape.foreign.empty()) return skip(shape.foreign_kind, "it is " + shape.foreign);
    // 3. The layout of the tree.
    if (!tree.dialect.empty() && fits(tree.dialect, shape, /*strict=*/false, named))
        return check(tree.dialect, "layout: " + tree.why);
    // 4. The content, when exactly one grammar fits it.
    std::string only;
    int matches = 0;
    for (std::string_view d : {"nginx", "varnish", "apache", "haproxy", "redis", "memcached"})
        if (fits(d, shape, /*strict=*/true, named)) only = std::string(d), ++matches;
    if (matches == 1) return check(only, "content");
    if (named && matches == 0 && shape.ngx_ok && shape.ngx_statements >= 1 && shape.ngx_unknown == 0 &&
        tree.dialect.empty() && std::string_view(path).find("nginx") != std::string_view::npos)
        return check("nginx", "content and path");
    if (!by_name.empty())
        return skip("unknown", "named like " + std::string(format_name(by_name)) + " but its content does not fit (" + describe(shape) + ")");
    if (!tree.dialect.empty())
        return skip("unknown", "in a " + std::string(format_name(tree.dialect)) + " tree but its content does not fit (" + describe(shape) + ")");
    return skip("unknown", matches > 1 ? "ambiguous: more than one dialect's grammar fits" : "not a configuration cachelint reads (" + describe(shape) + ")");
}

}  // namespace cachelint
