// Tests `sagitta train`, `sagitta infer` and `sagitta models` as a user runs them: real
// processes on a demo project, exit codes, JSON lines, what the project holds afterwards.
#include "clirun.h"
#include "core/project/project.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace sagitta::core;

class TstCliMl : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void trainRecordsRunsInTheProject()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("demo.sagitta"));
        QCOMPARE(runSagitta({QStringLiteral("demo"), project}).code, 0);
        const Run seg = runSagitta({QStringLiteral("train"), QStringLiteral("--project"), project, QStringLiteral("--task"),
                                    QStringLiteral("segment"), QStringLiteral("--epochs"), QStringLiteral("1"),
                                    QStringLiteral("--limit-train"), QStringLiteral("2"), QStringLiteral("--limit-test"),
                                    QStringLiteral("1"), QStringLiteral("--threads"), QStringLiteral("2"),
                                    QStringLiteral("--device"), QStringLiteral("cpu"), QStringLiteral("--json")});
        QVERIFY2(seg.code == 0, seg.err.constData());
        const QList<QByteArray> lines = seg.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        const QJsonObject epoch = QJsonDocument::fromJson(lines[0]).object();
        QCOMPARE(epoch[QStringLiteral("epoch")].toInt(), 1);
        QVERIFY(epoch.contains(QStringLiteral("train_loss")));
        const QJsonObject final = QJsonDocument::fromJson(lines[1]).object();
        QVERIFY(final.contains(QStringLiteral("dice")));
        QCOMPARE(final[QStringLiteral("status")].toString(), QStringLiteral("finished"));
        QCOMPARE(final[QStringLiteral("test_items")].toInt(), 1);

        const Run cls = runSagitta({QStringLiteral("train"), QStringLiteral("--project"), project, QStringLiteral("--task"),
                                    QStringLiteral("classify"), QStringLiteral("--dataset"), QStringLiteral("fashion-mnist"),
                                    QStringLiteral("--epochs"), QStringLiteral("1"), QStringLiteral("--limit-train"),
                                    QStringLiteral("640"), QStringLiteral("--limit-test"), QStringLiteral("200"),
                                    QStringLiteral("--threads"), QStringLiteral("2"), QStringLiteral("--json")});
        QVERIFY2(cls.code == 0, cls.err.constData());
        const QJsonObject accuracy = QJsonDocument::fromJson(cls.out.trimmed().split('\n').last()).object();
        QVERIFY(accuracy[QStringLiteral("accuracy")].toDouble() > 0.3);
        QCOMPARE(accuracy[QStringLiteral("confusion")].toArray().size(), 10);

        auto p = Project::open(project.toStdString(), Project::Access::ReadOnly);
        const std::vector<TrainingRun> runs = p->trainingStore().trainingRuns();
        QCOMPARE(int(runs.size()), 2);
        QCOMPARE(runs[0].task, std::string("segment"));
        QCOMPARE(runs[0].status, std::string("finished"));
        QCOMPARE(int(p->trainingStore().trainingEpochs(runs[1].id).size()), 1);
        QCOMPARE(int(p->trainingStore().models().size()), 2);

        // The segmentation model's labels for a series become its proposal; the classifier is
        // refused; a model goes out as TorchScript + sidecar and comes back in.
        const QString segModel = QString::number(final[QStringLiteral("model_id")].toInteger());
        const QString series = QString::number(p->seriesStore().series().back().id);
        const Run infer = runSagitta({QStringLiteral("infer"), QStringLiteral("--project"), project, QStringLiteral("--model"),
                                      segModel, QStringLiteral("--series"), series, QStringLiteral("--json")});
        QVERIFY2(infer.code == 0, infer.err.constData());
        QCOMPARE(QJsonDocument::fromJson(infer.out.trimmed()).object()[QStringLiteral("status")].toString(), QStringLiteral("proposed"));
        QVERIFY(p->labelStore().labelMap(series.toLongLong(), LabelStore::modelAuthor(segModel.toLongLong())));
        const QString clsModel = QString::number(accuracy[QStringLiteral("model_id")].toInteger());
        const Run wrong = runSagitta({QStringLiteral("infer"), QStringLiteral("--project"), project, QStringLiteral("--model"),
                                      clsModel, QStringLiteral("--series"), series});
        QCOMPARE(wrong.code, 1);
        QVERIFY2(wrong.err.contains("only a segmentation model"), wrong.err.constData());
        const QString out = dir.filePath(QStringLiteral("models"));
        const Run exported = runSagitta({QStringLiteral("models"), QStringLiteral("export"), QStringLiteral("--project"), project,
                                         QStringLiteral("--model"), segModel, QStringLiteral("--out"), out});
        QVERIFY2(exported.code == 0, exported.err.constData());
        const QString pt = out + QStringLiteral("/model-") + segModel + QStringLiteral(".pt");
        QVERIFY(QFileInfo::exists(pt) && QFileInfo::exists(out + QStringLiteral("/model-") + segModel + QStringLiteral(".json")));
        const Run imported = runSagitta({QStringLiteral("models"), QStringLiteral("import"), QStringLiteral("--project"), project, pt});
        QVERIFY2(imported.code == 0, imported.err.constData());
        QCOMPARE(int(p->trainingStore().models().size()), 3);
        const Run listed = runSagitta({QStringLiteral("models"), QStringLiteral("list"), QStringLiteral("--project"), project});
        QCOMPARE(listed.out.trimmed().split('\n').size(), 3);

        // Bad input: one line on stderr, a non-zero exit, nothing recorded.
        const Run bad = runSagitta({QStringLiteral("train"), QStringLiteral("--project"), project, QStringLiteral("--task"),
                                    QStringLiteral("detect")});
        QVERIFY(bad.code != 0);
        QVERIFY(bad.err.startsWith("sagitta: "));
        const Run noData = runSagitta({QStringLiteral("train"), QStringLiteral("--project"), project, QStringLiteral("--task"),
                                       QStringLiteral("segment"), QStringLiteral("--segment"), QStringLiteral("Bone")});
        QVERIFY(noData.code != 0);
        QVERIFY2(noData.err.contains("at least two"), noData.err.constData());
        QCOMPARE(int(Project::open(project.toStdString(), Project::Access::ReadOnly)->trainingStore().trainingRuns().size()), 2);

        // The entity tagger on the demo's notes (the engine's proposals), then used beside the rules.
        const Run tag = runSagitta({QStringLiteral("train"), QStringLiteral("--project"), project, QStringLiteral("--task"),
                                    QStringLiteral("tag"), QStringLiteral("--epochs"), QStringLiteral("2"),
                                    QStringLiteral("--threads"), QStringLiteral("1"), QStringLiteral("--json")});
        QVERIFY2(tag.code == 0, tag.err.constData());
        const QJsonObject tagged = QJsonDocument::fromJson(tag.out.trimmed().split('\n').last()).object();
        QVERIFY(tagged.contains(QStringLiteral("entity_f1")));
        const int tagModel = tagged[QStringLiteral("model_id")].toInt();
        QVERIFY(tagModel > 0);
        QCOMPARE(Project::open(project.toStdString(), Project::Access::ReadOnly)->trainingStore().model(tagModel)->task,
                 std::string("tag"));
        const QString note = dir.filePath(QStringLiteral("note.txt"));
        QFile f(note);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("Patient with chest pain. Started aspirin 81 mg daily.\n");
        f.close();
        const Run annotated = runSagitta({QStringLiteral("text"), QStringLiteral("annotate"), note, QStringLiteral("--tagger"),
                                          QString::number(tagModel), QStringLiteral("--project"), project, QStringLiteral("--json")});
        QVERIFY2(annotated.code == 0, annotated.err.constData());
        QVERIFY(QJsonDocument::fromJson(annotated.out).object()[QStringLiteral("spans")].toArray().size() >= 2);
        const Run wrongModel = runSagitta({QStringLiteral("text"), QStringLiteral("annotate"), note, QStringLiteral("--tagger"),
                                           QString::number(1), QStringLiteral("--project"), project});
        QVERIFY(wrongModel.code != 0);
        QVERIFY2(wrongModel.err.contains("not a tagger"), wrongModel.err.constData());

        // The tagger over the project's notes: its spans become proposals; a segmentation model
        // is refused; the tagger leaves as its archive and comes back as a fifth model.
        const std::size_t notes = Project::open(project.toStdString(), Project::Access::ReadOnly)->noteStore().notes().size();
        const Run inferred = runSagitta({QStringLiteral("infer"), QStringLiteral("--project"), project, QStringLiteral("--model"),
                                         QString::number(tagModel), QStringLiteral("--notes"), QStringLiteral("--json")});
        QVERIFY2(inferred.code == 0, inferred.err.constData());
        const QJsonObject proposed = QJsonDocument::fromJson(inferred.out).object();
        QCOMPARE(proposed[QStringLiteral("notes")].toInt(), int(notes));
        QCOMPARE(proposed[QStringLiteral("status")].toString(), QStringLiteral("proposed"));
        const Run segAsTagger = runSagitta({QStringLiteral("infer"), QStringLiteral("--project"), project, QStringLiteral("--model"),
                                            segModel, QStringLiteral("--notes")});
        QVERIFY(segAsTagger.code != 0);
        QVERIFY2(segAsTagger.err.contains("only a tagger"), segAsTagger.err.constData());
        const Run both = runSagitta({QStringLiteral("infer"), QStringLiteral("--project"), project, QStringLiteral("--model"),
                                     QString::number(tagModel), QStringLiteral("--notes"), QStringLiteral("--series"), QStringLiteral("1")});
        QVERIFY(both.code != 0);
        const QString tagOut = dir.filePath(QStringLiteral("tagger"));
        QCOMPARE(runSagitta({QStringLiteral("models"), QStringLiteral("export"), QStringLiteral("--project"), project,
                             QStringLiteral("--model"), QString::number(tagModel), QStringLiteral("--out"), tagOut})
                     .code,
                 0);
        const QString archive = tagOut + QStringLiteral("/model-") + QString::number(tagModel) + QStringLiteral(".pt");
        const Run back = runSagitta({QStringLiteral("models"), QStringLiteral("import"), QStringLiteral("--project"), project, archive});
        QVERIFY2(back.code == 0, back.err.constData());
        QVERIFY2(back.out.contains("(tag,"), back.out.constData());
    }
};

QTEST_GUILESS_MAIN(TstCliMl)
#include "tst_climl.moc"
