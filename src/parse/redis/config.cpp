#include "parse/redis/config.hpp"

#include <algorithm>
#include <climits>
#include <cstdlib>

#include "core/text.hpp"

namespace cachelint::redis {

std::string_view to_string(Role r) {
    switch (r) {
        case Role::cache: return "cache";
        case Role::store: return "store";
        case Role::queue: return "queue";
        case Role::session: return "session";
        case Role::unknown: break;
    }
    return "unknown";
}

Span Directive::args_span() const {
    if (args.empty()) return name_span;
    Span s = args.front().span;
    if (args.back().span.file == s.file) s.end = std::max(s.end, args.back().span.end);
    return s;
}

bool memory_has_digits(std::string_view s) { return !s.empty() && s[0] >= '0' && s[0] <= '9'; }

// util.c memtoull (7.0+) / memtoll (6.2, KeyDB): digits, then an optional unit; no sign, no decimals.
// Overflow is not detected: strtoull saturates and the multiplication wraps, as in the server.
std::optional<uint64_t> parse_memory(std::string_view s, const Target& t) {
    size_t i = 0;
    if (!s.empty() && s[0] == '-') {
        if (!t.legacy_parser()) return std::nullopt;
        i = 1;  // memtoll accepts a sign; the range check rejects negatives afterwards
    }
    size_t digits_begin = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    const std::string unit = to_lower(s.substr(i));
    uint64_t mul;
    if (unit.empty() || unit == "b") mul = 1;
    else if (unit == "k") mul = 1000;
    else if (unit == "kb") mul = 1024;
    else if (unit == "m") mul = 1000ull * 1000;
    else if (unit == "mb") mul = 1024ull * 1024;
    else if (unit == "g") mul = 1000ull * 1000 * 1000;
    else if (unit == "gb") mul = 1024ull * 1024 * 1024;
    else return std::nullopt;
    if (i >= 128) return std::nullopt;  // the digits are copied into a 128-byte buffer
    const std::string digits(s.substr(digits_begin, i - digits_begin));
    if (!t.legacy_parser()) {
        unsigned long long v = std::strtoull(digits.c_str(), nullptr, 10);
        return static_cast<uint64_t>(v) * mul;
    }
    long long v = std::strtoll(digits.c_str(), nullptr, 10);  // saturates at LLONG_MAX
    if (digits_begin == 1) return std::nullopt;               // negative: rejected by the range check
    return static_cast<uint64_t>(static_cast<long long>(static_cast<unsigned long long>(v) * mul));
}

// util.c string2ll: optional '-', no '+', no leading zeros, no spaces, at most 20 characters.
std::optional<long long> parse_integer(std::string_view s) {
    if (s.empty() || s.size() >= 21) return std::nullopt;
    if (s == "0") return 0;
    size_t i = 0;
    bool negative = false;
    if (s[0] == '-') {
        negative = true;
        i = 1;
        if (s.size() == 1) return std::nullopt;
    }
    if (s[i] < '1' || s[i] > '9') return std::nullopt;
    unsigned long long v = 0;
    for (; i < s.size(); ++i) {
        if (s[i] < '0' || s[i] > '9') return std::nullopt;
        unsigned d = static_cast<unsigned>(s[i] - '0');
        if (v > (ULLONG_MAX - d) / 10) return std::nullopt;
        v = v * 10 + d;
    }
    if (negative) {
        if (v > static_cast<unsigned long long>(LLONG_MAX) + 1) return std::nullopt;
        return v == static_cast<unsigned long long>(LLONG_MAX) + 1 ? LLONG_MIN : -static_cast<long long>(v);
    }
    if (v > static_cast<unsigned long long>(LLONG_MAX)) return std::nullopt;
    return static_cast<long long>(v);
}

std::optional<bool> parse_yes_no(std::string_view s) {
    if (iequals(s, "yes")) return true;
    if (iequals(s, "no")) return false;
    return std::nullopt;
}

bool looks_like_placeholder(std::string_view v, bool numeric) {
    auto pair = [&](std::string_view open, std::string_view close) {
        const size_t o = v.find(open);
        return o != std::string_view::npos && v.find(close, o + open.size()) != std::string_view::npos;
    };
    if (pair("${", "}") || pair("{{", "}}") || pair("<%", "%>") || pair("%(", ")s") || pair("{%", "%}")) return true;
    auto upper_word = [](std::string_view w) {
        return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; });
    };
    // $VAR, @VAR@, __VAR__, %VAR%
    if (v.size() >= 2 && v[0] == '$' && upper_word(v.substr(1))) return true;
    for (std::string_view d : {"@", "__", "%"})
        if (v.size() > 2 * d.size() && v.starts_with(d) && v.ends_with(d) && upper_word(v.substr(d.size(), v.size() - 2 * d.size())))
            return true;
    // Where digits are expected, an installer token replaced with sed ("SEDREDISMAXMEMmb"): a run of six
    // or more capitals. (Not for words: "ALLKEYS_LRU" is a typo the server refuses.)
    if (!numeric) return false;
    size_t run = 0;
    for (char c : v) {
        run = (c >= 'A' && c <= 'Z') ? run + 1 : 0;  // capitals only: a template's masked word is x_____
        if (run >= 6) return true;
    }
    return false;
}

