#include "geo/gdal/kml_times.hpp"

#include "geo/gdal/gdal_runtime.hpp"

#include <cpl_minixml.h>

#include <string_view>

namespace incimap::geo {

namespace {

// Element name without a namespace prefix (`kml:when`, `gx:TimeSpan`).
std::string_view local_name(const CPLXMLNode& node) {
    const std::string_view name = node.pszValue ? node.pszValue : "";
    const auto colon = name.rfind(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

const CPLXMLNode* child_element(const CPLXMLNode& parent, std::string_view name) {
    for (const CPLXMLNode* c = parent.psChild; c != nullptr; c = c->psNext)
        if (c->eType == CXT_Element && local_name(*c) == name)
            return c;
    return nullptr;
}

std::string trimmed(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    return std::string(s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1));
}

// The text of an element (its first text child), trimmed.
std::string text_of(const CPLXMLNode* element) {
    if (element == nullptr)
        return {};
    for (const CPLXMLNode* c = element->psChild; c != nullptr; c = c->psNext)
        if (c->eType == CXT_Text && c->pszValue)
            return trimmed(c->pszValue);
    return {};
}

bool is_container(const CPLXMLNode& node) {
    return node.eType == CXT_Element &&
           (local_name(node) == "Document" || local_name(node) == "Folder");
}

// The element kinds LIBKML reads as features.
bool is_feature(const CPLXMLNode& node) {
    return node.eType == CXT_Element &&
           (local_name(node) == "Placemark" || local_name(node) == "GroundOverlay");
}

KmlFeatureTime time_of(const CPLXMLNode& feature) {
    KmlFeatureTime out;
    out.name = text_of(child_element(feature, "name"));
    if (const CPLXMLNode* stamp = child_element(feature, "TimeStamp"))
        out.when = text_of(child_element(*stamp, "when"));
    if (const CPLXMLNode* span = child_element(feature, "TimeSpan")) {
        out.begin = text_of(child_element(*span, "begin"));
        out.end = text_of(child_element(*span, "end"));
    }
    return out;
}

std::vector<KmlFeatureTime> own_features(const CPLXMLNode& container) {
    std::vector<KmlFeatureTime> out;
    for (const CPLXMLNode* c = container.psChild; c != nullptr; c = c->psNext)
        if (is_feature(*c))
            out.push_back(time_of(*c));
    return out;
}

void sub_containers(const CPLXMLNode& container, std::vector<std::vector<KmlFeatureTime>>& out,
                    int depth) {
    if (depth > 64)
        return; // no real document nests this deep; a hostile one must not exhaust the stack
    for (const CPLXMLNode* c = container.psChild; c != nullptr; c = c->psNext)
        if (is_container(*c)) {
            out.push_back(own_features(*c));
            sub_containers(*c, out, depth + 1);
        }
}

} // namespace

std::vector<std::vector<KmlFeatureTime>> read_kml_times(const std::string& path) {
    init_gdal();
    ErrorCapture quiet; // a parse failure only means "no raw times": GDAL's values stay
    CPLXMLTreeCloser tree(CPLParseXMLFile(path.c_str()));
    std::vector<std::vector<KmlFeatureTime>> layers;
    if (!tree)
        return layers;
    const CPLXMLNode* kml = nullptr;
    for (const CPLXMLNode* n = tree.get(); n != nullptr && kml == nullptr; n = n->psNext)
        if (n->eType == CXT_Element && local_name(*n) == "kml")
            kml = n;
    if (kml == nullptr)
        return layers;
    const CPLXMLNode* root = nullptr;
    for (const CPLXMLNode* c = kml->psChild; c != nullptr && root == nullptr; c = c->psNext)
        if (is_container(*c) || is_feature(*c))
            root = c;
    if (root == nullptr)
        return layers;
    if (is_feature(*root)) {
        layers.push_back({time_of(*root)});
        return layers;
    }
    if (auto own = own_features(*root); !own.empty())
        layers.push_back(std::move(own));
    sub_containers(*root, layers, 0);
    return layers;
}

} // namespace incimap::geo
