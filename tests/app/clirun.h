#pragma once
// Runs the `sagitta` command as a user does: a real process, its exit code and output
// (SAGITTA_EXE names the executable the test target was built against).
#include <QByteArray>
#include <QProcess>
#include <QStringList>

struct Run {
    int code = -1;
    QByteArray out, err;
};

inline Run runSagitta(const QStringList &args, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(SAGITTA_EXE), args);
    p.waitForFinished(120000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}
