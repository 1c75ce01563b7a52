#pragma once
// VolumeView3D: VTK volume rendering and segment surfaces inside a Qt 6 QOpenGLWidget, through
// vtkGenericOpenGLRenderWindow (VTK 9.1's own Qt module is built for Qt 5). Mouse: left-drag
// rotates, right-drag or wheel zooms, middle-drag pans; R resets. Needs a real GL context (an
// X server or Xvfb); the offscreen platform cannot host it. GUI thread only.
#include "core/image/volume.h"
#include "core/labels/labelmap.h"
#include "core/labels/segment.h"

#include <QOpenGLWidget>

#include <memory>
#include <vector>

namespace sagitta {
namespace widgets {

class VolumeView3D : public QOpenGLWidget {
    Q_OBJECT
public:
    enum class Preset { CtBone, CtSoftTissue, MrDefault };

    explicit VolumeView3D(QWidget *parent = nullptr);
    ~VolumeView3D() override;

    // The volume is shared read-only and rendered without a copy.
    void setVolume(std::shared_ptr<const core::Volume> volume);
    void setPreset(Preset preset);
    Preset preset() const { return m_preset; }
    void setVolumeVisible(bool visible);
    // Rebuilds one smoothed surface per segment from the label map (nullptr clears them).
    void setSegments(const core::LabelMap *labels, const std::vector<core::Segment> &segments);
    int surfaceCount() const;
    void resetCamera();
    // True once a GL context rendered a frame (false under platforms without OpenGL).
    bool rendered() const { return m_rendered; }

protected:
    void initializeGL() override;
    void paintGL() override;
    void resizeGL(int w, int h) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    struct Vtk;
    void applyPreset();
    void forwardMouse(QMouseEvent *event, unsigned long vtkEvent);

    std::unique_ptr<Vtk> m_vtk;
    std::shared_ptr<const core::Volume> m_volume;
    Preset m_preset = Preset::CtBone;
    bool m_rendered = false;
    bool m_cameraSet = false;
};

} // namespace widgets
} // namespace sagitta
