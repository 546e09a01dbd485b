"""演示班级 (the demo class): a realistic rural class of left-behind children, made through the
public services only — for trying the app out, screenshots, tests and benchmarks. Not part of
the teacher's archive code: nothing outside ``demo`` imports it except the command line, the
tests and the benchmarks.

  maker        make_demo: the class, its pupils and families (the only entry point)
  people/data  names, places and families drawn from a seeded generator
  records      one lived-in term of 54321 care work, run in order by ``_Term``
  term_base    what every part of the term shares; contacts, plans, class_life are its parts
  records_text / talk_text  the words of the records, from the seeds
"""

from __future__ import annotations

from liushou_desk.demo.maker import make_demo

__all__ = ["make_demo"]
