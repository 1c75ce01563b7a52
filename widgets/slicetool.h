#pragma once
// SliceTool: what the left button and the keys do in a SliceView. The view keeps slicing,
// window/level, zoom and pan for itself (wheel, right and middle buttons, Shift+left drag) and
// hands everything else to its tool: Navigate, the brush, measurements, outlines (polygon,
// lasso, scissors), level trace, or any tool added later, without the view knowing it.
//
// A tool may serve several views at once (the grid's three planes share one): every call
// names the view, and a tool keeps the view of a gesture in progress. Tools that edit labels
// write through the view's LabelEditor (one LabelDelta per gesture, so undo, the audit log and
// the chunked save are the same for all); they do not tell anybody that labels changed: the
// editor's one change path does (core/project/seriessession.h). GUI thread only.
#include <QCursor>
#include <QObject>

class QKeyEvent;
class QMouseEvent;
class QPainter;

namespace sagitta {
namespace widgets {

class SliceView;

class SliceTool : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    virtual QCursor cursor() const { return Qt::CrossCursor; }
    // Left button pressed; false: the tool does nothing with it.
    virtual bool press(SliceView &view, QMouseEvent *event) = 0;
    // The pointer moved, with or without a button (hover previews, rubber bands).
    virtual void move(SliceView &, QMouseEvent *) {}
    virtual void release(SliceView &, QMouseEvent *) {}
    virtual void doubleClick(SliceView &, QMouseEvent *) {}
    // Keys the view does not use itself (the view keeps arrows, Page, Home/End, +/-, R).
    virtual bool key(SliceView &, QKeyEvent *) { return false; }
    // Draws over the slice: the brush outline, a shape being drawn, a preview.
    virtual void paint(SliceView &, QPainter &) {}
    virtual void leave(SliceView &) {}
    // The view shows another slice, plane or volume, or the tool is taken away: a gesture in
    // progress there is dropped (a brush stroke already painted is finished, not lost).
    virtual void reset(SliceView &) {}
};

} // namespace widgets
} // namespace sagitta