const Directive* Config::find(std::string_view name) const {
    // Accept an alias too ("slaveof", Valkey's "masterauth"): settings are stored by canonical name.
    const DirectiveSpec* spec = lookup_directive(target, name);
    std::string_view canonical = spec && spec->kind == Kind::alias ? std::string_view(spec->alias_of) : name;
    auto it = last.find(canonical);
    return it == last.end() ? nullptr : it->second;
}

bool Config::rejected(std::string_view canonical) const {
    for (const Directive& d : directives)
        if (!d.accepted && d.canonical == canonical) return true;
    return false;
}

bool Config::any_rejected(std::initializer_list<std::string_view> canonicals) const {
    for (auto n : canonicals)
        if (rejected(n)) return true;
    return false;
}

std::string Config::value(std::string_view canonical) const {
    if (const Directive* d = find(canonical); d && !d->args.empty()) {
        const DirectiveSpec* spec = canonical_directive(target, canonical);
        if (spec && spec->kind == Kind::enumeration) return to_lower(d->args[0].value);
        if (spec && spec->kind == Kind::boolean) return to_lower(d->args[0].value);
        return d->args[0].value;
    }
    const DirectiveSpec* spec = canonical_directive(target, canonical);
    return spec ? spec->default_value : std::string{};
}

std::optional<bool> Config::boolean(std::string_view canonical) const { return parse_yes_no(value(canonical)); }

std::optional<long long> Config::integer(std::string_view canonical) const { return parse_integer(value(canonical)); }

std::optional<uint64_t> Config::memory(std::string_view canonical) const {
    const std::string v = value(canonical);
    return parse_memory(v, target);
}

std::string Config::config_get(std::string_view name) const {
    if (name == "save") {
        std::string out;
        for (const auto& p : save) out += (out.empty() ? "" : " ") + std::to_string(p.seconds) + " " + std::to_string(p.changes);
        return out;
    }
    if (name == "client-output-buffer-limit") {
        static const char* names[] = {"normal", "slave", "pubsub"};
        std::string out;
        for (int c = 0; c < 3; ++c)
            out += std::string(c ? " " : "") + names[c] + " " + std::to_string(buffer_limits[c].hard) + " " +
                   std::to_string(buffer_limits[c].soft) + " " + std::to_string(buffer_limits[c].soft_seconds);
        return out;
    }
    if (name == "bind") {
        if (!bind_set) return "* -::*";
        std::string out;
        for (const auto& b : bind) out += (out.empty() ? "" : " ") + b;
        return out;
    }
    const DirectiveSpec* spec = canonical_directive(target, name);
    const Directive* d = find(name);
    if (!spec) return {};
    switch (spec->kind) {
        case Kind::memory: {
            auto m = memory(name);
            return m ? std::to_string(*m) : value(name);
        }
        case Kind::numeric: {
            auto v = integer(name);
            if (name == "hz" && v) return std::to_string(std::clamp<long long>(*v, 1, 500));
            return value(name);
        }
        case Kind::octal:
        case Kind::special:
            if (name == "unixsocketperm" && d) {
                long v = std::strtol(d->args[0].value.c_str(), nullptr, 8);
                char buf[32];
                std::snprintf(buf, sizeof buf, "%lo", v);
                return buf;
            }
            if (d) {
                std::string out;
                for (const auto& a : d->args) out += (out.empty() ? "" : " ") + a.value;
                return out;
            }
            return spec->default_value;
        case Kind::enumeration:
            if (d) {
                std::string out;
                for (const auto& a : d->args) out += (out.empty() ? "" : " ") + to_lower(a.value);
                return out;
            }
            return spec->default_value;
        default: return value(name);
    }
}

}  // namespace cachelint::redis
