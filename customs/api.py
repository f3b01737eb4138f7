"""The customs API: landed cost and HS code look-up (roles shop and admin)."""

from __future__ import annotations

from fastapi import Path

from core.errors import InvalidInput
from core.http import SessionDep, ShopPrincipal, api_router
from customs import service
from customs.errors import HsCodeNotFound
from customs.hs import EDITION, HsCode, InvalidHsCodeError, describe, normalize
from customs.schemas import HsCodeRead, LandedCostRead, LandedCostRequest

router = api_router(prefix="/v1", tags=["customs"])


@router.post(
    "/landed-cost",
    summary="Duties, import taxes, fees and the total a shopper pays, for a destination and a date",
    operation_id="calculateLandedCost",
)
def post_landed_cost(
    session: SessionDep, principal: ShopPrincipal, data: LandedCostRequest
) -> LandedCostRead:
    return service.landed_cost(session, request=data, subject_id=principal.actor_id)


@router.get("/hs-codes/{code}", summary="Validate and describe an HS code (HS 2022)")
def get_hs_code(
    _: ShopPrincipal,
    code: str = Path(max_length=20, description="2, 4 or 6-10 digits; dots and spaces allowed"),
) -> HsCodeRead:
    digits = normalize(code)
    if not digits.isdigit() or len(digits) not in (2, 4, 6, 7, 8, 9, 10):
        raise InvalidInput.for_field("code", f"{code!r} is not an HS code: 2, 4 or 6 to 10 digits")
    try:
        entry = describe(digits)
    except InvalidHsCodeError as exc:
        raise HsCodeNotFound(str(exc)) from None
    if isinstance(entry, HsCode):
        return HsCodeRead(
            code=entry.code,
            level="national" if entry.national_suffix else "subheading",
            description=entry.subheading.description,
            edition=EDITION,
            heading=entry.heading.code,
            heading_description=entry.heading.description,
            chapter=entry.chapter.code,
            chapter_description=entry.chapter.description,
            section=entry.subheading.section,
            section_name=entry.subheading.section_name,
            national_suffix=entry.national_suffix or None,
        )
    chapter = entry if entry.level == 2 else describe(entry.code[:2])
    assert not isinstance(chapter, HsCode)
    return HsCodeRead(
        code=entry.code,
        level="chapter" if entry.level == 2 else "heading",
        description=entry.description,
        edition=EDITION,
        chapter=chapter.code,
        chapter_description=chapter.description,
        section=entry.section,
        section_name=entry.section_name,
    )
