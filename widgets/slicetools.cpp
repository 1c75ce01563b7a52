#include "widgets/slicetools.h"

#include "core/labels/labeleditor.h"
#include "widgets/sliceview.h"

#include <QGuiApplication>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace sagitta {
namespace widgets {

namespace {

// The editor of a view that can take an edit of its active segment, or null.
core::LabelEditor *editorFor(SliceView &view)
{
    if (!view.volume() || view.activeLabel() <= 0 || view.activeLabel() > 255)
        return nullptr;
    return view.labelEditor();
}

core::Point2 voxelPoint(SliceView &view, const QPointF &pos)
{
    const QPointF uv = view.widgetToVoxel(pos);
    return {uv.x(), uv.y()};
}

QPolygonF widgetPolygon(const SliceView &view, const std::vector<core::Point2> &points)
{
    QPolygonF poly;
    for (const core::Point2 &p : points)
        poly << view.voxelToWidget(QPointF(p[0], p[1]));
    return poly;
}

} // namespace

// ---- Navigate ----

bool NavigateTool::press(SliceView &view, QMouseEvent *event)
{
    m_dragging = &view;
    view.placeCursor(event->position());
    return true;
}

void NavigateTool::move(SliceView &view, QMouseEvent *event)
{
    if (m_dragging == &view && (event->buttons() & Qt::LeftButton))
        view.placeCursor(event->position());
}

void NavigateTool::release(SliceView &, QMouseEvent *)
{
    m_dragging = nullptr;
}

// ---- Brush ----

void BrushTool::setRadiusMm(double mm)
{
    m_radius = std::max(mm, 0.1);
}

bool BrushTool::press(SliceView &view, QMouseEvent *event)
{
    core::LabelEditor *editor = editorFor(view);
    if (!editor)
        return false;
    core::BrushSettings s;
    s.radiusMm = m_radius;
    s.radiusPixels = m_pixels ? m_radius : 0.0;
    s.mode = m_mode == Mode::Paint ? core::BrushMode::Paint : core::BrushMode::Erase;
    s.label = std::uint8_t(view.activeLabel());
    s.shape = m_sphere ? core::BrushShape::Sphere : core::BrushShape::Disk;
    const QPointF uv = view.widgetToVoxel(event->position());
    editor->beginStroke(view.plane(), s, uv.x(), uv.y());
    m_stroking = &view;
    view.labelsChanged(); // this view shows the stroke as it grows
    return true;
}

void BrushTool::move(SliceView &view, QMouseEvent *event)
{
    m_hoverView = &view;
    m_hover = event->position();
    core::LabelEditor *editor = view.labelEditor();
    if (m_stroking == &view && editor && editor->strokeActive()) {
        const QPointF uv = view.widgetToVoxel(event->position());
        editor->continueStroke(uv.x(), uv.y());
        view.labelsChanged();
    }
}

void BrushTool::release(SliceView &view, QMouseEvent *event)
{
    core::LabelEditor *editor = view.labelEditor();
    if (m_stroking == &view && editor && editor->strokeActive()) {
        const QPointF uv = view.widgetToVoxel(event->position());
        editor->continueStroke(uv.x(), uv.y());
        m_stroking = nullptr;
        editor->endStroke(); // one undo step; the editor tells everybody what changed
    }
    m_stroking = nullptr;
}

void BrushTool::paint(SliceView &view, QPainter &p)
{
    if (m_hoverView != &view || !view.volume() || !view.rect().contains(m_hover.toPoint()))
        return;
    // The brush outline at the pointer, to scale: its radius in pixels on each screen axis.
    const QPointF c = view.widgetToVoxel(m_hover);
    int ua = 0, va = 1;
    core::planeAxes(view.axis(), ua, va);
    const core::Vec3 &sp = view.volume()->geometry().spacing;
    const double mm = m_pixels ? m_radius * sp[ua] : m_radius;
    const QPointF du = view.voxelToWidget(c + QPointF(mm / sp[ua], 0)) - m_hover;
    const QPointF dv = view.voxelToWidget(c + QPointF(0, mm / sp[va])) - m_hover;
    p.setRenderHint(QPainter::Antialiasing);
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(m_mode == Mode::Paint ? QColor(255, 255, 0) : QColor(0, 200, 255), 1.0));
    p.drawEllipse(m_hover, std::hypot(du.x(), du.y()), std::hypot(dv.x(), dv.y()));
}

