// Configuration templates (Jinja, ERB, EPP, Go templates, Terraform templatefile, Mustache, envsubst):
// which files are templates, and the parse view of one (see SourceFile::mask). In the view a placeholder
// is one neutral word of its own length whose value is unknown; control tags are blanks, so the text of
// every branch is read as present. Offsets, lines and columns stay the file's own.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/source.hpp"

namespace cachelint {

enum class TemplateLanguage {
    none,
    jinja,      // {{ x }}, {% if %}, {# #}        (Ansible, Salt, Tutor)
    erb,        // <%= x %>, <% if %>, <%# %>      (Chef, Puppet)
    epp,        // the same tags, plus <%| |%>     (Puppet)
    go,         // {{ .x }}, {{ if }}, {{/* */}}   (Helm, docker-gen, ingress controllers)
    terraform,  // ${x}, %{ if }                   (templatefile)
    mustache,   // {{x}}, {{#x}}, {{/x}}, {{!x}}   (Mustache, Handlebars)
    envsubst,   // ${VAR}, ${VAR:-default}         (envsubst, sed/awk at container start)
    unknown,    // a template extension that does not name the language (.tpl, .tmpl, .template): the content decides
};

std::string_view template_language_name(TemplateLanguage language);

// A file name with a template extension: the name of the rendered file and the template language.
// "nginx.conf.j2" -> {"nginx.conf", jinja}; "haproxy.cfg.tmpl" -> {"haproxy.cfg", unknown}.
struct TemplateName {
    std::string inner;
    TemplateLanguage language = TemplateLanguage::none;
};
std::optional<TemplateName> template_name(std::string_view base_name);

// The template language of a file of `dialect` (redis, nginx, ...) at `path`, from its name and content;
// none when it is not a template. A file without a template extension is one when its content holds
// control tags ({% if %}, {{ if }}, <% end %>) or it sits in a templates/ folder and holds placeholders:
// a lone "{{ password }}" in /etc/redis/redis.conf is a placeholder left in a real file, not a template.
TemplateLanguage detect_template(std::string_view path, std::string_view text, std::string_view dialect);

struct TemplateView {
    std::string text;                        // same length and line breaks as the file
    std::vector<SourceFile::Range> opaque;   // the placeholders
    std::vector<SourceFile::Range> conditional;  // text rendered only when an {% if %} / {{ if }} holds
};
// `${...}` is the server's own syntax in nginx, Apache and HAProxy configurations: an envsubst
// placeholder is recognised only in dialects without it.
bool dialect_has_dollar_braces(std::string_view dialect);
TemplateView mask_template(std::string_view text, TemplateLanguage language, std::string_view dialect);

}  // namespace cachelint
