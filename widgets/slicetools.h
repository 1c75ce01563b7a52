#pragma once
// The slice view's tools (see slicetool.h): Navigate, the brush, measurements, outlines and
// level trace. Each is one object that the main window configures and hands to the views.
#include "core/image/slice.h"
#include "core/labels/outline.h"
#include "core/labels/threshold.h"
#include "widgets/slicetool.h"

#include <QPointF>

#include <optional>
#include <vector>

namespace sagitta {
namespace widgets {

// Left click or drag places the linked cursor.
class NavigateTool : public SliceTool {
    Q_OBJECT
public:
    using SliceTool::SliceTool;
    QCursor cursor() const override { return Qt::ArrowCursor; }
    bool press(SliceView &view, QMouseEvent *event) override;
    void move(SliceView &view, QMouseEvent *event) override;
    void release(SliceView &view, QMouseEvent *event) override;

private:
    SliceView *m_dragging = nullptr;
};

// Paint or erase the active segment with a round brush: a disk on the slice, or a sphere
// through the neighbouring slices too. The radius is in mm, or in pixels of the slice's
// horizontal axis (the brush stays round in mm either way).
class BrushTool : public SliceTool {
    Q_OBJECT
public:
    enum class Mode { Paint, Erase };
    explicit BrushTool(Mode mode, QObject *parent = nullptr) : SliceTool(parent), m_mode(mode) {}

    Mode mode() const { return m_mode; }
    void setRadiusMm(double mm);
    double radiusMm() const { return m_radius; }
    // The radius' value counts pixels instead of mm.
    void setRadiusInPixels(bool pixels) { m_pixels = pixels; }
    bool radiusInPixels() const { return m_pixels; }
    void setSphere(bool sphere) { m_sphere = sphere; }
    bool sphere() const { return m_sphere; }

    bool press(SliceView &view, QMouseEvent *event) override;
    void move(SliceView &view, QMouseEvent *event) override;
    void release(SliceView &view, QMouseEvent *event) override;
    void paint(SliceView &view, QPainter &p) override;
    void leave(SliceView &view) override;
    void reset(SliceView &view) override;

private:
    Mode m_mode;
    double m_radius = 3.0;
    bool m_sphere = false;
    bool m_pixels = false;
    SliceView *m_stroking = nullptr;
    SliceView *m_hoverView = nullptr;
    QPointF m_hover;
};

// Ruler, rectangle ROI, ellipse ROI: drag from corner to corner (or end to end).
enum class MeasureKind { Ruler, Rectangle, Ellipse };

class MeasureTool : public SliceTool {
    Q_OBJECT
public:
    explicit MeasureTool(MeasureKind kind, QObject *parent = nullptr) : SliceTool(parent), m_kind(kind) {}
    MeasureKind kind() const { return m_kind; }

    bool press(SliceView &view, QMouseEvent *event) override;
    void move(SliceView &view, QMouseEvent *event) override;
    void release(SliceView &view, QMouseEvent *event) override;
    void paint(SliceView &view, QPainter &p) override;
    void reset(SliceView &view) override;

Q_SIGNALS:
    // In in-plane voxel coordinates of plane (voxel centres at integers).
    void drawn(sagitta::widgets::MeasureKind kind, const core::SlicePlane &plane, QPointF p0, QPointF p1);

private:
    MeasureKind m_kind;
    SliceView *m_view = nullptr;
    QPointF m_start, m_end;
};

// Polygon and lasso on a slice, and scissors through a slab: the inside of the outline is
// filled with the active segment or erased from it. Polygon: click the corners, double-click
// or Enter closes, Backspace takes the last corner back, Esc drops it. Lasso: drag the
// outline, release closes it. With a slab (scissors) the inside is cut on every slice of it
// along the plane's normal.
class OutlineTool : public SliceTool {
    Q_OBJECT
public:
    enum class Shape { Polygon, Lasso };
    explicit OutlineTool(Shape shape, QObject *parent = nullptr) : SliceTool(parent), m_shape(shape) {}

    Shape shape() const { return m_shape; }
    void setOperation(core::OutlineOp op) { m_op = op; }
    core::OutlineOp operation() const { return m_op; }
    // No slab: this slice only. A slab: scissors.
    void setSlab(std::optional<core::Slab> slab) { m_slab = slab; }
    const std::optional<core::Slab> &slab() const { return m_slab; }
    // The outline being drawn (in-plane voxel coordinates), empty when none.
    const std::vector<core::Point2> &outline() const { return m_points; }

    bool press(SliceView &view, QMouseEvent *event) override;
    void move(SliceView &view, QMouseEvent *event) override;
    void release(SliceView &view, QMouseEvent *event) override;
    void doubleClick(SliceView &view, QMouseEvent *event) override;
    bool key(SliceView &view, QKeyEvent *event) override;
    void paint(SliceView &view, QPainter &p) override;
    void reset(SliceView &view) override;

Q_SIGNALS:
    // After an outline was applied: voxels changed (0 when the mask let none change).
    void applied(qulonglong voxels);
    void failed(const QString &message);

private:
    void finish(SliceView &view);

    Shape m_shape;
    core::OutlineOp m_op = core::OutlineOp::Fill;
    std::optional<core::Slab> m_slab;
    SliceView *m_view = nullptr;
    std::vector<core::Point2> m_points;
    QPointF m_rubber; // polygon: the pointer, where the next corner would go
    bool m_dragging = false;
};

// Level trace: hovering shows the outline of the region connected to the voxel under the
// pointer whose values lie within the tolerance of its value, on this slice; a click fills it.
class LevelTraceTool : public SliceTool {
    Q_OBJECT
public:
    using SliceTool::SliceTool;
    void setTolerance(double tolerance) { m_tolerance = tolerance; }
    double tolerance() const { return m_tolerance; }
    // The trace under the pointer (empty mask when none).
    const core::LevelTrace &trace() const { return m_trace; }

    bool press(SliceView &view, QMouseEvent *event) override;
    void move(SliceView &view, QMouseEvent *event) override;
    void paint(SliceView &view, QPainter &p) override;
    void leave(SliceView &view) override;
    void reset(SliceView &view) override;

Q_SIGNALS:
    void applied(qulonglong voxels);

private:
    bool traceAt(SliceView &view, const QPointF &pos);

    double m_tolerance = 50.0;
    SliceView *m_view = nullptr;
    core::SlicePlane m_plane;
    int m_u = -1, m_v = -1;
    core::LevelTrace m_trace;
};

} // namespace widgets
} // namespace sagitta
