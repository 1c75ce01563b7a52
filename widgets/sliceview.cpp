#include "widgets/sliceview.h"

#include <QFontMetrics>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace sagitta {
namespace widgets {

SliceView::SliceView(QWidget *parent) : QWidget(parent)
{
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(200, 200);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void SliceView::setVolume(std::shared_ptr<const core::Volume> volume)
{
    resetTool();
    m_volume = std::move(volume);
    m_editor = nullptr;
    if (m_volume) {
        applyLayout();
        const auto range = m_volume->range();
        m_windowStep = std::max((range[1] - range[0]) / 1024.0, 1e-3);
        if (m_volume->unit != "HU")
            m_window = core::defaultWindow(*m_volume);
        m_plane.index = sliceCount() / 2;
        const auto &d = m_volume->geometry().dims;
        m_cursor = {d[0] / 2, d[1] / 2, d[2] / 2};
        m_cursor[int(m_plane.axis)] = m_plane.index;
    }
    resetView();
    m_dirty = true;
    update();
    Q_EMIT sliceChanged(m_plane.index);
}

void SliceView::setLabelEditor(core::LabelEditor *editor)
{
    resetTool();
    m_editor = editor;
    labelsChanged();
}

void SliceView::setSegments(const std::vector<core::Segment> &segments)
{
    m_segments = segments;
    m_labelStyle = core::LabelStyle::of(m_segments, m_labelDisplay);
    labelsChanged();
}

void SliceView::setLabelDisplay(core::LabelDisplay display)
{
    m_labelDisplay = display;
    setSegments(m_segments);
}

void SliceView::setTool(SliceTool *tool)
{
    if (tool == m_tool)
        return;
    resetTool();
    if (m_drag == Drag::Tool)
        m_drag = Drag::None;
    m_tool = tool;
    setCursor(tool ? tool->cursor() : QCursor(Qt::ArrowCursor));
    update();
}

void SliceView::resetTool()
{
    if (m_tool)
        m_tool->reset(*this);
}

void SliceView::setOverlayText(const QString &patient, const QString &series)
{
    m_patientText = patient;
    m_seriesText = series;
    update();
}

void SliceView::setMeasurements(const std::vector<MeasurementOverlay> &measurements)
{
    m_measurements = measurements;
    update();
}

void SliceView::drawMeasurement(QPainter &p, MeasureKind kind, const QPointF &uv0, const QPointF &uv1, const QString &label) const
{
    const QPointF a = voxelToWidget(uv0), b = voxelToWidget(uv1);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(QColor(255, 220, 0), 1.5));
    p.setBrush(Qt::NoBrush);
    if (kind == MeasureKind::Ruler) {
        p.drawLine(a, b);
        for (const QPointF &e : {a, b})
            p.drawEllipse(e, 2.5, 2.5);
    } else if (kind == MeasureKind::Rectangle) {
        p.drawRect(QRectF(a, b).normalized());
    } else {
        p.drawEllipse(QRectF(a, b).normalized());
    }
    if (!label.isEmpty()) {
        const QRectF box = QRectF(a, b).normalized();
        const QRectF textRect(box.right() + 6, box.top(), 260, 80);
        p.setPen(QColor(255, 230, 80));
        p.drawText(textRect, Qt::AlignLeft | Qt::AlignTop, label);
    }
}

void SliceView::setAnatomy(core::Anatomy anatomy)
{
    resetTool();
    m_anatomy = anatomy;
    applyLayout();
    m_plane.index = sliceCount() / 2;
    resetView();
    labelsChanged();
}

void SliceView::applyLayout()
{
    if (!m_volume)
        return;
    const core::PlaneLayout layout = core::anatomicalPlane(m_volume->geometry(), m_anatomy);
    m_plane.axis = layout.axis;
    m_flipU = layout.flipU;
    m_flipV = layout.flipV;
}

void SliceView::setCursorVoxel(const std::array<int, 3> &ijk)
{
    m_cursor = ijk;
    if (m_volume)
        setSlice(ijk[int(m_plane.axis)]);
    update();
}

void SliceView::setCrosshairVisible(bool visible)
{
    m_crosshair = visible;
    update();
}

void SliceView::placeCursor(const QPointF &pos)
{
    if (!m_volume)
        return;
    const QPointF uv = widgetToVoxel(pos);
    auto ijk = core::planeToVoxel(m_plane, int(std::lround(uv.x())), int(std::lround(uv.y())));
    if (!m_volume->geometry().contains(ijk[0], ijk[1], ijk[2]))
        return;
    m_cursor = ijk;
    update();
    Q_EMIT cursorMoved(ijk);
}

int SliceView::sliceCount() const
{
    return m_volume ? core::sliceCount(m_volume->geometry(), m_plane.axis) : 0;
}

void SliceView::setSlice(int index)
{
    if (!m_volume)
        return;
    index = std::clamp(index, 0, sliceCount() - 1);
    if (index == m_plane.index)
        return;
    resetTool(); // a gesture belongs to its slice
    m_plane.index = index;
    m_cursor[int(m_plane.axis)] = index;
    m_dirty = true;
    if (m_mousePos.x() >= 0)
        updateCursorText(m_mousePos);
    update();
    Q_EMIT sliceChanged(index);
}

void SliceView::setWindow(const core::WindowLevel &window)
{
    m_window = window;
    m_window.width = std::max(m_window.width, 1e-3);
    m_dirty = true;
    update();
    Q_EMIT windowChanged(m_window.center, m_window.width);
}

void SliceView::resetView()
{
    m_zoom = 1.0;
    m_pan = QPointF();
    update();
}

void SliceView::labelsChanged()
{
    m_dirty = true;
    update();
}

QRectF SliceView::imageRect() const
{
    if (!m_volume)
        return {};
    int w = 0, h = 0, ua = 0, va = 1;
    core::planeSize(m_volume->geometry(), m_plane.axis, w, h);
    core::planeAxes(m_plane.axis, ua, va);
    const double mmW = w * m_volume->geometry().spacing[ua], mmH = h * m_volume->geometry().spacing[va];
    const double scale = std::min(width() / mmW, height() / mmH) * m_zoom;
    const QSizeF size(mmW * scale, mmH * scale);
    const QPointF topLeft((width() - size.width()) / 2.0 + m_pan.x(), (height() - size.height()) / 2.0 + m_pan.y());
    return {topLeft, size};
}

QPointF SliceView::widgetToVoxel(const QPointF &p) const
{
    const QRectF r = imageRect();
    if (r.isEmpty())
        return {};
    int w = 0, h = 0;
    core::planeSize(m_volume->geometry(), m_plane.axis, w, h);
    double u = (p.x() - r.left()) / r.width() * w - 0.5, v = (p.y() - r.top()) / r.height() * h - 0.5;
    if (m_flipU)
        u = w - 1 - u;
    if (m_flipV)
        v = h - 1 - v;
    return {u, v};
}

QPointF SliceView::voxelToWidget(const QPointF &uv) const
{
    const QRectF r = imageRect();
    if (r.isEmpty())
        return {};
    int w = 0, h = 0;
    core::planeSize(m_volume->geometry(), m_plane.axis, w, h);
    const double u = m_flipU ? w - 1 - uv.x() : uv.x(), v = m_flipV ? h - 1 - uv.y() : uv.y();
    return {r.left() + (u + 0.5) / w * r.width(), r.top() + (v + 0.5) / h * r.height()};
}

void SliceView::renderImage()
{
    m_dirty = false;
    if (!m_volume) {
        m_image = QImage();
        return;
    }
    int w = 0, h = 0;
    core::planeSize(m_volume->geometry(), m_plane.axis, w, h);
    if (m_image.width() != w || m_image.height() != h)
        m_image = QImage(w, h, QImage::Format_RGB32);
    const core::LabelMap *labels = m_editor ? &m_editor->labelMap() : nullptr;
    core::renderSlice(*m_volume, labels, m_plane, m_window, m_labelStyle,
                      reinterpret_cast<std::uint32_t *>(m_image.bits()), int(m_image.bytesPerLine() / 4));
    if (m_preview) {
        thread_local std::vector<std::uint8_t> mask;
        mask.assign(std::size_t(w) * std::size_t(h), 0);
        m_preview(m_plane, mask);
        for (int v = 0; v < h; ++v) {
            auto *line = reinterpret_cast<std::uint32_t *>(m_image.scanLine(v));
            const std::uint8_t *row = mask.data() + std::size_t(v) * std::size_t(w);
            for (int u = 0; u < w; ++u)
                if (row[u])
                    line[u] = core::blendPixel(line[u], m_previewRgb, 128);
        }
    }
}

void SliceView::setPreview(Preview fill, QColor color)
{
    m_preview = std::move(fill);
    m_previewRgb = color.rgb() & 0xffffff;
    labelsChanged();
}

void SliceView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), Qt::black);
    if (!m_volume) {
        p.setPen(QColor(160, 160, 160));
        p.drawText(rect(), Qt::AlignCenter, m_placeholder.isEmpty() ? tr("No series loaded") : m_placeholder);
        return;
    }
    if (m_dirty)
        renderImage();
    const QRectF r = imageRect();
    p.drawImage(r, (m_flipU || m_flipV) ? m_image.mirrored(m_flipU, m_flipV) : m_image);
    for (const MeasurementOverlay &m : m_measurements)
        if (m.axis == m_plane.axis && m.slice == m_plane.index)
            drawMeasurement(p, m.kind, m.p0, m.p1, m.label);
    if (m_crosshair) {
        // Lines through the cursor: where the other two planes cut this one.
        int ua = 0, va = 1;
        core::planeAxes(m_plane.axis, ua, va);
        const QPointF c = voxelToWidget({double(m_cursor[ua]), double(m_cursor[va])});
        p.setPen(QPen(QColor(80, 200, 255, 170), 1.0));
        p.drawLine(QPointF(r.left(), c.y()), QPointF(c.x() - 8, c.y()));
        p.drawLine(QPointF(c.x() + 8, c.y()), QPointF(r.right(), c.y()));
        p.drawLine(QPointF(c.x(), r.top()), QPointF(c.x(), c.y() - 8));
        p.drawLine(QPointF(c.x(), c.y() + 8), QPointF(c.x(), r.bottom()));
    }
    if (m_tool)
        m_tool->paint(*this, p);
    drawCornerText(p);
}

