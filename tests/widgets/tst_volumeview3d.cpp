// Tests widgets/VolumeView3D on a real GL context (xcb under Xvfb): the volume renders, presets
// change the picture, and segment surfaces appear in their colour; surfaces are rebuilt off the
// GUI thread, once after a burst of strokes, only for the segments that changed. Screenshots go
// to SAGITTA_TEST_OUTPUT.
#include "widgets/volumeview3d.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

using namespace sagitta;

namespace {

// Pixels that differ clearly from the background colour.
int foreground(const QImage &img, QRgb background)
{
    int n = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) {
            const QRgb p = img.pixel(x, y);
            if (std::abs(qRed(p) - qRed(background)) + std::abs(qGreen(p) - qGreen(background))
                    + std::abs(qBlue(p) - qBlue(background)) > 40)
                ++n;
        }
    return n;
}

QString out(const QString &name)
{
    const QString dir = qEnvironmentVariable("SAGITTA_TEST_OUTPUT", QStringLiteral(SAGITTA_TEST_OUTPUT));
    QDir().mkpath(dir);
    return dir + QLatin1Char('/') + name;
}

} // namespace

class TstVolumeView3D : public QObject {
    Q_OBJECT
private:
    std::shared_ptr<core::Volume> m_volume;

private Q_SLOTS:
    void initTestCase()
    {
        if (QGuiApplication::platformName() != QStringLiteral("xcb") && QGuiApplication::platformName() != QStringLiteral("wayland"))
            QSKIP("needs a display with OpenGL (run under xvfb-run)");
        core::Geometry g;
        g.dims = {64, 64, 48};
        g.spacing = {1.0, 1.0, 1.5};
        m_volume = std::make_shared<core::Volume>(g, core::ScalarType::Int16);
        m_volume->unit = "HU";
        for (int k = 0; k < 48; ++k)
            for (int j = 0; j < 64; ++j)
                for (int i = 0; i < 64; ++i) {
                    const double r = std::hypot(i - 32.0, j - 32.0, (k - 24.0) * 1.5);
                    m_volume->setValue(m_volume->index(i, j, k), r < 20 ? (r < 14 ? 40.0 : 900.0) : -1000.0);
                }
    }

    void rendersVolumeAndSurfaces()
    {
        widgets::VolumeView3D view;
        view.resize(360, 360);
        view.setVolume(m_volume);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QImage bone = view.grabFramebuffer();
        QVERIFY(view.rendered());
        bone.save(out(QStringLiteral("volume3d_bone.png")));
        const QRgb background = bone.pixel(2, 2);
        const int boneArea = foreground(bone, background);
        QVERIFY2(boneArea > 360 * 360 / 20, qPrintable(QString::number(boneArea)));

        view.setPreset(widgets::VolumeView3D::Preset::CtSoftTissue);
        const QImage soft = view.grabFramebuffer();
        QVERIFY(soft != bone);

        // A segment surface, with the volume hidden: its colour shows.
        core::LabelMap labels(m_volume->geometry().dims);
        for (int k = 14; k < 34; ++k)
            for (int j = 22; j < 42; ++j)
                for (int i = 22; i < 42; ++i)
                    labels.set(i, j, k, 2);
        core::Segment s;
        s.label = 2;
        s.rgb = 0x00ff00;
        view.setSegments(&labels, {s});
        QTRY_COMPARE(view.surfaceCount(), 1);
        view.setVolumeVisible(false);
        const QImage surface = view.grabFramebuffer();
        surface.save(out(QStringLiteral("volume3d_surface.png")));
        int green = 0;
        for (int y = 0; y < surface.height(); ++y)
            for (int x = 0; x < surface.width(); ++x) {
                const QRgb p = surface.pixel(x, y);
                green += qGreen(p) > 80 && qRed(p) < qGreen(p) / 2 && qBlue(p) < qGreen(p) / 2;
            }
        QVERIFY2(green > 1000, qPrintable(QString::number(green)));

        // Rotating with the mouse changes the view.
        QTest::mousePress(&view, Qt::LeftButton, Qt::NoModifier, QPoint(180, 180));
        QTest::mouseMove(&view, QPoint(260, 200));
        QTest::mouseRelease(&view, Qt::LeftButton, Qt::NoModifier, QPoint(260, 200));
        QVERIFY(view.grabFramebuffer() != surface);
    }

