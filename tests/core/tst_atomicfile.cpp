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

    void fullDiskLeavesTheOldFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("out.bin"));
        writeFileAtomically(path.toStdString(), "precious");
        const pid_t child = fork();
        if (child == 0) {
            signal(SIGXFSZ, SIG_IGN); // writes past the limit fail with EFBIG, as on a full disk
            rlimit limit{64 * 1024, 64 * 1024};
            setrlimit(RLIMIT_FSIZE, &limit);
            try {
                writeFileAtomically(path.toStdString(), std::string(1 << 20, 'y'));
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
