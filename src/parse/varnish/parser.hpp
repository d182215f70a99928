// Reads a VCL program the way varnishd's VCC does (lib/libvcc: vcc_lex_include, vcc_Parse, vcc_Compound,
// vcc_expr, vcc_CheckReferences, vcc_CheckAction): include expansion at token level, declarations, subs,
// statements and expressions, then the reference and return-action checks. Whatever makes
// `varnishd -C` refuse the program is reported as a finding of a rule tagged `fatal` (VCL9xx).
#pragma once
#include "core/lint_job.hpp"
#include "parse/varnish/ast.hpp"

namespace cachelint::varnish {

constexpr size_t kMaxNesting = 256;

void load_program(Program& program, LintJob& job);

// Constant value of a DURATION expression (seconds), when it is made of literals only.
std::optional<double> const_duration(const Expr& e);

// VCL methods of varnish 7.1 and the return actions each accepts ("recv" -> {...}).
bool is_method(std::string_view lower_name);  // "vcl_recv"
bool action_allowed(std::string_view method, std::string_view action);

}  // namespace cachelint::varnish
