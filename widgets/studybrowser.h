#pragma once
// StudyBrowser: the project's imaging as radiologists browse it: patients, their studies (date,
// modalities, series count) and the series of each study with a thumbnail and size; series
// with warnings carry a warning icon and say why in their tooltip. Emits the chosen series.
#include <QTreeWidget>

namespace sagitta {
namespace widgets {

class StudyBrowser : public QTreeWidget {
    Q_OBJECT
public:
    struct Entry {
        qint64 id = 0;     // series id
        QString patient;   // shown as the top level, e.g. "DOE, JANE (ID 123)"
        QString studyKey;  // groups series into studies (StudyInstanceUID)
        QString studyDate; // YYYYMMDD as stored, shown as YYYY-MM-DD
        QString modality;
        QString text;      // the series' own lines
        QString warnings;  // empty: none
    };

    explicit StudyBrowser(QWidget *parent = nullptr);

    // Replaces the content; keeps the current series selected when it is still there.
    void setEntries(const std::vector<Entry> &entries);
    void setThumbnail(qint64 seriesId, const QImage &image);
    // Selects a series without emitting seriesChosen.
    void selectSeries(qint64 seriesId);
    qint64 currentSeries() const;
    int seriesCount() const;
    QTreeWidgetItem *seriesItem(qint64 seriesId) const;
    QStringList seriesTexts() const;

Q_SIGNALS:
    void seriesChosen(qint64 seriesId);

private:
    std::map<qint64, QTreeWidgetItem *> m_items;
};

} // namespace widgets
} // namespace sagitta
