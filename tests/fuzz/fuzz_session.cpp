// scene::session_from_json on any text. A session it accepts is written by session_to_json
// and read back to the same session: what incimap saves, it can restore.

#include "scene/session.hpp"

#include "fuzz_support.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

using namespace incimap;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    std::string error;
    const auto s = scene::session_from_json(text, error);
    if (!s) {
        fuzz::check(!error.empty(), "a rejected session says why");
        return 0;
    }
    const std::string saved = scene::session_to_json(*s);
    std::string error2;
    const auto back = scene::session_from_json(saved, error2);
    fuzz::check(back.has_value(), "a saved session loads");
    fuzz::check(scene::session_to_json(*back) == saved, "a saved session loads unchanged");
    return 0;
}
