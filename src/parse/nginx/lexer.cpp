#include "parse/nginx/lexer.hpp"

#include <algorithm>
#include <array>

#include "core/text.hpp"

namespace cachelint::nginx {

bool is_lua_block_directive(std::string_view name) {
    static constexpr std::array<std::string_view, 21> names = {
        "init_by_lua_block", "init_worker_by_lua_block", "exit_worker_by_lua_block", "set_by_lua_block",
        "server_rewrite_by_lua_block", "rewrite_by_lua_block", "access_by_lua_block", "content_by_lua_block",
        "header_filter_by_lua_block", "body_filter_by_lua_block", "log_by_lua_block", "balancer_by_lua_block",
        "ssl_certificate_by_lua_block", "ssl_client_hello_by_lua_block", "ssl_session_fetch_by_lua_block",
        "ssl_session_store_by_lua_block", "precontent_by_lua_block", "proxy_ssl_certificate_by_lua_block",
        "proxy_ssl_verify_by_lua_block", "preread_by_lua_block", "ssl_preread_by_lua_block"};
    for (auto n : names)
        if (n == name) return true;
    return false;
}

Lexer::Lexer(const SourceFile& file, Arena& arena, uint32_t begin, uint32_t end)
    : text_(file.text()), arena_(arena), pos_(begin),
      end_(std::min<uint32_t>(end, static_cast<uint32_t>(file.text().size()))) {
    refill_at_ = std::min<uint32_t>(pos_ + kBuffer, end_);
}

std::string_view Lexer::decode(uint32_t b, uint32_t e) {
    std::string_view raw = text_.substr(b, e - b);
    if (raw.find('\\') == std::string_view::npos) return raw;
    std::string out;
    out.reserve(raw.size());
    for (size_t i = 0; i < raw.size();) {
        if (raw[i] == '\\' && i + 1 < raw.size()) {
            switch (raw[i + 1]) {
                case '"': case '\'': case '\\': ++i; break;  // drop the backslash, copy the char below
                case 't': out += '\t'; i += 2; continue;
                case 'r': out += '\r'; i += 2; continue;
                case 'n': out += '\n'; i += 2; continue;
                default: break;  // any other \x keeps its backslash
            }
        }
        out += raw[i++];
    }
    arena_.push_back(std::move(out));
    return arena_.back();
}

Tok Lexer::next(std::vector<Word>& words) {
    words.clear();
    bool found = false, need_space = false, last_space = true, sharp_comment = false, variable = false;
    bool quoted = false, s_quoted = false, d_quoted = false;
    uint32_t start = pos_;
    for (;;) {
        if (pos_ >= refill_at_) {
            if (refill_at_ >= end_) {
                if (!words.empty() || !last_space)
                    return fail(std::min(pos_, end_), "unexpected end of file, expecting \";\" or \"}\"");
                return Tok::file_done;
            }
            // The buffer is full: nginx moves the partial token to its front and reads more. A token
            // (or comment) that alone fills the 4096-byte buffer cannot be moved: error.
            if (pos_ - start == kBuffer) {
                if (d_quoted || s_quoted)
                    return fail(start - 1, std::string("too long parameter, probably missing terminating \"") +
                                               (d_quoted ? '"' : '\'') + "\" character");
                return fail(start, "too long parameter \"" + printable(text_.substr(start, 10)) + "...\" started");
            }
            refill_at_ = std::min<uint32_t>(start + kBuffer, end_);
        }
        const char ch = text_[pos_++];
        if (ch == '\n' && sharp_comment) sharp_comment = false;
        if (sharp_comment) continue;
        if (quoted) {
            quoted = false;
            continue;
        }
        if (need_space) {
            if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') {
                last_space = true;
                need_space = false;
                continue;
            }
            if (ch == ';') return Tok::ok;
            if (ch == '{') return Tok::block_start;
            if (ch == ')') {
                last_space = true;
                need_space = false;
            } else {
                return fail(pos_ - 1, std::string("unexpected \"") + printable(std::string_view(&ch, 1)) + "\"");
            }
        }
        if (last_space) {
            start = pos_ - 1;
            if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') continue;
            switch (ch) {
                case ';':
                case '{':
                    if (words.empty()) return fail(pos_ - 1, std::string("unexpected \"") + ch + "\"");
                    return ch == '{' ? Tok::block_start : Tok::ok;
                case '}':
                    if (!words.empty()) return fail(pos_ - 1, "unexpected \"}\"");
                    return Tok::block_done;
                case '#': sharp_comment = true; continue;
                case '\\': quoted = true; last_space = false; continue;
                case '"': ++start; d_quoted = true; last_space = false; continue;
                case '\'': ++start; s_quoted = true; last_space = false; continue;
                case '$': variable = true; last_space = false; continue;
                default: last_space = false;
            }
        } else {
            if (ch == '{' && variable) continue;
            variable = false;
            if (ch == '\\') {
                quoted = true;
                continue;
            }
            if (ch == '$') {
                variable = true;
                continue;
            }
            if (d_quoted) {
                if (ch == '"') d_quoted = false, need_space = true, found = true;
            } else if (s_quoted) {
                if (ch == '\'') s_quoted = false, need_space = true, found = true;
            } else if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == ';' || ch == '{') {
                last_space = true;
                found = true;
            }
            if (found) {
                const uint32_t stop = pos_ - 1;
                Word w;
                w.quoted = need_space;  // only a closing quote sets need_space
                w.begin = w.quoted ? start - 1 : start;
                w.end = w.quoted ? pos_ : stop;
                w.value = decode(start, stop);
                words.push_back(w);
                if (ch == ';') return Tok::ok;
                if (ch == '{') return Tok::block_start;
                found = false;
            }
        }
    }
}

