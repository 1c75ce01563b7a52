#include "widgets/studybrowser.h"

#include <QHeaderView>
#include <QSignalBlocker>
#include <QStyle>

#include <map>
#include <set>

namespace sagitta {
namespace widgets {

namespace {
constexpr int kSeriesRole = Qt::UserRole + 1;

QString isoDate(const QString &dicomDate)
{
    return dicomDate.size() == 8 ? dicomDate.left(4) + QLatin1Char('-') + dicomDate.mid(4, 2) + QLatin1Char('-') + dicomDate.right(2)
                                 : dicomDate;
}
} // namespace

StudyBrowser::StudyBrowser(QWidget *parent) : QTreeWidget(parent)
{
    setHeaderHidden(true);
    setIconSize(QSize(48, 48));
    setWordWrap(true);
    setUniformRowHeights(false);
    setIndentation(12);
    setSelectionMode(QAbstractItemView::SingleSelection);
    connect(this, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (item && item->data(0, kSeriesRole).isValid())
            Q_EMIT seriesChosen(item->data(0, kSeriesRole).toLongLong());
    });
}

void StudyBrowser::setEntries(const std::vector<Entry> &entries)
{
    const qint64 current = currentSeries();
    const QSignalBlocker block(this);
    clear();
    m_items.clear();
    // Patients in order of first appearance; studies newest first; series as given.
    std::map<QString, QTreeWidgetItem *> patients;
    std::map<std::pair<QString, QString>, QTreeWidgetItem *> studies;
    std::map<QTreeWidgetItem *, std::set<QString>> modalities;
    std::map<QTreeWidgetItem *, int> counts;
    std::vector<Entry> sorted = entries;
    std::stable_sort(sorted.begin(), sorted.end(), [](const Entry &a, const Entry &b) { return a.studyDate > b.studyDate; });
    for (const Entry &e : sorted) {
        QTreeWidgetItem *&patient = patients[e.patient];
        if (!patient) {
            patient = new QTreeWidgetItem(this, {e.patient.isEmpty() ? tr("Unknown patient") : e.patient});
            patient->setFlags(Qt::ItemIsEnabled);
            patient->setToolTip(0, patient->text(0));
            QFont bold = patient->font(0);
            bold.setBold(true);
            patient->setFont(0, bold);
        }
        QTreeWidgetItem *&study = studies[{e.patient, e.studyKey}];
        if (!study) {
            study = new QTreeWidgetItem(patient);
            study->setFlags(Qt::ItemIsEnabled);
            study->setData(0, Qt::UserRole, isoDate(e.studyDate));
        }
        modalities[study].insert(e.modality);
        ++counts[study];
        auto *item = new QTreeWidgetItem(study, {e.text});
        item->setData(0, kSeriesRole, e.id);
        if (!e.warnings.isEmpty()) {
            item->setToolTip(0, e.warnings);
            item->setIcon(0, style()->standardIcon(QStyle::SP_MessageBoxWarning));
        }
        m_items[e.id] = item;
    }
    for (auto &[study, mods] : modalities) {
        QStringList m(mods.begin(), mods.end());
        const QString date = study->data(0, Qt::UserRole).toString();
        study->setText(0, tr("%1  %2, %n series", nullptr, counts[study])
                              .arg(date.isEmpty() ? tr("Undated study") : date, m.join(QLatin1Char('/'))));
    }
    expandAll();
    if (current)
        selectSeries(current);
}

void StudyBrowser::setThumbnail(qint64 seriesId, const QImage &image)
{
    QTreeWidgetItem *item = seriesItem(seriesId);
    if (item && !image.isNull() && item->toolTip(0).isEmpty())
        item->setIcon(0, QIcon(QPixmap::fromImage(image)));
}

void StudyBrowser::selectSeries(qint64 seriesId)
{
    const QSignalBlocker block(this);
    if (QTreeWidgetItem *item = seriesItem(seriesId))
        setCurrentItem(item);
}

qint64 StudyBrowser::currentSeries() const
{
    const QTreeWidgetItem *item = currentItem();
    return item && item->data(0, kSeriesRole).isValid() ? item->data(0, kSeriesRole).toLongLong() : 0;
}

int StudyBrowser::seriesCount() const
{
    return int(m_items.size());
}

QTreeWidgetItem *StudyBrowser::seriesItem(qint64 seriesId) const
{
    const auto it = m_items.find(seriesId);
    return it == m_items.end() ? nullptr : it->second;
}

QStringList StudyBrowser::seriesTexts() const
{
    QStringList out;
    for (const auto &[id, item] : m_items)
        out << item->text(0);
    return out;
}

} // namespace widgets
} // namespace sagitta