    void strokesCoalesceIntoOneRebuild()
    {
        widgets::VolumeView3D view;
        view.resize(240, 240);
        view.setVolume(m_volume);
        view.setRebuildDelay(300); // the longest delay we would use: a loaded machine's 20 ms waits stay far below
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        core::LabelMap labels(m_volume->geometry().dims);
        core::Segment lesion, organ;
        lesion.label = 1;
        lesion.rgb = 0xff0000;
        organ.label = 2;
        organ.rgb = 0x00ff00;
        for (int k = 30; k < 40; ++k)
            for (int j = 40; j < 50; ++j)
                for (int i = 40; i < 50; ++i)
                    labels.set(i, j, k, 2);
        view.setSegments(&labels, {lesion, organ});
        QTRY_VERIFY(!view.surfacesPending());
        QCOMPARE(view.surfaceCount(), 1); // the lesion has no voxels yet
        const int builds = view.surfaceBuilds(), made = view.surfacesMade();

        // 30 strokes of the lesion, 20 ms apart, each reported as the grid does after a stroke.
        int last = 0;
        for (int n = 0; n < 30; ++n) {
            last = 8 + n;
            for (int k = 8; k < 14; ++k)
                for (int j = 8; j < 14; ++j)
                    labels.set(last, j, k, 1);
            view.setSegments(&labels, {lesion, organ});
            QTest::qWait(20);
            QCOMPARE(view.surfaceBuilds(), builds); // nothing rebuilt while strokes keep coming
        }
        QTRY_VERIFY(!view.surfacesPending());
        QVERIFY2(view.surfaceBuilds() - builds >= 1 && view.surfaceBuilds() - builds <= 2,
                 qPrintable(QString::number(view.surfaceBuilds() - builds)));
        // Only the lesion changed: one surface made, the organ's kept.
        QCOMPARE(view.surfacesMade() - made, 1);
        QCOMPARE(view.surfaceCount(), 2);
        QVERIFY(view.surfacePoints(1) > 100);
        // The surface reaches the last stroke (x in mm: index times spacing 1).
        const auto b = view.surfaceBounds(1);
        QVERIFY2(b[0] < 9 && b[1] > last - 1 && b[1] < last + 1.5,
                 qPrintable(QStringLiteral("%1 .. %2, last %3").arg(b[0]).arg(b[1]).arg(last)));

        // Erasing it removes the surface; the same call without changes makes none.
        for (int k = 8; k < 14; ++k)
            for (int j = 8; j < 14; ++j)
                for (int i = 8; i <= last; ++i)
                    labels.set(i, j, k, 0);
        view.labelsChanged();
        QTRY_COMPARE(view.surfaceCount(), 1);
        QTRY_VERIFY(!view.surfacesPending());
        const int madeBefore = view.surfacesMade();
        view.labelsChanged();
        QTRY_VERIFY(!view.surfacesPending());
        QCOMPARE(view.surfacesMade(), madeBefore);
        // Hiding a segment drops its surface at once, showing it again rebuilds it.
        organ.visible = false;
        view.setSegments(&labels, {lesion, organ});
        QCOMPARE(view.surfaceCount(), 0);
        organ.visible = true;
        view.setSegments(&labels, {lesion, organ});
        QTRY_COMPARE(view.surfaceCount(), 1);
    }

    void bigRebuildLeavesTheEventLoopFree()
    {
        // A 300 x 300 x 240 grid with a sphere of 4 million voxels: seconds of surface work.
        core::Geometry g;
        g.dims = {300, 300, 240};
        auto volume = std::make_shared<core::Volume>(g, core::ScalarType::Int16);
        volume->unit = "HU";
        core::LabelMap labels(g.dims);
        for (int k = 0; k < 240; ++k)
            for (int j = 0; j < 300; ++j)
                for (int i = 0; i < 300; ++i)
                    if (std::hypot(i - 150.0, j - 150.0, k - 120.0) < 100 + 6 * std::sin(i * 0.3) * std::cos(j * 0.2))
                        labels.set(i, j, k, 1);
        widgets::VolumeView3D view;
        view.resize(240, 240);
        view.setVolume(volume);
        view.setVolumeVisible(false);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setRebuildDelay(0);
        core::Segment s;
        s.label = 1;

        // A 5 ms timer keeps ticking while the surface is built.
        QElapsedTimer clock;
        qint64 lastTick = 0, worstGap = 0;
        int ticks = 0;
        QTimer ticker;
        ticker.setInterval(5);
        connect(&ticker, &QTimer::timeout, this, [&] {
            const qint64 now = clock.elapsed();
            worstGap = std::max(worstGap, now - lastTick);
            lastTick = now;
            ++ticks;
        });
        QSignalSpy done(&view, &widgets::VolumeView3D::surfacesUpdated);
        clock.start();
        ticker.start();
        view.setSegments(&labels, {s});
        QVERIFY(done.wait(120000));
        const qint64 took = clock.elapsed();
        ticker.stop();
        QCOMPARE(view.surfaceCount(), 1);
        QVERIFY(view.surfacePoints(1) > 10000);
        qInfo("surface of %d points in %lld ms; %d ticks, worst gap %lld ms", view.surfacePoints(1), took, ticks, worstGap);
        QVERIFY2(took > 150, "the rebuild was too quick to tell (make the sphere bigger)");
        QVERIFY2(worstGap < std::max<qint64>(100, took / 3), qPrintable(QString::number(worstGap)));
        QVERIFY(ticks > took / 40);
    }
};

// Without a display the test skips instead of aborting in the xcb plugin.
int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    TstVolumeView3D test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_volumeview3d.moc"
