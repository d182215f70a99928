#include "parse/apache/directive_table.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/text.hpp"

namespace cachelint::embedded {
extern const std::string_view embedded_apache_directives;
extern const std::string_view embedded_apache_modules;
}  // namespace cachelint::embedded

namespace cachelint::apache {
namespace {

struct Tables {
    std::map<std::string, DirectiveInfo, std::less<>> by_name;
    std::vector<std::string> names_storage;
    std::vector<std::string_view> names;
    std::set<std::string, std::less<>> modules;
};

const Tables& tables() {
    static const Tables instance = [] {
        Tables t;
        std::string_view text = embedded::embedded_apache_directives;
        LineCursor lines(text);
        for (std::string_view line; lines.next(line);) {
            if (line.empty() || line[0] == '#') continue;
            size_t t1 = line.find('\t');
            size_t t2 = t1 == std::string_view::npos ? t1 : line.find('\t', t1 + 1);
            if (t2 == std::string_view::npos) continue;
            DirectiveInfo info;
            info.name = std::string(line.substr(0, t1));
            std::string_view mods = line.substr(t1 + 1, t2 - t1 - 1);
            size_t m = 0;
            while (m <= mods.size()) {
                size_t comma = mods.find(',', m);
                std::string_view one = mods.substr(m, comma == std::string_view::npos ? std::string_view::npos : comma - m);
                if (!one.empty()) {
                    info.modules.emplace_back(one);
                    t.modules.emplace(one);
                }
                if (comma == std::string_view::npos) break;
                m = comma + 1;
            }
            std::string_view ctx = line.substr(t2 + 1);
            info.context = ctx.empty() ? '?' : ctx[0];
            t.names_storage.push_back(info.name);
            t.by_name.emplace(to_lower(info.name), std::move(info));
        }
        for (const auto& n : t.names_storage) t.names.emplace_back(n);
        std::string_view mods = embedded::embedded_apache_modules;
        LineCursor module_lines(mods);
        for (std::string_view line; module_lines.next(line);) {
            if (!line.empty() && line[0] != '#') t.modules.emplace(line);
        }
        return t;
    }();
    return instance;
}

}  // namespace

const DirectiveInfo* lookup_directive(std::string_view lower_name) {
    const auto& m = tables().by_name;
    auto it = m.find(lower_name);
    return it == m.end() ? nullptr : &it->second;
}

std::span<const std::string_view> directive_names() { return tables().names; }

namespace {
bool iless(std::string_view a, std::string_view b) {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                        [](char x, char y) { return ascii_lower(x) < ascii_lower(y); });
}
}  // namespace

bool is_directive_name(std::string_view lower_name) {
    static const std::vector<std::string_view> names = [] {
        std::vector<std::string_view> out;  // views into the embedded table, compared case-insensitively
        LineCursor lines(embedded::embedded_apache_directives);
        for (std::string_view line; lines.next(line);) {
            if (line.empty() || line[0] == '#') continue;
            const size_t t1 = line.find('\t');
            // the rows tables() keeps: name, modules and context columns
            if (t1 == std::string_view::npos || line.find('\t', t1 + 1) == std::string_view::npos) continue;
            out.push_back(line.substr(0, t1));
        }
        std::sort(out.begin(), out.end(), iless);
        return out;
    }();
    return std::binary_search(names.begin(), names.end(), lower_name, iless);
}

bool is_stock_module(std::string_view source_name) { return tables().modules.count(source_name) > 0; }

std::string module_source_from_identifier(std::string_view id) {
    static const std::map<std::string_view, std::string_view> special = {
        {"core_module", "core.c"},          {"http_module", "http_core.c"},       {"mpm_event_module", "event.c"},
        {"mpm_prefork_module", "prefork.c"}, {"mpm_worker_module", "worker.c"},    {"ldap_module", "util_ldap.c"}};
    if (auto it = special.find(id); it != special.end()) return std::string(it->second);
    if (!id.ends_with("_module")) return {};
    std::string src = "mod_" + std::string(id.substr(0, id.size() - 7)) + ".c";
    return is_stock_module(src) ? src : std::string{};
}

std::string module_source_from_path(std::string_view so_path) {
    auto slash = so_path.find_last_of('/');
    std::string_view base = slash == std::string_view::npos ? so_path : so_path.substr(slash + 1);
    if (!base.ends_with(".so")) return {};
    base.remove_suffix(3);
    if (base == "mod_mpm_event") return "event.c";
    if (base == "mod_mpm_prefork") return "prefork.c";
    if (base == "mod_mpm_worker") return "worker.c";
    if (base == "mod_ldap") return "util_ldap.c";
    std::string src = std::string(base) + ".c";
    return is_stock_module(src) ? src : std::string{};
}

}  // namespace cachelint::apache
