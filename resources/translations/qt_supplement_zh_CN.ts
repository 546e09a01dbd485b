<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- What Qt 6 shows in its own dialogs and widgets that its catalogue qtbase_zh_CN.qm does not
     translate (the file dialog's labels gained a mnemonic in Qt 6, file types moved to
     QAbstractFileIconProvider, the calendar has no entry). Loaded after Qt's catalogue by
     ui/qt_chinese.py. After editing: pyside6-lrelease qt_supplement_zh_CN.ts
     (tests/test_ui_chinese_dialogs.py checks that the .qm says what this file says). -->
<TS version="2.1" language="zh_CN">
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <source>Folder</source>
        <comment>All other platforms</comment>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>File Folder</source>
        <comment>Match Windows Explorer</comment>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Drive</source>
        <translation>驱动器</translation>
    </message>
</context>
<context>
    <name>QCalendarWidget</name>
    <message>
        <source>Previous Month</source>
        <translation>上个月</translation>
    </message>
    <message>
        <source>Next Month</source>
        <translation>下个月</translation>
    </message>
</context>
</TS>
