// Tests widgets/VolumeView3D on a real GL context (xcb under Xvfb): the volume renders, presets
// change the picture, and segment surfaces appear in their colour. Screenshots go to
// SAGITTA_TEST_OUTPUT.
#include "widgets/volumeview3d.h"

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
        QCOMPARE(view.surfaceCount(), 1);
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
