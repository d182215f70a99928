// Small string helpers shared by every dialect.
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace cachelint {

// ASCII only, as the servers compare names; no locale call per character.
constexpr char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
std::string to_lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
// Hash and equality for names compared case-insensitively (ASCII), for unordered containers. Transparent:
// a name as written finds a lower-cased key without a lower-cased copy of it.
struct IHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const {
        size_t h = 14695981039346656037ull;  // FNV-1a
        for (char c : s) h = (h ^ static_cast<unsigned char>(ascii_lower(c))) * 1099511628211ull;
        return h;
    }
};
struct IEqual {
    using is_transparent = void;
    bool operator()(std::string_view a, std::string_view b) const { return iequals(a, b); }
};
// The closest candidate within a small edit distance (case-insensitive), for "did you mean".
std::optional<std::string_view> did_you_mean(std::string_view word, std::span<const std::string_view> candidates);
// Renders bytes for a message: printable ASCII and valid UTF-8 as is, anything else as \xHH.
std::string printable(std::string_view bytes, size_t max_len = 80);
// Replaces invalid UTF-8 with U+FFFD so JSON/SARIF output is always valid.
std::string valid_utf8(std::string_view bytes);
std::string format_bytes(unsigned long long bytes);  // "100 MiB (104857600 bytes)"
// The items named in a message joined by ", ", then " and N more" for the rest of `total`: "a, b, c and 4 more".
std::string first_few(std::span<const std::string> named, size_t total);

// Walks a text line by line: `for (std::string_view line; lines.next(line);)`. A line excludes its '\n'
// (a '\r' before it is kept: each dialect decides what CR means); a last line without '\n' counts, and an
// empty text has no lines.
class LineCursor {
  public:
    explicit LineCursor(std::string_view text) : text_(text) {}
    bool next(std::string_view& line) {
        if (next_ >= text_.size()) return false;
        start_ = next_;
        const size_t nl = text_.find('\n', next_);
        const size_t end = nl == std::string_view::npos ? text_.size() : nl;
        line = text_.substr(start_, end - start_);
        next_ = nl == std::string_view::npos ? text_.size() : nl + 1;
        return true;
    }
    size_t line_start() const { return start_; }  // byte offset of the line `next` returned last
    size_t next_start() const { return next_; }   // byte offset where the following line starts

  private:
    std::string_view text_;
    size_t start_ = 0, next_ = 0;
};

// A binary file (an ELF, a git-crypt encrypted redis.conf, UTF-16): NUL bytes in the first 8 KiB, as git
// decides, and either a known magic or control bytes beyond a stray one or two (a text file with a stray NUL
// is still a text file: HAProxy refuses it, and HAP901 says where).
bool looks_binary(std::string_view text);

}  // namespace cachelint
