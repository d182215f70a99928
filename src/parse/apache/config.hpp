// The model of an Apache httpd configuration after reading, the way httpd's ap_build_config() sees it:
// a flat list of directives in file order (includes expanded at their point), each knowing its enclosing
// scope section (<VirtualHost>, <Location>, <Directory>, ...). Read-time conditionals (<IfModule>,
// <IfDefine>, ...) are not scopes: their contents are kept when the condition is true or unknown (then
// marked `certain = false`) and dropped when it is known to be false, as httpd does.
#pragma once
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/source.hpp"

namespace cachelint::apache {

struct Word {
    std::string value;  // after ${VAR} substitution and ap_getword_conf unquoting
    Span span;          // where it was written (the `${...}` reference when it came from a variable)
    bool quoted = false;
};

struct Directive {
    std::string name;  // as written; a section opener keeps its '<' ("<Location"), without the '>'
    std::string key;   // lower-case name, e.g. "cacheenable", "<location"
    bool section = false;
    std::vector<Word> args;  // for sections: the words before the closing '>'
    Span name_span;
    Span span;             // the whole logical line
    int parent = -1;       // index of the enclosing scope section, -1 at server level
    bool certain = true;   // every enclosing read-time condition is known to be true
    bool from_include = false;

    std::string_view arg(size_t i) const { return i < args.size() ? std::string_view(args[i].value) : std::string_view{}; }
};

struct ScopeIndex;  // scope.hpp: what each server sees after httpd merges its config, built on first use

struct Config {
    const SourceFile* main = nullptr;
    std::vector<Directive> dirs;
    bool htaccess = false;        // a .htaccess file: per-directory context
    bool main_config = false;     // a top-level httpd.conf (loads modules / sets ServerRoot itself)
    bool modules_known = false;   // every module the server will have is known (main config, includes all read)
    std::set<std::string> loaded;  // module source names ("mod_cache.c") loaded or compiled in
    bool refused = false;          // a fatal finding was reported

    // Helpers for rules.
    int vhost_of(int i) const;  // index of the enclosing <VirtualHost>, or -1
    bool inside(int i, std::string_view section_key) const;  // some enclosing section has this key
    int innermost_section(int i) const { return i >= 0 ? dirs[static_cast<size_t>(i)].parent : -1; }
    // Built on first use (scope.hpp) once the configuration is complete; one job, one thread: no lock.
    mutable std::shared_ptr<const ScopeIndex> scope_index;
    bool module_may_be_loaded(std::string_view source_name) const {
        return !modules_known || loaded.count(std::string(source_name)) > 0;
    }
};

}  // namespace cachelint::apache
