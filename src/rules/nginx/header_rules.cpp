// Response-header rules: the add_header inheritance trap and Cache-Control contradictions.
#include "core/text.hpp"
#include "rules/nginx/common.hpp"

namespace cachelint::nginx::rules {
namespace {

bool http_level(const Node& n) { return n.block && (n.ctx & (kSrv | kLoc | kLif | kSif)) && !(n.ctx & kUnknown); }

bool important(std::string_view h) {
    static const std::string_view names[] = {"cache-control", "expires", "vary", "surrogate-control", "cdn-cache-control",
                                             "strict-transport-security", "content-security-policy"};
    for (auto n : names)
        if (iequals(h, n)) return true;
    return false;
}

void ngx022(const Config& cfg, FindingSink& sink) {
    for (size_t i = 0; i < cfg.nodes.size(); ++i) {
        const int b = static_cast<int>(i);
        const Node& n = cfg[b];
        if (!http_level(n) && !(n.block && n.name == "location")) continue;
        auto mine = cfg.here(b, "add_header");
        if (mine.empty() || n.parent < 0) continue;
        auto inherited = cfg.effective(n.parent, "add_header");
        if (inherited.empty()) continue;
        std::vector<int> lost;
        bool severe = false;
        for (int p : inherited) {
            bool redefined = false;
            for (int m : mine) redefined = redefined || iequals(cfg[m].arg(0), cfg[p].arg(0));
            if (redefined) continue;
            lost.push_back(p);
            // A value that is one variable (h5bp's `add_header Cache-Control $cache_control;` fed by a map)
            // may be empty for what this block serves, and an empty add_header sends nothing: not severe.
            const std::string_view v = cfg[p].arg(1);
            const bool computed = v.starts_with("$") && vars_in(v).size() == 1 && v.find_first_of(" ,;") == std::string_view::npos;
            severe = severe || (important(cfg[p].arg(0)) && !computed);
        }
        if (lost.empty()) continue;
        std::string names;
        for (int p : lost) names += (names.empty() ? "" : ", ") + std::string(cfg[p].arg(0));
        Finding& f = sink.report("NGX-022", severe ? Severity::warning : Severity::note, cfg[mine.front()].span,
                                 "this add_header makes the " + std::string(n.name) + " block drop every inherited add_header: " +
                                     names + " no longer sent here (nginx inherits add_header only into levels with none of their own)");
        for (int p : lost) f.related.push_back({cfg[p].span, "inherited header dropped"});
        f.fix_hint = "repeat the inherited add_header lines in this block (an include file keeps them in one place)";
    }
}

void ngx023(const Config& cfg, FindingSink& sink) {
    std::set<int> seen;
    for (size_t i = 0; i < cfg.nodes.size(); ++i) {
        const int b = static_cast<int>(i);
        const Node& n = cfg[b];
        if (!http_level(n)) continue;
        auto exp = cfg.effective(b, "expires");
        if (exp.empty()) continue;
        const Node& e = cfg[exp.back()];
        if (e.arg(0) == "off" || e.arg(e.args.size() - 1).find('$') != std::string_view::npos) continue;
        for (int h : cfg.effective(b, "add_header")) {
            if (!iequals(cfg[h].arg(0), "Cache-Control") || cfg[h].arg(1).empty()) continue;
            if (!seen.insert(h).second) continue;
            Finding& f = sink.report("NGX-023", cfg[h].span,
                                     "add_header Cache-Control " + quote(cfg[h].arg(1)) + " together with `expires " +
                                         std::string(e.arg(0)) + "`: responses carry two Cache-Control headers, which "
                                         "browsers and CDNs resolve differently");
            f.related.push_back({e.span, "expires also sets Cache-Control"});
            f.fix_hint = "use one of them: drop expires, or put the extra directives into the single add_header";
        }
    }
}

CACHELINT_RULE(Config, "NGX-022", ngx022);
CACHELINT_RULE(Config, "NGX-023", ngx023);

}  // namespace
}  // namespace cachelint::nginx::rules
