#include "widgets/volumeview3d.h"

#include <QFutureWatcher>
#include <QMouseEvent>
#include <QSurfaceFormat>
#include <QTimer>
#include <QWheelEvent>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <bitset>
#include <climits>
#include <cstring>
#include <map>

#include <vtkCamera.h>
#include <vtkColorTransferFunction.h>
#include <vtkCommand.h>
#include <vtkDataArray.h>
#include <vtkDiscreteFlyingEdges3D.h>
#include <vtkFloatArray.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkGenericRenderWindowInteractor.h>
#include <vtkImageData.h>
#include <vtkInteractorStyleTrackballCamera.h>
#include <vtkLookupTable.h>
#include <vtkMatrix4x4.h>
#include <vtkPiecewiseFunction.h>
#include <vtkPointData.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkPolyDataNormals.h>
#include <vtkActor.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkShortArray.h>
#include <vtkSmartPointer.h>
#include <vtkSmartVolumeMapper.h>
#include <vtkIntArray.h>
#include <vtkUnsignedCharArray.h>
#include <vtkUnsignedShortArray.h>
#include <vtkVolume.h>
#include <vtkVolumeProperty.h>
#include <vtkWindowedSincPolyDataFilter.h>

#include <map>

namespace sagitta {
namespace widgets {

namespace {

// What a rebuild works from: a copy of the label map (the GUI thread edits the live one) and
// the copy the surfaces now shown were built from.
struct SurfaceJob {
    std::shared_ptr<const core::LabelMap> labels;
    std::shared_ptr<const core::LabelMap> previous; // null: nothing shown was built from a map
    std::vector<int> wanted;                        // labels of the visible segments
    std::vector<int> shown;                         // labels that have a surface now
    core::Vec3 spacing{1, 1, 1};
    unsigned long long change = 0;
};

struct SurfaceResult {
    std::shared_ptr<const core::LabelMap> labels;
    std::map<int, vtkSmartPointer<vtkPolyData>> surfaces; // rebuilt; null: no voxels any more
    unsigned long long change = 0;
};

using LabelSet = std::bitset<256>;

LabelSet labelsIn(const core::LabelMap::Chunk &chunk)
{
    LabelSet s;
    if (chunk.empty())
        return s;
    std::array<bool, 256> seen{};
    for (std::uint8_t v : chunk)
        seen[v] = true;
    for (int v = 1; v < 256; ++v)
        s[std::size_t(v)] = seen[std::size_t(v)];
    return s;
}

// The voxels of box [lo, hi) of one layer copied row by row from the chunks (zeros where none).
void copyBox(const core::LabelMap &m, int layer, const std::array<int, 3> &lo, const std::array<int, 3> &hi, unsigned char *out)
{
    constexpr int kC = core::LabelMap::kChunk;
    for (int k = lo[2]; k < hi[2]; ++k)
        for (int j = lo[1]; j < hi[1]; ++j)
            for (int i = lo[0]; i < hi[0];) {
                const int end = std::min(hi[0], (i / kC + 1) * kC);
                const core::LabelMap::Chunk &c = m.chunk(m.chunkIndex(layer, m.chunkOf(i, j, k)));
                if (c.empty())
                    std::memset(out, 0, std::size_t(end - i));
                else
                    std::memcpy(out, c.data() + core::LabelMap::offsetInChunk(i, j, k), std::size_t(end - i));
                out += end - i;
                i = end;
            }
}

// A smoothed surface of one label over the box of chunks it occupies (one voxel more on each
// side, so it closes where the old whole-volume surface closed), in index space times spacing.
vtkSmartPointer<vtkPolyData> surfaceOf(const core::LabelMap &m, int label, const std::array<int, 6> &chunks,
                                       const core::Vec3 &spacing)
{
    constexpr int kC = core::LabelMap::kChunk;
    const auto &d = m.dims();
    std::array<int, 3> lo{}, hi{};
    for (int a = 0; a < 3; ++a) {
        lo[std::size_t(a)] = std::max(0, chunks[std::size_t(a)] * kC - 1);
        hi[std::size_t(a)] = std::min(d[std::size_t(a)], (chunks[std::size_t(a + 3)] + 1) * kC + 1);
    }
    auto image = vtkSmartPointer<vtkImageData>::New();
    image->SetDimensions(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]);
    image->SetSpacing(spacing[0], spacing[1], spacing[2]);
    image->SetOrigin(lo[0] * spacing[0], lo[1] * spacing[1], lo[2] * spacing[2]);
    image->AllocateScalars(VTK_UNSIGNED_CHAR, 1);
    // The label's own layer: a segment overlapping another gets its whole surface.
    copyBox(m, m.layerOf(std::uint8_t(label)), lo, hi, static_cast<unsigned char *>(image->GetScalarPointer()));
    auto surface = vtkSmartPointer<vtkDiscreteFlyingEdges3D>::New();
    surface->SetInputData(image);
    surface->SetValue(0, label);
    surface->ComputeNormalsOn();
    auto smooth = vtkSmartPointer<vtkWindowedSincPolyDataFilter>::New();
    smooth->SetInputConnection(surface->GetOutputPort());
    smooth->SetNumberOfIterations(15);
    smooth->SetPassBand(0.1);
    smooth->NormalizeCoordinatesOn();
    auto normals = vtkSmartPointer<vtkPolyDataNormals>::New(); // shading after smoothing
    normals->SetInputConnection(smooth->GetOutputPort());
    normals->SetFeatureAngle(60.0);
    normals->Update();
    auto out = vtkSmartPointer<vtkPolyData>::New();
    out->ShallowCopy(normals->GetOutput()); // no pipeline behind it: the GUI thread only draws it
    return out;
}

// Worker thread: the surfaces of the wanted labels whose chunks changed since previous, or
// that have none yet. Reads only the job's copies.
SurfaceResult buildSurfaces(const SurfaceJob &job)
{
    SurfaceResult r;
    r.labels = job.labels;
    r.change = job.change;
    const core::LabelMap &m = *job.labels;
    const auto &grid = m.chunkGrid();
    std::array<std::array<int, 6>, 256> box;
    box.fill({INT_MAX, INT_MAX, INT_MAX, -1, -1, -1});
    LabelSet dirty;
    if (!job.previous || job.previous->dims() != m.dims())
        dirty.set();
    const int layers = std::max(m.layerCount(), job.previous ? job.previous->layerCount() : 0);
    for (int index = 0; index < layers * m.chunkCount(); ++index) {
        const LabelSet present = labelsIn(m.chunk(index));
        if (!dirty.all() && job.previous->chunk(index) != m.chunk(index))
            dirty |= present | labelsIn(job.previous->chunk(index));
        if (present.none())
            continue;
        const int c = index % m.chunkCount();
        const int ci = c % grid[0], cj = (c / grid[0]) % grid[1], ck = c / (grid[0] * grid[1]);
        for (int v = 1; v < 256; ++v)
            if (present[std::size_t(v)]) {
                auto &b = box[std::size_t(v)];
                b = {std::min(b[0], ci), std::min(b[1], cj), std::min(b[2], ck),
                     std::max(b[3], ci), std::max(b[4], cj), std::max(b[5], ck)};
            }
    }
    for (int label : job.wanted) {
        if (label < 1 || label > 255)
            continue;
        const bool shown = std::find(job.shown.begin(), job.shown.end(), label) != job.shown.end();
        if (shown && !dirty[std::size_t(label)])
            continue;
        const auto &b = box[std::size_t(label)];
        if (b[3] >= 0)
            r.surfaces[label] = surfaceOf(m, label, b, job.spacing);
        else if (shown)
            r.surfaces[label] = nullptr; // its voxels are gone: so is its surface
    }
    return r;
}

} // namespace

struct VolumeView3D::Vtk {
    vtkSmartPointer<vtkGenericOpenGLRenderWindow> window = vtkSmartPointer<vtkGenericOpenGLRenderWindow>::New();
    vtkSmartPointer<vtkRenderer> renderer = vtkSmartPointer<vtkRenderer>::New();
    vtkSmartPointer<vtkGenericRenderWindowInteractor> interactor = vtkSmartPointer<vtkGenericRenderWindowInteractor>::New();
    vtkSmartPointer<vtkImageData> image;
    vtkSmartPointer<vtkSmartVolumeMapper> mapper;
    vtkSmartPointer<vtkVolume> volume;
    vtkSmartPointer<vtkMatrix4x4> placement = vtkSmartPointer<vtkMatrix4x4>::New();
    std::map<int, vtkSmartPointer<vtkActor>> surfaces; // by label
    std::shared_ptr<const core::LabelMap> built;        // the copy the surfaces were built from
    QFutureWatcher<SurfaceResult> *watcher = nullptr;
};

VolumeView3D::VolumeView3D(QWidget *parent) : QOpenGLWidget(parent), m_vtk(std::make_unique<Vtk>())
{
    QSurfaceFormat format;
    format.setRenderableType(QSurfaceFormat::OpenGL);
    format.setVersion(3, 2);
    format.setProfile(QSurfaceFormat::CoreProfile);
    format.setDepthBufferSize(24);
    format.setStencilBufferSize(8);
    format.setAlphaBufferSize(0); // an opaque frame: no compositing with the window behind
    setFormat(format);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(160, 160);

    m_vtk->renderer->SetBackground(0.05, 0.06, 0.08);
    m_vtk->renderer->SetBackgroundAlpha(1.0);
    setAttribute(Qt::WA_OpaquePaintEvent);
    m_vtk->window->AddRenderer(m_vtk->renderer);
    m_vtk->interactor->SetRenderWindow(m_vtk->window);
    m_vtk->interactor->EnableRenderOff(); // Qt decides when to paint
    auto style = vtkSmartPointer<vtkInteractorStyleTrackballCamera>::New();
    m_vtk->interactor->SetInteractorStyle(style);

    m_rebuildTimer = new QTimer(this);
    m_rebuildTimer->setSingleShot(true);
    m_rebuildTimer->setInterval(200);
    connect(m_rebuildTimer, &QTimer::timeout, this, &VolumeView3D::startRebuild);
    m_vtk->watcher = new QFutureWatcher<SurfaceResult>(this);
    connect(m_vtk->watcher, &QFutureWatcherBase::finished, this, [this] {
        m_building = false;
        const SurfaceResult r = m_vtk->watcher->result();
        if (r.change != m_changes) {
            // Built from labels that changed since: drop it; the next build covers both.
            if (!m_rebuildTimer->isActive())
                startRebuild();
            return;
        }
        Vtk &v = *m_vtk;
        for (const auto &[label, poly] : r.surfaces) {
            auto it = v.surfaces.find(label);
            if (!poly || poly->GetNumberOfPoints() == 0) {
                if (it != v.surfaces.end()) {
                    v.renderer->RemoveActor(it->second);
                    v.surfaces.erase(it);
                }
                continue;
            }
            if (it == v.surfaces.end()) {
                auto actor = vtkSmartPointer<vtkActor>::New();
                actor->SetMapper(vtkSmartPointer<vtkPolyDataMapper>::New());
                actor->GetMapper()->ScalarVisibilityOff();
                actor->SetUserMatrix(v.placement);
                actor->GetProperty()->SetSpecular(0.3);
                v.renderer->AddActor(actor);
                it = v.surfaces.emplace(label, actor).first;
            }
            vtkPolyDataMapper::SafeDownCast(it->second->GetMapper())->SetInputData(poly);
        }
        v.built = r.labels;
        applySegmentStyle();
        ++m_builds;
        for (const auto &entry : r.surfaces)
            m_surfacesMade += entry.second ? 1 : 0;
        update();
        Q_EMIT surfacesUpdated();
    });
}

VolumeView3D::~VolumeView3D()
{
    // A build still running finishes in the pool and is thrown away with its future.
    m_rebuildTimer->stop();
    delete m_vtk->watcher;
    m_vtk->watcher = nullptr;
    makeCurrent();
    m_vtk->renderer->RemoveAllViewProps();
    m_vtk->window->Finalize();
    doneCurrent();
}

void VolumeView3D::initializeGL()
{
    m_vtk->window->SetOwnContext(false);
    m_vtk->window->SetFrameBlitModeToBlitToCurrent();
    m_vtk->window->SetIsCurrent(true);
    m_vtk->window->OpenGLInitContext();
}

void VolumeView3D::resizeGL(int w, int h)
{
    const qreal dpr = devicePixelRatioF();
    m_vtk->window->SetSize(int(w * dpr), int(h * dpr));
    m_vtk->interactor->SetSize(int(w * dpr), int(h * dpr));
}

void VolumeView3D::paintGL()
{
    const qreal dpr = devicePixelRatioF();
    m_vtk->window->SetIsCurrent(true);
    m_vtk->window->SetReadyForRendering(true);
    m_vtk->window->SetSize(int(width() * dpr), int(height() * dpr));
    m_vtk->window->Render();
    m_vtk->window->SetReadyForRendering(false);
    m_rendered = true;
}

void VolumeView3D::setVolume(std::shared_ptr<const core::Volume> volume)
{
    // Surfaces belong to the old grid, and the label map given with it may be gone next.
    m_labels = nullptr;
    clearSurfaces();
    m_volume = std::move(volume);
    Vtk &v = *m_vtk;
    if (v.volume)
        v.renderer->RemoveVolume(v.volume);
    v.volume = nullptr;
    v.image = nullptr;
    if (!m_volume) {
        update();
        return;
    }
    const core::Geometry &g = m_volume->geometry();
    v.image = vtkSmartPointer<vtkImageData>::New();
    v.image->SetDimensions(g.dims[0], g.dims[1], g.dims[2]);
    v.image->SetSpacing(g.spacing[0], g.spacing[1], g.spacing[2]);
    v.image->SetOrigin(0, 0, 0);
    // The voxels are shared, not copied: VTK must not free them (save = 1).
    void *raw = const_cast<void *>(m_volume->raw());
    const vtkIdType n = vtkIdType(m_volume->voxelCount());
    vtkSmartPointer<vtkDataArray> scalars;
    switch (m_volume->type()) {
    case core::ScalarType::Int16: {
        auto a = vtkSmartPointer<vtkShortArray>::New();
        a->SetArray(static_cast<short *>(raw), n, 1);
        scalars = a;
        break;
    }
    case core::ScalarType::UInt16: {
        auto a = vtkSmartPointer<vtkUnsignedShortArray>::New();
        a->SetArray(static_cast<unsigned short *>(raw), n, 1);
        scalars = a;
        break;
    }
    case core::ScalarType::Float32: {
        auto a = vtkSmartPointer<vtkFloatArray>::New();
        a->SetArray(static_cast<float *>(raw), n, 1);
        scalars = a;
        break;
    }
    case core::ScalarType::Int32: {
        auto a = vtkSmartPointer<vtkIntArray>::New();
        a->SetArray(static_cast<int *>(raw), n, 1);
        scalars = a;
        break;
    }
    case core::ScalarType::Rgb24: { // rendered by luminance (a copy owned by VTK)
        auto a = vtkSmartPointer<vtkUnsignedCharArray>::New();
        a->SetNumberOfValues(n);
        for (vtkIdType i = 0; i < n; ++i)
            a->SetValue(i, static_cast<unsigned char>(m_volume->value(std::size_t(i)) + 0.5));
        scalars = a;
        break;
    }
    }
    scalars->SetName("values");
    v.image->GetPointData()->SetScalars(scalars);

    // Index space -> LPS: the direction cosines and origin go into the props' user matrix.
    for (int r = 0; r < 3; ++r) {
        for (int c = 0; c < 3; ++c)
            v.placement->SetElement(r, c, g.direction[std::size_t(r * 3 + c)]);
        v.placement->SetElement(r, 3, g.origin[std::size_t(r)]);
    }
    v.mapper = vtkSmartPointer<vtkSmartVolumeMapper>::New();
    v.mapper->SetInputData(v.image);
    v.mapper->SetBlendModeToComposite();
    v.volume = vtkSmartPointer<vtkVolume>::New();
    v.volume->SetMapper(v.mapper);
    v.volume->SetUserMatrix(v.placement);
    v.renderer->AddVolume(v.volume);
    if (m_volume->unit != "HU" && m_preset != Preset::MrDefault)
        m_preset = Preset::MrDefault;
    applyPreset();
    m_cameraSet = false;
    resetCamera();
}

void VolumeView3D::setPreset(Preset preset)
{
    m_preset = preset;
    applyPreset();
    update();
}

void VolumeView3D::applyPreset()
{
    if (!m_vtk->volume || !m_volume)
        return;
    auto color = vtkSmartPointer<vtkColorTransferFunction>::New();
    auto opacity = vtkSmartPointer<vtkPiecewiseFunction>::New();
    auto property = vtkSmartPointer<vtkVolumeProperty>::New();
    property->SetInterpolationTypeToLinear();
    property->ShadeOn();
    property->SetAmbient(0.2);
    property->SetDiffuse(0.8);
    property->SetSpecular(0.2);
    switch (m_preset) {
    case Preset::CtBone: // after 3D Slicer's CT-Bone
        color->AddRGBPoint(-1000, 0.0, 0.0, 0.0);
        color->AddRGBPoint(150, 0.55, 0.25, 0.15);
        color->AddRGBPoint(300, 0.88, 0.60, 0.29);
        color->AddRGBPoint(1200, 1.0, 0.94, 0.95);
        opacity->AddPoint(-1000, 0.0);
        opacity->AddPoint(150, 0.0);
        opacity->AddPoint(300, 0.25);
        opacity->AddPoint(1200, 0.85);
        break;
    case Preset::CtSoftTissue: // after 3D Slicer's CT-Soft-Tissue
        color->AddRGBPoint(-1000, 0.0, 0.0, 0.0);
        color->AddRGBPoint(-160, 0.55, 0.25, 0.15);
        color->AddRGBPoint(40, 0.88, 0.60, 0.29);
        color->AddRGBPoint(240, 1.0, 0.94, 0.95);
        opacity->AddPoint(-1000, 0.0);
        opacity->AddPoint(-200, 0.0);
        opacity->AddPoint(-100, 0.02);
        opacity->AddPoint(40, 0.12);
        opacity->AddPoint(240, 0.5);
        break;
    case Preset::MrDefault: {
        const auto range = m_volume->range();
        const double lo = range[0], hi = range[1], span = std::max(hi - lo, 1.0);
        color->AddRGBPoint(lo, 0, 0, 0);
        color->AddRGBPoint(lo + 0.3 * span, 0.7, 0.6, 0.5);
        color->AddRGBPoint(hi, 1, 1, 1);
        opacity->AddPoint(lo, 0.0);
        opacity->AddPoint(lo + 0.1 * span, 0.0);
        opacity->AddPoint(lo + 0.5 * span, 0.3);
        opacity->AddPoint(hi, 0.8);
        break;
    }
    }
    property->SetColor(color);
    property->SetScalarOpacity(opacity);
    m_vtk->volume->SetProperty(property);
}

void VolumeView3D::setVolumeVisible(bool visible)
{
    if (m_vtk->volume)
        m_vtk->volume->SetVisibility(visible);
    update();
}

void VolumeView3D::setSegments(const core::LabelMap *labels, const std::vector<core::Segment> &segments)
{
    m_labels = labels;
    m_segments = segments;
    if (!labels || !m_volume || labels->dims() != m_volume->geometry().dims || segments.empty()) {
        clearSurfaces();
        update();
        return;
    }
    applySegmentStyle();
    update();
    scheduleRebuild();
}

void VolumeView3D::labelsChanged()
{
    if (m_labels && m_volume)
        scheduleRebuild();
}

void VolumeView3D::setRebuildDelay(int ms)
{
    m_rebuildTimer->setInterval(std::max(0, ms));
}

bool VolumeView3D::surfacesPending() const
{
    return m_building || m_rebuildTimer->isActive();
}

void VolumeView3D::scheduleRebuild()
{
    ++m_changes;
    m_rebuildTimer->start(); // restarted by every change: a burst of strokes is one rebuild
}

void VolumeView3D::startRebuild()
{
    if (m_building)
        return; // the running build's result is stale; its end starts the next one
    if (!m_labels || !m_volume || m_labels->dims() != m_volume->geometry().dims || m_segments.empty())
        return;
    SurfaceJob job;
    job.labels = std::make_shared<const core::LabelMap>(*m_labels); // the one copy on this thread
    job.previous = m_vtk->built;
    for (const core::Segment &s : m_segments)
        if (s.visible)
            job.wanted.push_back(s.label);
    for (const auto &entry : m_vtk->surfaces)
        job.shown.push_back(entry.first);
    job.spacing = m_volume->geometry().spacing;
    job.change = m_changes;
    m_building = true;
    m_vtk->watcher->setFuture(QtConcurrent::run(buildSurfaces, std::move(job)));
}

void VolumeView3D::clearSurfaces()
{
    Vtk &v = *m_vtk;
    for (auto &entry : v.surfaces)
        v.renderer->RemoveActor(entry.second);
    v.surfaces.clear();
    v.built.reset();
    ++m_changes; // a build under way is for what was cleared
    m_rebuildTimer->stop();
}

void VolumeView3D::applySegmentStyle()
{
    // Colours at once; hidden or removed segments lose their surface (rebuilt when shown again).
    Vtk &v = *m_vtk;
    for (auto it = v.surfaces.begin(); it != v.surfaces.end();) {
        const auto s = std::find_if(m_segments.begin(), m_segments.end(),
                                    [&](const core::Segment &x) { return x.label == it->first; });
        if (s == m_segments.end() || !s->visible) {
            v.renderer->RemoveActor(it->second);
            it = v.surfaces.erase(it);
            continue;
        }
        it->second->GetProperty()->SetColor(((s->rgb >> 16) & 0xff) / 255.0, ((s->rgb >> 8) & 0xff) / 255.0,
                                            (s->rgb & 0xff) / 255.0);
        ++it;
    }
}

int VolumeView3D::surfaceCount() const
{
    return int(m_vtk->surfaces.size());
}

int VolumeView3D::surfacePoints(int label) const
{
    const auto it = m_vtk->surfaces.find(label);
    return it == m_vtk->surfaces.end() ? 0 : int(it->second->GetMapper()->GetInput()->GetNumberOfPoints());
}

std::array<double, 6> VolumeView3D::surfaceBounds(int label) const
{
    std::array<double, 6> b{};
    const auto it = m_vtk->surfaces.find(label);
    if (it != m_vtk->surfaces.end())
        it->second->GetBounds(b.data()); // with the placement: LPS mm
    return b;
}

void VolumeView3D::resetCamera()
{
    Vtk &v = *m_vtk;
    vtkCamera *camera = v.renderer->GetActiveCamera();
    // Anterior view, head up: looking from -y (anterior in LPS) towards +y, +z up.
    camera->SetFocalPoint(0, 0, 0);
    camera->SetPosition(0, -1, 0);
    camera->SetViewUp(0, 0, 1);
    v.renderer->ResetCamera();
    camera->Zoom(1.3);
    update();
}

void VolumeView3D::forwardMouse(QMouseEvent *e, unsigned long vtkEvent)
{
    const qreal dpr = devicePixelRatioF();
    Vtk &v = *m_vtk;
    v.interactor->SetEventInformationFlipY(int(e->position().x() * dpr), int(e->position().y() * dpr),
                                           (e->modifiers() & Qt::ControlModifier) ? 1 : 0,
                                           (e->modifiers() & Qt::ShiftModifier) ? 1 : 0);
    v.interactor->InvokeEvent(vtkEvent, nullptr);
    update();
}

void VolumeView3D::mousePressEvent(QMouseEvent *e)
{
    switch (e->button()) {
    case Qt::LeftButton: forwardMouse(e, vtkCommand::LeftButtonPressEvent); break;
    case Qt::RightButton: forwardMouse(e, vtkCommand::RightButtonPressEvent); break;
    case Qt::MiddleButton: forwardMouse(e, vtkCommand::MiddleButtonPressEvent); break;
    default: break;
    }
}

void VolumeView3D::mouseMoveEvent(QMouseEvent *e)
{
    forwardMouse(e, vtkCommand::MouseMoveEvent);
}

void VolumeView3D::mouseReleaseEvent(QMouseEvent *e)
{
    switch (e->button()) {
    case Qt::LeftButton: forwardMouse(e, vtkCommand::LeftButtonReleaseEvent); break;
    case Qt::RightButton: forwardMouse(e, vtkCommand::RightButtonReleaseEvent); break;
    case Qt::MiddleButton: forwardMouse(e, vtkCommand::MiddleButtonReleaseEvent); break;
    default: break;
    }
}

void VolumeView3D::wheelEvent(QWheelEvent *e)
{
    vtkCamera *camera = m_vtk->renderer->GetActiveCamera();
    camera->Dolly(std::pow(1.1, e->angleDelta().y() / 120.0));
    m_vtk->renderer->ResetCameraClippingRange();
    update();
    e->accept();
}

void VolumeView3D::keyPressEvent(QKeyEvent *e)
{
    if (e->key() == Qt::Key_R)
        resetCamera();
    else
        QOpenGLWidget::keyPressEvent(e);
}

} // namespace widgets
} // namespace sagitta
