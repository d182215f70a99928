#include "parse/redis/live.hpp"

#include <algorithm>
#include <set>

#include "core/text.hpp"
#include "parse/redis/directive_table.hpp"
#include "parse/redis/loader.hpp"
#include "parse/redis/tokenizer.hpp"

namespace cachelint::redis {
namespace {

struct Line {
    std::string_view text;  // without \n and a \r before it
    uint32_t begin;
};

std::vector<Line> split_lines(std::string_view t, size_t max_lines = SIZE_MAX) {
    std::vector<Line> out;
    LineCursor lines(t);
    for (std::string_view l; out.size() < max_lines && lines.next(l);) {
        if (l.ends_with('\r')) l.remove_suffix(1);
        out.push_back({l, static_cast<uint32_t>(lines.line_start())});
    }
    return out;
}

bool known_anywhere(std::string_view name) {
    static const std::vector<Target> targets = [] {
        std::vector<Target> v;
        for (auto n : target_names()) v.push_back(*parse_target(n));
        return v;
    }();
    for (const auto& t : targets)
        if (lookup_directive(t, name)) return true;
    return false;
}

bool is_name(std::string_view s) {
    if (s.empty() || s.size() > 64) return false;
    for (char c : s)
        if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-' ||
              c == '_' || c == '.'))
            return false;
    return true;
}

// A prompt or the command itself, pasted above the output: "127.0.0.1:6379> CONFIG GET *", "$ redis-cli ...",
// or '#' comment lines someone added on top of a saved dump.
bool preamble(std::string_view l) {
    if (!l.empty() && l[0] == '#') return true;
    const std::string low = to_lower(l);
    return low.find("config get") != std::string::npos || low.find("redis-cli") != std::string::npos ||
           low.find("valkey-cli") != std::string::npos || low.find("keydb-cli") != std::string::npos;
}

// ` 12) "value"` or `3# "name" => "value"`: where the quoted part starts, and the marker kind.
bool numbered_item(std::string_view l, size_t& quote_at, char& marker) {
    size_t i = 0;
    while (i < l.size() && l[i] == ' ') ++i;
    const size_t digits = i;
    while (i < l.size() && std::isdigit(static_cast<unsigned char>(l[i]))) ++i;
    if (i == digits || i + 2 >= l.size() || (l[i] != ')' && l[i] != '#') || l[i + 1] != ' ' || l[i + 2] != '"') return false;
    marker = l[i];
    quote_at = i + 2;
    return true;
}

// sdscatrepr() quoting, as redis-cli prints strings on a terminal. Returns the end of the quoted
// string (after the closing quote), or npos when it is not closed.
size_t unquote(std::string_view l, size_t open, std::string& out) {
    for (size_t i = open + 1; i < l.size(); ++i) {
        const char c = l[i];
        if (c == '"') return i + 1;
        if (c != '\\' || i + 1 >= l.size()) {
            out += c;
            continue;
        }
        const char e = l[++i];
        switch (e) {
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'a': out += '\a'; break;
            case 'b': out += '\b'; break;
            case 'x':
                if (i + 2 < l.size() && std::isxdigit(static_cast<unsigned char>(l[i + 1])) &&
                    std::isxdigit(static_cast<unsigned char>(l[i + 2]))) {
                    out += static_cast<char>(std::stoi(std::string(l.substr(i + 1, 2)), nullptr, 16));
                    i += 2;
                } else {
                    out += e;
                }
                break;
            default: out += e;  // \\ and \"
        }
    }
    return std::string_view::npos;
}

// The Redis-family version whose directive set matches the dump best: a live server lists every
// setting it has, so the names it lacks or adds tell the version apart.
std::optional<Target> infer_target(const std::set<std::string, std::less<>>& names) {
    std::optional<Target> best;
    std::pair<size_t, size_t> best_score{SIZE_MAX, SIZE_MAX};
    for (auto tn : target_names()) {
        const Target t = *parse_target(tn);
        size_t unknown = 0, missing = 0;
        for (const auto& n : names)
            if (!lookup_directive(t, n)) ++unknown;
        for (auto n : directive_names(t)) {
            const DirectiveSpec* s = lookup_directive(t, n);
            if (s && s->kind != Kind::keyword && s->kind != Kind::deprecated_ignored && s->kind != Kind::alias &&
                !names.count(n))
                ++missing;
        }
        if (std::make_pair(unknown, missing) < best_score) best_score = {unknown, missing}, best = t;
    }
    return best;
}

}  // namespace

LiveFormat detect_live(std::string_view text) {
    auto lines = split_lines(text.substr(0, std::min<size_t>(text.size(), 8192)), 200);
    if (text.size() > 8192 && !lines.empty()) lines.pop_back();  // cut mid-line
    size_t first = 0;
    while (first < lines.size() && preamble(lines[first].text)) ++first;
    // Terminal form: numbered, quoted items.
    size_t numbered = 0, other = 0;
    for (size_t i = first; i < lines.size(); ++i) {
        size_t q;
        char m;
        if (numbered_item(lines[i].text, q, m)) ++numbered;
        else if (!lines[i].text.empty()) ++other;
    }
    if (numbered >= 4 && other == 0) return LiveFormat::numbered;
    // Piped form: known names alone on the even lines (0-based), values on the odd ones.
    size_t names = 0, known = 0;
    for (size_t i = first; i < lines.size(); i += 2) {
        if (!is_name(lines[i].text)) return LiveFormat::none;
        ++names;
        known += known_anywhere(lines[i].text) ? 1 : 0;
    }
    if (names >= 2 && known * 10 >= names * 8 && known_anywhere(lines[first].text)) return LiveFormat::raw;
    return LiveFormat::none;
}

