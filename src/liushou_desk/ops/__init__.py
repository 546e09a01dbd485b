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
"""
