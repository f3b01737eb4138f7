"""Compliance's expected failures."""

from __future__ import annotations

from core.errors import Conflict, Forbidden, InvalidInput, NotFound


class RuleSetNotFound(NotFound):
    slug, title = "rule-set-not-found", "Rule set not found"


class RuleVersionNotFound(NotFound):
    slug, title = "rule-version-not-found", "Rule version not found"


class RuleSetKeyTaken(Conflict):
    slug, title = "rule-set-key-taken", "A rule set with this key exists"


class RuleContentInvalid(InvalidInput):
    slug, title = "rule-content-invalid", "Rule content is invalid"


class RuleTestsFailed(InvalidInput):
    slug, title = "rule-tests-failed", "The version's test cases fail"


class VersionNotEditable(Conflict):
    slug, title = "version-not-editable", "Only drafts can be edited"


class VersionNotPending(Conflict):
    slug, title = "version-not-pending", "The version is not waiting for approval"


class VersionWindowOverlaps(Conflict):
    slug, title = "version-window-overlaps", "Effective windows of one rule set may not overlap"


class FourEyesRequired(Forbidden):
    slug, title = "four-eyes-required", "A second officer must approve"


class MarketAlreadySuspended(Conflict):
    slug, title = "market-already-suspended", "The market is already suspended"


class MarketNotSuspended(Conflict):
    slug, title = "market-not-suspended", "The market is not suspended"


class MarketLiftPending(Conflict):
    slug, title = "market-lift-pending", "A request to lift the suspension waits for approval"


class MarketLiftNotPending(Conflict):
    slug, title = "market-lift-not-pending", "Nobody asked to lift the suspension"


class SaleRefused(Conflict):
    """The rules in force now refuse a sale they allowed when it was quoted (`compliance.gate`)."""

    slug, title = "sale-refused", "The rules in force refuse the sale"


class MarketClosed(SaleRefused):
    slug, title = "market-closed", "The market is closed to this sale"


class GoodsRestricted(SaleRefused):
    slug, title = "goods-restricted", "Goods in the sale are restricted"


class TraderNotVerified(SaleRefused):
    """EU DSA art. 30: the merchant's trader information is incomplete or not verified (`check_trader`)."""

    slug, title = "trader-not-verified", "The merchant's trader information is not verified"