std::vector<LiveItem> parse_live(std::string_view text, LiveFormat format) {
    std::vector<LiveItem> items;
    auto lines = split_lines(text);
    if (!text.empty() && text.back() == '\n' && !lines.empty() && lines.back().text.empty() &&
        lines.back().begin == text.size())
        lines.pop_back();
    size_t first = 0;
    while (first < lines.size() && preamble(lines[first].text)) ++first;
    if (format == LiveFormat::raw) {
        for (size_t i = first; i + 1 < lines.size(); i += 2) {
            const Line& v = lines[i + 1];
            LiveItem it;
            it.name = std::string(lines[i].text);
            it.value = std::string(v.text);
            it.line_begin = it.value_begin = v.begin;
            it.line_end = it.value_end = v.begin + static_cast<uint32_t>(v.text.size());
            items.push_back(std::move(it));
        }
        return items;
    }
    std::optional<std::string> pending;  // a name waiting for its value line
    for (size_t i = first; i < lines.size(); ++i) {
        const Line& l = lines[i];
        size_t q;
        char marker;
        if (!numbered_item(l.text, q, marker)) continue;
        std::string first_str;
        const size_t end = unquote(l.text, q, first_str);
        if (end == std::string_view::npos) continue;
        auto item_at = [&](std::string name, std::string value, size_t vq, size_t vend) {
            LiveItem it;
            it.name = std::move(name);
            it.value = std::move(value);
            it.quoted = true;
            it.line_begin = l.begin;
            it.line_end = l.begin + static_cast<uint32_t>(l.text.size());
            it.value_begin = l.begin + static_cast<uint32_t>(vq + 1);
            it.value_end = l.begin + static_cast<uint32_t>(vend - 1);
            items.push_back(std::move(it));
        };
        if (marker == '#') {  // RESP3 map entry: "name" => "value" on one line
            const size_t arrow = l.text.find(" => \"", end);
            if (arrow != end) continue;
            std::string value;
            const size_t vend = unquote(l.text, arrow + 4, value);
            if (vend != std::string_view::npos) item_at(first_str, value, arrow + 4, vend);
            continue;
        }
        if (!pending) {
            pending = std::move(first_str);
        } else {
            item_at(std::move(*pending), std::move(first_str), q, end);
            pending.reset();
        }
    }
    return items;
}

void load_live(Config& cfg, const SourceFile& file, LintJob& job, LiveFormat format) {
    cfg.live = true;
    const auto items = parse_live(file.text(), format);
    std::set<std::string, std::less<>> names;
    for (const auto& it : items) names.insert(to_lower(it.name));
    choose_target(cfg, file, *job.options);
    if (cfg.target_reason.rfind("default", 0) == 0 || cfg.target_reason.rfind("inferred", 0) == 0)
        if (auto t = infer_target(names)) {
            cfg.target = *t;
            cfg.target_reason = "inferred from the settings the live server lists";
        }
    cfg.save.clear();
    cfg.buffer_limits[1] = {256ull << 20, 64ull << 20, 60, nullptr};
    cfg.buffer_limits[2] = {32ull << 20, 8ull << 20, 60, nullptr};
    for (const auto& it : items) {
        const std::string name = to_lower(it.name);
        const DirectiveSpec* spec = lookup_directive(cfg.target, name);
        // Aliases are listed beside their canonical name; keywords never appear.
        if (!spec || spec->kind == Kind::alias || spec->kind == Kind::keyword || spec->kind == Kind::deprecated_ignored)
            continue;
        Directive d;
        d.name = d.canonical = name;
        d.line_span = Span{&file, it.line_begin, it.line_end};
        const Span value_span{&file, it.value_begin, it.value_end};
        d.name_span = value_span;
        if ((is_multi_arg(name) || name == "slaveof") && !it.value.empty()) {
            SplitResult split = split_args(it.value);
            for (const auto& tok : split.tokens) {
                Span s = value_span;
                if (!it.quoted) s = {&file, it.value_begin + tok.begin, it.value_begin + tok.end};
                d.args.push_back({tok.value, s});
            }
        } else {
            d.args.push_back({it.value, value_span});
        }
        cfg.directives.push_back(std::move(d));
        const Directive* dp = &cfg.directives.back();
        cfg.last[name] = dp;
        cfg.occurrences[name].push_back(dp);
        if (name == "save") {
            cfg.save_explicit = true;
            cfg.save_lines.push_back(dp);
            for (size_t i = 0; i + 1 < dp->args.size(); i += 2)
                cfg.save.push_back({std::atoll(dp->args[i].value.c_str()), std::atoll(dp->args[i + 1].value.c_str())});
        } else if (name == "bind") {
            cfg.bind.clear();
            for (const auto& a : dp->args)
                if (!a.value.empty()) cfg.bind.push_back(a.value);
            cfg.bind_set = !cfg.bind.empty();
        } else if (name == "client-output-buffer-limit") {
            for (size_t i = 0; i + 3 < dp->args.size(); i += 4) {
                const std::string cls = to_lower(dp->args[i].value);
                const int idx = cls == "normal" ? 0 : (cls == "replica" || cls == "slave") ? 1 : cls == "pubsub" ? 2 : -1;
                if (idx < 0) continue;
                cfg.buffer_limits[idx] = {parse_memory(dp->args[i + 1].value, cfg.target).value_or(0),
                                          parse_memory(dp->args[i + 2].value, cfg.target).value_or(0),
                                          std::atoll(dp->args[i + 3].value.c_str()), dp};
            }
        }
    }
    if (!cfg.save_explicit) cfg.save = {{3600, 1}, {300, 100}, {60, 10000}};  // a partial dump without save
}

}  // namespace cachelint::redis
