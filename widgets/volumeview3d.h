#pragma once
// VolumeView3D: VTK volume rendering and segment surfaces inside a Qt 6 QOpenGLWidget, through
// vtkGenericOpenGLRenderWindow (VTK 9.1's own Qt module is built for Qt 5). Mouse: left-drag
// rotates, right-drag or wheel zooms, middle-drag pans; R resets. Needs a real GL context (an
// X server or Xvfb); the offscreen platform cannot host it. GUI thread only.
//
// Segment surfaces are rebuilt off the GUI thread, only for what changed: a change (setSegments
// or labelsChanged) marks them dirty and restarts a short timer, so a burst of strokes is one
// rebuild after the last. The rebuild copies the label map's chunks (the one step on the GUI
// thread), then a worker finds the labels whose chunks changed since the last build and makes
// their surfaces from the box of chunks each one occupies. A result built before a newer change
// arrived is dropped (the next build covers both).
#include "core/image/volume.h"
#include "core/labels/labelmap.h"
#include "core/labels/segment.h"

#include <QOpenGLWidget>

#include <array>
#include <memory>
#include <vector>

class QTimer;

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
    // One smoothed surface per visible segment of the label map (nullptr clears them). The map
    // must stay alive until the next call; it is read on the GUI thread only. Colours and
    // visibility apply at once, surfaces after the rebuild delay (see above).
    void setSegments(const core::LabelMap *labels, const std::vector<core::Segment> &segments);
    // The voxels of the map given to setSegments changed: rebuild what changed, later.
    void labelsChanged();
    // Surfaces shown (visible segments with voxels) after the last applied rebuild.
    int surfaceCount() const;
    // How long after the last change a rebuild starts (ms; 200 by default).
    void setRebuildDelay(int ms);
    // Rebuilds whose surfaces were applied, the segment surfaces they made (only changed ones),
    // and whether a rebuild is waiting or running (for tests).
    int surfaceBuilds() const { return m_builds; }
    int surfacesMade() const { return m_surfacesMade; }
    bool surfacesPending() const;
    // A label's surface: its points and bounds in LPS mm (0 and zeros when it has none).
    int surfacePoints(int label) const;
    std::array<double, 6> surfaceBounds(int label) const;
    void resetCamera();
    // True once a GL context rendered a frame (false under platforms without OpenGL).
    bool rendered() const { return m_rendered; }

Q_SIGNALS:
    // A rebuild's surfaces are in the scene.
    void surfacesUpdated();

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
    void scheduleRebuild();
    void startRebuild();
    void clearSurfaces();
    void applySegmentStyle();

    std::unique_ptr<Vtk> m_vtk;
    std::shared_ptr<const core::Volume> m_volume;
    Preset m_preset = Preset::CtBone;
    bool m_rendered = false;
    bool m_cameraSet = false;
    const core::LabelMap *m_labels = nullptr;
    std::vector<core::Segment> m_segments;
    QTimer *m_rebuildTimer = nullptr;
    bool m_building = false;
    unsigned long long m_changes = 0; // bumped by every change; a result of an older one is dropped
    int m_builds = 0;
    int m_surfacesMade = 0;
};

} // namespace widgets
} // namespace sagitta