void SliceView::drawCornerText(QPainter &p)
{
    p.setPen(QColor(230, 230, 140));
    QFont f = font();
    f.setPointSizeF(std::max(8.0, f.pointSizeF()));
    p.setFont(f);
    const QRect area = rect().adjusted(8, 6, -8, -6);
    p.drawText(area, Qt::AlignLeft | Qt::AlignTop, m_patientText);
    // In a narrow view the series text goes below the patient's rather than over it.
    const QFontMetrics fm(p.font());
    const QRect patientBox = fm.boundingRect(area, Qt::AlignLeft | Qt::AlignTop, m_patientText);
    const QRect seriesBox = fm.boundingRect(area, Qt::AlignRight | Qt::AlignTop, m_seriesText);
    const bool collide = !m_patientText.isEmpty() && patientBox.right() + 12 > seriesBox.left();
    QString series;
    for (const QString &line : m_seriesText.split(QLatin1Char('\n')))
        series += (series.isEmpty() ? QString() : QStringLiteral("\n")) + fm.elidedText(line, Qt::ElideRight, area.width());
    const QRect seriesArea = collide ? area.adjusted(0, patientBox.height() + 2, 0, 0) : area;
    p.drawText(seriesArea, Qt::AlignRight | Qt::AlignTop, series);
    // The top orientation letter goes below the corner texts where it would touch them.
    m_topTextBottom = std::max(patientBox.bottom(), fm.boundingRect(seriesArea, Qt::AlignRight | Qt::AlignTop, series).bottom());
    const QString plane = m_anatomy == core::Anatomy::Axial     ? tr("Axial")
                          : m_anatomy == core::Anatomy::Coronal ? tr("Coronal")
                                                                : tr("Sagittal");
    const QString bottomLeft = plane + QStringLiteral("  ") + tr("Slice %1/%2").arg(m_plane.index + 1).arg(sliceCount())
                               + QLatin1Char('\n')
                               + tr("W %1 L %2").arg(m_window.width, 0, 'f', 0).arg(m_window.center, 0, 'f', 0)
                               + QLatin1Char('\n') + tr("Zoom %1%").arg(m_zoom * 100.0, 0, 'f', 0);
    p.drawText(area, Qt::AlignLeft | Qt::AlignBottom, bottomLeft);
    p.drawText(area, Qt::AlignRight | Qt::AlignBottom, m_cursorText);

    // Orientation markers at the middle of each edge: where +u / +v point in the patient.
    if (!m_volume)
        return;
    int ua = 0, va = 1;
    core::planeAxes(m_plane.axis, ua, va);
    core::Vec3 u = m_volume->geometry().axis(ua), v = m_volume->geometry().axis(va);
    if (m_flipU)
        u = {-u[0], -u[1], -u[2]};
    if (m_flipV)
        v = {-v[0], -v[1], -v[2]};
    const core::Vec3 mu{-u[0], -u[1], -u[2]}, mv{-v[0], -v[1], -v[2]};
    p.setPen(QColor(255, 200, 80));
    const QRect mid = rect().adjusted(8, 24, -8, -24);
    p.drawText(mid, Qt::AlignLeft | Qt::AlignVCenter, QString::fromStdString(core::orientationLabel(mu)));
    p.drawText(mid, Qt::AlignRight | Qt::AlignVCenter, QString::fromStdString(core::orientationLabel(u)));
    const QRect midH = rect().adjusted(0, 6, 0, -6);
    const QString top = QString::fromStdString(core::orientationLabel(mv));
    const QRect topBox = fm.boundingRect(midH, Qt::AlignHCenter | Qt::AlignTop, top).adjusted(-4, 0, 4, 0);
    const bool crowded = fm.boundingRect(area, Qt::AlignLeft | Qt::AlignTop, m_patientText).right() >= topBox.left()
                         || width() - 8 - fm.horizontalAdvance(m_seriesText.section(QLatin1Char('\n'), 0, 0)) <= topBox.right();
    p.drawText(crowded ? midH.adjusted(0, m_topTextBottom - midH.top() + 2, 0, 0) : midH, Qt::AlignHCenter | Qt::AlignTop, top);
    p.drawText(midH, Qt::AlignHCenter | Qt::AlignBottom, QString::fromStdString(core::orientationLabel(v)));
}

