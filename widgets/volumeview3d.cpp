#include "widgets/volumeview3d.h"

#include <QMouseEvent>
#include <QSurfaceFormat>
#include <QWheelEvent>

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

struct VolumeView3D::Vtk {
    vtkSmartPointer<vtkGenericOpenGLRenderWindow> window = vtkSmartPointer<vtkGenericOpenGLRenderWindow>::New();
    vtkSmartPointer<vtkRenderer> renderer = vtkSmartPointer<vtkRenderer>::New();
    vtkSmartPointer<vtkGenericRenderWindowInteractor> interactor = vtkSmartPointer<vtkGenericRenderWindowInteractor>::New();
    vtkSmartPointer<vtkImageData> image;
    vtkSmartPointer<vtkSmartVolumeMapper> mapper;
    vtkSmartPointer<vtkVolume> volume;
    vtkSmartPointer<vtkMatrix4x4> placement = vtkSmartPointer<vtkMatrix4x4>::New();
    std::vector<vtkSmartPointer<vtkActor>> surfaces;
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
}

VolumeView3D::~VolumeView3D()
{
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
    Vtk &v = *m_vtk;
    for (auto &actor : v.surfaces)
        v.renderer->RemoveActor(actor);
    v.surfaces.clear();
    if (!labels || !m_volume || labels->dims() != m_volume->geometry().dims || segments.empty()) {
        update();
        return;
    }
    const auto &d = labels->dims();
    const core::Geometry &g = m_volume->geometry();
    // A contiguous copy of each layer of the label map that a shown segment is on, for VTK
    // (chunks are sparse; most stay zero). Overlapping segments each get their whole surface.
    std::map<int, vtkSmartPointer<vtkImageData>> layers;
    auto layerImage = [&](int layer) {
        auto &label = layers[layer];
        if (label)
            return label;
        label = vtkSmartPointer<vtkImageData>::New();
        label->SetDimensions(d[0], d[1], d[2]);
        label->SetSpacing(g.spacing[0], g.spacing[1], g.spacing[2]);
        label->AllocateScalars(VTK_UNSIGNED_CHAR, 1);
        auto *out = static_cast<unsigned char *>(label->GetScalarPointer());
        for (int k = 0; k < d[2]; ++k)
            for (int j = 0; j < d[1]; ++j)
                for (int i = 0; i < d[0]; ++i)
                    *out++ = labels->at(i, j, k, layer);
        return label;
    };
    const auto histogram = labels->histogram();
    for (const core::Segment &s : segments) {
        if (histogram[s.label] == 0 || !s.visible)
            continue;
        auto surface = vtkSmartPointer<vtkDiscreteFlyingEdges3D>::New();
        surface->SetInputData(layerImage(labels->layerOf(s.label)));
        surface->SetValue(0, s.label);
        surface->ComputeNormalsOn();
        auto smooth = vtkSmartPointer<vtkWindowedSincPolyDataFilter>::New();
        smooth->SetInputConnection(surface->GetOutputPort());
        smooth->SetNumberOfIterations(15);
        smooth->SetPassBand(0.1);
        smooth->NormalizeCoordinatesOn();
        auto normals = vtkSmartPointer<vtkPolyDataNormals>::New(); // shading after smoothing
        normals->SetInputConnection(smooth->GetOutputPort());
        normals->SetFeatureAngle(60.0);
        auto mapper = vtkSmartPointer<vtkPolyDataMapper>::New();
        mapper->SetInputConnection(normals->GetOutputPort());
        mapper->ScalarVisibilityOff();
        auto actor = vtkSmartPointer<vtkActor>::New();
        actor->SetMapper(mapper);
        actor->SetUserMatrix(v.placement);
        actor->GetProperty()->SetColor(((s.rgb >> 16) & 0xff) / 255.0, ((s.rgb >> 8) & 0xff) / 255.0, (s.rgb & 0xff) / 255.0);
        actor->GetProperty()->SetSpecular(0.3);
        v.renderer->AddActor(actor);
        v.surfaces.push_back(actor);
    }
    update();
}

int VolumeView3D::surfaceCount() const
{
    return int(m_vtk->surfaces.size());
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