void BrushTool::leave(SliceView &view)
{
    if (m_hoverView == &view)
        m_hoverView = nullptr;
}

void BrushTool::reset(SliceView &view)
{
    // A stroke already painted is finished (saved, undoable), never dropped.
    if (m_stroking == &view) {
        m_stroking = nullptr;
        if (core::LabelEditor *editor = view.labelEditor(); editor && editor->strokeActive())
            editor->endStroke();
    }
}

// ---- Measurements ----

bool MeasureTool::press(SliceView &view, QMouseEvent *event)
{
    m_view = &view;
    m_start = m_end = view.widgetToVoxel(event->position());
    return true;
}

void MeasureTool::move(SliceView &view, QMouseEvent *event)
{
    if (m_view == &view)
        m_end = view.widgetToVoxel(event->position());
}

void MeasureTool::release(SliceView &view, QMouseEvent *event)
{
    if (m_view != &view)
        return;
    m_end = view.widgetToVoxel(event->position());
    m_view = nullptr;
    // A click without a drag is not a measurement.
    if (QLineF(view.voxelToWidget(m_start), view.voxelToWidget(m_end)).length() >= 3.0)
        Q_EMIT drawn(m_kind, view.plane(), m_start, m_end);
}

void MeasureTool::paint(SliceView &view, QPainter &p)
{
    if (m_view == &view)
        view.drawMeasurement(p, m_kind, m_start, m_end, QString());
}

void MeasureTool::reset(SliceView &view)
{
    if (m_view == &view)
        m_view = nullptr;
}

// ---- Polygon, lasso, scissors ----

bool OutlineTool::press(SliceView &view, QMouseEvent *event)
{
    if (!editorFor(view))
        return false;
    if (m_view != &view) {
        if (m_view)
            reset(*m_view);
        m_view = &view;
        m_points.clear();
    }
    const core::Point2 p = voxelPoint(view, event->position());
    if (m_shape == Shape::Lasso) {
        m_points = {p};
        m_dragging = true;
    } else {
        m_points.push_back(p);
        m_rubber = event->position();
    }
    return true;
}

void OutlineTool::move(SliceView &view, QMouseEvent *event)
{
    if (m_view != &view)
        return;
    if (m_shape == Shape::Polygon) {
        m_rubber = event->position();
        return;
    }
    if (!m_dragging || m_points.empty())
        return;
    // A freehand path: a new point every 2 pixels on screen.
    const QPointF last = view.voxelToWidget(QPointF(m_points.back()[0], m_points.back()[1]));
    if (QLineF(last, event->position()).length() >= 2.0)
        m_points.push_back(voxelPoint(view, event->position()));
}

void OutlineTool::release(SliceView &view, QMouseEvent *event)
{
    if (m_view != &view || m_shape != Shape::Lasso || !m_dragging)
        return;
    m_dragging = false;
    m_points.push_back(voxelPoint(view, event->position()));
    finish(view);
}

void OutlineTool::doubleClick(SliceView &view, QMouseEvent *)
{
    // The first click of the double click placed the last corner; the second closes.
    if (m_view != &view || m_shape != Shape::Polygon)
        return;
    finish(view);
}

bool OutlineTool::key(SliceView &view, QKeyEvent *event)
{
    if (m_view != &view || m_points.empty())
        return false;
    switch (event->key()) {
    case Qt::Key_Return:
    case Qt::Key_Enter: finish(view); return true;
    case Qt::Key_Escape: reset(view); return true;
    case Qt::Key_Backspace: m_points.pop_back(); return true;
    default: return false;
    }
}

