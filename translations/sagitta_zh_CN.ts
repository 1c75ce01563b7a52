<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccessDialogs</name>
    <message>
        <source>%1 is encrypted. Passphrase:</source>
        <translation>%1 已加密。口令：</translation>
    </message>
    <message>
        <source>Encrypted project</source>
        <translation>加密的项目</translation>
    </message>
    <message>
        <source>%1: not opened (it is encrypted and no passphrase was given)</source>
        <translation>%1：未打开（项目已加密，未输入口令）</translation>
    </message>
    <message>
        <source>Wrong passphrase for %1. Try again:</source>
        <translation>%1 的口令不正确。请重试：</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>reviewer</source>
        <translation>审核者</translation>
    </message>
    <message>
        <source>annotator</source>
        <translation>标注者</translation>
    </message>
    <message>
        <source>Who is working?</source>
        <translation>谁在工作？</translation>
    </message>
    <message>
        <source>Open %1 as:</source>
        <translation>以此用户身份打开 %1：</translation>
    </message>
    <message>
        <source>%1: not opened (no user chosen)</source>
        <translation>%1：未打开（未选择用户）</translation>
    </message>
</context>
<context>
    <name>ProgressMessage</name>
    <message>
        <source>listing files</source>
        <translation>正在列出文件</translation>
    </message>
    <message>
        <source>reading headers</source>
        <translation>正在读取文件头</translation>
    </message>
    <message>
        <source>scan complete</source>
        <translation>扫描完成</translation>
    </message>
    <message>
        <source>import scanned</source>
        <translation>导入扫描完成</translation>
    </message>
    <message>
        <source>decoding slices</source>
        <translation>正在解码切片</translation>
    </message>
    <message>
        <source>writing synthetic series</source>
        <translation>正在写入合成序列</translation>
    </message>
    <message>
        <source>demo project ready</source>
        <translation>演示项目已就绪</translation>
    </message>
    <message>
        <source>exporting notes</source>
        <translation>正在导出记录</translation>
    </message>
    <message>
        <source>finding entities</source>
        <translation>正在查找实体</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>ID %1</source>
        <translation>编号 %1</translation>
    </message>
    <message>
        <source>labels submitted</source>
        <translation>标注已提交</translation>
    </message>
    <message>
        <source>labels approved</source>
        <translation>标注已通过</translation>
    </message>
    <message>
        <source>labels rejected</source>
        <translation>标注已退回</translation>
    </message>
</context>
<context>
    <name>WindowPreset</name>
    <message>
        <source>CT soft tissue</source>
        <translation>CT 软组织</translation>
    </message>
    <message>
        <source>CT lung</source>
        <translation>CT 肺窗</translation>
    </message>
    <message>
        <source>CT bone</source>
        <translation>CT 骨窗</translation>
    </message>
    <message>
        <source>CT brain</source>
        <translation>CT 脑窗</translation>
    </message>
</context>
<context>
    <name>sagitta::app::AgreementDialog</name>
    <message>
        <source>Annotator Agreement</source>
        <translation>标注者一致性</translation>
    </message>
    <message>
        <source>Import brat annotations...</source>
        <translation>导入 brat 标注...</translation>
    </message>
    <message>
        <source>A folder of .ann files from another annotator, named as the export names the notes</source>
        <translation>另一位标注者的 .ann 文件所在文件夹，文件名与导出时的记录名相同</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Exact P</source>
        <translation>精确 P</translation>
    </message>
    <message>
        <source>Exact R</source>
        <translation>精确 R</translation>
    </message>
    <message>
        <source>Exact F1</source>
        <translation>精确 F1</translation>
    </message>
    <message>
        <source>Overlap F1</source>
        <translation>重叠 F1</translation>
    </message>
    <message>
        <source>Kappa</source>
        <translation>Kappa</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>词元数</translation>
    </message>
    <message>
        <source>Reference:</source>
        <translation>参照：</translation>
    </message>
    <message>
        <source>Compared:</source>
        <translation>比较：</translation>
    </message>
    <message>
        <source>Folder of brat .ann files</source>
        <translation>brat .ann 文件所在文件夹</translation>
    </message>
    <message numerus="yes">
        <source>Imported annotations of %n note(s) as %1.</source>
        <translation>
            <numerusform>已以 %1 的名义导入 %n 条记录的标注。</numerusform>
        </translation>
    </message>
    <message>
        <source>Agreement needs two annotators: accept or add spans as one person, and import another&apos;s brat files.</source>
        <translation>一致性需要两位标注者：以一人身份接受或添加片段，再导入另一人的 brat 文件。</translation>
    </message>
    <message>
        <source>All notes</source>
        <translation>全部记录</translation>
    </message>
    <message>
        <source>Note %1</source>
        <translation>记录 %1</translation>
    </message>
    <message numerus="yes">
        <source>%1 against %2 on %n note(s): exact F1 %3, overlap F1 %4, token kappa %5.</source>
        <translation>
            <numerusform>%1 对比 %2，共 %n 条记录：精确 F1 %3，重叠 F1 %4，词元 kappa %5。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sagitta::app::EffectsController</name>
    <message>
        <source>Interpolated slices kept.</source>
        <translation>已保留插值的层面。</translation>
    </message>
    <message>
        <source>Interpolation cancelled.</source>
        <translation>已取消插值。</translation>
    </message>
    <message>
        <source>Open a series and select a segment first.</source>
        <translation>请先打开一个序列并选择一个分割。</translation>
    </message>
    <message>
        <source>The island under the cursor was kept.</source>
        <translation>已保留光标处的连通区域。</translation>
    </message>
    <message>
        <source>The cursor is not on the segment.</source>
        <translation>光标不在该分割上。</translation>
    </message>
    <message numerus="yes">
        <source>%n voxel(s) interpolated: Accept or Cancel.</source>
        <translation>
            <numerusform>已插值 %n 个体素：请接受或取消。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n voxel(s) changed.</source>
        <translation>
            <numerusform>已更改 %n 个体素。</numerusform>
        </translation>
    </message>
    <message>
        <source>The labels changed while the effect ran: nothing was applied. Run it again.</source>
        <translation>效果运行期间标注已被更改：未应用任何结果。请重新运行。</translation>
    </message>
