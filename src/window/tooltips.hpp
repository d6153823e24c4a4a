#pragma once
// What a menu item of the analyst's toolkit (issue 17, item 7) says when hovered, always
// ending with its key — from the key map itself, so a tooltip cannot name a key the item
// does not have.

#include "scene/actions.hpp"

#include <string>

namespace incimap::window {

// The words for `action`'s tooltip without the key; "" for actions that have none.
const char* tooltip_words(scene::Action action);
// `words` and " (KEY)" from the key map (nothing added when the action has no key, or the
// words already end with it).
std::string with_key(scene::Action action, const std::string& words);
// with_key(action, tooltip_words(action)).
std::string tooltip_of(scene::Action action);

} // namespace incimap::window
