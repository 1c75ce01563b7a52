// MainWindow's imports: DICOM folders (scanned on a worker, recorded per series) and notes
// files (on a worker with its own connection to the project, in short batches).
#include "app/jobrunner.h"
#include "app/mainwindow.h"
#include "core/project/importer.h"
#include "core/project/notesimport.h"

#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QMessageBox>
#include <QStatusBar>

namespace sagitta {
namespace app {

void MainWindow::importNotes(const QString &file)
{
    if (!m_project) {
        showError(tr("Open or create a project first."));
        return;
    }
    if (m_project->readOnly()) {
        showError(tr("The project is open read-only."));
        return;
    }
    // The import runs on a worker with its own connection to the project file, committing in
    // short batches: the window stays usable and its strokes are saved between the batches.
    auto report = std::make_shared<core::NotesImportReport>();
    m_busy = true;
    runJob(m_jobs, this, tr("Importing notes from %1").arg(QFileInfo(file).fileName()),
           [report, project = m_project->path(), path = file.toStdString()](core::ProgressSink *p) {
               auto connection = core::Project::open(project);
               connection->setBusyTimeout(60000);
               *report = core::importNotesFile(*connection, path, {}, p);
           },
           [this, report](const QString &error) {
               m_busy = false;
               m_notesPanel->refresh(); // committed batches stay, also when cancelled or failed
               if (error == QLatin1String("cancelled")) {
                   statusBar()->showMessage(tr("Notes import cancelled; the notes read so far were kept."));
                   return;
               }
               if (!error.isEmpty()) {
                   showError(tr("Cannot import the notes: %1").arg(error));
                   return;
               }
               m_notesDock->show();
               const QString summary = tr("%n note(s) added", nullptr, int(report->added))
                                       + tr(", %n updated", nullptr, int(report->updated))
                                       + tr(", %n already in the project", nullptr, int(report->unchanged))
                                       + tr(", %n kept as labelled", nullptr, int(report->kept));
               if (report->problemCount > 0) {
                   QStringList lines;
                   for (const std::string &problem : report->problems)
                       lines << QString::fromStdString(problem);
                   QMessageBox *box = showMessage(QMessageBox::Warning,
                                                  summary + tr("; %n line(s) skipped.", nullptr, int(report->problemCount)),
                                                  lines.join(QLatin1Char('\n')));
                   box->setWindowTitle(tr("Import Notes"));
               }
               statusBar()->showMessage(summary + QLatin1Char('.'));
               Q_EMIT notesImported(int(report->added + report->updated));
           });
}

void MainWindow::importFolder(const QString &dir)
{
    if (!m_project) {
        chooseAndCreateProject();
        if (!m_project)
            return;
    }
    if (m_project->readOnly()) {
        showError(tr("The project is open read-only."));
        return;
    }
    auto report = std::make_shared<core::ImportReport>();
    m_busy = true;
    statusBar()->showMessage(tr("Importing %1...").arg(QDir::toNativeSeparators(dir)));
    runJob(m_jobs, this, tr("Importing %1").arg(QDir::toNativeSeparators(dir)),
           [report, folder = dir.toStdString()](core::ProgressSink *p) { *report = core::scanForImport(folder, p); },
           [this, report](const QString &error) {
               m_busy = false;
               if (error == QLatin1String("cancelled")) {
                   statusBar()->showMessage(tr("Import cancelled; nothing was imported."));
                   Q_EMIT importFinished(0, {});
                   return;
               }
               if (!error.isEmpty()) {
                   showError(tr("Import failed: %1").arg(error));
                   return;
               }
               // Strokes still waiting go in first: a re-import may move the open series' labels.
               flushLabels(kFinalSaveTimeoutMs);
               const std::vector<core::SeriesImport> results = core::recordSeries(*m_project, *report);
               std::vector<std::int64_t> ids;
               QStringList notImported, notes;
               bool reloadOpen = false;
               for (std::size_t n = 0; n < results.size(); ++n) {
                   const core::SeriesImport &r = results[n];
                   const QString name = QString::fromStdString(report->series[n].label());
                   if (r.id == 0) {
                       notImported << tr("%1: not imported: %2").arg(name, QString::fromStdString(r.message));
                       continue;
                   }
                   ids.push_back(r.id);
                   if (!r.message.empty())
                       notes << QStringLiteral("%1: %2").arg(name, QString::fromStdString(r.message));
                   reloadOpen = reloadOpen
                                || (r.id == m_seriesId
                                    && (r.kind == core::SeriesImport::Kind::Extended || r.kind == core::SeriesImport::Kind::Updated));
               }
               refreshSeriesList();
               QString summary = tr("Imported %n series", nullptr, int(ids.size()));
               if (!notImported.isEmpty())
                   summary += tr("; %n series could not be written", nullptr, int(notImported.size()));
               if (!report->problems.empty())
                   summary += tr("; %n file(s) skipped", nullptr, int(report->problems.size()));
               if (!report->problems.empty() || !notImported.isEmpty() || !notes.isEmpty()) {
                   QStringList lines = notImported + notes;
                   for (const auto &p : report->problems)
                       lines << QStringLiteral("%1: %2").arg(QString::fromStdString(p.path), QString::fromStdString(p.reason));
                   QMessageBox *box = showMessage(notImported.isEmpty() ? QMessageBox::Information : QMessageBox::Warning,
                                                  summary + QLatin1Char('.'), lines.join(QLatin1Char('\n')));
                   box->setWindowTitle(tr("Import"));
               }
               statusBar()->showMessage(summary + QLatin1Char('.'));
               QStringList problems;
               for (const auto &p : report->problems)
                   problems << QString::fromStdString(p.path + ": " + p.reason);
               Q_EMIT importFinished(int(ids.size()), problems);
               if (reloadOpen) {
                   const qint64 open = m_seriesId;
                   m_seriesId = 0; // its grid changed: load it again
                   loadSeries(open);
               } else if (!ids.empty()) {
                   loadSeries(ids.front());
               }
           });
}

} // namespace app
} // namespace sagitta
