#include "core/template.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <iterator>

namespace cachelint {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }
bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// What a tag does to the text around it.
enum class TagKind {
    expression,  // a value: becomes a placeholder word
    control,     // a statement that emits nothing (set, include of a macro file, ...): blank
    comment,     // blank
    open,        // opens a block (if, for, range, each ... do)
    alternative, // else, elif, elsif
    close,       // end, endif, endfor
};

struct Tag {
    uint32_t begin, end;
    TagKind kind;
    bool definition = false;  // {{ define "x" }}, {% macro x() %}: a named piece rendered where it is called
    bool conditional = false;  // {% if %}, {{ if }}, <% if %>, <% unless %>: rendered only sometimes
};

// The first word of a tag's body after `prefix` and whitespace-control marks ("-", "+", "~").
std::string_view first_word(std::string_view body) {
    size_t i = 0;
    while (i < body.size() && (is_space(body[i]) || body[i] == '\n' || body[i] == '-' || body[i] == '+' || body[i] == '~')) ++i;
    size_t j = i;
    while (j < body.size() && (is_word_char(body[j]))) ++j;
    return body.substr(i, j - i);
}

bool one_of(std::string_view w, std::initializer_list<std::string_view> words) {
    return std::find(words.begin(), words.end(), w) != words.end();
}

TagKind jinja_statement(std::string_view body) {
    const std::string_view w = first_word(body);
    if (one_of(w, {"else", "elif"})) return TagKind::alternative;
    if (w.starts_with("end")) return TagKind::close;
    if (one_of(w, {"if", "for", "macro", "call", "filter", "with", "autoescape", "block", "raw"})) return TagKind::open;
    // {% set x %}...{% endset %} is a block; {% set x = 1 %} is not.
    if (w == "set" && body.find('=') == std::string_view::npos) return TagKind::open;
    return TagKind::control;
}

TagKind go_action(std::string_view body) {
    size_t i = 0;
    while (i < body.size() && (is_space(body[i]) || body[i] == '\n' || body[i] == '-')) ++i;
    if (body.substr(i).starts_with("/*")) return TagKind::comment;
    const std::string_view w = first_word(body);
    if (w == "else") return TagKind::alternative;
    if (w == "end") return TagKind::close;
    if (one_of(w, {"if", "range", "with", "define", "block"})) return TagKind::open;
    if (one_of(w, {"template", "break", "continue"})) return TagKind::control;
    // {{ $x := ... }} assigns and emits nothing.
    if (body.find(":=") != std::string_view::npos && body.substr(i).starts_with("$")) return TagKind::control;
    return TagKind::expression;
}

TagKind ruby_code(std::string_view body) {
    // Puppet (EPP) blocks use braces: "<% if $x { %>", "<% } else { %>", "<% } %>".
    size_t lead = body.find_first_not_of(" \t\r\n-");
    if (lead != std::string_view::npos && body[lead] == '}') {
        const std::string_view w = first_word(body.substr(lead + 1));
        return one_of(w, {"else", "elsif"}) ? TagKind::alternative : TagKind::close;
    }
    const std::string_view w = first_word(body);
    if (one_of(w, {"else", "elsif", "when"})) return TagKind::alternative;
    if (w == "end" || w == "}") return TagKind::close;
    if (one_of(w, {"if", "unless", "case", "while", "until", "for"})) return TagKind::open;
    // "@servers.each do |s|", "list.each { |s|"
    std::string_view t = body;
    while (!t.empty() && (is_space(t.back()) || t.back() == '\n' || t.back() == '-')) t.remove_suffix(1);
    if (t.ends_with("do") || t.ends_with("{") || (t.ends_with("|") && t.find(" do ") != std::string_view::npos))
        return TagKind::open;
    if (t.find(" do |") != std::string_view::npos || t.find("{ |") != std::string_view::npos) return TagKind::open;
    return TagKind::control;
}

TagKind mustache_tag(std::string_view body) {
    if (body.empty()) return TagKind::expression;
    switch (body[0]) {
        case '#':
        case '^': return TagKind::open;
        case '/': return TagKind::close;
        case '!': return TagKind::comment;
        case '>': return TagKind::control;
        default: break;
    }
    if (first_word(body) == "else") return TagKind::alternative;
    return TagKind::expression;
}

