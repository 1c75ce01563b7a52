// sagitta-gui: the main window (`sagitta` without a command starts it; commands run in
// `sagitta` itself, see cli.h).
#include "app/i18n.h"
#include "app/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

int main(int argc, char **argv)
{
    QStringList raw;
    for (int n = 0; n < argc; ++n)
        raw << QString::fromLocal8Bit(argv[n]);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Sagitta imaging, text and training workstation"));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("Project file to open"));
    const QCommandLineOption demo(QStringLiteral("demo"), QStringLiteral("Open (and first create) the demo project"));
    const QCommandLineOption lang(QStringLiteral("lang"), QStringLiteral("User interface language, e.g. zh_CN"),
                                  QStringLiteral("locale"));
    const QCommandLineOption shot(QStringLiteral("screenshot"),
                                  QStringLiteral("Save a screenshot once the first series is shown, then quit"),
                                  QStringLiteral("png"));
    const QCommandLineOption readOnly(QStringLiteral("read-only"), QStringLiteral("Open the project for viewing only"));
    parser.addOptions({demo, lang, shot, readOnly});
    // Checked before a window system is needed: a bad option, or no display, is one line and
    // exit status 2, never an abort inside Qt.
    if (!parser.parse(raw)) {
        fprintf(stderr, "sagitta: %s (sagitta --help lists the commands and options)\n", qPrintable(parser.errorText()));
        return 2;
    }
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        fprintf(stderr, "sagitta: no display to open the main window on (set DISPLAY, or run a command: sagitta --help)\n");
        return 2;
    }
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Sagitta"));
    QCoreApplication::setApplicationName(QStringLiteral("sagitta"));
    sagitta::app::installTranslations(parser.value(lang));

    sagitta::app::MainWindow window;
    window.show();
    if (parser.isSet(shot)) {
        const QString file = parser.value(shot);
        QObject::connect(&window, &sagitta::app::MainWindow::seriesLoaded, &window, [&window, file] {
            QTimer::singleShot(300, &window, [&window, file] {
                window.grab().save(file);
                QCoreApplication::quit();
            });
        });
        QObject::connect(&window, &sagitta::app::MainWindow::jobFailed, &app, [] { QCoreApplication::exit(1); });
    }
    if (parser.isSet(demo)) {
        window.openDemo();
    } else if (!parser.positionalArguments().isEmpty()) {
        QString error;
        if (!window.openProject(parser.positionalArguments().first(), &error, parser.isSet(readOnly))) {
            fprintf(stderr, "sagitta: %s\n", qPrintable(error));
            return 1;
        }
    }
    return app.exec();
}
