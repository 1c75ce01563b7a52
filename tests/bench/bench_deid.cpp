// Issue 12 figure: text de-identification against the synthetic gold sets (tests/data/text/
// deid_en.txt, deid_zh.txt): token recall and precision per group on the tuning (even) and
// held-out (odd) halves and on the blind sets (deid_blind_*.txt), and findPhi throughput (median
// of 5 passes over all notes; median of 3 passes over one text of about 2 MB).
#include "core/text/deid.h"
#include "core/text/deidscore.h"

#include <algorithm>
#include <cstdlib>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>

namespace sagitta::bench {

int deidBench()
{
    using namespace sagitta::core::text;
    std::printf("== Text de-identification (token level; gold written before the rules) ==\n");
    for (const char *lang : {"en", "zh"}) {
        const std::string path = std::string(SAGITTA_BENCH_DIR) + "/../data/text/deid_" + lang + ".txt";
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            std::fprintf(stderr, "cannot read %s\n", path.c_str());
            return 1;
        }
        std::stringstream buffer;
        buffer << in.rdbuf();
        const std::vector<GoldNote> notes = parseDeidGold(buffer.str());
        std::printf("\n%s tuning half:\n%s", lang, formatDeidScore(scoreDeid(notes, 2, 0)).c_str());
        std::printf("%s held-out half:\n%s", lang, formatDeidScore(scoreDeid(notes, 2, 1)).c_str());
        // The blind set: notes by a helper that saw neither the rules nor the notes above, never tuned on.
        std::ifstream blindIn(std::string(SAGITTA_BENCH_DIR) + "/../data/text/deid_blind_" + lang + ".txt", std::ios::binary);
        std::stringstream blind;
        blind << blindIn.rdbuf();
        const std::vector<GoldNote> blindNotes = parseDeidGold(blind.str());
        if (blindNotes.empty()) {
            std::fprintf(stderr, "cannot read the blind set deid_blind_%s.txt\n", lang);
            return 1;
        }
        std::printf("%s blind set:\n%s", lang, formatDeidScore(scoreDeid(blindNotes, 1, 0)).c_str());
        std::size_t bytes = 0;
        for (const GoldNote &n : notes)
            bytes += n.text.size();
        std::vector<double> ms;
        for (int run = 0; run < 5; ++run) {
            const auto t0 = std::chrono::steady_clock::now();
            std::size_t spans = 0;
            for (const GoldNote &n : notes)
                spans += findPhi(n.text).size();
            ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
            if (spans == 0)
                std::printf("(no spans found)\n");
        }
        std::sort(ms.begin(), ms.end());
        std::printf("%s findPhi: %zu notes, %.1f KB, median %.1f ms (%.2f MB/s)\n", lang, notes.size(), bytes / 1024.0, ms[2],
                    bytes / 1e6 / (ms[2] / 1000.0));
        // One text of about 2 MB (all notes, repeated), as `sagitta text deid` reads a file: names
        // found are spread over the whole text, so this shows any cost that grows faster than the text.
        std::string joined;
        while (joined.size() < 2000000)
            for (const GoldNote &n : notes)
                joined += n.text + "\n\n";
        // One thread (SAGITTA_DEID_THREADS=1) beside the default (patterns spread over up to 4 threads),
        // runs alternated so both see the same load.
        std::vector<double> big[2];
        for (int run = 0; run < 6; ++run) {
            const int mode = run % 2;
            if (mode == 0)
                setenv("SAGITTA_DEID_THREADS", "1", 1);
            else
                unsetenv("SAGITTA_DEID_THREADS");
            const auto t0 = std::chrono::steady_clock::now();
            const std::size_t spans = findPhi(joined).size();
            big[mode].push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
            if (spans == 0)
                std::printf("(no spans found)\n");
        }
        unsetenv("SAGITTA_DEID_THREADS");
        for (int mode = 0; mode < 2; ++mode) {
            std::sort(big[mode].begin(), big[mode].end());
            std::printf("%s findPhi on one %.1f MB text, %s: median of 3 %.0f ms (%.2f MB/s)\n", lang, joined.size() / 1e6,
                        mode == 0 ? "one thread" : "threads", big[mode][1], joined.size() / 1e6 / (big[mode][1] / 1000.0));
        }
    }
    return 0;
}

} // namespace sagitta::bench
