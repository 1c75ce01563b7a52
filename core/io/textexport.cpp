#include "core/io/textexport.h"

#include "core/base/error.h"
#include "core/text/tokenizer.h"
#include "core/text/unicode.h"

#include <nlohmann/json.hpp>

#include <map>
#include <sstream>

namespace sagitta::core::io {

namespace {

std::string xmlEscape(const std::string &s)
{
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    }
    return out;
}

// brat texts may not hold tabs or newlines.
std::string flat(std::string s)
{
    for (char &c : s)
        if (c == '\t' || c == '\n' || c == '\r')
            c = ' ';
    return s;
}

} // namespace

std::string toBratAnn(const AnnotatedNote &note)
{
    std::ostringstream out;
    int t = 0, a = 0;
    for (const text::Span &s : note.spans) {
        ++t;
        out << "T" << t << "\t" << s.type << " " << s.start << " " << s.end << "\t" << flat(s.text) << "\n";
        if (s.negated)
            out << "A" << ++a << "\tNegated T" << t << "\n";
        if (s.uncertain)
            out << "A" << ++a << "\tUncertain T" << t << "\n";
        if (s.historical)
            out << "A" << ++a << "\tHistorical T" << t << "\n";
        if (s.hypothetical)
            out << "A" << ++a << "\tHypothetical T" << t << "\n";
        if (s.experiencer != "patient")
            out << "A" << ++a << "\tExperiencer T" << t << " Family\n";
    }
    return out.str();
}

std::vector<text::Span> fromBratAnn(const std::string &noteText, const std::string &ann)
{
    const std::u32string text = text::toU32(noteText);
    std::vector<text::Span> spans;
    std::map<std::string, std::size_t> byId;
    std::istringstream in(ann);
    std::string line;
    int lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        if (line.empty() || line[0] == '#')
            continue;
        const auto tab = line.find('\t');
        if (tab == std::string::npos)
            throw Error("brat line " + std::to_string(lineNo) + ": no tab");
        const std::string id = line.substr(0, tab);
        std::string rest = line.substr(tab + 1);
        if (id[0] == 'T') {
            const auto tab2 = rest.find('\t');
            std::istringstream fields(rest.substr(0, tab2));
            text::Span s;
            std::string range;
            fields >> s.type >> s.start;
            // Discontinuous spans ("0 5;8 12") keep their outer bounds.
            std::getline(fields, range);
            const auto last = range.find_last_of(' ');
            try {
                s.end = std::stoi(range.substr(last == std::string::npos ? 0 : last + 1));
            } catch (...) {
                throw Error("brat line " + std::to_string(lineNo) + ": bad offsets");
            }
            if (s.start < 0 || s.end < s.start || s.end > int(text.size()))
                throw Error("brat line " + std::to_string(lineNo) + ": offsets outside the text");
            s.text = text::toUtf8(std::u32string_view(text).substr(std::size_t(s.start), std::size_t(s.end - s.start)));
            s.source = "person";
            byId[id] = spans.size();
            spans.push_back(std::move(s));
        } else if (id[0] == 'A' || id[0] == 'M') {
            std::istringstream fields(rest);
            std::string name, target, value;
            fields >> name >> target >> value;
            const auto it = byId.find(target);
            if (it == byId.end())
                throw Error("brat line " + std::to_string(lineNo) + ": attribute of unknown " + target);
            text::Span &s = spans[it->second];
            if (name == "Negated" || name == "Negation")
                s.negated = value.empty() || value == "true" || value == "Negated";
            else if (name == "Uncertain" || name == "Uncertainty")
                s.uncertain = true;
            else if (name == "Historical")
                s.historical = true;
            else if (name == "Hypothetical")
                s.hypothetical = true;
            else if (name == "Experiencer")
                s.experiencer = value == "Patient" ? "patient" : "family";
        }
    }
    return spans;
}

std::string toBioC(const std::vector<AnnotatedNote> &notes)
{
    std::ostringstream out;
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE collection SYSTEM \"BioC.dtd\">\n<collection>\n"
           "<source>Sagitta</source>\n<date></date>\n<key>sagitta.key</key>\n";
    for (const AnnotatedNote &note : notes) {
        out << "<document>\n<id>" << xmlEscape(note.id) << "</id>\n<passage>\n<offset>0</offset>\n<text>"
            << xmlEscape(note.text) << "</text>\n";
        int n = 0;
        for (const text::Span &s : note.spans) {
            out << "<annotation id=\"T" << ++n << "\">\n<infon key=\"type\">" << xmlEscape(s.type) << "</infon>\n"
                << "<infon key=\"source\">" << xmlEscape(s.source) << "</infon>\n"
                << "<infon key=\"negated\">" << (s.negated ? "true" : "false") << "</infon>\n"
                << "<infon key=\"uncertain\">" << (s.uncertain ? "true" : "false") << "</infon>\n"
                << "<infon key=\"historical\">" << (s.historical ? "true" : "false") << "</infon>\n"
                << "<infon key=\"hypothetical\">" << (s.hypothetical ? "true" : "false") << "</infon>\n"
                << "<infon key=\"experiencer\">" << xmlEscape(s.experiencer) << "</infon>\n";
            for (const auto &[k, v] : s.details)
                out << "<infon key=\"" << xmlEscape(k) << "\">" << xmlEscape(v) << "</infon>\n";
            out << "<location offset=\"" << s.start << "\" length=\"" << (s.end - s.start) << "\"/>\n<text>"
                << xmlEscape(s.text) << "</text>\n</annotation>\n";
        }
        out << "</passage>\n</document>\n";
    }
    out << "</collection>\n";
    return out.str();
}

std::string toConll(const AnnotatedNote &note)
{
    const std::u32string text = text::toU32(note.text);
    std::ostringstream out;
    for (const text::Range &sentence : text::splitSentences(text)) {
        std::vector<text::Token> tokens;
        text::tokenize(text, sentence.start, sentence.end, tokens);
        for (const text::Token &t : tokens) {
            std::string tag = "O";
            for (const text::Span &s : note.spans) {
                if (s.source == "rule" || t.start < s.start || t.end > s.end)
                    continue; // attribute spans sit inside their medication: the concept wins
                tag = (t.start == s.start ? "B-" : "I-") + s.type;
                break;
            }
            out << text::toUtf8(std::u32string_view(text).substr(std::size_t(t.start), std::size_t(t.end - t.start)))
                << "\t" << tag << "\n";
        }
        out << "\n";
    }
    return out.str();
}

nlohmann::json spanJson(const text::Span &s)
{
    nlohmann::json j{{"text", s.text},
                     {"start", s.start},
                     {"end", s.end},
                     {"type", s.type},
                     {"source", s.source},
                     {"attributes",
                      {{"negated", s.negated},
                       {"uncertain", s.uncertain},
                       {"historical", s.historical},
                       {"hypothetical", s.hypothetical},
                       {"experiencer", s.experiencer}}}};
    if (!s.section.empty())
        j["section"] = s.section;
    if (!s.details.empty())
        j["details"] = s.details;
    return j;
}

std::string toJsonl(const AnnotatedNote &note)
{
    nlohmann::json spans = nlohmann::json::array();
    for (const text::Span &s : note.spans)
        spans.push_back(spanJson(s));
    return nlohmann::json{{"id", note.id}, {"text", note.text}, {"spans", spans}}.dump() + "\n";
}

} // namespace sagitta::core::io
