"""用例层 (use cases): the steps of the teacher's work, under the window and the command line.

Qt-free. Each use case validates, writes through the services, and returns what it did:

- ``outcome``  — ``Outcome`` (result, what changed, how to undo) and ``Undo``
- ``undo``     — 撤销/重做: the session's history of undoable steps
- ``questions``— what opening an archive must ask (password, copy off a stick, restore a
  backup); the window answers with dialogs, the command line without asking
- ``opening``  — 打开档案: lock, unlock, safe place, recover, first rows, the archive itself
- ``closing``  — 关闭档案: close backup, the portable stick copy, print copies wiped, unlock
- ``backups``  — 备份: daily, manual, restore
- ``printing`` — 打印: the growth card and the term report as PDF, with their audit entry
  (one wording for the window, the command line and the principal's window)
- ``importing``— 导入名册: read and check into a plan, then apply it in one transaction;
  undone as one step
- ``pupils``   — 新增学生, 转出/毕业, 留守认定, 回收站, 保存期限
- ``records``  — care records: add, edit, delete, restore
- ``profile``  — 五个清楚 saved from the form
- ``commands`` — an archive for one command: LIUSHOU_PASSWORD, the writer's lock, read-only
  commands never upgrading the file
- ``principal``— the principal's read-only copies: open, roster, a child's card
- ``archive``  — the archive type, for the window's type hints
"""