</context>
<context>
    <name>sagitta::app::EntityTypesDialog</name>
    <message>
        <source>Entity Types</source>
        <translation>实体类型</translation>
    </message>
    <message>
        <source>e.g. DEVICE</source>
        <translation>例如 DEVICE</translation>
    </message>
    <message>
        <source>One term per line, e.g.
pacemaker
central venous catheter</source>
        <translation>每行一个术语，例如
起搏器
中心静脉导管</translation>
    </message>
    <message>
        <source>Add type</source>
        <translation>添加类型</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Colour:</source>
        <translation>颜色：</translation>
    </message>
    <message>
        <source>Terms:</source>
        <translation>术语：</translation>
    </message>
    <message>
        <source>Built-in: PROBLEM, MEDICATION, ANATOMY, PROCEDURE, TEST (keys 1-5). Your types take keys 6-9 in the notes, in this order.</source>
        <translation>内置类型：PROBLEM、MEDICATION、ANATOMY、PROCEDURE、TEST（按键 1-5）。自定义类型按此顺序使用按键 6-9。</translation>
    </message>
    <message>
        <source>Entity colour</source>
        <translation>实体颜色</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n term(s))</source>
        <translation>
            <numerusform>%1（%n 个术语）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sagitta::app::ExportNotesDialog</name>
    <message>
        <source>Export Notes</source>
        <translation>导出临床记录</translation>
    </message>
    <message>
        <source>brat standoff (folder of .txt and .ann)</source>
        <translation>brat standoff（.txt 与 .ann 文件夹）</translation>
    </message>
    <message>
        <source>BioC XML</source>
        <translation>BioC XML</translation>
    </message>
    <message>
        <source>CoNLL IOB</source>
        <translation>CoNLL IOB</translation>
    </message>
    <message>
        <source>JSONL (one note per line)</source>
        <translation>JSONL（每行一条记录）</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>浏览...</translation>
    </message>
    <message>
        <source>De-identify (names, dates, IDs, contacts, ages over 89)</source>
        <translation>去标识化（姓名、日期、编号、联系方式、89 岁以上年龄）</translation>
    </message>
    <message>
        <source>Only spans people accepted or added</source>
        <translation>仅导出人工接受或添加的片段</translation>
    </message>
    <message numerus="yes">
        <source>Only the %n note(s) the list shows</source>
        <translation>
            <numerusform>仅导出列表中显示的 %n 条记录</numerusform>
        </translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>Save to:</source>
        <translation>保存到：</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Folder for the brat files</source>
        <translation>brat 文件的保存文件夹</translation>
    </message>
    <message>
        <source>Choose where to save the notes.</source>
        <translation>请选择记录的保存位置。</translation>
    </message>
    <message>
        <source>Exporting notes...</source>
        <translation>正在导出记录...</translation>
    </message>
    <message>
        <source>Cannot export the notes: %1</source>
        <translation>无法导出记录：%1</translation>
    </message>