void SliceView::updateCursorText(const QPointF &pos)
{
    m_cursorText.clear();
    if (!m_volume)
        return;
    const QPointF uv = widgetToVoxel(pos);
    const auto ijk = core::planeToVoxel(m_plane, int(std::lround(uv.x())), int(std::lround(uv.y())));
    if (!m_volume->geometry().contains(ijk[0], ijk[1], ijk[2]))
        return;
    const double value = m_volume->value(ijk[0], ijk[1], ijk[2]);
    const QString unit = m_volume->unit.empty() ? QString() : QLatin1Char(' ') + QString::fromStdString(m_volume->unit);
    m_cursorText = QStringLiteral("(%1, %2, %3)\n").arg(ijk[0]).arg(ijk[1]).arg(ijk[2]);
    if (m_volume->isColour()) {
        const std::uint8_t *rgb = m_volume->data<std::uint8_t>() + 3 * m_volume->index(ijk[0], ijk[1], ijk[2]);
        m_cursorText += QStringLiteral("RGB %1, %2, %3").arg(rgb[0]).arg(rgb[1]).arg(rgb[2]);
    } else {
        m_cursorText += QString::number(value, 'g', 6) + unit;
    }
    if (m_editor) { // every segment there, one per layer (overlapping segments)
        const core::LabelMap &map = m_editor->labelMap();
        for (int layer = 0; layer < map.layerCount(); ++layer)
            if (const int l = map.at(ijk[0], ijk[1], ijk[2], layer))
                m_cursorText += QLatin1Char('\n') + tr("Label %1").arg(l);
    }
}

