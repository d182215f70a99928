#include "parse/nginx/config.hpp"

namespace cachelint::nginx {

std::vector<int> Config::here(int block, std::string_view name) const {
    if (indexed_nodes_ != nodes.size() || nodes.empty()) {
        children_by_name_.clear();
        for (size_t b = 0; b < nodes.size(); ++b)
            for (int c : nodes[b].children) {
                const Node& n = (*this)[c];
                if (!n.entry) children_by_name_[{static_cast<int>(b), n.name}].push_back(c);
            }
        indexed_nodes_ = nodes.size();
    }
    auto it = children_by_name_.find({block, name});
    return it == children_by_name_.end() ? std::vector<int>{} : it->second;
}

std::vector<int> Config::effective(int block, std::string_view name) const {
    for (int b = block; b >= 0; b = (*this)[b].parent) {
        auto v = here(b, name);
        if (!v.empty()) return v;
    }
    return {};
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

void build_cache_view(Config& cfg) {
    for (size_t i = 0; i < cfg.nodes.size(); ++i) {
        const int b = static_cast<int>(i);
        if (!cfg.is_location_like(b)) continue;
        // The content handler is the location's own X_pass; an `if` without one keeps its location's.
        const CacheModule* mod = nullptr;
        for (int h = b; h >= 0 && !mod; h = cfg[h].parent) {
            for (const auto& m : kCacheModules)
                if (!cfg.here(h, cfg.name(m, "_pass")).empty()) mod = &m;
            if (cfg[h].name != "if") break;
        }
        if (!mod) continue;
        auto cache = cfg.effective(b, cfg.name(*mod, "_cache"));
        if (cache.empty()) continue;
        const Node& c = cfg[cache.back()];
        if (c.arg(0) == "off" || c.args.empty()) continue;
        CachedLocation cl;
        cl.block = b;
        cl.module = mod;
        cl.cache_node = cache.back();
        if (c.arg(0).find('$') == std::string_view::npos) cl.zone = std::string(c.arg(0));
        cl.server = cfg.enclosing_server(b);
        cfg.cached.push_back(std::move(cl));
    }
    // A fragment whose top level turns a cache on (1Panel's proxy_cache.conf, engintron's
    // proxy_params_dynamic) is written to be included where requests are handed to that module: its own
    // top level is that place when it passes itself, or when nothing in the fragment passes with that
    // module (no location of its own to carry the cache to).
    if (cfg.fragment && !cfg.nodes.empty() && (cfg[0].ctx & (kUnknown | kLoc))) {  // kLoc: a location snippet
        for (const auto& m : kCacheModules) {
            auto cache = cfg.here(0, cfg.name(m, "_cache"));
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
            cfg.cached.push_back(std::move(cl));
        }
    }
}

}  // namespace cachelint::nginx