// The ends of every "${...}" and "%{...}" (offset of the '$'/'%' -> one past its '}'), braces nested, found in
// one pass so that a file of unclosed "${" stays linear.
std::vector<std::pair<size_t, size_t>> dollar_brace_ends(std::string_view t) {
    std::vector<std::pair<size_t, size_t>> out;
    std::vector<size_t> open;  // offsets of the '{' not yet closed
    for (size_t i = 0; i < t.size(); ++i) {
        if (t[i] == '{') {
            open.push_back(i);
        } else if (t[i] == '}' && !open.empty()) {
            const size_t o = open.back();
            open.pop_back();
            if (o > 0 && (t[o - 1] == '$' || t[o - 1] == '%')) out.emplace_back(o - 1, i + 1);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

// Once a closer is not found after some offset it is not found after any later one: remembering that keeps
// a file of unclosed "{{" linear.
struct Finder {
    std::string_view t;
    size_t missing_from[5] = {std::string_view::npos, std::string_view::npos, std::string_view::npos, std::string_view::npos,
                              std::string_view::npos};
    size_t find(int slot, std::string_view closer, size_t from) {
        if (from >= missing_from[slot]) return std::string_view::npos;
        const size_t at = t.find(closer, from);
        if (at == std::string_view::npos) missing_from[slot] = from;
        return at;
    }
};

void scan_double_curly(std::string_view t, TemplateLanguage lang, std::vector<Tag>& tags) {
    const bool jinja = lang == TemplateLanguage::jinja;
    Finder f{t};
    for (size_t i = 0; i + 1 < t.size(); ++i) {
        if (t[i] != '{') continue;
        const char n = t[i + 1];
        if (n == '{') {
            size_t end;
            TagKind kind;
            if (lang == TemplateLanguage::mustache && t.substr(i).starts_with("{{{")) {
                end = f.find(0, "}}}", i + 3);
                if (end == std::string_view::npos) continue;
                end += 3;
                kind = TagKind::expression;
            } else {
                size_t body = i + 2;
                if (lang == TemplateLanguage::go) {
                    size_t k = body;
                    while (k < t.size() && (t[k] == '-' || is_space(t[k]))) ++k;
                    if (t.substr(k).starts_with("/*")) {  // a comment may hold "}}"
                        const size_t c = f.find(1, "*/", k + 2);
                        if (c == std::string_view::npos) continue;
                        end = f.find(2, "}}", c + 2);
                        if (end == std::string_view::npos) continue;
                        tags.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(end + 2), TagKind::comment});
                        i = end + 1;
                        continue;
                    }
                }
                end = f.find(2, "}}", body);
                if (end == std::string_view::npos) continue;
                const std::string_view b = t.substr(body, end - body);
                kind = lang == TemplateLanguage::go         ? go_action(b)
                       : lang == TemplateLanguage::mustache ? mustache_tag(b)
                                                            : TagKind::expression;
                end += 2;
            }
            tags.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(end), kind});
            i = end - 1;
        } else if (jinja && (n == '%' || n == '#')) {
            const char close[3] = {n, '}', 0};
            const size_t end = f.find(n == '%' ? 3 : 4, close, i + 2);
            if (end == std::string_view::npos) continue;
            const std::string_view b = t.substr(i + 2, end - i - 2);
            const TagKind kind = n == '#' ? TagKind::comment : jinja_statement(b);
            tags.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(end + 2), kind});
            i = end + 1;
            // {% raw %}...{% endraw %}: the text between is literal, tags and all.
            if (kind == TagKind::open && first_word(b) == "raw") {
                for (size_t r = t.find("{%", i); r != std::string_view::npos; r = t.find("{%", r + 2)) {
                    const size_t e = t.find("%}", r + 2);
                    if (e == std::string_view::npos) break;
                    if (first_word(t.substr(r + 2, e - r - 2)) == "endraw") {
                        tags.push_back({static_cast<uint32_t>(r), static_cast<uint32_t>(e + 2), TagKind::close});
                        i = e + 1;
                        break;
                    }
                }
            }
        }
    }
}

void scan_erb(std::string_view t, std::vector<Tag>& tags) {
    for (size_t i = t.find("<%"); i != std::string_view::npos; i = t.find("<%", i)) {
        if (t.substr(i).starts_with("<%%")) {  // a literal "<%"
            i += 3;
            continue;
        }
        const size_t end = t.find("%>", i + 2);
        if (end == std::string_view::npos) break;
        std::string_view b = t.substr(i + 2, end - i - 2);
        TagKind kind;
        if (b.starts_with("#")) kind = TagKind::comment;
        else if (b.starts_with("=")) kind = TagKind::expression;
        else if (b.starts_with("|")) kind = TagKind::control;  // EPP parameters <%| |%>
        else kind = ruby_code(b.starts_with("-") ? b.substr(1) : b);
        tags.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(end + 2), kind});
        i = end + 2;
    }
}

