#pragma once
// ViewerGrid: axial, coronal and sagittal SliceViews and a 3D view in the layouts radiologists
// use (1x1, 1x3, 2x2), kept in step: a linked cursor (click in one plane, the others follow),
// one window/level, one set of labels and tools, and cine through the active view's slices.
// The 3D view exists only where OpenGL does (not on the offscreen platform).
#include "widgets/sliceview.h"
#include "widgets/volumeview3d.h"

#include <QWidget>

class QGridLayout;
class QTimer;

namespace sagitta {
namespace widgets {

class ViewerGrid : public QWidget {
    Q_OBJECT
public:
    enum class Layout { Single, OneByThree, TwoByTwo };

    explicit ViewerGrid(QWidget *parent = nullptr);

    SliceView *view(core::Anatomy anatomy) const { return m_views[int(anatomy)]; }
    VolumeView3D *view3d() const { return m_3d; }
    SliceView *activeView() const { return m_active; }
    void setLayout(Layout layout);
    Layout layoutMode() const { return m_layout; }

    void setVolume(std::shared_ptr<const core::Volume> volume);
    // While a series loads: one decoded slice (a one-slice volume) in the view of its own
    // plane; the other views say it is loading. setVolume replaces it.
    void showPreview(std::shared_ptr<const core::Volume> slice);
    void setLabelEditor(core::LabelEditor *editor);
    void setSegments(const std::vector<core::Segment> &segments);
    void setLabelDisplay(core::LabelDisplay display);
    // The same preview in every slice view (see SliceView::setPreview).
    void setPreview(const SliceView::Preview &fill);
    void setActiveLabel(int label);
    // One tool for the three planes (not owned).
    void setTool(SliceTool *tool);
    void setOverlayText(const QString &patient, const QString &series);
    void setWindow(const core::WindowLevel &window);
    // The label map changed (any edit, undo or redo: the session's one change path calls it):
    // the slice views redraw and the 3D view's surfaces follow.
    void labelsChanged(const std::vector<int> &chunks = {});
    void setCine(bool on, int framesPerSecond = 10);
    bool cine() const;

Q_SIGNALS:
    void windowChanged(double center, double width);

private:
    void arrange();
    void linkCursor(const std::array<int, 3> &ijk, SliceView *from);
    void refreshSurfaces();

    SliceView *m_views[3];
    VolumeView3D *m_3d = nullptr;
    SliceView *m_active;
    QGridLayout *m_grid;
    QTimer *m_cine;
    Layout m_layout = Layout::Single;
    core::LabelEditor *m_editor = nullptr;
    std::vector<core::Segment> m_segments;
    bool m_syncing = false;
};

} // namespace widgets
} // namespace sagitta
