#pragma once
// Issue 20 (panels): a text field for a search, with a clear button (x) at its end when it
// holds text. Ctrl+A selects all of it (ImGui's own text editing, which the window's keys
// leave alone while a field is being typed in: io.WantTextInput).

#include <cstddef>

namespace incimap::ui {

// Draws the field over `buffer` (`size` bytes) `width` wide (−1: to the right edge); returns
// true when the text changed (typed, or cleared by the button). `cleared` is set when the
// button emptied it.
bool search_field(const char* id, const char* hint, char* buffer, std::size_t size, float width,
                  bool* cleared = nullptr, int flags = 0, bool* enter = nullptr);

} // namespace incimap::ui
