"""Cursor pagination: `limit` and `starting_after` in, `{"data": [...], "has_more": bool}` out.

Ids are ULID-based, so ordering by id is ordering by creation; lists run newest first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel
from sqlmodel import Session, col
from sqlmodel.sql.expression import SelectOfScalar

T = TypeVar("T")
M = TypeVar("M")


class Page(BaseModel, Generic[T]):
    data: list[T]
    has_more: bool


class PageParams(BaseModel):
    limit: int = 20
    starting_after: str | None = None


async def page_params(
    limit: Annotated[int, Query(ge=1, le=100, description="At most this many items (1-100)")] = 20,
    starting_after: Annotated[
        str | None, Query(max_length=64, description="The last id of the previous page")
    ] = None,
) -> PageParams:
    return PageParams(limit=limit, starting_after=starting_after)


PageDep = Annotated[PageParams, Depends(page_params)]


def paginate(
    session: Session, stmt: SelectOfScalar[M], id_column: Any, params: PageParams
) -> tuple[Sequence[M], bool]:
    if params.starting_after:
        stmt = stmt.where(col(id_column) < params.starting_after)
    rows = list(session.exec(stmt.order_by(col(id_column).desc()).limit(params.limit + 1)))
    return rows[: params.limit], len(rows) > params.limit
