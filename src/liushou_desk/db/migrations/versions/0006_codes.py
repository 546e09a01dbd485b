"""codes (代码): status and category columns store stable codes, not the words on screen;
built-in meeting and activity kinds carry the 待办 rule's code

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 08:00:00

The words and codes are written out here, as they were at this revision: later versions may
reword the screen without this migration changing meaning.
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

SEX = {"男": "male", "女": "female"}
ROLE = {"父亲": "father", "母亲": "mother"}
SITUATION = {
    "在家": "at_home",
    "外出务工": "away",
    "已故": "deceased",
    "离异/不在身边": "absent",
    "无监护能力": "incapable",
}
KIND = {
    "非留守": "not",
    "父母均外出": "both_away",
    "父亲外出": "father_away",
    "母亲外出": "mother_away",
}
ENROLMENT = {"在读": "active", "转出": "transferred", "毕业": "graduated", "休学": "suspended"}
RELATION = {
    "祖父": "grandfather",
    "祖母": "grandmother",
    "外祖父": "maternal_grandfather",
    "外祖母": "maternal_grandmother",
    "父亲": "father",
    "母亲": "mother",
    "伯父/叔叔": "uncle",
    "姑姑/姨妈": "aunt",
    "哥哥/姐姐": "sibling",
    "其他亲属": "other_relative",
    "其他": "other",
}
HEALTH = {"良好": "good", "一般": "fair", "较差": "poor"}
LITERACY = {
    "不识字": "none",
    "小学": "primary",
    "初中": "junior",
    "高中/中专": "senior",
    "大专及以上": "college",
}
CAPACITY = {"较好": "good", "一般": "fair", "差": "poor"}

COLUMNS: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("pupils", "sex", SEX),
    ("pupils", "enrolment", ENROLMENT),
    ("pupils", "computed_kind", KIND),
    ("pupils", "override_kind", KIND),
    ("parents", "role", ROLE),
    ("parents", "situation", SITUATION),
    ("guardians", "relation", RELATION),
    ("guardians", "health", HEALTH),
    ("guardians", "literacy", LITERACY),
    ("guardians", "capacity", CAPACITY),
)

# record kind, the form's field, the built-in word → the 待办 rule's code
RULES = (
    ("meeting", "meeting_kind", "留守儿童月会", "monthly_meeting"),
    ("meeting", "meeting_kind", "监护人会", "guardian_meeting"),
    ("meeting", "meeting_kind", "家长会", "parents_meeting"),
    ("activity", "activity_kind", "集体生日", "collective_birthday"),
)


def _translate(table: str, column: str, mapping: dict[str, str]) -> None:
    """One statement per column: each known value to its counterpart, anything else (free
    text typed where the list is offered) as it is."""
    cases = " ".join(f"WHEN '{old}' THEN '{new}'" for old, new in mapping.items())
    quoted = ", ".join(f"'{old}'" for old in mapping)
    op.execute(
        f'UPDATE "{table}" SET "{column}" = CASE "{column}" {cases} END '
        f'WHERE "{column}" IN ({quoted})'
    )


def upgrade() -> None:
    for table, column, mapping in COLUMNS:
        _translate(table, column, mapping)
    for kind, field, word, code in RULES:
        op.execute(
            f"UPDATE records SET data = json_set(data, '$.rule', '{code}') "
            f"WHERE kind = '{kind}' AND json_valid(data) "
            f"AND json_extract(data, '$.values.{field}') = '{word}'"
        )


def downgrade() -> None:
    for table, column, mapping in COLUMNS:
        _translate(table, column, {new: old for old, new in mapping.items()})
    op.execute(
        "UPDATE records SET data = json_remove(data, '$.rule') "
        "WHERE json_valid(data) AND json_extract(data, '$.rule') IS NOT NULL"
    )
