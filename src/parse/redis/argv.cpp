#include "parse/redis/argv.hpp"

#include <algorithm>
#include <cstdio>

#include "core/text.hpp"
#include "parse/redis/loader.hpp"
#include "parse/redis/tokenizer.hpp"

namespace cachelint::redis {
namespace {

// sds.c sdscatrepr(): how main() quotes an option argument before the config loader splits it again.
std::string repr(std::string_view s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '"': out += "\\\""; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\a': out += "\\a"; break;
        case '\b': out += "\\b"; break;
        default:
            if (c >= 0x20 && c < 0x7f) {
                out += static_cast<char>(c);
            } else {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\x%02x", c);
                out += buf;
            }
        }
    }
    return out + "\"";
}

struct Piece {
    uint32_t b, e;  // in the built text
    Span to;        // in the holder
};

}  // namespace

ArgvLoad load_argv(Config& config, const std::vector<ArgvItem>& argv, const SourceFile& holder, LintJob& job) {
    ArgvLoad out;
    std::string text;
    std::vector<Piece> pieces;
    auto add = [&](const std::string& s, Span to) {
        const auto b = static_cast<uint32_t>(text.size());
        text += s;
        pieces.push_back({b, static_cast<uint32_t>(text.size()), to});
    };
    // redis 7 server.c main(): the loop over argv after the optional config file name.
    size_t j = 0;
    if (!argv.empty() && !argv[0].value.empty() && argv[0].value[0] != '-') {
        out.config_file = argv[0];
        j = 1;
    }
    bool handled_last_config_arg = true;
    for (; j < argv.size(); ++j) {
        const std::string& a = argv[j].value;
        if (a == "-" && (j == 0 || j + 1 == argv.size())) {
            out.from_stdin = true;
        } else if (handled_last_config_arg && a.size() >= 2 && a[0] == '-' && a[1] == '-') {
            if (!text.empty()) text += '\n';
            add(a.substr(2), argv[j].span);
            text += ' ';
            const SplitResult split = split_args(a);
            if (split.tokens.size() == 1) {
                handled_last_config_arg = false;
                // `--save` followed by another option, or last: an empty save (no snapshots).
                if (iequals(a, "--save") && (j + 1 == argv.size() || (argv[j + 1].value.rfind("--", 0) == 0))) {
                    add("\"\"", Span{argv[j].span.file, argv[j].span.end, argv[j].span.end});
                    handled_last_config_arg = true;
                }
            } else {
                handled_last_config_arg = true;
            }
        } else {
            add(repr(a), argv[j].span);
            text += ' ';
            handled_last_config_arg = true;
        }
    }
    text += '\n';

    SourceLoader& loader = *job.loader;
    const SourceFile* built = loader.adopt(holder.path(), text);
    LintJob sub;
    sub.path = job.path;
    sub.dialect = "redis";
    sub.main = built;
    sub.options = job.options;
    sub.loader = job.loader;
    config.main = built;
    load_config(config, *built, sub);

    // Every span into the built text is moved to the argument it came from: starts to the start of the
    // argument, ends to its end.
    auto remap = [&](Span& s) {
        if (s.file != built) return;
        if (pieces.empty()) {
            s = Span{&holder, 0, 0};
            return;
        }
        auto first = std::find_if(pieces.begin(), pieces.end(), [&](const Piece& p) { return p.e > s.begin; });
        if (first == pieces.end()) first = pieces.end() - 1;
        auto last = first;
        for (auto it = first; it != pieces.end() && it->b < std::max(s.end, s.begin + 1); ++it) last = it;
        s = Span{&holder, first->to.begin, std::max(first->to.begin, last->to.end)};
    };
    for (Directive& d : config.directives) {
        remap(d.name_span);
        remap(d.line_span);
        for (Arg& a : d.args) remap(a.span);
    }
    for (Finding& f : sub.sink.findings()) {
        remap(f.primary);
        for (auto& r : f.related) remap(r.span);
        f.fix.clear();  // the bytes in the file are not the built text
        job.sink.findings().push_back(std::move(f));
    }
    for (auto& e : sub.errors) job.errors.push_back(std::move(e));
    config.main = &holder;
    return out;
}

}  // namespace cachelint::redis