bool Lexer::skip_lua_block(Word& body) {
    const uint32_t begin = pos_;
    int depth = 1;
    auto long_bracket = [&](uint32_t p, int& level) {  // at '[': returns true for [=*[
        uint32_t q = p + 1;
        level = 0;
        while (q < end_ && text_[q] == '=') ++level, ++q;
        return q < end_ && text_[q] == '[';
    };
    auto skip_long = [&](uint32_t p, int level) -> uint32_t {  // p after the opening bracket
        std::string close = "]" + std::string(static_cast<size_t>(level), '=') + "]";
        size_t f = text_.find(close, p);
        return f == std::string_view::npos || f >= end_ ? end_ : static_cast<uint32_t>(f + close.size());
    };
    uint32_t p = pos_;
    while (p < end_) {
        const char c = text_[p];
        if (c == '-' && p + 1 < end_ && text_[p + 1] == '-') {
            int level;
            if (p + 2 < end_ && text_[p + 2] == '[' && long_bracket(p + 2, level)) {
                p = skip_long(p + 4 + static_cast<uint32_t>(level), level);
            } else {
                size_t nl = text_.find('\n', p);
                p = nl == std::string_view::npos || nl >= end_ ? end_ : static_cast<uint32_t>(nl + 1);
            }
            continue;
        }
        if (c == '[') {
            int level;
            if (long_bracket(p, level)) {
                p = skip_long(p + 2 + static_cast<uint32_t>(level), level);
                continue;
            }
        }
        if (c == '"' || c == '\'') {
            ++p;
            while (p < end_ && text_[p] != c) p += text_[p] == '\\' ? 2 : 1;
            p = std::min(p + 1, end_);
            continue;
        }
        if (c == '{') ++depth;
        if (c == '}' && --depth == 0) {
            body.begin = begin;
            body.end = p;
            body.value = text_.substr(begin, p - begin);
            pos_ = p + 1;
            refill_at_ = std::min<uint32_t>(pos_ + kBuffer, end_);
            return true;
        }
        ++p;
    }
    error_ = "unexpected end of file in a Lua block, expecting \"}\"";
    error_at_ = begin;
    pos_ = end_;
    return false;
}

}  // namespace cachelint::nginx
