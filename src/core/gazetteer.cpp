#include "core/gazetteer.hpp"

#include "core/text_fold.hpp"

#include <algorithm>
#include <unordered_map>

namespace incimap::core {

Gazetteer::Gazetteer(std::vector<GazetteerPlace> places) : m_places(std::move(places)) {
    m_keys.reserve(m_places.size() * 2);
    for (std::size_t i = 0; i < m_places.size(); ++i) {
        const std::string folded = fold_text(m_places[i].name);
        if (folded.empty())
            continue;
        const auto place = static_cast<std::uint32_t>(i);
        m_keys.push_back({folded, place, true});
        const std::string_view bare = without_article(folded);
        for (std::size_t at = folded.find(' '); at != std::string::npos;
             at = folded.find(' ', at + 1)) {
            const std::string_view rest = std::string_view(folded).substr(at + 1);
            m_keys.push_back({std::string(rest), place, rest == bare});
        }
    }
    std::sort(m_keys.begin(), m_keys.end(),
              [](const Key& a, const Key& b) { return a.text < b.text; });
}

std::vector<std::size_t> Gazetteer::find(std::string_view query, std::size_t limit) const {
    std::string q = fold_text(query);
    if (q.empty() || limit == 0)
        return {};
    // A place's best match: 0 exact name, 1 exact after an article the user typed and the
    // source spells otherwise ("al ramadi" for "Ar Ramādī"), 2 a prefix, 3 a prefix of the
    // name after such an article.
    std::unordered_map<std::uint32_t, int> best;
    const auto scan = [&](std::string_view needle, int exact_rank, int prefix_rank) {
        auto it = std::lower_bound(m_keys.begin(), m_keys.end(), needle,
                                   [](const Key& k, std::string_view n) { return k.text < n; });
        for (; it != m_keys.end() && std::string_view(it->text).substr(0, needle.size()) == needle;
             ++it) {
            const int rank =
                it->whole && it->text.size() == needle.size() ? exact_rank : prefix_rank;
            auto [slot, added] = best.try_emplace(it->place, rank);
            if (!added)
                slot->second = std::min(slot->second, rank);
        }
    };
    scan(q, 0, 2);
    if (const std::string_view bare = without_article(q); !bare.empty())
        scan(bare, 1, 3);
    std::vector<std::pair<std::uint32_t, int>> hits(best.begin(), best.end());
    const auto before = [this](const std::pair<std::uint32_t, int>& a,
                               const std::pair<std::uint32_t, int>& b) {
        if (a.second != b.second)
            return a.second < b.second;
        const GazetteerPlace& pa = m_places[a.first];
        const GazetteerPlace& pb = m_places[b.first];
        if (pa.population != pb.population)
            return pa.population > pb.population;
        return a.first < b.first;
    };
    const std::size_t n = std::min(limit, hits.size());
    std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(n), hits.end(),
                      before);
    std::vector<std::size_t> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
        out.push_back(hits[i].first);
    return out;
}

double zoom_for_population(std::int64_t population) {
    if (population >= 1000000)
        return 10.0;
    if (population >= 100000)
        return 11.0;
    return 12.0;
}

} // namespace incimap::core