void SliceView::mousePressEvent(QMouseEvent *e)
{
    m_lastPos = e->position().toPoint();
    if (!m_volume)
        return;
    if (e->button() == Qt::RightButton)
        m_drag = Drag::Window;
    else if (e->button() == Qt::MiddleButton || (e->button() == Qt::LeftButton && (e->modifiers() & Qt::ShiftModifier)))
        m_drag = Drag::Pan;
    else if (e->button() == Qt::LeftButton && m_tool && m_tool->press(*this, e))
        m_drag = Drag::Tool;
    e->accept();
    update();
}

void SliceView::mouseMoveEvent(QMouseEvent *e)
{
    const QPoint pos = e->position().toPoint();
    const QPoint delta = pos - m_lastPos;
    m_lastPos = pos;
    m_mousePos = e->position();
    if (m_drag == Drag::Window) {
        core::WindowLevel w = m_window;
        w.width = std::max(w.width + delta.x() * m_windowStep * 2.0, m_windowStep);
        w.center += delta.y() * m_windowStep;
        setWindow(w);
    } else if (m_drag == Drag::Pan) {
        m_pan += delta;
    } else if (m_tool && m_volume) {
        m_tool->move(*this, e); // a drag of the tool's, or the pointer hovering
    }
    updateCursorText(e->position());
    update();
}

