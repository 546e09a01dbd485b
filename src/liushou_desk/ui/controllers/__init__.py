"""主窗口的操作 (the window's actions), one controller per area, each given a small ``Context``
instead of inheriting the window:

- ``context``  — what every controller receives: the archive, today, prompts, events, the
  background runner, the undo history, the window as dialog parent, the roster selection
- ``files``    — 导入名册, 名册模板, 导出 Excel, 导出档案（交校长）, 立即备份, 从备份恢复
- ``printing`` — 期末总结, the term report and a growth card: made, previewed, printed
- ``records``  — 关爱记录: the forms, the 待办 items, drafts, deleting, history
- ``pupils``   — 新增学生, 转出/毕业, 留守认定, 回收站, 保存期限
- ``security`` — 安全 menu: lock, idle time, password, recovery sheet, encryption
- ``settings`` — 班级信息, 选项列表, 待办设置, 操作日志
"""
