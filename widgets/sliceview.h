#pragma once
// SliceView: one plane of a Volume with its label overlay, painted with QPainter.
// Mouse: wheel = slice, Ctrl+wheel = zoom, right-drag = window/level, middle-drag or
// Shift+left-drag = pan; the left button and other keys go to the view's tool (slicetool.h).
// Keys: Up/Down (or Left/Right) = slice, PageUp/PageDown = 10 slices, Home/End, +/- = zoom,
// R = reset view. GUI thread only. The view never owns the volume, the label editor or its tool.
#include "core/image/slice.h"
#include "core/labels/labeleditor.h"
#include "core/labels/overlay.h"
#include "core/labels/segment.h"
#include "widgets/slicetool.h"
#include "widgets/slicetools.h"

#include <QImage>
#include <QPointer>

#include <functional>
#include <QWidget>

#include <memory>
#include <vector>

namespace sagitta {
namespace widgets {

class SliceView : public QWidget {
    Q_OBJECT
public:
    // A stored measurement to draw when its plane and slice are shown.
    struct MeasurementOverlay {
        MeasureKind kind = MeasureKind::Ruler;
        core::SliceAxis axis = core::SliceAxis::Axial;
        int slice = 0;
        QPointF p0, p1; // in-plane voxel coordinates
        QString label;
    };

    explicit SliceView(QWidget *parent = nullptr);

    // The volume is shared read-only; passing nullptr clears the view.
    void setVolume(std::shared_ptr<const core::Volume> volume);
    // Shown while there is no volume; empty means "No series loaded".
    void setPlaceholderText(const QString &text)
    {
        m_placeholder = text;
        update();
    }
    const core::Volume *volume() const { return m_volume.get(); }
    // Label editor for this volume's label map (not owned); nullptr disables editing.
    void setLabelEditor(core::LabelEditor *editor);
    core::LabelEditor *labelEditor() const { return m_editor; }
    // Hidden segments are not drawn; the others at their opacity, filled, outlined or both.
    void setSegments(const std::vector<core::Segment> &segments);
    void setLabelDisplay(core::LabelDisplay display);
    // A preview drawn over the slice (e.g. the threshold range while it is dragged): for the
    // plane shown, fill writes width x height bytes (planeSize order), non-zero where the
    // preview covers; drawn in colour at half opacity. An empty function removes it.
    using Preview = std::function<void(const core::SlicePlane &plane, std::vector<std::uint8_t> &mask)>;
    void setPreview(Preview fill, QColor color = QColor(255, 255, 0));
    bool hasPreview() const { return bool(m_preview); }
    core::LabelDisplay labelDisplay() const { return m_labelDisplay; }
    void setActiveLabel(int label) { m_activeLabel = label; }
    int activeLabel() const { return m_activeLabel; }
    // The tool the left button and the keys go to (not owned; nullptr: none).
    void setTool(SliceTool *tool);
    SliceTool *tool() const { return m_tool; }
    void setOverlayText(const QString &patient, const QString &series);
    void setMeasurements(const std::vector<MeasurementOverlay> &measurements);

    // Shows an anatomical plane: picks the voxel axis and mirrors the image as radiologists read.
    void setAnatomy(core::Anatomy anatomy);
    core::Anatomy anatomy() const { return m_anatomy; }
    core::SliceAxis axis() const { return m_plane.axis; }
    const core::SlicePlane &plane() const { return m_plane; }
    // The linked cursor (voxel index): the view shows its slice and draws the crosshair.
    void setCursorVoxel(const std::array<int, 3> &ijk);
    std::array<int, 3> cursorVoxel() const { return m_cursor; }
    void setCrosshairVisible(bool visible);
    void setSlice(int index);
    int slice() const { return m_plane.index; }
    int sliceCount() const;
    void setWindow(const core::WindowLevel &window);
    core::WindowLevel window() const { return m_window; }
    void resetView();
    double zoom() const { return m_zoom; }

    // Mapping between widget pixels and continuous in-plane voxel coordinates (voxel centres
    // at integers).
    QPointF widgetToVoxel(const QPointF &p) const;
    QPointF voxelToWidget(const QPointF &uv) const;

    // Call when the label map changed (the session's change path does; a tool in the middle
    // of a gesture does for its own view).
    void labelsChanged();
    // Places the linked cursor at a widget position (the Navigate tool) and says so.
    void placeCursor(const QPointF &pos);
    // Draws a ruler or ROI from uv0 to uv1 (in-plane voxel coordinates) with its label.
    void drawMeasurement(QPainter &p, MeasureKind kind, const QPointF &uv0, const QPointF &uv1, const QString &label) const;
    // Text of the bottom-right corner: voxel and value under the cursor.
    QString cursorText() const { return m_cursorText; }

Q_SIGNALS:
    void sliceChanged(int index);
    void windowChanged(double center, double width);
    // The user placed the cursor (left click or drag with the Navigate tool).
    void cursorMoved(const std::array<int, 3> &ijk);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    enum class Drag { None, Window, Pan, Tool };
    void resetTool();
    void applyLayout();
    QRectF imageRect() const;
    void renderImage();
    void updateCursorText(const QPointF &pos);
    void drawCornerText(QPainter &p);

    std::shared_ptr<const core::Volume> m_volume;
    core::LabelEditor *m_editor = nullptr;
    std::vector<core::Segment> m_segments;
    core::LabelDisplay m_labelDisplay = core::LabelDisplay::Fill;
    core::LabelStyle m_labelStyle{};
    core::SlicePlane m_plane;
    core::Anatomy m_anatomy = core::Anatomy::Axial;
    bool m_flipU = false, m_flipV = false;
    std::array<int, 3> m_cursor{0, 0, 0};
    bool m_crosshair = false;
    core::WindowLevel m_window;
    QPointer<SliceTool> m_tool;
    int m_activeLabel = 1;
    double m_zoom = 1.0;
    QPointF m_pan;
    Drag m_drag = Drag::None;
    QPoint m_lastPos;
    QPointF m_mousePos{-1, -1};
    double m_windowStep = 1.0;
    QImage m_image;
    Preview m_preview;
    std::uint32_t m_previewRgb = 0xffff00;
    bool m_dirty = true;
    QString m_patientText, m_seriesText, m_cursorText, m_placeholder;
    int m_topTextBottom = 0; // where the corner texts at the top end (pixels)
    std::vector<MeasurementOverlay> m_measurements;
};

} // namespace widgets
} // namespace sagitta