void scan_terraform(std::string_view t, std::vector<Tag>& tags) {
    size_t next = 0;  // tags do not overlap: one inside an earlier one is part of it
    for (const auto& [b, e] : dollar_brace_ends(t)) {
        if (b < next) continue;
        if (b > 0 && t[b - 1] == t[b]) continue;  // "$${" and "%%{" are the literal text
        TagKind kind = TagKind::expression;
        if (t[b] == '%') {
            const std::string_view w = first_word(t.substr(b + 2, e - b - 3));
            kind = one_of(w, {"if", "for"})   ? TagKind::open
                   : w == "else"              ? TagKind::alternative
                   : w.starts_with("end")     ? TagKind::close
                                              : TagKind::control;
        }
        tags.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(e), kind});
        next = e;
    }
}

void scan_envsubst(std::string_view t, std::vector<Tag>& tags) {
    size_t next = 0;
    for (const auto& [b, e] : dollar_brace_ends(t)) {
        if (b < next || t[b] != '$' || b + 2 >= t.size()) continue;
        if (!(std::isalpha(static_cast<unsigned char>(t[b + 2])) || t[b + 2] == '_')) continue;
        if (t.substr(b, e - b).find('\n') != std::string_view::npos) continue;
        tags.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(e), TagKind::expression});
        next = e;
    }
}

bool blank_before(std::string_view view, size_t pos) {
    while (pos > 0 && view[pos - 1] != '\n') {
        if (!is_space(view[pos - 1])) return false;
        --pos;
    }
    return true;
}

bool blank_after(std::string_view view, size_t pos) {
    for (; pos < view.size() && view[pos] != '\n'; ++pos)
        if (!is_space(view[pos])) return false;
    return true;
}

void blank(std::string& view, size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i)
        if (view[i] != '\n') view[i] = ' ';
}

// A bare "a" or "_": letters and underscores only, so every lexer reads one word, and one that no
// server knows as a keyword.
void placeholder(std::string& view, size_t begin, size_t end) {
    bool first = true;
    for (size_t i = begin; i < end; ++i) {
        if (view[i] == '\n') {
            first = true;
            continue;
        }
        // Keep UTF-8 continuation bytes' count of code points: columns are counted on the view.
        if ((static_cast<unsigned char>(view[i]) & 0xC0) == 0x80) {
            view[i] = '\x80';
            continue;
        }
        view[i] = first ? 'x' : '_';
        first = false;
    }
}

bool contains_word_tag(std::string_view t, std::string_view open, std::initializer_list<std::string_view> words) {
    for (size_t i = t.find(open); i != std::string_view::npos; i = t.find(open, i + 1)) {
        const std::string_view w = first_word(t.substr(i + open.size(), 40));
        if (one_of(w, words)) return true;
    }
    return false;
}

bool in_templates_folder(std::string_view path) {
    for (std::string_view dir : {"templates/", "template/", "tmpl/"})
        for (size_t p = path.find(dir); p != std::string_view::npos; p = path.find(dir, p + 1))
            if (p == 0 || path[p - 1] == '/') return true;
    return false;
}

// The template language the content shows; none when it shows no template syntax.
TemplateLanguage sniff(std::string_view text, std::string_view dialect, bool placeholders_enough) {
    const bool control_jinja = contains_word_tag(text, "{%", {"if", "for", "set", "else", "endif", "endfor", "include", "macro", "block", "raw"});
    const bool control_go = contains_word_tag(text, "{{", {"if", "range", "with", "define", "end", "else", "template"});
    const bool control_erb = text.find("<%") != std::string_view::npos && text.find("%>") != std::string_view::npos &&
                             contains_word_tag(text, "<%", {"if", "unless", "end", "else", "case"});
    const bool control_tf = contains_word_tag(text, "%{", {"if", "for", "endif", "endfor"});
    if (control_erb) return text.find("<%|") != std::string_view::npos ? TemplateLanguage::epp : TemplateLanguage::erb;
    if (control_jinja) return TemplateLanguage::jinja;
    if (control_go) return TemplateLanguage::go;
    if (control_tf && dialect != "haproxy") return TemplateLanguage::terraform;
    if (!placeholders_enough) return TemplateLanguage::none;
    if (text.find("<%=") != std::string_view::npos && text.find("%>") != std::string_view::npos) return TemplateLanguage::erb;
    const size_t curly = text.find("{{");
    if (curly != std::string_view::npos && text.find("}}", curly) != std::string_view::npos) {
        const bool go = text.find("{{ .") != std::string_view::npos || text.find("{{.") != std::string_view::npos ||
                        text.find("{{-") != std::string_view::npos;
        return go ? TemplateLanguage::go : TemplateLanguage::jinja;
    }
    if (!dialect_has_dollar_braces(dialect) && text.find("${") != std::string_view::npos) return TemplateLanguage::envsubst;
    return TemplateLanguage::none;
}

