#include "parse/nginx/config.hpp"

#include <algorithm>
#include <cctype>

#include "core/text.hpp"
#include "parse/nginx/values.hpp"

namespace cachelint::nginx {

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

namespace {

// The conditions of the `if` blocks around node `n`: a `set` there depends on them.
void add_if_conditions(const Config& cfg, const Node& n, std::set<std::string>& src) {
    for (int p = n.parent; p >= 0 && cfg[p].name == "if" && cfg[p].block; p = cfg[p].parent)
        for (const auto& a : cfg[p].args) for (auto& v : vars_in(a.value)) src.insert(v);
}

bool has_capture(const std::set<std::string>& vs) {
    for (const auto& v : vs)
        if (!v.empty() && std::isdigit(static_cast<unsigned char>(v[0]))) return true;
    return false;
}

VarDeps build_var_deps(const Config& cfg) {
    VarDeps d;
    for (const Node& n : cfg.nodes) {
        if (n.name == "set" && !n.block && n.args.size() >= 2) {
            const std::set<std::string> value = vars_in(n.arg(1));
            std::set<std::string> computed = value;
            add_if_conditions(cfg, n, computed);
            for (auto& t : vars_in(n.arg(0))) d.computed[t].insert(computed.begin(), computed.end());
            if (n.entry) continue;
            // $1 of the nearest regex match carries the `if` conditions around it.
            const std::set<std::string>& carried = has_capture(value) ? computed : value;
            for (auto& t : vars_in(n.arg(0))) d.carried[t].insert(carried.begin(), carried.end());
        } else if (n.name == "map" && n.block && n.args.size() >= 2) {
            const auto from = vars_in(n.arg(0));
            for (auto& t : vars_in(n.arg(1))) {
                d.computed[t].insert(from.begin(), from.end());
                d.mapped[t].insert(from.begin(), from.end());
            }
            if (n.entry) continue;
            std::set<std::string> src;
            for (int c : n.children) {
                const Node& e = cfg[c];
                if (!e.entry) continue;
                for (const auto& a : e.args) {
                    auto vs = vars_in(a.value);
                    if (has_capture(vs)) src.insert(from.begin(), from.end());
                    for (auto& v : vs) src.insert(v);
                }
            }
            for (auto& t : vars_in(n.arg(1))) d.carried[t].insert(src.begin(), src.end());
        }
    }
    return d;
}

}  // namespace

const VarDeps& Config::var_deps() const {
    if (!var_deps_ || var_deps_nodes_ != nodes.size()) {
        var_deps_ = std::make_shared<const VarDeps>(build_var_deps(*this));
        var_deps_nodes_ = nodes.size();
    }
    return *var_deps_;
}

void Config::index_children() const {
    if (indexed_nodes_ == nodes.size() && !nodes.empty()) return;
    name_ids_.clear();
    children_by_name_.assign(nodes.size(), {});
    for (size_t b = 0; b < nodes.size(); ++b) {
        auto& groups = children_by_name_[b];
        for (int c : nodes[b].children) {
            const Node& n = (*this)[c];
            if (n.entry) continue;
            const uint32_t id = name_ids_.try_emplace(n.name, static_cast<uint32_t>(name_ids_.size())).first->second;
            auto g = std::find_if(groups.begin(), groups.end(), [&](const auto& e) { return e.first == id; });
            if (g == groups.end()) groups.emplace_back(id, std::vector<int>{c});
            else g->second.push_back(c);
        }
    }
    indexed_nodes_ = nodes.size();
}

namespace {
const std::vector<int> kNoNodes;  // what here() and effective() answer for a name nothing has
}  // namespace

const std::vector<int>& Config::here_id(int block, uint32_t id) const {
    if (block < 0 || static_cast<size_t>(block) >= children_by_name_.size()) return kNoNodes;
    for (const auto& [n, list] : children_by_name_[static_cast<size_t>(block)])
        if (n == id) return list;
    return kNoNodes;
}

const std::vector<int>& Config::here(int block, std::string_view name) const {
    index_children();
    const auto id = name_ids_.find(name);
    return id == name_ids_.end() ? kNoNodes : here_id(block, id->second);
}

const std::vector<int>& Config::effective(int block, std::string_view name) const {
    index_children();
    const auto id = name_ids_.find(name);
    if (id == name_ids_.end()) return kNoNodes;
    for (int b = block; b >= 0; b = (*this)[b].parent) {
        const auto& v = here_id(b, id->second);
        if (!v.empty()) return v;
    }
    return kNoNodes;
}

const Zone* Config::find_zone(std::string_view name) const {
    for (const auto& z : zones)
        if (z.name == name) return &z;
    return nullptr;
}

int Config::enclosing_server(int block) const {
    for (int b = block; b >= 0; b = (*this)[b].parent) {
        const Node& n = (*this)[b];
        if (n.block && n.name == "server" && (n.ctx & kSrv)) return b;
    }
    return -1;
}

bool Config::is_location_like(int block) const {
    const Node& n = (*this)[block];
    return n.block && ((n.name == "location" && (n.ctx & kLoc)) || (n.name == "if" && (n.ctx & (kLif | kSif))));
}

namespace {

CacheKey key_of(const Config& cfg, const CachedLocation& cl) {
    CacheKey k;
    const auto& occ = cfg.effective(cl.block, Config::directive(*cl.module, "_cache_key"));
    if (!occ.empty()) {
        k.node = occ.back();
        k.text = std::string(cfg[k.node].arg(0));
    } else {
        k.text = std::string(cl.module->default_key);
    }
    k.vars = vars_in(k.text);
    return k;
}

std::vector<Validity> validity_of(const Config& cfg, const CachedLocation& cl) {
    std::vector<Validity> out;
    for (int n : cfg.effective(cl.block, Config::directive(*cl.module, "_cache_valid"))) {
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

}  // namespace

void build_cache_view(Config& cfg) {
    for (size_t i = 0; i < cfg.nodes.size(); ++i) {
        const int b = static_cast<int>(i);
        if (!cfg.is_location_like(b)) continue;
        // The content handler is the location's own X_pass; an `if` without one keeps its location's.
        const CacheModule* mod = nullptr;
        for (int h = b; h >= 0 && !mod; h = cfg[h].parent) {
            for (const auto& m : kCacheModules)
                if (!cfg.here(h, Config::directive(m, "_pass")).empty()) mod = &m;
            if (cfg[h].name != "if") break;
        }
        if (!mod) continue;
        const auto& cache = cfg.effective(b, Config::directive(*mod, "_cache"));
        if (cache.empty()) continue;
        const Node& c = cfg[cache.back()];
        if (c.arg(0) == "off" || c.args.empty()) continue;
        CachedLocation cl;
        cl.block = b;
        cl.module = mod;
        cl.cache_node = cache.back();
        if (c.arg(0).find('$') == std::string_view::npos) cl.zone = std::string(c.arg(0));
        cl.server = cfg.enclosing_server(b);
        cl.key = key_of(cfg, cl);
        cl.validity = validity_of(cfg, cl);
        cfg.cached.push_back(std::move(cl));
    }
    // A fragment whose top level turns a cache on (1Panel's proxy_cache.conf, engintron's
    // proxy_params_dynamic) is written to be included where requests are handed to that module: its own
    // top level is that place when it passes itself, or when nothing in the fragment passes with that
    // module (no location of its own to carry the cache to).
    if (cfg.fragment && !cfg.nodes.empty() && (cfg[0].ctx & (kUnknown | kLoc))) {  // kLoc: a location snippet
        for (const auto& m : kCacheModules) {
            const auto& cache = cfg.here(0, Config::directive(m, "_cache"));
            if (cache.empty()) continue;
            const Node& c = cfg[cache.back()];
            if (c.args.empty() || c.arg(0) == "off") continue;
            const std::string pass = cfg.name(m, "_pass");
            bool passes_below = false;
            for (size_t i = 1; i < cfg.nodes.size() && !passes_below; ++i)
                passes_below = !cfg.nodes[i].entry && cfg.nodes[i].name == pass && cfg.nodes[i].parent != 0;
            if (passes_below && cfg.here(0, pass).empty()) continue;
            CachedLocation cl;
            cl.block = 0;
            cl.module = &m;
            cl.cache_node = cache.back();
            if (c.arg(0).find('$') == std::string_view::npos) cl.zone = std::string(c.arg(0));
            cl.key = key_of(cfg, cl);
            cl.validity = validity_of(cfg, cl);
            cfg.cached.push_back(std::move(cl));
        }
    }
}

}  // namespace cachelint::nginx
