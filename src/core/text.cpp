#include "core/text.hpp"

#include <algorithm>
#include <cstdio>
#include <vector>

namespace cachelint {

std::string to_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
            // Damerau: an adjacent swap counts as one edit ("maxmemroy").
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], prev[j - 1]);
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

std::optional<std::string_view> did_you_mean(std::string_view word, std::span<const std::string_view> candidates) {
    const std::string w = to_lower(word);
    const size_t limit = w.size() <= 4 ? 1 : (w.size() <= 8 ? 2 : 3);
    std::optional<std::string_view> best;
    size_t best_d = limit + 1;
    for (auto c : candidates) {
        if (c.size() > w.size() + limit || w.size() > c.size() + limit) continue;
        size_t d = edit_distance(w, to_lower(c));
        if (d < best_d) {
            best_d = d;
            best = c;
        }
    }
    return best;
}

namespace {
// Length of the valid UTF-8 sequence at s[i], or 0 if invalid.
size_t utf8_len(std::string_view s, size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t n;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c >= 0xE0 && c <= 0xEF) n = 3;
    else if (c >= 0xF0 && c <= 0xF4) n = 4;
    else return 0;
    if (i + n > s.size()) return 0;
    for (size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
    const auto c1 = static_cast<unsigned char>(s[i + 1]);
    if (c == 0xE0 && c1 < 0xA0) return 0;  // overlong
    if (c == 0xED && c1 >= 0xA0) return 0; // surrogate
    if (c == 0xF0 && c1 < 0x90) return 0;
    if (c == 0xF4 && c1 >= 0x90) return 0;
    return n;
}
}  // namespace

std::string printable(std::string_view s, size_t max_len) {
    std::string out;
    size_t shown = 0;
    for (size_t i = 0; i < s.size();) {
        if (shown >= max_len) {
            out += "...";
            break;
        }
        const auto c = static_cast<unsigned char>(s[i]);
        size_t n = utf8_len(s, i);
        if (n == 1 && c >= 0x20 && c != 0x7F) {
            out += static_cast<char>(c);
        } else if (n > 1) {
            out.append(s.substr(i, n));
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02X", c);
            out += buf;
            n = 1;
        }
        i += n;
        ++shown;
    }
    return out;
}

std::string valid_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        size_t n = utf8_len(s, i);
        if (n == 0) {
            out += "\xEF\xBF\xBD";
            i += 1;
        } else {
            out.append(s.substr(i, n));
            i += n;
        }
    }
    return out;
}

std::string format_bytes(unsigned long long bytes) {
    static const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = static_cast<double>(bytes);
    int u = 0;
    while (v >= 1024.0 && u < 6) {
        v /= 1024.0;
        ++u;
    }
    char buf[64];
    if (u == 0) std::snprintf(buf, sizeof buf, "%llu bytes", bytes);
    else if (v == static_cast<double>(static_cast<unsigned long long>(v)))
        std::snprintf(buf, sizeof buf, "%llu %s (%llu bytes)", static_cast<unsigned long long>(v), units[u], bytes);
    else std::snprintf(buf, sizeof buf, "%.1f %s (%llu bytes)", v, units[u], bytes);
    return buf;
}

}  // namespace cachelint
