// Rules about the cache zones themselves (*_cache_path): disk bounds, key capacity, directory
// overlaps, and `inactive` against the validity the locations using the zone ask for.
#include "core/text.hpp"
#include "core/rule_ids.hpp"
#include "rules/nginx/common.hpp"

namespace cachelint::nginx::rules {
namespace {

std::string normalize(const std::string& p) {
    std::string out;
    for (char c : p) {
        if (c == '/' && !out.empty() && out.back() == '/') continue;
        out += c;
    }
    while (out.size() > 1 && out.back() == '/') out.pop_back();
    // resolve "." and ".." textually
    std::vector<std::string> parts;
    size_t pos = 0;
    const bool abs = !out.empty() && out[0] == '/';
    while (pos <= out.size()) {
        size_t sl = out.find('/', pos);
        if (sl == std::string::npos) sl = out.size();
        std::string part = out.substr(pos, sl - pos);
        if (part == "..") {
            if (!parts.empty()) parts.pop_back();
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        pos = sl + 1;
    }
    std::string r = abs ? "/" : "";
    for (size_t i = 0; i < parts.size(); ++i) r += (i ? "/" : "") + parts[i];
    return r;
}

void ngx003(const Config& cfg, RuleSink& sink) {
    struct P {
        std::string path;
        int node;
        std::string what;
    };
    std::vector<P> caches, temps;
    for (const auto& z : cfg.zones)
        if (z.module) caches.push_back({normalize(z.path), z.node, "cache " + quote(z.name)});
    for (size_t i = 0; i < cfg.nodes.size(); ++i) {
        const Node& n = cfg.nodes[i];
        if (!n.entry && !n.args.empty() && n.spec && (n.name.ends_with("_temp_path")))
            temps.push_back({normalize(std::string(n.arg(0))), static_cast<int>(i), std::string(n.name)});
    }
    auto inside = [](const std::string& a, const std::string& b) {  // a equals b or is inside b
        return a == b || (a.size() > b.size() && a.starts_with(b) && a[b.size()] == '/');
    };
    for (size_t i = 0; i < caches.size(); ++i) {
        for (size_t j = 0; j < caches.size(); ++j) {
            if (i == j || !inside(caches[i].path, caches[j].path)) continue;
            if (caches[i].path == caches[j].path && i < j) continue;  // report equal paths once, on the later one
            const std::string rel = caches[i].path == caches[j].path ? "the same directory as" : "a directory inside";
            Finding& f = sink.report(cfg[caches[i].node].span,
                                     caches[i].what + " uses " + rel + " " + caches[j].what + " (" + caches[j].path +
                                         "): each cache manager evicts and deletes the other's files and max_size is "
                                         "counted twice (nginx -t only compares the raw strings)");
            f.related.push_back({cfg[caches[j].node].span, "the other cache"});
            f.fix_hint = "give every cache zone its own, non-nested directory";
        }
        for (const auto& t : temps)
            if (inside(caches[i].path, t.path) || inside(t.path, caches[i].path)) {
                // Transient: the loader walks the cache directory once after start-up and deletes files it
                // cannot index (ngx_http_file_cache_manage_file), a temp file being written among them.
                Finding& f = sink.report(Severity::note, cfg[t.node].span,
                                         t.what + " " + t.path + " overlaps the directory of " + caches[i].what +
                                             ": the cache loader's pass after each start or reload deletes the temporary files "
                                             "it finds there, failing the responses being written at that moment");
                f.related.push_back({cfg[caches[i].node].span, "the cache"});
            }
    }
}

void ngx004(const Config& cfg, RuleSink& sink) {
    for (const auto& z : cfg.zones) {
        if (!z.module || z.max_size || z.min_free || z.size_unknown) continue;
        const bool tmpfs = z.path.starts_with("/dev/shm") || z.path.starts_with("/run/") || z.path.starts_with("/tmp/");
        sink.report(cfg[z.node].span,
                    "cache " + quote(z.name) + " has neither max_size nor min_free: the cache manager removes only entries "
                    "not requested for inactive=" + format_duration(z.inactive) + ", so everything requested within that "
                    "time stays on disk" + std::string(tmpfs ? " (tmpfs: memory)" : "") +
                    " however much it is; whether the volume holds that working set is not shown")
            .fix_hint = "add max_size=<a size below the volume> and min_free=<headroom>, e.g. max_size=10g min_free=1g";
    }
}

void ngx005(const Config& cfg, RuleSink& sink) {
    constexpr uint64_t kObject = 64 * 1024;  // assumed mean object size
    for (const auto& z : cfg.zones) {
        if (!z.module || !z.max_size || z.size == 0) continue;
        const uint64_t keys = z.size / (1024 * 1024) * 8000 + (z.size % (1024 * 1024)) * 8000 / (1024 * 1024);
        const uint64_t objects = *z.max_size / kObject;
        if (keys >= objects) continue;
        sink.report(cfg[z.node].span,
                    "keys_zone of cache " + quote(z.name) + " holds about " + std::to_string(keys) + " keys (8000 per MiB) "
                    "but max_size=" + format_bytes(*z.max_size) + " fits about " + std::to_string(objects) +
                    " objects of 64 KiB (an assumed mean size): with objects that small the zone fills first and nginx force-evicts "
                    "entries long before the disk is used")
            .fix_hint = "size keys_zone at about max_size / 64 KiB / 8000 MiB (e.g. 10m per 5 GB)";
    }
}

void ngx006(const Config& cfg, RuleSink& sink) {
    std::set<std::pair<const Zone*, int>> seen;
    for (const auto& cl : cfg.cached) {
        const Zone* z = cfg.find_zone(cl.zone);
        if (!z || !z->module) continue;
        for (const auto& v : cl.validity) {
            if (v.seconds <= z->inactive) continue;
            if (!seen.insert({z, v.node}).second) continue;
            Finding& f = sink.report(cfg[v.node].span,
                                     "entries are valid for " + format_duration(v.seconds) + " but cache " + quote(z->name) +
                                         " drops anything not requested for inactive=" + format_duration(z->inactive) +
                                         (z->inactive == 600 ? " (the default)" : "") +
                                         ": the long tail is refetched early, and no stale copy is left for outages");
            f.related.push_back({cfg[z->node].span, "cache path"});
            f.fix_hint = "set inactive= at least as long as the longest validity on " + std::string(z->owner);
        }
    }
}

CACHELINT_RULE(Config, ids::NGX003, ngx003);
CACHELINT_RULE(Config, ids::NGX004, ngx004);
CACHELINT_RULE(Config, ids::NGX005, ngx005);
CACHELINT_RULE(Config, ids::NGX006, ngx006);

}  // namespace
}  // namespace cachelint::nginx::rules
