// Tests core/base/atomicfile: a file appears at its path only when complete; a failed write (a
// full disk, simulated with the file-size limit in a child process) or an abandoned one leaves
// what was there before and no temporary file; a folder at the path is never replaced.
#include "core/base/atomicfile.h"
#include "core/base/error.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace sagitta::core;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// write(path) in a child process whose file-size limit makes writes fail as on a full disk: it
// must fail naming the file, and leave the old file and no temporary one.
void fullDiskKeeps(void (*write)(const std::string &path))
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("out.bin"));
    writeFileAtomically(path.toStdString(), "precious");
    const pid_t child = fork();
    if (child == 0) {
        signal(SIGXFSZ, SIG_IGN); // writes past the limit fail with EFBIG
        rlimit limit{64 * 1024, 64 * 1024};
        setrlimit(RLIMIT_FSIZE, &limit);
        try {
            write(path.toStdString());
        } catch (const Error &e) {
            const std::string what = e.what();
            _exit(what.find(path.toStdString()) != std::string::npos && what.find("nothing was changed") != std::string::npos ? 3 : 4);
        }
        _exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    QVERIFY(WIFEXITED(status));
    QCOMPARE(WEXITSTATUS(status), 3); // it failed, and said so naming the file
    QCOMPARE(readAll(path), QByteArray("precious"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
}

} // namespace

class TstAtomicFile : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void replacesOnlyWhenComplete()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("out.txt"));
        writeFileAtomically(path.toStdString(), "old");
        {
            AtomicFile f(path.toStdString());
            f.write("new content");
            QCOMPARE(readAll(path), QByteArray("old")); // not yet
        } // abandoned: no commit
        QCOMPARE(readAll(path), QByteArray("old"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
        AtomicFile f(path.toStdString());
        f.write(std::string(3 << 20, 'x')); // more than the buffer
        f.commit();
        QCOMPARE(readAll(path).size(), 3 << 20);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
        // The permissions open() would give (mkstemp alone makes 0600).
        const mode_t mask = ::umask(0);
        ::umask(mask);
        if (!(mask & 004))
            QVERIFY(QFile::permissions(path) & QFileDevice::ReadOther);
    }

    void piecesGoInOrder()
    {
        // More pieces than one writev takes (IOV_MAX, 1024), between buffered writes, in another
        // order than they lie in memory (rows bottom-up, as NIfTI output takes them); empty ones skipped.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("rows.bin"));
        std::vector<std::string> rows;
        for (int i = 0; i < 3000; ++i)
            rows.push_back(std::string(std::size_t(i % 7 == 0 ? 0 : 1 + i % 50), char('a' + i % 26)));
        std::vector<std::pair<const void *, std::size_t>> pieces;
        std::string expected = "head";
        for (auto r = rows.rbegin(); r != rows.rend(); ++r) {
            pieces.emplace_back(r->data(), r->size());
            expected += *r;
        }
        expected += "tail";
        AtomicFile f(path.toStdString());
        f.write("head");
        f.writePieces(pieces);
        f.write("tail");
        f.commit();
        QCOMPARE(f.bytesWritten(), expected.size());
        QCOMPARE(readAll(path), QByteArray::fromStdString(expected));
    }

    void fullDiskLeavesTheOldFile()
    {
        fullDiskKeeps([](const std::string &path) { writeFileAtomically(path, std::string(1 << 20, 'y')); });
        // writev stops short at the limit, then fails.
        fullDiskKeeps([](const std::string &path) {
            const std::string row(1000, 'r');
            AtomicFile f(path);
            f.writePieces(std::vector<std::pair<const void *, std::size_t>>(500, {row.data(), row.size()}));
            f.commit();
        });
    }

    void neverReplacesAFolderOrAnExistingFileWhenAskedNotTo()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("out.nii"));
        QVERIFY(QDir().mkpath(folder));
        QVERIFY_THROWS_EXCEPTION(Error, writeFileAtomically(folder.toStdString(), "x"));
        QVERIFY(QFileInfo(folder).isDir());
        const QString file = dir.filePath(QStringLiteral("keep.txt"));
        writeFileAtomically(file.toStdString(), "mine");
        AtomicFile f(file.toStdString());
        f.write("theirs");
        QVERIFY_THROWS_EXCEPTION(Error, f.commit(false));
        QCOMPARE(readAll(file), QByteArray("mine"));
    }
};

QTEST_GUILESS_MAIN(TstAtomicFile)
#include "tst_atomicfile.moc"
