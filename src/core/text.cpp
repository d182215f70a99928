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
    for (size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

namespace {

// Optimal-string-alignment distance between a and b (ASCII case-insensitive), or limit + 1 as soon as
// every cell of a row exceeds limit. Rows live on the stack: did_you_mean runs once per unknown word
// against hundreds of names, and a file of garbage lines has hundreds of thousands of unknown words.
constexpr size_t kMaxSuggestLen = 64;
size_t bounded_distance(std::string_view a, std::string_view b, size_t limit) {
    size_t rows[3][kMaxSuggestLen + 1];
    size_t *before = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        size_t row_min = cur[0];
        for (size_t j = 1; j <= b.size(); ++j) {
            const char ai = ascii_lower(a[i - 1]), bj = ascii_lower(b[j - 1]);
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ai == bj ? 0 : 1)});
            // Damerau: an adjacent swap counts as one edit ("maxmemroy").
            if (i > 1 && j > 1 && ai == ascii_lower(b[j - 2]) && ascii_lower(a[i - 2]) == bj)
                cur[j] = std::min(cur[j], before[j - 2] + 1);
            row_min = std::min(row_min, cur[j]);
        }
        if (row_min > limit) return limit + 1;
        std::swap(before, prev);
        std::swap(prev, cur);
    }
    return prev[b.size()];
}
}  // namespace

std::optional<std::string_view> did_you_mean(std::string_view word, std::span<const std::string_view> candidates) {
    // Names are short; a longer word is no typo of one.
    if (word.empty() || word.size() > kMaxSuggestLen) return std::nullopt;
    const size_t limit = word.size() <= 4 ? 1 : (word.size() <= 8 ? 2 : 3);
    // The word's letters as a multiset. An edit adds or removes at most one letter of each side's
    // surplus, so the larger surplus bounds the distance from below: most candidates are rejected by
    // this count before the quadratic distance is computed.
    int have[256] = {};
    for (char ch : word) ++have[static_cast<unsigned char>(ascii_lower(ch))];
    auto letters_bound = [&](std::string_view c) {
        size_t extra = 0;
        for (char ch : c)
            if (have[static_cast<unsigned char>(ascii_lower(ch))]-- <= 0) ++extra;
        for (char ch : c) ++have[static_cast<unsigned char>(ascii_lower(ch))];
        const size_t missing = word.size() - (c.size() - extra);
        return std::max(extra, missing);
    };
    std::optional<std::string_view> best;
    size_t best_d = limit + 1;
    for (auto c : candidates) {
        if (c.size() > word.size() + limit || word.size() > c.size() + limit || c.size() > kMaxSuggestLen) continue;
        if (letters_bound(c) >= best_d) continue;
        const size_t d = bounded_distance(word, c, best_d - 1);
        if (d < best_d) {
            best_d = d;
            best = c;
            if (d == 0) break;
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

bool looks_binary(std::string_view text) {
    const std::string_view head = text.substr(0, 8192);
    if (head.find('\0') == std::string_view::npos) return false;
    if (head.starts_with(std::string_view("\0GITCRYPT\0", 10)) || head.starts_with("\x7f" "ELF")) return true;
    size_t control = 0;
    for (unsigned char c : head) control += (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') || c == 0x7f;
    return control >= std::max<size_t>(3, head.size() / 100);
}

std::string first_few(std::span<const std::string> named, size_t total) {
    std::string out;
    for (size_t i = 0; i < named.size(); ++i) out += (i ? ", " : "") + named[i];
    if (total > named.size()) out += " and " + std::to_string(total - named.size()) + " more";
    return out;
}

}  // namespace cachelint
