#include "parse/varnish/lexer.hpp"

#include <cstring>

namespace cachelint::varnish {
namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident(char c) { return is_alpha(c) || is_digit(c) || c == '_' || c == '-'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }
bool is_base64(char c) { return is_alpha(c) || is_digit(c) || c == '+' || c == '/' || c == '='; }

// vcc_delim_token(): two-character tokens first, then the single characters.
constexpr const char* kTwo[] = {"++", "--", "&&", "||", "<=", "==", "!=", ">=", ">>", "<<", "+=", "-=", "*=", "/=", "!~"};
constexpr std::string_view kOne = "{}()*+-/%><=;!&.|~,";

}  // namespace

bool lex_vcl(const SourceFile& file, std::vector<Token>& out, LexError& error, bool pre7_numbers) {
    const std::string_view t = file.text();
    const uint32_t n = static_cast<uint32_t>(t.size());
    // About one token per three to five bytes in real VCL: growing a large token vector step by step
    // copied it several times into freshly faulted pages, most of the cost of lexing a big file.
    out.reserve(out.size() + t.size() / 3 + 16);
    auto fail = [&](uint32_t b, uint32_t e, std::string msg) {
        error = {{&file, b, e}, std::move(msg)};
        return false;
    };
    auto push = [&](Tok k, uint32_t b, uint32_t e, uint32_t vb = 0, uint32_t ve = 0) {
        out.push_back(Token{k, &file, b, e, vb, ve});
    };
    uint32_t p = 0;
    while (p < n) {
        const char c = t[p];
        if (is_space(c)) {
            ++p;
            continue;
        }
        // Comments
        if (c == '#' || (c == '/' && p + 1 < n && t[p + 1] == '/')) {
            while (p < n && t[p] != '\n') ++p;
            continue;
        }
        if (c == '/' && p + 1 < n && t[p + 1] == '*') {
            uint32_t q = p + 2;
            for (;; ++q) {
                if (q + 1 >= n) return fail(p, p + 2, "Unterminated /* ... */ comment");
                if (t[q] == '/' && t[q + 1] == '*') return fail(q, q + 2, "/* ... */ comment contains /*");
                if (t[q] == '*' && t[q + 1] == '/') break;
            }
            p = q + 2;
            continue;
        }
        // Inline C
        if (c == 'C' && p + 1 < n && t[p + 1] == '{') {
            size_t q = t.find("}C", p + 2);
            if (q == std::string_view::npos) return fail(p, p + 2, "Unterminated inline C source");
            push(Tok::CSrc, p, static_cast<uint32_t>(q + 2), p + 2, static_cast<uint32_t>(q));
            p = static_cast<uint32_t>(q + 2);
            continue;
        }
        // Long strings
        if (c == '{' && p + 1 < n && t[p + 1] == '"') {
            size_t q = t.find("\"}", p + 2);
            if (q == std::string_view::npos) return fail(p, p + 2, "Unterminated long-string");
            push(Tok::CStr, p, static_cast<uint32_t>(q + 2), p + 2, static_cast<uint32_t>(q));
            p = static_cast<uint32_t>(q + 2);
            continue;
        }
        if (c == '"' && t.substr(p, 3) == "\"\"\"") {
            size_t q = t.find("\"\"\"", p + 3);
            if (q == std::string_view::npos) return fail(p, p + 3, "Unterminated long-string");
            push(Tok::CStr, p, static_cast<uint32_t>(q + 3), p + 3, static_cast<uint32_t>(q));
            p = static_cast<uint32_t>(q + 3);
            continue;
        }
        if (c == '"') {
            uint32_t q = p + 1;
            while (q < n && t[q] != '"' && t[q] != '\n') ++q;
            if (q >= n || t[q] != '"') return fail(p, p + 1, "Unterminated string");
            push(Tok::CStr, p, q + 1, p + 1, q);
            p = q + 1;
            continue;
        }
        // BLOB literal :base64:
        if (c == ':') {
            uint32_t q = p + 1;
            while (q < n && is_base64(t[q])) ++q;
            if (q >= n || t[q] != ':') return fail(p, p + 1, "Unterminated BLOB literal");
            push(Tok::Blob, p, q + 1, p + 1, q);
            p = q + 1;
            continue;
        }
        // Identifiers
        if (is_alpha(c)) {
            uint32_t q = p;
            while (q < n && is_ident(t[q])) ++q;
            push(Tok::Id, p, q);
            p = q;
            continue;
        }
        // Numbers (vcc_lex_number): digits [. digits]; a letter glued to a real is refused.
        if (is_digit(c)) {
            uint32_t q = p;
            while (q < n && is_digit(t[q])) ++q;
            Tok kind = Tok::CNum;
            if (q < n && t[q] == '.' && q + 1 < n && is_digit(t[q + 1])) {
                ++q;
                uint32_t frac = 0;
                while (q < n && is_digit(t[q])) ++q, ++frac;
                if (frac > 3 && !pre7_numbers) return fail(p, q, "Too many digits for real.");
                kind = Tok::FNum;
            } else if (q - p > 15 && !pre7_numbers) {
                return fail(p, q, "Too many digits for integer.");
            }
            if (q < n && (t[q] == 'e' || t[q] == 'E') && (q + 1 >= n || !is_ident(t[q + 1])))
                return fail(p, q + 1, "Syntax error: number with an exponent is not a VCL literal");
            push(kind, p, q);
            p = q;
            continue;
        }
        // Operators
        bool matched = false;
        if (p + 1 < n) {
            for (const char* two : kTwo) {
                if (t[p] == two[0] && t[p + 1] == two[1]) {
                    push(Tok::Op, p, p + 2);
                    p += 2;
                    matched = true;
                    break;
                }
            }
        }
        if (matched) continue;
        if (kOne.find(c) != std::string_view::npos) {
            push(Tok::Op, p, p + 1);
            ++p;
            continue;
        }
        // Anything else (including a UTF-8 BOM) is a syntax error.
        if (t.substr(p, 3) == "\xEF\xBB\xBF")
            return fail(p, p + 3, "syntax error: the file starts with a UTF-8 byte-order mark, which VCL does not allow");
        return fail(p, p + 1, "syntax error: unexpected character '" + std::string(1, c) + "'");
    }
    return true;
}

}  // namespace cachelint::varnish
