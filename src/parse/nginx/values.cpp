#include "parse/nginx/values.hpp"

#include <string>

namespace cachelint::nginx {

std::optional<int64_t> parse_time(std::string_view s, bool seconds) {
    // steps, largest first: y M w d h m s ms
    static constexpr int64_t kSec[] = {365 * 86400LL, 30 * 86400LL, 7 * 86400LL, 86400, 3600, 60, 1};
    int last_step = -1;  // index of the last unit used; each next unit must be smaller
    int64_t total = 0, value = 0;
    bool digits = false, any = false;
    for (size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c >= '0' && c <= '9') {
            value = value * 10 + (c - '0');
            if (value > (1LL << 40)) return std::nullopt;
            digits = true;
            continue;
        }
        if (c == ' ') {
            if (digits) return std::nullopt;  // a number must carry its unit before a space
            continue;
        }
        int step;
        switch (c) {
            case 'y': step = 0; break;
            case 'M': step = 1; break;
            case 'w': step = 2; break;
            case 'd': step = 3; break;
            case 'h': step = 4; break;
            case 'm':
                if (i + 1 < s.size() && s[i + 1] == 's') {
                    if (seconds || !digits || last_step >= 7) return std::nullopt;
                    ++i;
                    total += value;
                    value = 0;
                    digits = false;
                    last_step = 7;
                    any = true;
                    continue;
                }
                step = 5;
                break;
            case 's': step = 6; break;
            default: return std::nullopt;
        }
        if (!digits || step <= last_step) return std::nullopt;
        total += value * kSec[step] * (seconds ? 1 : 1000);
        value = 0;
        digits = false;
        last_step = step;
        any = true;
    }
    if (digits) {
        if (last_step >= 6) return std::nullopt;
        total += value;  // no unit: the base unit (seconds, or milliseconds), as in ngx_parse_time
        any = true;
    }
    if (!any) return std::nullopt;
    return total;
}

namespace {
std::optional<uint64_t> parse_scaled(std::string_view s, bool allow_g) {
    if (s.empty()) return std::nullopt;
    uint64_t scale = 1;
    const char last = s.back();
    if (last == 'k' || last == 'K') scale = 1024, s.remove_suffix(1);
    else if (last == 'm' || last == 'M') scale = 1024 * 1024, s.remove_suffix(1);
    else if (allow_g && (last == 'g' || last == 'G')) scale = 1024ull * 1024 * 1024, s.remove_suffix(1);
    if (s.empty()) return std::nullopt;
    uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + static_cast<uint64_t>(c - '0');
        if (v > (1ull << 50)) return std::nullopt;
    }
    return v * scale;
}
}  // namespace

std::optional<uint64_t> parse_size(std::string_view s) { return parse_scaled(s, false); }
std::optional<uint64_t> parse_offset(std::string_view s) { return parse_scaled(s, true); }

std::string format_duration(int64_t s) {
    if (s != 0 && s % 86400 == 0) return std::to_string(s / 86400) + "d";
    if (s != 0 && s % 3600 == 0) return std::to_string(s / 3600) + "h";
    if (s != 0 && s % 60 == 0) return std::to_string(s / 60) + "m";
    return std::to_string(s) + "s";
}

bool looks_like_placeholder(std::string_view s) {
    if (s.find("{{") != std::string_view::npos || s.find("%%") != std::string_view::npos) return true;
    if (s.size() > 2 && s.front() == '@' && s.back() == '@') return true;
    // The whole token is an upper-case name of five or more characters (four letters at least),
    // optionally followed by one unit letter: SEDFCGIBUFFERS, SEDSERVERMEM03m. No nginx number, size,
    // time or keyword looks like that; a path or a name inside a longer token does not count.
    size_t n = s.size();
    if (n > 0 && s[n - 1] >= 'a' && s[n - 1] <= 'z') --n;
    if (n < 5 || !(s[0] >= 'A' && s[0] <= 'Z')) return false;
    size_t letters = 0;
    for (size_t i = 0; i < n; ++i) {
        const char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
        letters += (c >= 'A' && c <= 'Z');
    }
    return letters >= 4;
}

}  // namespace cachelint::nginx
