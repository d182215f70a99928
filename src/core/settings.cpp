#include "core/settings.hpp"

#include <algorithm>
#include <vector>

namespace cachelint {
namespace {

std::vector<const SettingInfo*>& registry() {
    static std::vector<const SettingInfo*> r;
    return r;
}

}  // namespace

std::span<const SettingInfo* const> all_settings() { return registry(); }

const SettingInfo* find_setting(std::string_view key) {
    for (const auto* s : registry())
        if (s->key == key) return s;
    return nullptr;
}

std::string expected_one_of(std::span<const std::string_view> names) {
    std::string out = "expected ";
    for (size_t i = 0; i < names.size(); ++i) out += (i ? "|" : "") + std::string(names[i]);
    return out;
}

RegisterSetting::RegisterSetting(const SettingInfo& info) {
    auto& r = registry();
    r.push_back(&info);
    std::sort(r.begin(), r.end(), [](const SettingInfo* a, const SettingInfo* b) { return a->key < b->key; });
}

}  // namespace cachelint
