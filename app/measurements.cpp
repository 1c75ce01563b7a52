#include "app/measurements.h"

#include <QCoreApplication>

#include <nlohmann/json.hpp>

namespace sagitta {
namespace app {

widgets::SliceView::MeasurementOverlay measurementOverlay(const core::Measurement &mm)
{
    widgets::SliceView::MeasurementOverlay o;
    o.kind = mm.kind == "ruler"     ? widgets::MeasureKind::Ruler
             : mm.kind == "ellipse" ? widgets::MeasureKind::Ellipse
                                    : widgets::MeasureKind::Rectangle;
    o.axis = core::SliceAxis(mm.planeAxis);
    o.slice = mm.slice;
    o.p0 = QPointF(mm.points[0], mm.points[1]);
    o.p1 = QPointF(mm.points[2], mm.points[3]);
    const nlohmann::json r = nlohmann::json::parse(mm.resultJson);
    const QString unit = QString::fromStdString(r.value("unit", std::string()));
    if (o.kind == widgets::MeasureKind::Ruler)
        o.label = QCoreApplication::translate("sagitta::app::MainWindow", "%1 mm").arg(r.value("length_mm", 0.0), 0, 'f', 1);
    else
        o.label = QCoreApplication::translate("sagitta::app::MainWindow", "Area %1 mm\u00b2\nMean %2 %5, SD %3\nMin %4, Max %6")
                      .arg(r.value("area_mm2", 0.0), 0, 'f', 1)
                      .arg(r.value("mean", 0.0), 0, 'f', 1)
                      .arg(r.value("sd", 0.0), 0, 'f', 1)
                      .arg(r.value("min", 0.0), 0, 'g', 6)
                      .arg(unit)
                      .arg(r.value("max", 0.0), 0, 'g', 6);
    return o;
}

} // namespace app
} // namespace sagitta
