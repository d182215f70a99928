// Reads an nginx configuration as nginx does (ngx_conf_parse + ngx_conf_handler + ngx_conf_include):
// the main file or an `nginx -T` dump, includes resolved against the conf dir, directives checked
// against the context table. Whatever makes `nginx -t` fail is reported under a rule tagged `fatal`.
#pragma once
#include "core/lint_job.hpp"
#include "parse/nginx/config.hpp"

namespace cachelint::nginx {

void load_config(Config& cfg, LintJob& job);
// True when the text is `nginx -T` output (starts with, or contains at a line start, "# configuration file ").
bool looks_like_dump(std::string_view text);

}  // namespace cachelint::nginx
