# Turns a text file into a C++ translation unit defining `extern const std::string_view SYMBOL`.
file(READ "${IN}" content HEX)
string(LENGTH "${content}" hexlen)
set(body "")
if(hexlen GREATER 0)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," body "${content}")
endif()
file(WRITE "${OUT}" "#include <string_view>\nnamespace cachelint::embedded {\nstatic const char data_[] = {${body} '\\0'};\nextern const std::string_view ${SYMBOL};\nconst std::string_view ${SYMBOL}(data_, sizeof(data_) - 1);\n}\n")
