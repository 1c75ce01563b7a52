#include "core/text/lexiconfile.h"

#include "core/base/error.h"
#include "core/text/encoding.h"
#include "core/text/noteimport.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace sagitta::core::text {

namespace {

std::string clean(std::string s)
{
    for (char &c : s)
        if (c == '\t' || c == '\n' || c == '\r')
            c = ' ';
    return s;
}

} // namespace

std::size_t loadLexiconFile(Annotator &annotator, const std::string &path, const std::string &type)
{
    const std::string content = readTextFile(path);
    std::string ext = std::filesystem::path(path).extension().string();
    for (char &c : ext)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    std::ostringstream tsv;
    std::size_t count = 0;
    auto add = [&](const std::string &term, const std::string &t) {
        if (term.empty())
            return;
        tsv << clean(term) << '\t' << (t.empty() ? type : t) << '\n';
        ++count;
    };
    std::istringstream lines(content);
    std::string line;
    if (ext == ".obo") {
        bool inTerm = false;
        while (std::getline(lines, line)) {
            if (!line.empty() && line[0] == '[')
                inTerm = line.rfind("[Term]", 0) == 0;
            else if (inTerm && line.rfind("name: ", 0) == 0)
                add(line.substr(6), type);
            else if (inTerm && line.rfind("synonym: \"", 0) == 0) {
                const auto end = line.find('"', 10);
                if (end != std::string::npos)
                    add(line.substr(10, end - 10), type);
            }
        }
    } else if (ext == ".rrf") {
        // MRCONSO.RRF: CUI|LAT|TS|LUI|STT|SUI|ISPREF|AUI|SAUI|SCUI|SDUI|SAB|TTY|CODE|STR|SRL|SUPPRESS|CVF
        const std::string lat = annotator.language() == Language::Chinese ? "CHI" : "ENG";
        int lineNo = 0;
        while (std::getline(lines, line)) {
            ++lineNo;
            std::vector<std::string> f;
            std::size_t start = 0, bar;
            while ((bar = line.find('|', start)) != std::string::npos) {
                f.push_back(line.substr(start, bar - start));
                start = bar + 1;
            }
            if (f.size() < 17)
                throw Error(path + ":" + std::to_string(lineNo) + ": not an MRCONSO.RRF row");
            if (f[1] == lat && f[16] != "O" && f[16] != "E" && f[16] != "Y")
                add(f[14], type);
        }
    } else if (ext == ".csv") {
        const auto rows = parseCsv(content);
        for (std::size_t r = 0; r < rows.size(); ++r) {
            const auto &row = rows[r];
            const bool header = r == 0 && !row.empty() && (row[0] == "term" || row[0] == "Term" || row[0] == "TERM");
            if (!header && !row.empty() && !row[0].empty() && row[0][0] != '#')
                add(row[0], row.size() > 1 ? row[1] : std::string());
        }
    } else {
        while (std::getline(lines, line)) {
            if (line.empty() || line[0] == '#')
                continue;
            const auto tab = line.find('\t');
            add(line.substr(0, tab), tab == std::string::npos ? std::string() : line.substr(tab + 1));
        }
    }
    annotator.addLexicon(tsv.str());
    return count;
}

} // namespace sagitta::core::text
