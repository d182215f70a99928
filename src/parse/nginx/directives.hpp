// The directive/context table for nginx 1.22's core and cache-related modules, shaped like nginx's own
// ngx_command_t (context bits + argument-count bits), so ngx_conf_handler's checks can be replayed:
// unknown directive, "not allowed here", "invalid number of arguments", "is duplicate".
#pragma once
#include <cstdint>
#include <span>
#include <string_view>

namespace cachelint::nginx {

// Contexts (NGX_MAIN_CONF, NGX_HTTP_MAIN_CONF, ...).
enum Ctx : uint32_t {
    kMain = 1u << 0, kEvents = 1u << 1, kHttp = 1u << 2, kSrv = 1u << 3, kLoc = 1u << 4, kLif = 1u << 5,
    kSif = 1u << 6, kUps = 1u << 7, kLmt = 1u << 8, kStream = 1u << 9, kStreamSrv = 1u << 10,
    kStreamUps = 1u << 11, kMail = 1u << 12, kMailSrv = 1u << 13,
    kUnknown = 1u << 30,  // a fragment's top level, or a block entered from it: anything may appear
};

// Argument counts (NGX_CONF_NOARGS, NGX_CONF_TAKE1..7, FLAG, ANY, 1MORE, 2MORE, BLOCK).
enum ArgCount : uint32_t {
    kNoArgs = 1u << 0, kTake1 = 1u << 1, kTake2 = 1u << 2, kTake3 = 1u << 3, kTake4 = 1u << 4, kTake5 = 1u << 5,
    kTake6 = 1u << 6, kTake7 = 1u << 7, kFlag = 1u << 8, kAny = 1u << 9, k1More = 1u << 10, k2More = 1u << 11,
    kBlock = 1u << 12,
};

enum Body : uint8_t {
    kDirectives = 0,  // a block of ordinary directives
    kCustom = 1,      // map, types, geo, split_clients, charset_map, match: `key value...;` lines for a handler
    kLua = 2,         // *_by_lua_block: raw Lua
};

enum Flags : uint8_t {
    kDupFatal = 1,  // set twice at one level -> "is duplicate" (nginx's *_slot handlers)
    kOnOff = 2,     // ngx_conf_set_flag_slot: the value must be on|off
};

struct DirectiveSpec {
    std::string_view name;
    uint32_t ctx;
    uint32_t args;
    uint8_t flags = 0;
    Body body = kDirectives;
};

// Every spec with that name (the same name can mean different commands in different contexts, like
// `server` in http, upstream, stream and mail). Empty when unknown.
std::span<const DirectiveSpec> lookup(std::string_view name);
// The context a block opened by `spec` in context `parent` gives its children.
uint32_t child_context(const DirectiveSpec& spec, uint32_t parent);
// Whether `argc` (arguments after the name) fits `args`.
bool arity_ok(uint32_t args, size_t argc);
std::string_view context_name(uint32_t ctx);

}  // namespace cachelint::nginx
