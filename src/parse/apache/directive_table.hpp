// Every directive of the stock Apache httpd 2.4 modules (data/directives.tsv, generated from `apache2 -L`
// with every Debian module loaded), the module defining it and where it is allowed.
#pragma once
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cachelint::apache {

struct DirectiveInfo {
    std::string name;                  // canonical spelling, e.g. "CacheEnable", "<Location"
    std::vector<std::string> modules;  // source names, e.g. "mod_cache.c"
    // 'O' server config and <VirtualHost> only, 'I' only inside <Directory>/<Location>/<Files>/<If>,
    // 'A' anywhere in *.conf, 'H' anywhere and in .htaccess, '?' unknown.
    char context = '?';
};

const DirectiveInfo* lookup_directive(std::string_view lower_name);
std::span<const std::string_view> directive_names();  // canonical names, for "did you mean"
// lookup_directive(lower_name) != nullptr, from a name index that costs a fraction of the full table (the
// classifier asks it of every file's first lines).
bool is_directive_name(std::string_view lower_name);

bool is_stock_module(std::string_view source_name);
// "cache_module" -> "mod_cache.c"; "" when not a stock module identifier.
std::string module_source_from_identifier(std::string_view identifier);
// ".../mod_cache.so" -> "mod_cache.c", ".../mod_mpm_event.so" -> "event.c"; "" when not a stock module.
std::string module_source_from_path(std::string_view so_path);

}  // namespace cachelint::apache
