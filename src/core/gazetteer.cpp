#include "core/gazetteer.hpp"

#include "core/text_fold.hpp"

#include <algorithm>
#include <unordered_map>

namespace incimap::core {

Gazetteer::Gazetteer(std::vector<GazetteerPlace> places) : m_places(std::move(places)) {
    m_keys.reserve(m_places.size() * 3);
    for (std::size_t i = 0; i < m_places.size(); ++i) {
        const auto place = static_cast<std::uint32_t>(i);
        add_keys(m_places[i].name, place, -1);
        const auto& alts = m_places[i].alt_names;
        for (std::size_t a = 0; a < alts.size(); ++a)
            add_keys(alts[a].name, place, static_cast<std::int32_t>(a));
    }
    std::sort(m_keys.begin(), m_keys.end(), [](const Key& a, const Key& b) {
        return a.text != b.text ? a.text < b.text : a.alt < b.alt;
    });
}

void Gazetteer::add_keys(std::string_view name, std::uint32_t place, std::int32_t alt) {
    const std::string folded = fold_text(name);
    if (folded.empty())
        return;
    m_keys.push_back({folded, place, alt, true});
    const std::string_view bare = without_article(folded);
    bool bare_added = bare.empty();
    for (std::size_t at = folded.find(' '); at != std::string::npos;
         at = folded.find(' ', at + 1)) {
        const std::string_view rest = std::string_view(folded).substr(at + 1);
        m_keys.push_back({std::string(rest), place, alt, rest == bare});
        bare_added = bare_added || rest == bare;
        // A later Arabic word without its joined article: "اسد" finds "عين الاسد".
        if (rest.starts_with("\xD8\xA7\xD9\x84")) // ال
            if (const std::string_view word = without_article(rest); !word.empty())
                m_keys.push_back({std::string(word), place, alt, false});
    }
    if (!bare_added) // the Arabic article is joined to the word, so no later word is the bare name
        m_keys.push_back({std::string(bare), place, alt, true});
}

std::vector<std::size_t> Gazetteer::find(std::string_view query, std::size_t limit) const {
    std::vector<std::size_t> out;
    for (const GazetteerMatch& m : matches(query, limit))
        out.push_back(m.place);
    return out;
}

std::vector<GazetteerMatch> Gazetteer::matches(std::string_view query, std::size_t limit) const {
    std::string q = fold_text(query);
    if (q.empty() || limit == 0)
        return {};
    // A place's best match: 0 exact name, 1 exact after an article the user typed and the
    // source spells otherwise ("al ramadi" for "Ar Ramādī"), 2 a prefix, 3 a prefix of the
    // name after such an article. Among names matching as well, the main name, then the first
    // alternate one.
    struct Best {
        int rank;
        std::int32_t alt;
    };
    std::unordered_map<std::uint32_t, Best> best;
    const auto scan = [&](std::string_view needle, int exact_rank, int prefix_rank) {
        auto it = std::lower_bound(m_keys.begin(), m_keys.end(), needle,
                                   [](const Key& k, std::string_view n) { return k.text < n; });
        for (; it != m_keys.end() && std::string_view(it->text).substr(0, needle.size()) == needle;
             ++it) {
            const int rank =
                it->whole && it->text.size() == needle.size() ? exact_rank : prefix_rank;
            auto [slot, added] = best.try_emplace(it->place, Best{rank, it->alt});
            if (!added && (rank < slot->second.rank ||
                           (rank == slot->second.rank && it->alt < slot->second.alt)))
                slot->second = {rank, it->alt};
        }
    };
    scan(q, 0, 2);
    if (const std::string_view bare = without_article(q); !bare.empty())
        scan(bare, 1, 3);
    std::vector<std::pair<std::uint32_t, Best>> hits(best.begin(), best.end());
    const auto before = [this](const std::pair<std::uint32_t, Best>& a,
                               const std::pair<std::uint32_t, Best>& b) {
        if (a.second.rank != b.second.rank)
            return a.second.rank < b.second.rank;
        const GazetteerPlace& pa = m_places[a.first];
        const GazetteerPlace& pb = m_places[b.first];
        if (pa.population != pb.population)
            return pa.population > pb.population;
        return a.first < b.first;
    };
    const std::size_t n = std::min(limit, hits.size());
    std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(n), hits.end(),
                      before);
    std::vector<GazetteerMatch> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
        out.push_back({hits[i].first, hits[i].second.alt});
    return out;
}

std::string place_label(const GazetteerPlace& place, int alt) {
    if (alt < 0 || static_cast<std::size_t>(alt) >= place.alt_names.size())
        return place.name;
    return place.name + " — " + place.alt_names[static_cast<std::size_t>(alt)].name;
}

double zoom_for_population(std::int64_t population) {
    if (population >= 1000000)
        return 10.0;
    if (population >= 100000)
        return 11.0;
    return 12.0;
}

} // namespace incimap::core