</context>
<context>
    <name>sagitta::app::MainWindow</name>
    <message>
        <source>Sagitta</source>
        <translation>Sagitta</translation>
    </message>
    <message>
        <source>Open a project, import a DICOM folder or open the demo project.</source>
        <translation>打开项目、导入 DICOM 文件夹或打开演示项目。</translation>
    </message>
    <message>
        <source>Series</source>
        <translation>序列</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>分割</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New Project...</source>
        <translation>新建项目(&amp;N)...</translation>
    </message>
    <message>
        <source>&amp;Open Project...</source>
        <translation>打开项目(&amp;O)...</translation>
    </message>
    <message>
        <source>&amp;Import Folder...</source>
        <translation>导入文件夹(&amp;I)...</translation>
    </message>
    <message>
        <source>Open &amp;Demo Project</source>
        <translation>打开演示项目(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Navigate</source>
        <translation>浏览(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Paint</source>
        <translation>画笔(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Erase</source>
        <translation>橡皮擦(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Reset View</source>
        <translation>重置视图(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Sagitta</source>
        <translation>关于 Sagitta(&amp;A)</translation>
    </message>
    <message>
        <source>About Sagitta</source>
        <translation>关于 Sagitta</translation>
    </message>
    <message>
        <source>Sagitta: label lesions in DICOM images, review clinical notes and train models, offline, in one project file.</source>
        <translation>Sagitta：在 DICOM 图像中标注病灶、审阅临床记录并训练模型，全部离线完成，保存在同一个项目文件中。</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <source>Brush radius</source>
        <translation>画笔半径</translation>
    </message>
    <message>
        <source> mm</source>
        <translation> 毫米</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>窗宽窗位</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Creating the demo project...</source>
        <translation>正在创建演示项目...</translation>
    </message>
    <message>
        <source>Cannot create the demo project: %1</source>
        <translation>无法创建演示项目：%1</translation>
    </message>
    <message>
        <source>Sagitta - %1</source>
        <translation>Sagitta - %1</translation>
    </message>
    <message>
        <source>Loading series...</source>
        <translation>正在加载序列...</translation>
    </message>
    <message>
        <source>Cannot load the series: %1</source>
        <translation>无法加载序列：%1</translation>
    </message>
    <message>
        <source>Series loaded.</source>
        <translation>序列已加载。</translation>
    </message>
    <message>
        <source>Series loaded with warnings: %1</source>
        <translation>序列已加载，但有警告：%1</translation>
    </message>
    <message>
        <source>Open Project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>Sagitta projects (*.sagitta);;All files (*)</source>
        <translation>Sagitta 项目 (*.sagitta);;所有文件 (*)</translation>
    </message>
    <message>
        <source>New Project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <source>Sagitta projects (*.sagitta)</source>
        <translation>Sagitta 项目 (*.sagitta)</translation>
    </message>
    <message>
        <source>Import DICOM Folder</source>
        <translation>导入 DICOM 文件夹</translation>
    </message>
    <message>
        <source>Importing %1...</source>
        <translation>正在导入 %1...</translation>
    </message>
    <message>
        <source>Import failed: %1</source>
        <translation>导入失败：%1</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n series</source>
        <translation>
            <numerusform>已导入 %n 个序列</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n file(s) skipped</source>
        <translation>
            <numerusform>；跳过 %n 个文件</numerusform>
        </translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Layout 1 x 1</source>
        <translation>布局 1 x 1</translation>
    </message>
    <message>
        <source>Layout 1 x 3</source>
        <translation>布局 1 x 3</translation>
    </message>
    <message>
        <source>Layout 2 x 2 with 3D</source>
        <translation>布局 2 x 2（含三维）</translation>
    </message>
    <message>
        <source>&amp;Cine</source>
        <translation>电影播放(&amp;C)</translation>
    </message>
    <message>
        <source>3D &amp;Rendering</source>
        <translation>三维渲染(&amp;R)</translation>
    </message>
    <message>
        <source>CT bone</source>
        <translation>CT 骨骼</translation>
    </message>
    <message>
        <source>CT soft tissue</source>
        <translation>CT 软组织</translation>
    </message>
    <message>
        <source>MR default</source>
        <translation>MR 默认</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>临床记录</translation>
    </message>
    <message>
        <source>DICOM Tags</source>
        <translation>DICOM 标签</translation>
    </message>
    <message>
        <source>R&amp;uler</source>
        <translation>标尺(&amp;U)</translation>
    </message>
    <message>
        <source>Re&amp;ctangle ROI</source>
        <translation>矩形 ROI(&amp;C)</translation>
    </message>
    <message>
        <source>E&amp;llipse ROI</source>
        <translation>椭圆 ROI(&amp;L)</translation>
    </message>
    <message>
        <source>%1 mm</source>
        <translation>%1 毫米</translation>
    </message>
    <message>
        <source>Area %1 mm²
Mean %2 %5, SD %3
Min %4, Max %6</source>
        <translation>面积 %1 平方毫米
均值 %2 %5，标准差 %3
最小 %4，最大 %6</translation>
    </message>
    <message>
        <source>Import &amp;Notes...</source>
        <translation>导入临床记录(&amp;N)...</translation>
    </message>
    <message>
        <source>Import Notes</source>
        <translation>导入临床记录</translation>
    </message>
    <message>
        <source>Notes (*.txt *.csv *.jsonl);;All files (*)</source>
        <translation>临床记录 (*.txt *.csv *.jsonl);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open or create a project first.</source>
        <translation>请先打开或新建项目。</translation>
    </message>
    <message>
        <source>Cannot import the notes: %1</source>
        <translation>无法导入记录：%1</translation>
    </message>
    <message>
        <source>Measurements</source>
        <translation>测量</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Cancelling...</source>
        <translation>正在取消...</translation>
    </message>
    <message>
        <source>Loading %1</source>
        <translation>正在加载 %1</translation>
    </message>
    <message>
        <source>Loading cancelled.</source>
        <translation>加载已取消。</translation>
    </message>
    <message>
        <source>Importing %1</source>
        <translation>正在导入 %1</translation>
    </message>
    <message>
        <source>Import cancelled; nothing was imported.</source>
        <translation>导入已取消；未导入任何内容。</translation>
    </message>
    <message numerus="yes">
        <source>%n edit(s) could not be saved: %1
Close anyway and lose them?</source>
        <translation>
            <numerusform>%n 处编辑未能保存：%1
仍要关闭并丢弃这些编辑吗？</numerusform>
        </translation>
    </message>
    <message>
        <source>Sagitta - %1 (read-only)</source>
        <translation>Sagitta - %1（只读）</translation>
    </message>
    <message>
        <source>Read-only: opened for viewing; nothing is changed.</source>
        <translation>只读：以查看方式打开，不会做任何更改。</translation>
    </message>
    <message>
        <source>Read-only: the project file or its folder cannot be written.</source>
        <translation>只读：项目文件或其所在文件夹不可写入。</translation>
    </message>
    <message>
        <source>All edits saved.</source>
        <translation>所有编辑已保存。</translation>
    </message>
    <message numerus="yes">
        <source>%n edit(s) could not be saved for 10 seconds: %1
Another program may be writing to the project. Sagitta keeps trying; close that program, or keep this window open until the status bar no longer shows unsaved edits.</source>
        <translation>
            <numerusform>%n 处编辑已有 10 秒未能保存：%1
可能有其他程序正在写入该项目。Sagitta 会继续重试；请关闭该程序，或保持此窗口打开，直到状态栏不再显示未保存的编辑。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n edit(s) not saved yet, retrying...</source>
        <translation>
            <numerusform>%n 处编辑尚未保存，正在重试...</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n edit(s) could not be saved: %1</source>
        <translation>
            <numerusform>%n 处编辑未能保存：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>The project is open read-only.</source>
        <translation>项目以只读方式打开。</translation>
    </message>
    <message>
        <source>Importing notes from %1</source>
        <translation>正在从 %1 导入记录</translation>
    </message>
    <message>
        <source>Notes import cancelled; the notes read so far were kept.</source>
        <translation>记录导入已取消；已读取的记录已保留。</translation>
    </message>
    <message numerus="yes">
        <source>%n note(s) added</source>
        <translation>
            <numerusform>新增 %n 条记录</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n updated</source>
        <translation>
            <numerusform>，更新 %n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n already in the project</source>
        <translation>
            <numerusform>，%n 条已在项目中</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n kept as labelled</source>
        <translation>
            <numerusform>，%n 条因已标注而保留</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n line(s) skipped.</source>
        <translation>
            <numerusform>；跳过 %n 行。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: not imported: %2</source>
        <translation>%1：未导入：%2</translation>
    </message>
    <message numerus="yes">
        <source>; %n series could not be written</source>
        <translation>
            <numerusform>；%n 个序列无法写入</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot undo or redo that step now: %1</source>
        <translation>现在无法撤销或重做这一步：%1</translation>
    </message>
    <message>
        <source>Effects</source>
        <translation>效果</translation>
    </message>
    <message>
        <source>3D</source>
        <translation>3D</translation>
    </message>
    <message>
        <source>Sphere brush: paint and erase through the neighbouring slices too</source>
        <translation>球形画笔：同时在相邻层面上绘制和擦除</translation>
    </message>
    <message>
        <source>P&amp;olygon</source>
        <translation>多边形(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Lasso</source>
        <translation>套索(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Scissors</source>
        <translation>剪刀(&amp;S)</translation>
    </message>
    <message>
        <source>Level &amp;Trace</source>
        <translation>等值线追踪(&amp;T)</translation>
    </message>
    <message>
        <source>Click the corners; double-click or Enter fills the polygon, Backspace takes a corner back, Esc drops it</source>
        <translation>依次点击各顶点；双击或按回车填充多边形，退格键撤回一个顶点，Esc 放弃</translation>
    </message>
    <message>
        <source>Drag around the region to fill it</source>
        <translation>沿区域拖动一圈即可填充</translation>
    </message>
    <message>
        <source>Drag around a region: it is filled or erased through the slab set in the Effects dock</source>
        <translation>沿区域拖动一圈：按效果面板中设置的层块范围填充或擦除</translation>
    </message>
    <message>
        <source>The outline follows the region of similar values under the pointer; click to fill it</source>
        <translation>轮廓跟随指针下数值相近的区域；点击即可填充</translation>
    </message>
    <message numerus="yes">
        <source>%n voxel(s) changed.</source>
        <translation>
            <numerusform>已更改 %n 个体素。</numerusform>
        </translation>
    </message>
    <message>
        <source>mm</source>
        <translation>毫米</translation>
    </message>
    <message>
        <source>pixels</source>
        <translation>像素</translation>
    </message>
    <message>
        <source>The brush radius in millimetres or in pixels of the slice</source>
        <translation>画笔半径的单位：毫米或层面像素</translation>
    </message>
    <message>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>我的</translation>
    </message>
    <message>
        <source>proposal</source>
        <translation>建议</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>Model %1 (%2)</source>
        <translation>模型 %1（%2）</translation>
    </message>
    <message>
        <source>%1 (read only)</source>
        <translation>%1（只读）</translation>
    </message>
    <message numerus="yes">
        <source>Accepted %n voxel(s) of the model&apos;s proposal into your labels.</source>
        <translation>
            <numerusform>已将模型建议的 %n 个体素并入您的标注。</numerusform>
        </translation>
    </message>
    <message>
        <source>The model&apos;s proposal was rejected.</source>
        <translation>已拒绝模型的建议。</translation>
    </message>
</context>
<context>
    <name>sagitta::app::NotesPanel</name>
    <message>
        <source>Search notes</source>
        <translation>搜索记录</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>New</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>Note type</source>
        <translation>记录类型</translation>
    </message>
    <message>
        <source>Review status</source>
        <translation>审阅状态</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>任意状态</translation>
    </message>
    <message>
        <source>Has entity (text or TYPE)</source>
        <translation>含实体（文本或类型）</translation>
    </message>
    <message>
        <source>Affirmed only</source>
        <translation>仅肯定提及</translation>
    </message>
    <message>
        <source>Leave out negated, uncertain, hypothetical and family mentions</source>
        <translation>排除否定、不确定、假设及家族成员的提及</translation>
    </message>
    <message>
        <source>Review status of this note</source>
        <translation>本记录的审阅状态</translation>
    </message>
    <message>
        <source>Link to open series</source>
        <translation>关联到当前序列</translation>
    </message>
    <message>
        <source>Review:</source>
        <translation>审阅：</translation>
    </message>
    <message>
        <source>N&amp;otes</source>
        <translation>临床记录(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Export Notes...</source>
        <translation>导出记录(&amp;E)...</translation>
    </message>
    <message>
        <source>Annotator &amp;Agreement...</source>
        <translation>标注者一致性(&amp;A)...</translation>
    </message>
    <message>
        <source>Entity &amp;Types...</source>
        <translation>实体类型(&amp;T)...</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n note(s).</source>
        <translation>
            <numerusform>已导出 %n 条记录。</numerusform>
        </translation>
    </message>
    <message>
        <source>All note types</source>
        <translation>全部记录类型</translation>
    </message>
    <message>
        <source>No linked series</source>
        <translation>无关联序列</translation>
    </message>
    <message>
        <source>Series: %1</source>
        <translation>序列：%1</translation>
    </message>
    <message>
        <source>Only notes of the open series</source>
        <translation>仅显示当前序列的记录</translation>
    </message>
    <message>
        <source>Notes linked to the series in the viewer (by patient ID or by hand)</source>
        <translation>与查看器中序列关联的记录（按患者编号或手动关联）</translation>
    </message>
    <message>
        <source>Finding the terms in the notes...</source>
        <translation>正在记录中查找术语...</translation>
    </message>
    <message numerus="yes">
        <source>%n new proposal(s) for your entity types.</source>
        <translation>
            <numerusform>自定义实体类型新增 %n 个建议。</numerusform>
        </translation>
    </message>
    <message>
        <source>The project is open read-only: decisions are not stored.</source>
        <translation>项目以只读方式打开：不会保存判定。</translation>
    </message>
    <message>
        <source>The project is open read-only: labels are not stored.</source>
        <translation>项目以只读方式打开：不会保存标注。</translation>
    </message>
</context>
<context>
    <name>sagitta::app::SegmentController</name>
    <message>
        <source>Segment %1</source>
        <translation>分割 %1</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is locked: unlock it to remove it.</source>
        <translation>“%1”已锁定：请先解锁再删除。</translation>
    </message>
    <message>
        <source>Remove segment</source>
        <translation>删除分割</translation>
    </message>
    <message>
        <source>Remove &quot;%1&quot; and its voxels?</source>
        <translation>删除“%1”及其体素？</translation>
    </message>
    <message>
        <source>Segment type</source>
        <translation>分割类型</translation>
    </message>
    <message>
        <source>What is &quot;%1&quot;?</source>
        <translation>“%1”是什么？</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>Comment on the labels (optional):</source>
        <translation>对标注的意见（可选）：</translation>
    </message>
    <message>
        <source>Open a series and select a segment first.</source>
        <translation>请先打开一个序列并选择一个分割。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is locked: unlock it to split it.</source>
        <translation>“%1”已锁定：请先解锁再拆分。</translation>
    </message>
    <message>
        <source>%1 (island %2)</source>
        <translation>%1（连通区域 %2）</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has only one island of that size: nothing to split.</source>
        <translation>“%1”只有一个达到该大小的连通区域：无需拆分。</translation>
    </message>
</context>
<context>
    <name>sagitta::app::TrainingController</name>
    <message>
        <source>Training %1</source>
        <translation>正在训练 %1</translation>
    </message>
    <message>
        <source>Training failed: %1</source>
        <translation>训练失败：%1</translation>
    </message>
    <message>
        <source>Dice</source>
        <translation>Dice</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message numerus="yes">
        <source>Run %1 cancelled after %n epoch(s); its checkpoint is kept for Resume.</source>
        <translation>
            <numerusform>运行 %1 在 %n 轮后已取消；检查点已保留，可继续训练。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Run %1: held-out %2 %3 after %n epoch(s), %4 s on %5; model %6 saved in the project.</source>
        <translation>
            <numerusform>运行 %1：%n 轮后验证集 %2 为 %3，用时 %4 秒（%5）；模型 %6 已保存到项目中。</numerusform>
        </translation>
    </message>
    <message>
        <source>HD95 %1 mm.</source>
        <translation>HD95 %1 毫米。</translation>
    </message>
    <message>
        <source>ROC AUC %1 (one class against the rest, averaged).</source>
        <translation>ROC AUC %1（每类对其余类，取平均）。</translation>
    </message>
    <message>
        <source>Proposing labels (model %1)</source>
        <translation>生成标注建议（模型 %1）</translation>
    </message>
    <message>
        <source>No proposal: %1</source>
        <translation>未生成建议：%1</translation>
    </message>
    <message>
        <source>Model %1 proposed %2 voxels (%3 uncertain) in %4 s; accept or reject them in the segment list.</source>
        <translation>模型 %1 在 %4 秒内建议了 %2 个体素（%3 个不确定）；请在分割列表中接受或拒绝。</translation>
    </message>
    <message>
        <source>Explaining model %1</source>
        <translation>解释模型 %1</translation>
    </message>
    <message>
        <source>No explanation: %1</source>
        <translation>无法解释：%1</translation>
    </message>
    <message>
        <source>Predicted %1 (%2%)</source>
        <translation>预测为 %1（%2%）</translation>
    </message>
    <message>
        <source>true class %1</source>
        <translation>真实类别 %1</translation>
    </message>
    <message>
        <source>This model cannot show where it looked (no Grad-CAM).</source>
        <translation>此模型无法显示其关注区域（无 Grad-CAM）。</translation>
    </message>
    <message>
        <source>Red: where the model looked (Grad-CAM).</source>
        <translation>红色：模型关注的区域（Grad-CAM）。</translation>
    </message>
    <message>
        <source>Import Model</source>
        <translation>导入模型</translation>
    </message>
    <message>
        <source>TorchScript models (*.pt *.pth *.ts);;All files (*)</source>
        <translation>TorchScript 模型 (*.pt *.pth *.ts);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Importing model</source>
        <translation>正在导入模型</translation>
    </message>
    <message>
        <source>Model not imported: %1</source>
        <translation>模型未导入：%1</translation>
    </message>
    <message>
        <source>Model %1 imported.</source>
        <translation>模型 %1 已导入。</translation>
    </message>
    <message>
        <source>Export Model To</source>
        <translation>导出模型到</translation>
    </message>
    <message>
        <source>Exporting model %1</source>
        <translation>正在导出模型 %1</translation>
    </message>
    <message>
        <source>Model not exported: %1</source>
        <translation>模型未导出：%1</translation>
    </message>
    <message>
        <source>Model written to %1 with its sidecar %2.</source>
        <translation>模型已写入 %1，附带说明文件 %2。</translation>
    </message>
    <message>
        <source>Test image %1</source>
        <translation>测试图像 %1</translation>
    </message>
    <message>
        <source>Middle slice</source>
        <translation>中间层面</translation>
    </message>
    <message>
        <source>Grad-CAM: nothing in this image raises the class&apos;s score.</source>
        <translation>Grad-CAM：此图像中没有提高该类别得分的区域。</translation>
    </message>
    <message>
        <source>notes</source>
        <translation>笔记</translation>
    </message>
    <message>
        <source>entity F1</source>
        <translation>实体 F1</translation>
    </message>
    <message>
        <source>Proposing spans (model %1)</source>
        <translation>正在建议片段（模型 %1）</translation>
    </message>
    <message>
        <source>No spans proposed: %1</source>
        <translation>未建议片段：%1</translation>
    </message>
    <message>
        <source>Model %1 tagged %2 note(s): %3 new span proposal(s) to accept or reject in the notes.</source>
        <translation>模型 %1 标注了 %2 篇笔记：%3 个新的片段建议，可在笔记中接受或拒绝。</translation>
    </message>
    <message>
        <source>Span proposals cancelled; the notes tagged before the cancel keep theirs.</source>
        <translation>片段建议已取消；取消前已标注的笔记保留其建议。</translation>
    </message>
</context>
<context>
    <name>sagitta::widgets::EffectsPanel</name>
    <message>
        <source>Intensity</source>
        <translation>强度</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>范围</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>阈值</translation>
    </message>
    <message>
        <source>Grow from cursor</source>
        <translation>从光标处生长</translation>
    </message>
    <message>
        <source>Islands</source>
        <translation>连通区域</translation>
    </message>
    <message>
        <source> voxels</source>
        <translation> 个体素</translation>
    </message>
    <message>
        <source>Keep largest</source>
        <translation>保留最大</translation>
    </message>
    <message>
        <source>Keep at cursor</source>
        <translation>保留光标处</translation>
    </message>
    <message>
        <source>Remove smaller than</source>
        <translation>删除小于</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>形状</translation>
    </message>
    <message>
        <source> mm</source>
        <translation> 毫米</translation>
    </message>
    <message>
        <source>Median</source>
        <translation>中值</translation>
    </message>
    <message>
        <source>Opening</source>
        <translation>开运算</translation>
    </message>
    <message>
        <source>Closing</source>
        <translation>闭运算</translation>
    </message>
    <message>
        <source>Margin</source>
        <translation>边距</translation>
    </message>
    <message>
        <source>Smooth</source>
        <translation>平滑</translation>
    </message>
    <message>
        <source>Fill between slices</source>
        <translation>层间填充</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>接受</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Copy from</source>
        <translation>复制自</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>加上</translation>
    </message>
    <message>
        <source>Subtract</source>
        <translation>减去</translation>
    </message>
    <message>
        <source>Intersect with</source>
        <translation>相交于</translation>
    </message>
    <message>
        <source>Invert</source>
        <translation>反转</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Logical</source>
        <translation>逻辑运算</translation>
    </message>
    <message>
        <source>Masking</source>
        <translation>蒙版</translation>
    </message>
    <message>
        <source>Everywhere</source>
        <translation>任意位置</translation>
    </message>
    <message>
        <source>Outside all segments</source>
        <translation>所有分割之外</translation>
    </message>
    <message>
        <source>Editable area</source>
        <translation>可编辑区域</translation>
    </message>
    <message>
        <source>Only intensities in</source>
        <translation>仅限强度范围</translation>
    </message>
    <message>
        <source>Overwrite other segments</source>
        <translation>覆盖其他分割</translation>
    </message>
    <message>
        <source>Inside %1</source>
        <translation>%1 之内</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Show the voxels in range over the slices while the range is changed</source>
        <translation>调整范围时在层面上显示范围内的体素</translation>
    </message>
    <message>
        <source>Split into segments</source>
        <translation>拆分为多个分割</translation>
    </message>
    <message>
        <source>Drawing tools</source>
        <translation>绘制工具</translation>
    </message>
    <message>
        <source>Fill inside</source>
        <translation>填充内部</translation>
    </message>
    <message>
        <source>Erase inside</source>
        <translation>擦除内部</translation>
    </message>
    <message>
        <source>Polygon, lasso, scissors</source>
        <translation>多边形、套索、剪刀</translation>
    </message>
    <message>
        <source>Whole volume</source>
        <translation>整个体积</translation>
    </message>
    <message>
        <source>Slab, both sides</source>
        <translation>层块（两侧）</translation>
    </message>
    <message>
        <source>Slab above</source>
        <translation>层块（上方）</translation>
    </message>
    <message>
        <source>Slab below</source>
        <translation>层块（下方）</translation>
    </message>
    <message>
        <source> slices</source>
        <translation> 层</translation>
    </message>
    <message>
        <source>Scissors cut</source>
        <translation>剪刀作用范围</translation>
    </message>
    <message>
        <source>Level trace takes the voxels within this distance of the value under the pointer</source>
        <translation>等值线追踪选取与指针处数值相差不超过此值的体素</translation>
    </message>
    <message>
        <source>Level trace tolerance</source>
        <translation>等值线追踪容差</translation>
    </message>
    <message>
        <source>From window</source>
        <translation>取自窗宽窗位</translation>
    </message>
    <message>
        <source>The range of the window shown (centre - width/2 .. centre + width/2)</source>
        <translation>当前显示窗口的范围（窗位 - 窗宽/2 至 窗位 + 窗宽/2）</translation>
    </message>
    <message>
        <source>Around cursor</source>
        <translation>光标周围</translation>
    </message>
    <message>
        <source>The values in the 5 x 5 x 5 voxels around the cursor, widened by 10%</source>
        <translation>光标周围 5 x 5 x 5 体素的取值范围，两端各放宽 10%</translation>
    </message>
    <message>
        <source>Checked: painting takes the voxels from other segments. Unchecked: other segments keep their voxels and the painted segment overlaps them (on a layer of its own).</source>
        <translation>勾选：绘制时占用其他分割的体素。不勾选：其他分割保留其体素，所绘分割与之重叠（位于单独的图层）。</translation>
    </message>
</context>
<context>
    <name>sagitta::widgets::JobList</name>
    <message>
        <source>No jobs running.</source>
        <translation>没有正在运行的任务。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop this job</source>
        <translation>停止此任务</translation>
    </message>
    <message>
        <source>Cancelling...</source>
        <translation>正在取消...</translation>
    </message>
</context>
<context>
    <name>sagitta::widgets::MeasurementList</name>
    <message>
        <source>Measurement</source>
        <translation>测量项</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Ruler</source>
        <translation>标尺</translation>
    </message>
    <message>
        <source>Ellipse ROI</source>
        <translation>椭圆 ROI</translation>
    </message>
    <message>
        <source>Rectangle ROI</source>
        <translation>矩形 ROI</translation>
    </message>
    <message>
        <source>Axial</source>
        <translation>轴位</translation>
    </message>
    <message>
        <source>Coronal</source>
        <translation>冠状位</translation>
    </message>
    <message>
        <source>Sagittal</source>
        <translation>矢状位</translation>
    </message>
    <message>
        <source>%1, slice %2</source>
        <translation>%1，第 %2 层</translation>
    </message>
</context>
<context>
    <name>sagitta::widgets::NoteView</name>
    <message>
        <source>Entity</source>
        <translation>实体</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>语境</translation>
    </message>
    <message>
        <source>negated</source>
        <translation>否定</translation>
    </message>
    <message>
        <source>uncertain</source>
        <translation>不确定</translation>
    </message>
    <message>
        <source>historical</source>
        <translation>既往</translation>
    </message>
    <message>
        <source>hypothetical</source>
        <translation>假设</translation>
    </message>
    <message>
        <source>family</source>
        <translation>家族</translation>
    </message>
    <message>
        <source>source: %1</source>
        <translation>来源：%1</translation>
    </message>
    <message>
        <source>section: %1</source>
        <translation>章节：%1</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>status: %1, by %2</source>
        <translation>状态：%1，操作者 %2</translation>
    </message>
</context>
<context>
    <name>sagitta::widgets::SegmentList</name>
    <message>
        <source>Segment</source>
        <translation>分割</translation>
    </message>
    <message>
        <source>Voxels</source>
        <translation>体素数</translation>
    </message>
    <message>
        <source>Volume (mL)</source>
        <translation>体积 (mL)</translation>
    </message>
    <message>
        <source>Add segment</source>
        <translation>添加分割</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Label value %1. Double-click the colour to change it.</source>
        <translation>标签值 %1。双击颜色可更改。</translation>
    </message>
    <message>
        <source>Segment colour</source>
        <translation>分割颜色</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>全部显示</translation>
    </message>
    <message>
        <source>Hide all</source>
        <translation>全部隐藏</translation>
    </message>
    <message>
        <source>Opacity of the selected segment</source>
        <translation>所选分割的不透明度</translation>
    </message>
    <message>
        <source>Fill</source>
        <translation>填充</translation>
    </message>
    <message>
        <source>Outline</source>
        <translation>轮廓</translation>
    </message>
    <message>
        <source>Fill and outline</source>
        <translation>填充和轮廓</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <source>Double-click to choose what the segment is</source>
        <translation>双击选择该分割的类型</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>已通过</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>已退回</translation>
    </message>
    <message>
        <source>Review status of this series&apos; labels</source>
        <translation>该序列标注的审核状态</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>均值</translation>
    </message>
    <message>
        <source>Diameter (mm)</source>
        <translation>直径 (mm)</translation>
    </message>
    <message>
        <source>Mean %1 %2, SD %3, min %4, max %5</source>
        <translation>均值 %1 %2，标准差 %3，最小 %4，最大 %5</translation>
    </message>
    <message>
        <source>Longest axial diameter and the extent perpendicular to it, on slice %1</source>
        <translation>第 %1 层上的最长轴位直径及其垂直方向的范围</translation>
    </message>
    <message>
        <source>Whose labels are shown: yours, another reader&apos;s (read only) or a model&apos;s proposal</source>
        <translation>显示谁的标注：您的、其他阅片者的（只读）或模型的建议</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>接受</translation>
    </message>
    <message>
        <source>Take the model&apos;s proposal into your labels (nothing you labelled changes)</source>
        <translation>将模型的建议并入您的标注（您已标注的内容不变）</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>Turn the model&apos;s proposal down</source>
        <translation>拒绝模型的建议</translation>
    </message>
    <message>
        <source>Labels of</source>
        <translation>标注来自</translation>
    </message>
    <message>
        <source>Label value %1, on layer %2: it overlaps segments of other layers. Double-click the colour to change it.</source>
        <translation>标签值 %1，位于第 %2 层：与其他层的分割重叠。双击颜色可更改。</translation>
    </message>
    <message>
        <source> [layer %1]</source>
        <translation> [第 %1 层]</translation>
    </message>
    <message>
        <source>Only a reviewer or an administrator approves or rejects labels</source>
        <translation>只有审核者或管理员可以批准或驳回标注</translation>
    </message>
</context>
<context>
    <name>sagitta::widgets::SliceView</name>
    <message>
        <source>No series loaded</source>
        <translation>未加载序列</translation>
    </message>
    <message>
        <source>Slice %1/%2</source>
        <translation>层面 %1/%2</translation>
    </message>
    <message>
        <source>W %1 L %2</source>
        <translation>窗宽 %1 窗位 %2</translation>
    </message>
    <message>
        <source>Zoom %1%</source>
        <translation>缩放 %1%</translation>
    </message>
    <message>
        <source>Label %1</source>
        <translation>标签 %1</translation>
    </message>
    <message>
        <source>Axial</source>
        <translation>轴位</translation>
    </message>
    <message>
        <source>Coronal</source>
        <translation>冠状位</translation>
    </message>
    <message>
        <source>Sagittal</source>
        <translation>矢状位</translation>
    </message>
</context>
<context>
    <name>sagitta::widgets::StudyBrowser</name>
    <message>
        <source>Unknown patient</source>
        <translation>未知患者</translation>
    </message>
    <message numerus="yes">
        <source>%1  %2, %n series</source>
        <translation>
            <numerusform>%1  %2，%n 个序列</numerusform>
        </translation>
    </message>
    <message>
        <source>Undated study</source>
        <translation>无日期检查</translation>
    </message>
</context>
<context>
    <name>sagitta::widgets::TagBrowser</name>
    <message>
        <source>Filter by tag, name or value</source>
        <translation>按标签、名称或值筛选</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>VR</source>
        <translation>VR</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
</context>
<context>
    <name>sagitta::widgets::TrainingPanel</name>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>The segment the model learns, from every series where it has voxels</source>
        <translation>模型要学习的分割，取自所有含该分割体素的序列</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>分割</translation>
    </message>
    <message>
        <source>Fashion-MNIST (Debian&apos;s dataset-fashion-mnist)</source>
        <translation>Fashion-MNIST（Debian 软件包 dataset-fashion-mnist）</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>训练轮数</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>The same seed gives the same run on the CPU</source>
        <translation>在 CPU 上，相同的种子得到相同的训练过程</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Resume from the last checkpoint</source>
        <translation>从上次的检查点继续</translation>
    </message>
    <message>
        <source>Start training</source>
        <translation>开始训练</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>Held-out loss</source>
        <translation>验证集损失</translation>
    </message>
    <message>
        <source>Held-out metric</source>
        <translation>验证集指标</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>CUDA (GPU)</source>
        <translation>CUDA（GPU）</translation>
    </message>
    <message>
        <source>Starting...</source>
        <translation>正在启动...</translation>
    </message>
    <message>
        <source>Held-out Dice</source>
        <translation>验证集 Dice</translation>
    </message>
    <message>
        <source>Held-out accuracy</source>
        <translation>验证集准确率</translation>
    </message>
    <message>
        <source>Epoch %1 of %2: loss %3, %4 %5; about %6 s left</source>
        <translation>第 %1/%2 轮：损失 %3，%4 %5；约剩 %6 秒</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Train on the first N items only, for a quick trial (0: all)</source>
        <translation>仅用前 N 个样本训练，用于快速试跑（0：全部）</translation>
    </message>
    <message>
        <source>Training items</source>
        <translation>训练样本数</translation>
    </message>
    <message>
        <source>Held-out confusion matrix: rows are the true classes, columns the predicted ones</source>
        <translation>留出集混淆矩阵：行为真实类别，列为预测类别</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Propose labels</source>
        <translation>建议标注</translation>
    </message>
    <message>
        <source>Explain</source>
        <translation>解释</translation>
    </message>
    <message>
        <source>Classify an image and show where the model looked (Grad-CAM)</source>
        <translation>对一幅图像分类并显示模型关注的区域（Grad-CAM）</translation>
    </message>
    <message>
        <source>Import...</source>
        <translation>导入...</translation>
    </message>
    <message>
        <source>Export...</source>
        <translation>导出...</translation>
    </message>
    <message>
        <source>%1: %2 (%3)</source>
        <translation>%1：%2（%3）</translation>
    </message>
    <message>
        <source>segmentation</source>
        <translation>分割</translation>
    </message>
    <message>
        <source>classification</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Lesion segmentation</source>
        <translation>病灶分割</translation>
    </message>
    <message>
        <source>Image classification</source>
        <translation>图像分类</translation>
    </message>
    <message>
        <source>Entity tagging (notes)</source>
        <translation>实体标注（笔记）</translation>
    </message>
    <message>
        <source>Entity tagging learns from the notes&apos; accepted spans (and the engine&apos;s proposals, weighted lower)</source>
        <translation>实体标注从笔记中已接受的片段学习（引擎的建议权重较低）</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Run the model: a segmentation model&apos;s labels for the open series, or a tagger&apos;s spans for the notes, as proposals to accept or reject</source>
        <translation>运行模型：分割模型为打开的序列给出标签，或标注器为笔记给出片段，作为可接受或拒绝的建议</translation>
    </message>
    <message>
        <source>Import a model with its JSON sidecar (TorchScript; a tagger: its LibTorch archive)</source>
        <translation>导入模型及其 JSON 附带文件（TorchScript；标注器为其 LibTorch 归档）</translation>
    </message>
    <message>
        <source>Write the model with its JSON sidecar (TorchScript; a tagger: its LibTorch archive)</source>
        <translation>写出模型及其 JSON 附带文件（TorchScript；标注器为其 LibTorch 归档）</translation>
    </message>
    <message>
        <source>entity tagging</source>
        <translation>实体标注</translation>
    </message>
    <message>
        <source>Propose spans</source>
        <translation>建议片段</translation>
    </message>
    <message>
        <source>2D U-Net (axial slices)</source>
        <translation>2D U-Net（轴位切片）</translation>
    </message>
    <message>
        <source>3D U-Net (patches)</source>
        <translation>3D U-Net（图块）</translation>
    </message>
    <message>
        <source>Classic CNN (two conv blocks)</source>
        <translation>经典 CNN（两个卷积块）</translation>
    </message>
    <message>
        <source>ResNet-18</source>
        <translation>ResNet-18</translation>
    </message>
    <message>
        <source>Character CNN + BiLSTM</source>
        <translation>字符 CNN + BiLSTM</translation>
    </message>
    <message>
        <source>Held-out entity F1</source>
        <translation>留出集实体 F1</translation>
    </message>
</context>
<context>
    <name>sagitta::widgets::ViewerGrid</name>
    <message>
        <source>Loading...</source>
        <translation>正在加载...</translation>
    </message>
</context>
</TS>
