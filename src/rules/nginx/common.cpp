#include "rules/nginx/common.hpp"

#include "core/text.hpp"

namespace cachelint::nginx::rules {

std::string quote(std::string_view s) { return "'" + printable(s, 80) + "'"; }

std::set<std::string> vars_in(std::string_view v) {
    std::set<std::string> out;
    for (size_t i = 0; i < v.size(); ++i) {
        if (v[i] != '$') continue;
        size_t b = i + 1;
        bool braced = b < v.size() && v[b] == '{';
        if (braced) ++b;
        size_t e = b;
        while (e < v.size() && (std::isalnum(static_cast<unsigned char>(v[e])) || v[e] == '_')) ++e;
        if (e > b) out.insert(to_lower(v.substr(b, e - b)));
        i = e - 1;
    }
    return out;
}

bool has_var(const std::set<std::string>& vars, std::initializer_list<std::string_view> names) {
    for (auto n : names)
        if (vars.count(std::string(n))) return true;
    return false;
}

bool has_var_prefix(const std::set<std::string>& vars, std::string_view prefix) {
    for (const auto& v : vars)
        if (v.starts_with(prefix)) return true;
    return false;
}

Key key_of(const Config& cfg, const CachedLocation& cl) {
    Key k;
    auto occ = cfg.effective(cl.block, cfg.name(*cl.module, "_cache_key"));
    if (!occ.empty()) {
        k.node = occ.back();
        k.text = std::string(cfg[k.node].arg(0));
    } else {
        k.text = std::string(cl.module->default_key);
    }
    k.vars = vars_in(k.text);
    return k;
}

std::vector<Validity> validity(const Config& cfg, const CachedLocation& cl) {
    std::vector<Validity> out;
    for (int n : cfg.effective(cl.block, cfg.name(*cl.module, "_cache_valid"))) {
        const Node& d = cfg[n];
        if (d.args.empty()) continue;
        Validity v;
        v.node = n;
        const Span t = d.args.back().span;
        v.unknown = t.file && t.file->touches_opaque(t.begin, t.end);
        v.seconds = parse_time(d.args.back().value, true).value_or(0);
        for (size_t i = 0; i + 1 < d.args.size(); ++i) v.codes.push_back(d.args[i].value);
        out.push_back(std::move(v));
    }
    return out;
}

std::set<std::string> flags(const Config& cfg, int block, const std::string& name) {
    std::set<std::string> out;
    for (int n : cfg.effective(block, name))
        for (const auto& a : cfg[n].args) out.insert(to_lower(a.value));
    return out;
}

bool flag_on(const Config& cfg, int block, const std::string& name, bool dflt) {
    auto occ = cfg.effective(block, name);
    if (occ.empty()) return dflt;
    return iequals(cfg[occ.back()].arg(0), "on");
}

bool is_static(const Config& cfg, int block) {
    for (int b = block; b >= 0; b = cfg[b].parent) {
        const Node& n = cfg[b];
        if (n.name != "location") continue;
        std::string m = to_lower(n.args.empty() ? "" : n.args.back().value);
        static const std::string_view markers[] = {"/static", "/assets", "/media", "/_next/static", "/images", "/img",
                                                   "/fonts", "/css", "/js", "\\.(", ".css", ".js", ".png", ".jpg",
                                                   ".svg", ".woff", ".ico", "|css", "|js", "|png", "|jpe?g", "|woff",
                                                   "|svg", "|gif", "|ico"};
        for (auto mk : markers)
            if (m.find(mk) != std::string::npos) return true;
        return false;
    }
    return false;
}

Span anchor(const Config& cfg, const CachedLocation& cl) { return cfg[cl.cache_node].span; }

}  // namespace cachelint::nginx::rules
