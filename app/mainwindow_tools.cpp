// The main window's tools (Tools menu and toolbar) and measurements.
#include "app/effectscontroller.h"
#include "app/functioncommand.h"
#include "app/mainwindow.h"
#include "app/measurements.h"

#include "core/image/measure.h"

#include <nlohmann/json.hpp>

#include <QAction>
#include <QActionGroup>
#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QMenu>
#include <QStatusBar>
#include <QToolBar>

namespace sagitta {
namespace app {

void MainWindow::createTools(QMenu *menu)
{
    using widgets::MeasureKind;
    using widgets::OutlineTool;
    m_paintTool = new widgets::BrushTool(widgets::BrushTool::Mode::Paint, this);
    m_eraseTool = new widgets::BrushTool(widgets::BrushTool::Mode::Erase, this);
    auto *polygon = new OutlineTool(OutlineTool::Shape::Polygon, this);
    auto *lasso = new OutlineTool(OutlineTool::Shape::Lasso, this);
    m_scissorsTool = new OutlineTool(OutlineTool::Shape::Lasso, this);
    m_scissorsTool->setSlab(m_effects->scissorsSlab());
    auto *trace = new widgets::LevelTraceTool(this);
    // Same order as Tool.
    const std::pair<widgets::SliceTool *, QString> items[] = {
        {new widgets::NavigateTool(this), tr("&Navigate")},
        {m_paintTool, tr("&Paint")},
        {m_eraseTool, tr("&Erase")},
        {polygon, tr("P&olygon")},
        {lasso, tr("&Lasso")},
        {m_scissorsTool, tr("&Scissors")},
        {trace, tr("Level &Trace")},
        {new widgets::MeasureTool(MeasureKind::Ruler, this), tr("R&uler")},
        {new widgets::MeasureTool(MeasureKind::Rectangle, this), tr("Re&ctangle ROI")},
        {new widgets::MeasureTool(MeasureKind::Ellipse, this), tr("E&llipse ROI")},
    };
    const QKeySequence keys[] = {Qt::Key_N, Qt::Key_B, Qt::Key_E, Qt::Key_P, Qt::Key_L, Qt::Key_S, Qt::Key_T, {}, {}, {}};
    auto *group = new QActionGroup(this);
    int n = 0;
    for (const auto &[tool, text] : items) {
        if (n == int(Tool::Polygon) || n == int(Tool::Ruler))
            menu->addSeparator();
        QAction *a = menu->addAction(text);
        a->setShortcut(keys[n]);
        a->setCheckable(true);
        group->addAction(a);
        connect(a, &QAction::triggered, this, [this, n] { setTool(Tool(n)); });
        m_tools.emplace_back(tool, a);
        ++n;
    }
    m_tools.front().second->setChecked(true);
    m_grid->setTool(m_tools.front().first);

    m_tools[std::size_t(Tool::Polygon)].second->setToolTip(tr("Click the corners; double-click or Enter fills the polygon, Backspace takes a corner back, Esc drops it"));
    m_tools[std::size_t(Tool::Lasso)].second->setToolTip(tr("Drag around the region to fill it"));
    m_tools[std::size_t(Tool::Scissors)].second->setToolTip(tr("Drag around a region: it is filled or erased through the slab set in the Effects dock"));
    m_tools[std::size_t(Tool::LevelTrace)].second->setToolTip(tr("The outline follows the region of similar values under the pointer; click to fill it"));
    // The outline tools' options live in the Effects dock.
    auto applyOptions = [this, polygon, lasso, trace] {
        for (widgets::OutlineTool *t : {polygon, lasso, m_scissorsTool})
            t->setOperation(m_effects->outlineOp());
        m_scissorsTool->setSlab(m_effects->scissorsSlab());
        trace->setTolerance(m_effects->traceTolerance());
    };
    applyOptions();
    connect(m_effects, &widgets::EffectsPanel::toolOptionsChanged, this, applyOptions);
    for (widgets::OutlineTool *t : {polygon, lasso, m_scissorsTool}) {
        connect(t, &widgets::OutlineTool::applied, this, [this](qulonglong voxels) {
            statusBar()->showMessage(tr("%n voxel(s) changed.", nullptr, int(voxels)));
        });
        connect(t, &widgets::OutlineTool::failed, this, &MainWindow::showError);
    }
    connect(trace, &widgets::LevelTraceTool::applied, this, [this](qulonglong voxels) {
        statusBar()->showMessage(tr("%n voxel(s) changed.", nullptr, int(voxels)));
    });
    for (Tool t : {Tool::Ruler, Tool::Rectangle, Tool::Ellipse})
        connect(static_cast<widgets::MeasureTool *>(toolObject(t)), &widgets::MeasureTool::drawn, this, &MainWindow::addMeasurement);
}

void MainWindow::createToolBar()
{
    QToolBar *bar = addToolBar(tr("Tools"));
    bar->setObjectName(QStringLiteral("toolsBar"));
    for (Tool t : {Tool::Navigate, Tool::Paint, Tool::Erase, Tool::Polygon, Tool::Lasso, Tool::Scissors, Tool::LevelTrace,
                   Tool::Ruler, Tool::Ellipse})
        bar->addAction(m_tools[std::size_t(t)].second);
    bar->addSeparator();
    bar->addWidget(new QLabel(tr("Brush radius") + QLatin1Char(' '), bar));
    m_radius = new QDoubleSpinBox(bar);
    m_radius->setRange(0.5, 50.0);
    m_radius->setSingleStep(0.5);
    m_radius->setValue(m_paintTool->radiusMm());
    bar->addWidget(m_radius);
    connect(m_radius, &QDoubleSpinBox::valueChanged, this, [this](double mm) {
        m_paintTool->setRadiusMm(mm);
        m_eraseTool->setRadiusMm(mm);
        m_grid->update();
    });
    auto *unit = new QComboBox(bar);
    unit->setObjectName(QStringLiteral("brushUnit"));
    unit->addItem(tr("mm"));
    unit->addItem(tr("pixels"));
    unit->setToolTip(tr("The brush radius in millimetres or in pixels of the slice"));
    bar->addWidget(unit);
    connect(unit, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_paintTool->setRadiusInPixels(index == 1);
        m_eraseTool->setRadiusInPixels(index == 1);
        m_radius->setSuffix(index == 1 ? tr(" px") : tr(" mm"));
        m_grid->update();
    });
    m_sphere = bar->addAction(tr("3D"));
    m_sphere->setCheckable(true);
    m_sphere->setToolTip(tr("Sphere brush: paint and erase through the neighbouring slices too"));
    connect(m_sphere, &QAction::toggled, this, [this](bool on) {
        m_paintTool->setSphere(on);
        m_eraseTool->setSphere(on);
    });
    bar->addSeparator();
    bar->addWidget(new QLabel(tr("Window") + QLatin1Char(' '), bar));
    m_presets = new QComboBox(bar);
    m_presets->addItem(tr("Custom"));
    for (const core::WindowPreset &p : core::ctWindowPresets())
        m_presets->addItem(QCoreApplication::translate("WindowPreset", p.name.c_str()));
    bar->addWidget(m_presets);
    connect(m_presets, &QComboBox::activated, this, &MainWindow::applyPreset);
    bar->addSeparator();
    bar->addAction(m_undo);
    bar->addAction(m_redo);
    // Preset names, for the translation tools.
    (void)QT_TRANSLATE_NOOP("WindowPreset", "CT soft tissue");
    (void)QT_TRANSLATE_NOOP("WindowPreset", "CT lung");
    (void)QT_TRANSLATE_NOOP("WindowPreset", "CT bone");
    (void)QT_TRANSLATE_NOOP("WindowPreset", "CT brain");
}

widgets::SliceTool *MainWindow::toolObject(Tool tool) const
{
    return m_tools[std::size_t(tool)].first;
}

void MainWindow::setTool(Tool tool)
{
    if (labelsReadOnly())
        tool = Tool::Navigate; // every other tool writes to the labels shown
    m_tool = tool;
    m_tools[std::size_t(tool)].second->setChecked(true);
    m_grid->setTool(toolObject(tool));
}

void MainWindow::setBrushRadius(double mm)
{
    m_radius->setValue(mm); // the spin box forwards it to the brushes
}

void MainWindow::addMeasurement(widgets::MeasureKind kind, const core::SlicePlane &plane, QPointF p0, QPointF p1)
{
    if (!m_project || !m_session || m_project->readOnly())
        return;
    const core::Volume &volume = *m_session->volume();
    core::Measurement mm;
    mm.seriesId = m_seriesId;
    mm.planeAxis = int(plane.axis);
    mm.slice = plane.index;
    mm.points = {p0.x(), p0.y(), p1.x(), p1.y()};
    nlohmann::json result;
    if (kind == widgets::MeasureKind::Ruler) {
        mm.kind = "ruler";
        result["length_mm"] = core::rulerLengthMm(volume.geometry(), plane, p0.x(), p0.y(), p1.x(), p1.y());
    } else {
        mm.kind = kind == widgets::MeasureKind::Ellipse ? "ellipse" : "rectangle";
        const core::RoiStats st = core::roiStatistics(
            volume, plane, kind == widgets::MeasureKind::Ellipse ? core::RoiShape::Ellipse : core::RoiShape::Rectangle, p0.x(),
            p0.y(), p1.x(), p1.y());
        result = {{"area_mm2", st.areaMm2}, {"mean", st.mean}, {"sd", st.sd}, {"min", st.min},
                  {"max", st.max},          {"voxels", st.voxels}, {"unit", volume.unit}};
    }
    mm.resultJson = result.dump();
    try {
        mm.id = m_project->labelStore().addMeasurement(mm);
        // One undo step, as every edit of the series (the change path refreshes the list).
        core::Project *project = m_project.get();
        m_session->editor().apply({}, std::make_shared<FunctionCommand>([project, mm] { project->labelStore().removeMeasurement(mm.id); },
                                                                        [project, mm] { project->labelStore().addMeasurement(mm); }));
    } catch (const std::exception &e) {
        showError(QString::fromStdString(e.what()));
        refreshMeasurements();
    }
}

void MainWindow::removeMeasurement(qint64 id)
{
    if (!m_project || !m_session || m_project->readOnly())
        return;
    try {
        core::Measurement removed;
        for (const core::Measurement &mm : m_project->labelStore().measurements(m_seriesId))
            if (mm.id == id)
                removed = mm;
        if (removed.id == 0)
            return;
        m_project->labelStore().removeMeasurement(id);
        core::Project *project = m_project.get();
        m_session->editor().apply({}, std::make_shared<FunctionCommand>([project, removed] { project->labelStore().addMeasurement(removed); },
                                                                        [project, removed] { project->labelStore().removeMeasurement(removed.id); }));
    } catch (const std::exception &e) {
        showError(QString::fromStdString(e.what()));
        refreshMeasurements();
    }
}

void MainWindow::refreshMeasurements()
{
    std::vector<widgets::SliceView::MeasurementOverlay> overlays;
    std::vector<qint64> ids;
    if (m_project && m_seriesId) {
        for (const core::Measurement &mm : m_project->labelStore().measurements(m_seriesId)) {
            overlays.push_back(measurementOverlay(mm));
            ids.push_back(mm.id);
        }
    }
    for (auto anatomy : {core::Anatomy::Axial, core::Anatomy::Coronal, core::Anatomy::Sagittal})
        m_grid->view(anatomy)->setMeasurements(overlays);
    m_measurements->setMeasurements(ids, overlays);
}

} // namespace app
} // namespace sagitta
