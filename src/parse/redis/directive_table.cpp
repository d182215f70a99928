#include "parse/redis/directive_table.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

namespace cachelint::embedded {
extern const std::string_view embedded_redis_directives;
extern const std::string_view embedded_redis_enums;
extern const std::string_view embedded_redis_commands;
}  // namespace cachelint::embedded

namespace cachelint::redis {
namespace {

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    size_t start = 0;
    while (true) {
        size_t pos = s.find(sep, start);
        out.push_back(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
        if (pos == std::string_view::npos) break;
        start = pos + 1;
    }
    return out;
}

template <class F>
void for_each_data_line(std::string_view text, F&& f) {
    for (auto line : split(text, '\n')) {
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty() || line[0] == '#') continue;
        f(line);
    }
}

// The rows of data/directives.tsv after its column names, split into cells: name, then one per target.
template <class F>
void for_each_directive_row(F&& f) {
    bool header = true;
    for_each_data_line(embedded::embedded_redis_directives, [&](std::string_view line) {
        if (header) {  // the column names
            header = false;
            return;
        }
        f(split(line, '\t'));
    });
}

// "-" (or nothing): the target does not accept the directive.
bool accepted_cell(std::string_view cell) { return !cell.empty() && cell != "-"; }

// A cell such as "numeric[1..128]=1", "bool=yes", "alias->replicaof", "special", "-".
std::optional<DirectiveSpec> parse_cell(std::string_view name, std::string_view cell) {
    if (!accepted_cell(cell)) return std::nullopt;
    DirectiveSpec d;
    d.name = std::string(name);
    if (cell.rfind("alias->", 0) == 0) {
        d.kind = Kind::alias;
        d.alias_of = std::string(cell.substr(7));
        return d;
    }
    std::string_view type = cell, rest;
    if (auto p = cell.find_first_of("[="); p != std::string_view::npos) {
        type = cell.substr(0, p);
        rest = cell.substr(p);
    }
    static const std::map<std::string_view, Kind> kinds = {
        {"bool", Kind::boolean},       {"numeric", Kind::numeric},     {"memory", Kind::memory},
        {"memory|percent", Kind::memory_or_percent}, {"enum", Kind::enumeration}, {"octal", Kind::octal},
        {"string", Kind::string},      {"special", Kind::special},     {"keyword", Kind::keyword},
        {"deprecated-ignored", Kind::deprecated_ignored}};
    auto k = kinds.find(type);
    if (k == kinds.end()) return std::nullopt;
    d.kind = k->second;
    if (!rest.empty() && rest[0] == '[') {
        auto close = rest.find(']');
        auto range = rest.substr(1, close - 1);
        auto dots = range.find("..");
        auto lo = range.substr(0, dots), hi = range.substr(dots + 2);
        int base = d.kind == Kind::octal ? 8 : 10;
        std::from_chars(lo.data(), lo.data() + lo.size(), d.min, base);
        std::from_chars(hi.data(), hi.data() + hi.size(), d.max, base);
        d.has_range = true;
        rest = rest.substr(close + 1);
    }
    if (!rest.empty() && rest[0] == '=') {
        d.default_value = std::string(rest.substr(1));
        if (d.default_value == "(unset)") d.default_value.clear();
    }
    return d;
}

struct Tables {
    std::vector<std::map<std::string, DirectiveSpec, std::less<>>> by_target;  // one per column
    std::set<std::string, std::less<>> commands;
};

const Tables& tables() {
    static const Tables instance = [] {
        Tables t;
        t.by_target.resize(6);
        std::map<std::string, std::pair<std::vector<std::string>, bool>, std::less<>> enums;
        for_each_data_line(embedded::embedded_redis_enums, [&](std::string_view line) {
            auto cols = split(line, '\t');
            if (cols.size() < 3) return;
            std::vector<std::string> values;
            for (auto v : split(cols[2], '|')) values.emplace_back(v);
            enums[std::string(cols[0])] = {values, cols[1] == "enum-flags"};
        });
        for_each_directive_row([&](const auto& cols) {
            for (size_t c = 1; c < cols.size() && c <= 6; ++c) {
                auto spec = parse_cell(cols[0], cols[c]);
                if (!spec) continue;
                if (auto e = enums.find(cols[0]); e != enums.end() && spec->kind == Kind::enumeration) {
                    spec->enum_values = e->second.first;
                    spec->enum_flags = e->second.second;
                    // 7.2 added loglevel "nothing" (Valkey 8 too); 6.2/7.0/KeyDB refuse it.
                    if (spec->name == "loglevel" && (c == 3 || c == 4 || c == 5)) spec->enum_values.push_back("nothing");
                }
                t.by_target[c - 1].emplace(std::string(cols[0]), std::move(*spec));
            }
        });
        for_each_data_line(embedded::embedded_redis_commands, [&](std::string_view line) { t.commands.emplace(line); });
        return t;
    }();
    return instance;
}

}  // namespace

const DirectiveSpec* lookup_directive(const Target& t, std::string_view name) {
    const auto& m = tables().by_target.at(static_cast<size_t>(t.column));
    auto it = m.find(name);
    return it == m.end() ? nullptr : &it->second;
}

const DirectiveSpec* canonical_directive(const Target& t, std::string_view name) {
    const DirectiveSpec* d = lookup_directive(t, name);
    if (d && d->kind == Kind::alias) return lookup_directive(t, d->alias_of);
    return d;
}

std::vector<std::string_view> directive_names(const Target& t) {
    std::vector<std::string_view> out;
    for (const auto& [name, spec] : tables().by_target.at(static_cast<size_t>(t.column))) out.push_back(name);
    return out;
}

std::vector<std::string> targets_accepting(std::string_view name) {
    static const char* names[] = {"redis-6.2", "redis-7.0", "redis-7.2", "redis-7.4", "valkey-8.0", "keydb-6.3"};
    std::vector<std::string> out;
    for (size_t c = 0; c < 6; ++c)
        if (tables().by_target[c].count(name)) out.emplace_back(names[c]);
    return out;
}

bool is_known_command(std::string_view lower_name) { return tables().commands.count(lower_name) > 0; }

namespace {
const std::vector<std::string_view>& all_directive_names() {
    static const std::vector<std::string_view> names = [] {
        std::vector<std::string_view> out;
        for_each_directive_row([&](const auto& cols) {
            for (size_t c = 1; c < cols.size() && c <= 6; ++c)
                if (accepted_cell(cols[c])) {
                    out.push_back(cols[0]);
                    break;
                }
        });
        std::sort(out.begin(), out.end());
        return out;
    }();
    return names;
}
}  // namespace

bool is_directive_name(std::string_view name) {
    const auto& names = all_directive_names();
    return std::binary_search(names.begin(), names.end(), name);
}

bool is_misspelt_directive_name(std::string_view name) {
    return !is_directive_name(name) && did_you_mean(name, all_directive_names()).has_value();
}

}  // namespace cachelint::redis
