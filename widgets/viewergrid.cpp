#include "widgets/viewergrid.h"

#include <QGridLayout>
#include <QGuiApplication>
#include <QTimer>

namespace sagitta {
namespace widgets {

ViewerGrid::ViewerGrid(QWidget *parent) : QWidget(parent)
{
    m_grid = new QGridLayout(this);
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_grid->setSpacing(2);
    const core::Anatomy planes[3] = {core::Anatomy::Axial, core::Anatomy::Coronal, core::Anatomy::Sagittal};
    for (int n = 0; n < 3; ++n) {
        auto *v = new SliceView(this);
        v->setAnatomy(planes[n]);
        v->setCrosshairVisible(true);
        m_views[n] = v;
        connect(v, &SliceView::cursorMoved, this, [this, v](const std::array<int, 3> &ijk) {
            m_active = v;
            linkCursor(ijk, v);
        });
        connect(v, &SliceView::sliceChanged, this, [this, v](int index) {
            if (m_syncing || !v->volume())
                return;
            auto ijk = v->cursorVoxel();
            ijk[int(v->axis())] = index;
            linkCursor(ijk, v);
        });
        connect(v, &SliceView::windowChanged, this, [this, v](double c, double w) {
            if (m_syncing)
                return;
            m_syncing = true;
            for (SliceView *other : m_views)
                if (other != v)
                    other->setWindow({c, w});
            m_syncing = false;
            Q_EMIT windowChanged(c, w);
        });
    }
    m_active = m_views[0];
    // QOpenGLWidget needs a platform with OpenGL; the offscreen one has none.
    if (QGuiApplication::platformName() != QStringLiteral("offscreen"))
        m_3d = new VolumeView3D(this);
    m_cine = new QTimer(this);
    connect(m_cine, &QTimer::timeout, this, [this] {
        if (m_active->sliceCount() > 0)
            m_active->setSlice((m_active->slice() + 1) % m_active->sliceCount());
    });
    arrange();
}

void ViewerGrid::setLayout(Layout layout)
{
    m_layout = layout;
    arrange();
    refreshSurfaces();
}

void ViewerGrid::arrange()
{
    for (SliceView *v : m_views) {
        m_grid->removeWidget(v);
        v->hide();
    }
    if (m_3d) {
        m_grid->removeWidget(m_3d);
        m_3d->hide();
    }
    auto place = [this](QWidget *w, int row, int col) {
        m_grid->addWidget(w, row, col);
        w->show();
    };
    switch (m_layout) {
    case Layout::Single: place(m_active, 0, 0); break;
    case Layout::OneByThree:
        for (int n = 0; n < 3; ++n)
            place(m_views[n], 0, n);
        break;
    case Layout::TwoByTwo:
        place(m_views[0], 0, 0);
        place(m_views[1], 1, 0);
        place(m_views[2], 1, 1);
        if (m_3d)
            place(m_3d, 0, 1);
        break;
    }
}

void ViewerGrid::linkCursor(const std::array<int, 3> &ijk, SliceView *from)
{
    if (m_syncing)
        return;
    m_syncing = true;
    for (SliceView *v : m_views)
        if (v != from)
            v->setCursorVoxel(ijk);
        else
            v->update();
    m_syncing = false;
}

void ViewerGrid::setVolume(std::shared_ptr<const core::Volume> volume)
{
    m_editor = nullptr;
    for (SliceView *v : m_views) {
        v->setPlaceholderText(QString());
        v->setVolume(volume);
    }
    if (m_3d)
        m_3d->setVolume(volume);
    if (volume)
        linkCursor(m_views[0]->cursorVoxel(), m_views[0]);
}

void ViewerGrid::showPreview(std::shared_ptr<const core::Volume> slice)
{
    m_editor = nullptr;
    if (m_3d)
        m_3d->setVolume(nullptr);
    for (int a = 0; a < 3; ++a) {
        SliceView *v = m_views[a];
        v->setLabelEditor(nullptr);
        const bool native = slice && core::anatomicalPlane(slice->geometry(), core::Anatomy(a)).axis == core::SliceAxis::Axial;
        v->setPlaceholderText(tr("Loading..."));
        v->setVolume(native ? slice : nullptr);
    }
}

void ViewerGrid::setLabelEditor(core::LabelEditor *editor)
{
    m_editor = editor;
    for (SliceView *v : m_views)
        v->setLabelEditor(editor);
    refreshSurfaces();
}

void ViewerGrid::setSegments(const std::vector<core::Segment> &segments)
{
    m_segments = segments;
    for (SliceView *v : m_views)
        v->setSegments(segments);
    refreshSurfaces();
}

void ViewerGrid::setPreview(const SliceView::Preview &fill)
{
    for (SliceView *v : m_views)
        v->setPreview(fill);
}

void ViewerGrid::setLabelDisplay(core::LabelDisplay display)
{
    for (SliceView *v : m_views)
        v->setLabelDisplay(display);
}

void ViewerGrid::setActiveLabel(int label)
{
    for (SliceView *v : m_views)
        v->setActiveLabel(label);
}

void ViewerGrid::setTool(SliceTool *tool)
{
    for (SliceView *v : m_views)
        v->setTool(tool);
}

void ViewerGrid::setOverlayText(const QString &patient, const QString &series)
{
    for (SliceView *v : m_views)
        v->setOverlayText(patient, series);
}

void ViewerGrid::setWindow(const core::WindowLevel &window)
{
    m_syncing = true;
    for (SliceView *v : m_views)
        v->setWindow(window);
    m_syncing = false;
    Q_EMIT windowChanged(window.center, window.width);
}

void ViewerGrid::labelsChanged(const std::vector<int> &)
{
    for (SliceView *v : m_views)
        v->labelsChanged();
    refreshSurfaces();
}

void ViewerGrid::refreshSurfaces()
{
    if (m_3d && m_layout == Layout::TwoByTwo)
        m_3d->setSegments(m_editor ? &m_editor->labelMap() : nullptr, m_segments);
}

void ViewerGrid::setCine(bool on, int framesPerSecond)
{
    if (on)
        m_cine->start(1000 / std::max(framesPerSecond, 1));
    else
        m_cine->stop();
}

bool ViewerGrid::cine() const
{
    return m_cine->isActive();
}

} // namespace widgets
} // namespace sagitta
