// What encrypting the project file costs (SQLCipher, AES-256 per 4096-byte page, PBKDF2 with
// 256000 iterations): opening a project of 200 notes and a 256 x 256 x 64 label map with 40
// painted chunks, and saving one edit (a chunk, a note's status), each with and without a
// passphrase, measured in the same run. Medians.
#include "tests/bench/bench_labels.h"

#include "core/labels/labelmap.h"
#include "core/project/project.h"

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

namespace fs = std::filesystem;
using namespace sagitta::core;

namespace sagitta::bench {

namespace {

struct Figures {
    double openMs = 0, chunkMs = 0, noteMs = 0;
    std::uintmax_t bytes = 0;
};

Figures measure(const fs::path &path, const std::string &passphrase)
{
    std::int64_t seriesId = 0;
    LabelMap labels({256, 256, 64});
    std::vector<int> chunks;
    std::vector<std::int64_t> noteIds;
    {
        auto p = Project::create(path.string(), passphrase);
        SeriesRecord r;
        r.seriesUid = "bench-encryption";
        r.geometry.dims = {256, 256, 64};
        seriesId = p->seriesStore().addSeries(r);
        for (int c = 0; c < 40; ++c) {
            const int x = (c % 8) * 32 + 5, y = (c / 8) * 32 + 5;
            for (int k = 0; k < 20; ++k)
                for (int j = 0; j < 20; ++j)
                    for (int i = 0; i < 20; ++i)
                        labels.set(x + i, y + j, 10 + k, std::uint8_t(1 + (i + j + k) % 3));
        }
        for (int c = 0; c < labels.chunkCount(); ++c)
            if (!labels.chunkIsEmpty(c))
                chunks.push_back(c);
        p->labelStore().saveLabelChunks(seriesId, labels, chunks);
        std::vector<Note> notes(200);
        for (std::size_t n = 0; n < notes.size(); ++n) {
            notes[n].patientId = "P" + std::to_string(n);
            notes[n].title = "Note " + std::to_string(n);
            notes[n].text = std::string(3000, char('a' + n % 26));
        }
        noteIds = p->noteStore().addNotes(notes);
    }
    Figures f;
    f.bytes = fs::file_size(path);
    f.openMs = medianMs(7, [&] { Project::open(path.string()).reset(); });
    auto p = Project::open(path.string());
    const std::vector<int> one{chunks.front()};
    int k = 0;
    f.chunkMs = medianMs(21, [&] {
        labels.set(6, 6, 11, std::uint8_t(1 + k++ % 3));
        p->labelStore().saveLabelChunks(seriesId, labels, one);
    });
    f.noteMs = medianMs(21, [&] { p->noteStore().setNoteStatus(noteIds[std::size_t(k++) % noteIds.size()], k % 2 ? "done" : "in progress"); });
    return f;
}

} // namespace

int encryptionBench()
{
    const fs::path dir = fs::temp_directory_path() / ("sagitta-encryption-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const Figures plain = measure(dir / "plain.sagitta", {});
    const Figures secret = measure(dir / "secret.sagitta", "bench passphrase");
    fs::remove_all(dir);
    std::printf("\n== Project file encryption (SQLCipher; plain beside it, same run, medians) ==\n");
    std::printf("%-46s %12s %12s\n", "", "plain", "encrypted");
    std::printf("%-46s %12.2f %12.2f ms\n", "open (with key derivation when encrypted)", plain.openMs, secret.openMs);
    std::printf("%-46s %12.3f %12.3f ms\n", "save one edit: one label chunk (WAL, FULL)", plain.chunkMs, secret.chunkMs);
    std::printf("%-46s %12.3f %12.3f ms\n", "save one edit: a note's review status", plain.noteMs, secret.noteMs);
    std::printf("%-46s %12.1f %12.1f MB\n", "file size", plain.bytes / 1e6, secret.bytes / 1e6);
    return 0;
}

} // namespace sagitta::bench
