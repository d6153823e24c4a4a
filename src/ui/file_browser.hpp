#pragma once
// File ▸ Open: a small ImGui file browser (a modal) listing folders and the files incimap
// reads, with a path box, parent folder, and hidden files off by default.

#include <string>
#include <vector>

namespace incimap::ui {

class FileBrowser {
public:
    void open(const std::string& start_dir); // shows the modal from the next frame
    // Draws the modal when open; returns true (and fills `chosen`) when a file was picked.
    bool draw(std::vector<std::string>& chosen);

private:
    void list(const std::string& dir);

    struct Entry {
        std::string name;
        bool is_dir = false;
        std::uintmax_t size = 0;
    };
    bool m_open_request = false;
    std::string m_dir;
    std::vector<Entry> m_entries;
    std::string m_error;
    int m_selected = -1;
    char m_path[1024] = "";
};

// Whether a file name has an extension of a format incimap reads.
bool is_supported_data_file(const std::string& name);

} // namespace incimap::ui
