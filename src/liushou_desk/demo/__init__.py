"""演示班级 (the demo class): a realistic rural class of left-behind children, written as the
services write what a teacher enters — for trying the app out, screenshots, tests and
benchmarks. Not part of the teacher's archive code: nothing outside ``demo`` imports it except
the command line, the tests and the benchmarks.

  maker        make_demo: the class, its pupils and families (the only entry point)
  years        make_demo(years=N): the school years before today's class, a class a year
  draw/people/data  the pupils, their names, places and families from a seeded generator
  enrol        the pupils written: 新增学生, profile edits, 人工认定, 转出 / 毕业
  records      one lived-in term of 54321 care work, run in order by ``_Term``
  term_base    what every part of the term shares; contacts, plans, class_life are its parts
  writer       the term's records checked, kept and written in bulk, with the 操作日志
  records_text / talk_text  the words of the records, from the seeds
"""

from __future__ import annotations

from liushou_desk.demo.maker import make_demo

__all__ = ["make_demo"]
