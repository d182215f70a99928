// nginx's configuration tokenizer, byte for byte (src/core/ngx_conf_file.c, ngx_conf_read_token):
// comments and quotes only at token start, `}` does not end a word, `${` keeps a word going,
// backslash escapes (\" \' \\ \t \r \n decoded, any other \x kept), quoted strings spanning lines,
// and the 4096-byte read buffer (NGX_CONF_BUFFER) that limits one token.
#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "core/source.hpp"

namespace cachelint::nginx {

struct Word {
    uint32_t begin = 0, end = 0;  // raw bytes in the file, quotes included
    std::string_view value;       // decoded value (into the file, or into the arena when escapes were decoded)
    bool quoted = false;
};

enum class Tok { ok, block_start, block_done, file_done, error };

// Owns decoded strings that differ from the file bytes (escapes); stable addresses.
using Arena = std::deque<std::string>;

class Lexer {
public:
    static constexpr uint32_t kBuffer = 4096;  // NGX_CONF_BUFFER

    Lexer(const SourceFile& file, Arena& arena, uint32_t begin = 0, uint32_t end = UINT32_MAX);

    // Reads one statement's words, like ngx_conf_read_token: ok (ended by ';'), block_start ('{'),
    // block_done ('}'), file_done, or error (error() and error_at() say what and where).
    Tok next(std::vector<Word>& words);
    // After block_start of a *_by_lua_block: skips the Lua body up to its matching '}' the way
    // lua-nginx-module's ngx_http_lua_conf_lua_block_parse does. Returns false (with error()) if unterminated.
    bool skip_lua_block(Word& body);

    const std::string& error() const { return error_; }
    uint32_t error_at() const { return error_at_; }
    uint32_t pos() const { return pos_; }

private:
    std::string_view text_;
    Arena& arena_;
    uint32_t pos_, end_;
    uint32_t refill_at_;  // where ngx_conf_read_token's buffer runs out and it must move + read again
    std::string error_;
    uint32_t error_at_ = 0;

    Tok fail(uint32_t at, std::string msg) {
        error_ = std::move(msg);
        error_at_ = at;
        return Tok::error;
    }
    std::string_view decode(uint32_t b, uint32_t e);
};

// True when `name` is an OpenResty directive whose body is raw Lua (crossplane's list + lua-nginx-module HEAD).
bool is_lua_block_directive(std::string_view name);

}  // namespace cachelint::nginx