void SliceView::mouseReleaseEvent(QMouseEvent *e)
{
    const Drag drag = m_drag;
    m_drag = Drag::None;
    if (drag == Drag::Tool && m_tool && m_volume)
        m_tool->release(*this, e);
    update();
}

void SliceView::mouseDoubleClickEvent(QMouseEvent *e)
{
    if (e->button() == Qt::LeftButton && m_tool && m_volume && !(e->modifiers() & Qt::ShiftModifier)) {
        m_tool->doubleClick(*this, e);
        update();
    }
    e->accept();
}

void SliceView::wheelEvent(QWheelEvent *e)
{
    const int steps = e->angleDelta().y() / 120;
    if (steps == 0)
        return;
    if (e->modifiers() & Qt::ControlModifier) {
        m_zoom = std::clamp(m_zoom * std::pow(1.25, steps), 0.1, 50.0);
        update();
    } else {
        setSlice(m_plane.index + steps);
    }
    e->accept();
}

void SliceView::keyPressEvent(QKeyEvent *e)
{
    switch (e->key()) {
    case Qt::Key_Up:
    case Qt::Key_Right: setSlice(m_plane.index + 1); break;
    case Qt::Key_Down:
    case Qt::Key_Left: setSlice(m_plane.index - 1); break;
    case Qt::Key_PageUp: setSlice(m_plane.index + 10); break;
    case Qt::Key_PageDown: setSlice(m_plane.index - 10); break;
    case Qt::Key_Home: setSlice(0); break;
    case Qt::Key_End: setSlice(sliceCount() - 1); break;
    case Qt::Key_Plus:
    case Qt::Key_Equal: m_zoom = std::min(m_zoom * 1.25, 50.0); update(); break;
    case Qt::Key_Minus: m_zoom = std::max(m_zoom / 1.25, 0.1); update(); break;
    case Qt::Key_R: resetView(); break;
    default:
        if (m_tool && m_volume && m_tool->key(*this, e)) {
            update();
            break;
        }
        QWidget::keyPressEvent(e);
        return;
    }
    e->accept();
}

void SliceView::leaveEvent(QEvent *)
{
    if (m_tool)
        m_tool->leave(*this);
    m_mousePos = QPointF(-1, -1);
    m_cursorText.clear();
    update();
}

} // namespace widgets
} // namespace sagitta