std::string_view base_of(std::string_view path) {
    const size_t slash = path.find_last_of('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::string_view template_language_name(TemplateLanguage language) {
    switch (language) {
        case TemplateLanguage::none: return "none";
        case TemplateLanguage::jinja: return "jinja";
        case TemplateLanguage::erb: return "erb";
        case TemplateLanguage::epp: return "epp";
        case TemplateLanguage::go: return "go";
        case TemplateLanguage::terraform: return "terraform";
        case TemplateLanguage::mustache: return "mustache";
        case TemplateLanguage::envsubst: return "envsubst";
        case TemplateLanguage::unknown: return "unknown";
    }
    return "none";
}

std::optional<TemplateName> template_name(std::string_view base_name) {
    static const std::pair<std::string_view, TemplateLanguage> kExtensions[] = {
        {".j2", TemplateLanguage::jinja},       {".jinja", TemplateLanguage::jinja},
        {".jinja2", TemplateLanguage::jinja},   {".erb", TemplateLanguage::erb},
        {".epp", TemplateLanguage::epp},        {".gotmpl", TemplateLanguage::go},
        {".tftpl", TemplateLanguage::terraform}, {".mustache", TemplateLanguage::mustache},
        {".hbs", TemplateLanguage::mustache},   {".tpl", TemplateLanguage::unknown},
        {".tmpl", TemplateLanguage::unknown},   {".template", TemplateLanguage::unknown},
    };
    for (const auto& [ext, language] : kExtensions) {
        if (base_name.size() <= ext.size()) continue;
        const std::string_view tail = base_name.substr(base_name.size() - ext.size());
        if (!std::equal(tail.begin(), tail.end(), ext.begin(), ext.end(),
                        [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; }))
            continue;
        return TemplateName{std::string(base_name.substr(0, base_name.size() - ext.size())), language};
    }
    return std::nullopt;
}

bool dialect_has_dollar_braces(std::string_view dialect) {
    return dialect == "nginx" || dialect == "apache" || dialect == "haproxy";
}

TemplateLanguage detect_template(std::string_view path, std::string_view text, std::string_view dialect) {
    if (auto name = template_name(base_of(path))) {
        if (name->language != TemplateLanguage::unknown) return name->language;
        return sniff(text, dialect, /*placeholders_enough=*/true);
    }
    // No template extension: control tags make it a template wherever it is; placeholders alone only in a
    // templates/ folder (elsewhere they are placeholders left in a real file, which RC009 and friends report),
    // except in nginx, where an unquoted `{{` can only be a placeholder (nginx reads it as two block openings):
    // `server {{ BACKEND }}:8080;` in a sample config is a value to fill in, unknown rather than a syntax error.
    const TemplateLanguage found = sniff(text, dialect, in_templates_folder(path) || dialect == "nginx");
    return found;
}

TemplateView mask_template(std::string_view text, TemplateLanguage language, std::string_view dialect) {
    TemplateView out{std::string(text), {}, {}};
    std::vector<Tag> tags;
    switch (language) {
        case TemplateLanguage::jinja:
        case TemplateLanguage::go:
        case TemplateLanguage::mustache: scan_double_curly(text, language, tags); break;
        case TemplateLanguage::erb:
        case TemplateLanguage::epp: scan_erb(text, tags); break;
        case TemplateLanguage::terraform: scan_terraform(text, tags); break;
        case TemplateLanguage::envsubst:
            if (!dialect_has_dollar_braces(dialect)) scan_envsubst(text, tags);
            break;
        case TemplateLanguage::none:
        case TemplateLanguage::unknown: return out;
    }
    for (Tag& tag : tags)
        if (tag.kind == TagKind::open) {
            const std::string_view w = first_word(text.substr(tag.begin + 2, tag.end - tag.begin - 2));
            tag.definition = w == "define" || w == "macro";
            tag.conditional = w == "if" || w == "unless";  // not Go's with: mostly scoping ({{ with required ... }})
        }
    std::string& view = out.text;
    auto add_opaque = [&](size_t b, size_t e) {
        if (e > b) out.opaque.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(e)});
    };
    std::vector<size_t> breaks;  // offsets of the line breaks, for line_of in O(log n)
    for (size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n') breaks.push_back(i);
    auto line_of = [&](size_t pos) { return std::lower_bound(breaks.begin(), breaks.end(), pos) - breaks.begin(); };

    // Pass 1: statements and comments become blanks. A block opened and closed on one line with an
    // alternative in it ("maxmemory {% if big %}4gb{% else %}1gb{% endif %}") keeps its first branch,
    // read as an unknown value; the other branches are blanked, so the line keeps one shape.
    struct Open {
        const Tag* tag;
        const Tag* alternative;
    };
    std::vector<Open> stack;
    std::vector<std::pair<size_t, size_t>> definitions;  // bodies of {{ define }} / {% macro %}
    for (const Tag& tag : tags) {
        if (tag.kind == TagKind::expression) continue;
        blank(view, tag.begin, tag.end);
        if (tag.kind == TagKind::open) stack.push_back({&tag, nullptr});
        else if (tag.kind == TagKind::alternative && !stack.empty() && !stack.back().alternative) stack.back().alternative = &tag;
        else if (tag.kind == TagKind::close && !stack.empty()) {
            const Open o = stack.back();
            stack.pop_back();
            // Only the first branch is read: branches are alternatives, and reading them all would see
            // 'logfile ""' overridden by the other branch's 'logfile', or 'elseif' after 'if' twice.
            if (o.tag->definition) definitions.emplace_back(o.tag->end, tag.begin);
            // The first branch of a block over several lines is read as present; what is found in it holds
            // only when the condition does (runner.cpp lowers such findings to notes).
            if (o.tag->conditional && line_of(o.tag->begin) != line_of(tag.end))
                out.conditional.push_back({o.tag->end, static_cast<uint32_t>(o.alternative ? o.alternative->begin : tag.begin)});
            if (o.alternative) blank(view, o.alternative->begin, tag.begin);
            if (o.alternative && line_of(o.tag->begin) == line_of(tag.end)) {
                size_t b = o.tag->end, e = o.alternative->begin;
                while (b < e && is_space(view[b])) ++b;
                while (e > b && is_space(view[e - 1])) --e;
                if (e > b) {
                    add_opaque(b, e);
                } else {
                    // An empty first branch: the value is whatever another branch says.
                    placeholder(view, o.tag->begin, tag.end);
                    add_opaque(o.tag->begin, tag.end);
                }
            }
        }
    }
    // A file that renders text of its own and defines named pieces besides (ingress-nginx's nginx.tmpl
    // defines "SERVER" and "CORS" for use inside server blocks): the pieces belong to the place they are
    // called from, not to the top of the file, so they are not read. A file of definitions only (a Helm
    // _configs.tpl) is read as it is.
    if (!definitions.empty()) {
        bool outside = false;
        size_t from = 0;
        std::sort(definitions.begin(), definitions.end());
        for (size_t d = 0; d <= definitions.size() && !outside; ++d) {
            const size_t to = d < definitions.size() ? definitions[d].first : view.size();
            for (size_t i = from; i < to && !outside; ++i) outside = !is_space(view[i]) && view[i] != '\n';
            if (d < definitions.size()) from = std::max(from, definitions[d].second);
        }
        if (!outside) definitions.clear();
        for (const auto& [b, e] : definitions) blank(view, b, e);
    }
    auto in_definition = [&](const Tag& tag) {  // definitions are sorted and do not nest
        auto it = std::upper_bound(definitions.begin(), definitions.end(), std::make_pair(size_t{tag.begin}, SIZE_MAX));
        return it != definitions.begin() && tag.end <= std::prev(it)->second;
    };
    // Pass 2: values. One alone on its line(s) stands for lines of text nobody can see ({{ toYaml .extra }},
    // {{ include "snippet" . }}): blank. Inside a line it is one unknown word.
    for (const Tag& tag : tags) {
        if (tag.kind != TagKind::expression || in_definition(tag)) continue;
        if (blank_before(view, tag.begin) && blank_after(view, tag.end)) {
            blank(view, tag.begin, tag.end);
            continue;
        }
        placeholder(view, tag.begin, tag.end);
        if (std::find(text.begin() + tag.begin, text.begin() + tag.end, '\n') != text.begin() + tag.end) {
            // A value written over several lines renders on one ("{{ settings.get('host',\n  'x') }}" in a
            // quoted string): the lines it spans do not have the rendered shape, so all of them are unknown.
            size_t b = tag.begin, e = tag.end;
            while (b > 0 && text[b - 1] != '\n') --b;
            while (e < text.size() && text[e] != '\n') ++e;
            add_opaque(b, e);
        } else {
            add_opaque(tag.begin, tag.end);
        }
    }
    // Sorted and merged: SourceFile::touches_opaque searches them by their ends.
    SourceFile::sort_and_merge(out.opaque);
    return out;
}

}  // namespace cachelint
