#include "core/text/surrogates.h"

#include "core/text/deid.h"
#include "core/text/unicode.h"

#include <cstdint>
#include <cwctype>
#include <vector>

namespace sagitta::core::text {

namespace {

std::uint64_t hashOf(const std::string &a, const std::string &b)
{
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : a + '\x1f' + b)
        h = (h ^ c) * 1099511628211ull;
    h ^= h >> 29;
    return h * 0xbf58476d1ce4e5b9ull;
}

// A pick from the list that differs from the original.
std::u32string pick(const std::vector<const char *> &list, const std::u32string &original, std::uint64_t h)
{
    for (std::size_t n = 0; n < list.size(); ++n) {
        std::u32string c = toU32(list[(h + n) % list.size()]);
        if (c != original)
            return c;
    }
    return toU32(list[0]);
}

const std::vector<const char *> kGiven = {"Ellen", "Marcus", "Priya", "Tobias", "Nora", "Felix", "Iris", "Owen", "Lena",
    "Victor", "Hazel", "Rafael", "Greta", "Silas", "Maren", "Julian", "Talia", "Conrad", "Vera", "Anton", "Colette",
    "Dorian", "Esme", "Gideon", "Harriet", "Ignatius", "Juno", "Leopold", "Mirela", "Niall", "Odile", "Perrin", "Rosalind",
    "Soren", "Tamsin", "Ulric", "Wren", "Yara", "Zeno", "Bettina"};
const std::vector<const char *> kFamily = {"Porter", "Lindqvist", "Okafor", "Brennan", "Castellan", "Whitlow", "Marsh",
    "Delacroix", "Hollis", "Varga", "Thorne", "Ashby", "Kessler", "Moreau", "Pennington", "Radcliffe", "Sorensen",
    "Tamura", "Vance", "Winslow", "Abernathy", "Blackmore", "Caldwell", "Dunmore", "Ellery", "Fairbanks", "Galloway",
    "Hargrove", "Ingram", "Jarvis", "Kingsley", "Langford", "Merriweather", "Northcott", "Oakes", "Prescott", "Quimby",
    "Rowntree", "Stallworth", "Trevelyan", "Underhill", "Vasquez", "Whitcombe", "Yardley", "Zeller", "Brightwater",
    "Colquhoun", "Dunleavy", "Everhart", "Fenwick"};
const std::vector<const char *> kZhFamily = {"\u6c88", "\u97e9", "\u51af", "\u8463", "\u8427", "\u7a0b", "\u66f9", "\u8881",
                                             "\u9093", "\u8bb8", "\u5085", "\u66fe", "\u5f6d", "\u5415", "\u82cf", "\u5362"};
const std::vector<const char *> kZhGiven = {"\u5b89", "\u5b81", "\u9759", "\u6587", "\u660e", "\u534e", "\u4fca", "\u654f",
                                            "\u6d9b", "\u6167", "\u5cf0", "\u7433", "\u8f69", "\u6021", "\u6d69", "\u6b23"};
const std::vector<const char *> kStreets = {"14 Maple Avenue", "207 Harbor Road", "9 Linden Court", "388 Orchard Lane",
                                            "52 Quarry Street", "1170 Ridgeview Drive", "63 Willow Bend", "25 Foundry Row"};
const std::vector<const char *> kPlaces = {"Riverton", "Ashford", "Millbrook", "Fairhaven", "Oakridge", "Pinecrest", "Lakemont",
                                           "Westbury"};
const std::vector<const char *> kHospitals = {"Lakeside General Hospital", "Riverton Medical Center", "Ashford Community Clinic",
                                              "Fairhaven Regional Hospital", "Millbrook Health Center", "Oakridge Memorial Hospital"};
const std::vector<const char *> kZhHospitals = {"\u6ee8\u6c5f\u4eba\u6c11\u533b\u9662", "\u6e05\u6cb3\u5e02\u7b2c\u4e09\u533b\u9662",
                                                "\u9752\u5c71\u4e2d\u5fc3\u533b\u9662", "\u5357\u6e56\u533a\u4eba\u6c11\u533b\u9662"};
const std::vector<const char *> kZhAddresses = {"\u6e05\u6cb3\u5e02\u6c5f\u6e7e\u533a\u6885\u6797\u8def18\u53f7",
                                                "\u9752\u5c71\u5e02\u4e1c\u57ce\u533a\u67f3\u5cb8\u885733\u53f7",
                                                "\u6ee8\u6c5f\u5e02\u5357\u6e56\u533a\u6a31\u82b1\u8def7\u53f7"};


// The same layout with other digits and letters (a record number stays a record number).
std::u32string sameLayout(const std::u32string &original, std::uint64_t h)
{
    std::u32string out = original;
    for (char32_t &c : out) {
        h = h * 6364136223846793005ull + 1442695040888963407ull;
        const unsigned r = unsigned(h >> 33);
        if (c >= U'0' && c <= U'9')
            c = U'0' + r % 10;
        else if (c >= U'A' && c <= U'Z')
            c = U'A' + r % 26;
        else if (c >= U'a' && c <= U'z')
            c = U'a' + r % 26;
    }
    if (out == original && !out.empty())
        return sameLayout(original, h + 1);
    return out;
}

std::u32string name(const std::u32string &original, const std::string &key)
{
    if (!original.empty() && isCjk(original[0])) {
        std::u32string out = pick(kZhFamily, original.substr(0, 1), hashOf(key, "zh-family:" + toUtf8(original.substr(0, 1))));
        for (std::size_t i = 1; i < original.size(); ++i)
            out += isCjk(original[i]) ? pick(kZhGiven, original.substr(i, 1), hashOf(key, "zh-given:" + toUtf8(original.substr(i, 1))))
                                      : original.substr(i, 1);
        return out;
    }
    // Word by word; a word that is a common given name becomes one, any other a family name.
    static const std::u32string given = [] {
        std::u32string g = U"|";
        for (const char *n : {"Anna", "Mary", "John", "James", "Robert", "Michael", "William", "David", "Richard", "Joseph", "Thomas",
                              "Charles", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan", "Jessica", "Sarah",
                              "Karen", "Nancy", "Lisa", "Margaret", "Harold", "George", "Helen", "Maria", "Jose", "Wei"})
            g += toU32(n) + U"|";
        return g;
    }();
    std::u32string out, word;
    auto flush = [&] {
        if (word.empty())
            return;
        if (word.size() <= 2 && word.back() == U'.') { // an initial
            out += sameLayout(word, hashOf(key, "initial:" + toUtf8(word)));
        } else {
            const bool isGiven = given.find(U"|" + word + U"|") != std::u32string::npos;
            out += pick(isGiven ? kGiven : kFamily, word, hashOf(key, "name:" + toUtf8(word)));
        }
        word.clear();
    };
    for (char32_t c : original) {
        if (c == U' ' || c == U',' || c == U'-' || c == U'\n') {
            flush();
            out += c;
        } else {
            word += c;
        }
    }
    flush();
    return out;
}

} // namespace