void OutlineTool::finish(SliceView &view)
{
    std::vector<core::Point2> outline;
    outline.swap(m_points);
    m_view = nullptr;
    m_dragging = false;
    core::LabelEditor *editor = editorFor(view);
    if (!editor || outline.size() < 3)
        return;
    core::OutlineSettings settings;
    settings.op = m_op;
    settings.label = std::uint8_t(view.activeLabel()); // erase: only the active segment
    core::LabelEdit edit = editor->edit();
    std::size_t changed = 0;
    try {
        changed = m_slab ? core::scissors(edit, view.plane(), outline, settings, *m_slab)
                         : core::fillOutline(edit, view.plane(), outline, settings);
    } catch (const std::exception &e) {
        edit.finish().apply(editor->labelMap(), false); // nothing half done stays
        Q_EMIT failed(QString::fromStdString(e.what()));
        return;
    }
    editor->apply(edit.finish());
    Q_EMIT applied(qulonglong(changed));
}

void OutlineTool::paint(SliceView &view, QPainter &p)
{
    if (m_view != &view || m_points.empty())
        return;
    QPolygonF poly = widgetPolygon(view, m_points);
    if (m_shape == Shape::Polygon)
        poly << m_rubber;
    p.setRenderHint(QPainter::Antialiasing);
    const QColor colour = m_op == core::OutlineOp::Fill ? QColor(255, 255, 0) : QColor(0, 200, 255);
    QColor fill = colour;
    fill.setAlpha(40);
    p.setBrush(fill);
    p.setPen(QPen(colour, 1.5));
    p.drawPolygon(poly);
    for (const QPointF &c : widgetPolygon(view, m_points))
        if (m_shape == Shape::Polygon)
            p.drawEllipse(c, 2.5, 2.5);
}

void OutlineTool::reset(SliceView &view)
{
    if (m_view != &view)
        return;
    m_view = nullptr;
    m_points.clear();
    m_dragging = false;
}

// ---- Level trace ----

bool LevelTraceTool::traceAt(SliceView &view, const QPointF &pos)
{
    if (!view.volume() || view.volume()->isColour())
        return false;
    const QPointF uv = view.widgetToVoxel(pos);
    const int u = int(std::lround(uv.x())), v = int(std::lround(uv.y()));
    int w = 0, h = 0;
    core::planeSize(view.volume()->geometry(), view.axis(), w, h);
    if (u < 0 || v < 0 || u >= w || v >= h) {
        m_trace = {};
        m_view = nullptr;
        return false;
    }
    if (m_view == &view && u == m_u && v == m_v && m_plane.axis == view.plane().axis && m_plane.index == view.plane().index)
        return !m_trace.mask.empty(); // the same voxel: the trace is still right
    m_view = &view;
    m_plane = view.plane();
    m_u = u;
    m_v = v;
    m_trace = core::levelTrace(*view.volume(), m_plane, u, v, m_tolerance);
    return !m_trace.mask.empty();
}

bool LevelTraceTool::press(SliceView &view, QMouseEvent *event)
{
    core::LabelEditor *editor = editorFor(view);
    if (!editor)
        return false;
    m_view = nullptr; // trace again: the tolerance may have changed since the hover
    if (!traceAt(view, event->position()) || m_trace.count == 0)
        return false;
    core::LabelEdit edit = editor->edit();
    const std::size_t changed = core::applyLevelTrace(edit, m_plane, m_trace, std::uint8_t(view.activeLabel()));
    editor->apply(edit.finish());
    Q_EMIT applied(qulonglong(changed));
    return true;
}

void LevelTraceTool::move(SliceView &view, QMouseEvent *event)
{
    if (event->buttons() == Qt::NoButton)
        traceAt(view, event->position());
}

void LevelTraceTool::paint(SliceView &view, QPainter &p)
{
    if (m_view != &view || m_trace.outline.size() < 3 || m_plane.index != view.plane().index)
        return;
    p.setRenderHint(QPainter::Antialiasing);
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(QColor(255, 255, 0), 1.5));
    p.drawPolygon(widgetPolygon(view, m_trace.outline));
}

void LevelTraceTool::leave(SliceView &view)
{
    reset(view);
}

void LevelTraceTool::reset(SliceView &view)
{
    if (m_view != &view)
        return;
    m_view = nullptr;
    m_trace = {};
    m_u = m_v = -1;
}

} // namespace widgets
} // namespace sagitta
