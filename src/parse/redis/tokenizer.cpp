#include "parse/redis/tokenizer.hpp"

namespace cachelint::redis {
namespace {
bool is_c_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }
bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return c - 'A' + 10;
}
}  // namespace

SplitResult split_args(std::string_view input) {
    if (auto nul = input.find('\0'); nul != std::string_view::npos) input = input.substr(0, nul);
    SplitResult r;
    const size_t n = input.size();
    // at(i) reads like the C code does: past the end is the terminating NUL.
    auto at = [&](size_t i) -> char { return i < n ? input[i] : '\0'; };
    size_t p = 0;
    while (true) {
        while (p < n && is_c_space(input[p])) ++p;
        if (p >= n) return r;
        RawToken tok;
        tok.begin = static_cast<uint32_t>(p);
        bool inq = false, insq = false, done = false, ended_by_separator = false;
        while (!done) {
            const char c = at(p);
            if (inq) {
                if (c == '\\' && at(p + 1) == 'x' && is_hex(at(p + 2)) && is_hex(at(p + 3))) {
                    tok.value += static_cast<char>(hex_value(at(p + 2)) * 16 + hex_value(at(p + 3)));
                    p += 3;
                } else if (c == '\\' && at(p + 1) != '\0') {
                    ++p;
                    switch (at(p)) {
                        case 'n': tok.value += '\n'; break;
                        case 'r': tok.value += '\r'; break;
                        case 't': tok.value += '\t'; break;
                        case 'b': tok.value += '\b'; break;
                        case 'a': tok.value += '\a'; break;
                        default: tok.value += at(p); break;
                    }
                } else if (c == '"') {
                    // The closing quote must be followed by a space or the end of the line.
                    if (at(p + 1) != '\0' && !is_c_space(at(p + 1))) {
                        r.error_at = static_cast<uint32_t>(p + 1);
                        r.error = "text right after a closing double quote";
                        return r;
                    }
                    done = true;
                } else if (c == '\0') {
                    r.error_at = tok.begin;
                    r.error = "double quote never closed on this line";
                    return r;
                } else {
                    tok.value += c;
                }
            } else if (insq) {
                if (c == '\\' && at(p + 1) == '\'') {
                    ++p;
                    tok.value += '\'';
                } else if (c == '\'') {
                    if (at(p + 1) != '\0' && !is_c_space(at(p + 1))) {
                        r.error_at = static_cast<uint32_t>(p + 1);
                        r.error = "text right after a closing single quote";
                        return r;
                    }
                    done = true;
                } else if (c == '\0') {
                    r.error_at = tok.begin;
                    r.error = "single quote never closed on this line";
                    return r;
                } else {
                    tok.value += c;
                }
            } else {
                switch (c) {
                    case ' ': case '\n': case '\r': case '\t':
                        done = ended_by_separator = true;
                        break;
                    case '\0': done = true; break;
                    case '"': inq = true; tok.quoted = true; break;
                    case '\'': insq = true; tok.quoted = true; break;
                    default: tok.value += c; break;
                }
            }
            if (p < n) ++p;
        }
        // The span excludes the separator that ended the token.
        tok.end = static_cast<uint32_t>(ended_by_separator ? p - 1 : p);
        r.tokens.push_back(std::move(tok));
    }
}

}  // namespace cachelint::redis