std::string surrogate(const std::string &category, const std::string &original, const std::string &patientKey)
{
    const std::u32string o = toU32(original);
    const std::uint64_t h = hashOf(patientKey, category + ":" + original);
    const bool cjk = !o.empty() && isCjk(o[0]);
    std::u32string out;
    if (category == "NAME") {
        out = name(o, patientKey);
    } else if (category == "HOSPITAL") {
        out = pick(cjk ? kZhHospitals : kHospitals, o, h);
    } else if (category == "ADDRESS") {
        bool digitsOnly = !o.empty();
        for (char32_t c : o)
            digitsOnly = digitsOnly && ((c >= U'0' && c <= U'9') || c == U'-' || c == U' ');
        out = digitsOnly ? sameLayout(o, h) : cjk ? pick(kZhAddresses, o, h) : (o[0] >= U'0' && o[0] <= U'9') ? pick(kStreets, o, h)
                                                                                                      : pick(kPlaces, o, h);
    } else if (category == "EMAIL") {
        out = toU32(std::string(kGiven[h % kGiven.size()])) + U"." + toU32(std::string(kFamily[(h >> 8) % kFamily.size()]))
              + U"@example.org";
        for (char32_t &c : out)
            c = char32_t(std::towlower(wint_t(c)));
    } else if (category == "URL") {
        out = U"www.example.org/" + sameLayout(U"p00000", h);
    } else if (category == "IP") {
        out = toU32("192.0.2." + std::to_string(1 + h % 254)); // TEST-NET-1, never a real host
    } else {
        // ID, PHONE and anything else: other digits and letters in the same layout; a Chinese ID
        // card keeps a valid check character.
        out = sameLayout(o, h);
        if (o.size() == 18 && chineseIdCardValid(std::wstring(o.begin(), o.end()))) {
            int sum = 0;
            for (int i = 0; i < 17; ++i)
                sum += int(out[std::size_t(i)] - U'0') * ((1 << (17 - i)) % 11);
            out[17] = char32_t(L"10X98765432"[sum % 11]);
        }
    }
    return toUtf8(out);
}

} // namespace sagitta::core::text
