"""Contains all the data models used in inputs/outputs"""

from .affiliate_in import AffiliateIn
from .affiliate_in_plan import AffiliateInPlan
from .affiliate_plan_create import AffiliatePlanCreate
from .affiliate_plan_create_categories import AffiliatePlanCreateCategories
from .affiliate_plan_create_products import AffiliatePlanCreateProducts
from .affiliate_plan_kind import AffiliatePlanKind
from .affiliate_plan_list import AffiliatePlanList
from .affiliate_plan_read import AffiliatePlanRead
from .affiliate_plan_read_categories import AffiliatePlanReadCategories
from .affiliate_plan_read_products import AffiliatePlanReadProducts
from .affiliate_read import AffiliateRead
from .api_key_create import ApiKeyCreate
from .api_key_created import ApiKeyCreated
from .api_key_read import ApiKeyRead
from .audit_read import AuditRead
from .audit_read_after_type_0 import AuditReadAfterType0
from .audit_read_before_type_0 import AuditReadBeforeType0
from .balance_read import BalanceRead
from .balance_transaction_list import BalanceTransactionList
from .balance_transaction_read import BalanceTransactionRead
from .break_spec_input import BreakSpecInput
from .break_spec_output import BreakSpecOutput
from .breakdown import Breakdown
from .carrier_create import CarrierCreate
from .carrier_create_adapter import CarrierCreateAdapter
from .carrier_read import CarrierRead
from .carrier_read_adapter import CarrierReadAdapter
from .carriers_destination_in import CarriersDestinationIn
from .carriers_rates_read import CarriersRatesRead
from .charge_read import ChargeRead
from .charge_read_category import ChargeReadCategory
from .charge_read_collected import ChargeReadCollected
from .conversion_read import ConversionRead
from .convert_request import ConvertRequest
from .create_carrier_webhook_body import CreateCarrierWebhookBody
from .creator_list import CreatorList
from .creator_onboard import CreatorOnboard
from .creator_onboarded import CreatorOnboarded
from .creator_read import CreatorRead
from .creator_update import CreatorUpdate
from .customs_document_required import CustomsDocumentRequired
from .customs_document_required_kind import CustomsDocumentRequiredKind
from .day_count import DayCount
from .days_read import DaysRead
from .de_minimis import DeMinimis
from .decision import Decision
from .delivery_create import DeliveryCreate
from .delivery_read import DeliveryRead
from .delivery_status import DeliveryStatus
from .delivery_window import DeliveryWindow
from .delivery_window_confidence import DeliveryWindowConfidence
from .destination import Destination
from .endpoint_status import EndpointStatus
from .evaluate_read import EvaluateRead
from .evaluate_read_outcome import EvaluateReadOutcome
from .evaluate_request import EvaluateRequest
from .evaluate_request_input import EvaluateRequestInput
from .evaluate_request_topic import EvaluateRequestTopic
from .event_read import EventRead
from .event_read_data import EventReadData
from .event_type_read import EventTypeRead
from .export_rate_sheet_format import ExportRateSheetFormat
from .fee_line import FeeLine
from .fx_markup_list import FxMarkupList
from .fx_markup_read import FxMarkupRead
from .fx_markup_update import FxMarkupUpdate
from .fx_quote_consume import FxQuoteConsume
from .fx_quote_create import FxQuoteCreate
from .fx_quote_read import FxQuoteRead
from .fx_quote_status import FxQuoteStatus
from .fx_read import FxRead
from .fx_used import FxUsed
from .get_health_response_gethealth import GetHealthResponseGethealth
from .get_readiness_response_getreadiness import GetReadinessResponseGetreadiness
from .get_return_analytics_group_by import GetReturnAnalyticsGroupBy
from .get_rule_history_response_rule_history_v1_rules_key_history_get import (
    GetRuleHistoryResponseRuleHistoryV1RulesKeyHistoryGet,
)
from .history_import_read import HistoryImportRead
from .history_reject import HistoryReject
from .hs_code_read import HsCodeRead
from .hs_code_read_level import HsCodeReadLevel
from .landed_cost_item import LandedCostItem
from .landed_cost_line import LandedCostLine
from .landed_cost_read import LandedCostRead
from .landed_cost_read_collected import LandedCostReadCollected
from .landed_cost_read_collection import LandedCostReadCollection
from .landed_cost_read_incoterm import LandedCostReadIncoterm
from .landed_cost_read_supply import LandedCostReadSupply
from .landed_cost_request import LandedCostRequest
from .landed_cost_request_channel import LandedCostRequestChannel
from .landed_cost_request_incoterm import LandedCostRequestIncoterm
from .lane_calibration import LaneCalibration
from .ledger_transaction_read import LedgerTransactionRead
from .list_api_keys_response_get_api_keys_v1_api_keys_get import ListApiKeysResponseGetApiKeysV1ApiKeysGet
from .list_event_types_response_list_event_types_v1_event_types_get import (
    ListEventTypesResponseListEventTypesV1EventTypesGet,
)
from .list_markets_response_markets_v1_markets_get import ListMarketsResponseMarketsV1MarketsGet
from .logistics_destination_in import LogisticsDestinationIn
from .logistics_document_required import LogisticsDocumentRequired
from .market_read import MarketRead
from .me_read import MeRead
from .merchant_create import MerchantCreate
from .merchant_read import MerchantRead
from .merchant_update import MerchantUpdate
from .money_in import MoneyIn
from .money_model import MoneyModel
from .non_negative_money import NonNegativeMoney
from .order_create import OrderCreate
from .order_create_channel_type_0 import OrderCreateChannelType0
from .order_line_read import OrderLineRead
from .order_read import OrderRead
from .order_read_destination import OrderReadDestination
from .order_settlement_read import OrderSettlementRead
from .page_audit_read import PageAuditRead
from .page_carrier_read import PageCarrierRead
from .page_event_read import PageEventRead
from .page_merchant_read import PageMerchantRead
from .page_product_read import PageProductRead
from .page_rate_sheet_summary import PageRateSheetSummary
from .page_rule_set_read import PageRuleSetRead
from .page_service_read import PageServiceRead
from .page_trader_event_read import PageTraderEventRead
from .page_warehouse_read import PageWarehouseRead
from .page_webhook_delivery_read import PageWebhookDeliveryRead
from .page_webhook_endpoint_read import PageWebhookEndpointRead
from .parcel_in import ParcelIn
from .parcel_in_goods_item import ParcelInGoodsItem
from .parcel_plan import ParcelPlan
from .payee_read import PayeeRead
from .payee_read_type import PayeeReadType
from .payment_in import PaymentIn
from .payments_rates_read import PaymentsRatesRead
from .payments_rates_read_rates import PaymentsRatesReadRates
from .payout_confirm import PayoutConfirm
from .payout_fail import PayoutFail
from .payout_interval import PayoutInterval
from .payout_list import PayoutList
from .payout_method import PayoutMethod
from .payout_read import PayoutRead
from .payout_setting_change_decision import PayoutSettingChangeDecision
from .payout_setting_change_list import PayoutSettingChangeList
from .payout_setting_change_read import PayoutSettingChangeRead
from .payout_setting_change_read_changes import PayoutSettingChangeReadChanges
from .payout_setting_change_read_status import PayoutSettingChangeReadStatus
from .payout_setting_field_change import PayoutSettingFieldChange
from .payout_settings_read import PayoutSettingsRead
from .payout_settings_update import PayoutSettingsUpdate
from .pending_lift import PendingLift
from .point_in import PointIn
from .positive_money import PositiveMoney
from .problem import Problem
from .problem_field import ProblemField
from .product_create import ProductCreate
from .product_read import ProductRead
from .product_registration import ProductRegistration
from .quote_create import QuoteCreate
from .quote_create_channel import QuoteCreateChannel
from .quote_create_incoterm import QuoteCreateIncoterm
from .quote_create_objective import QuoteCreateObjective
from .quote_item_in import QuoteItemIn
from .quote_option import QuoteOption
from .quote_option_duties_collected import QuoteOptionDutiesCollected
from .quote_option_landed_cost_type_0 import QuoteOptionLandedCostType0
from .quote_option_source import QuoteOptionSource
from .quote_read import QuoteRead
from .quote_read_destination import QuoteReadDestination
from .quote_read_fx_item import QuoteReadFxItem
from .ranking import Ranking
from .ranking_parameter import RankingParameter
from .rate_quote_read import RateQuoteRead
from .rate_quote_read_mode import RateQuoteReadMode
from .rate_read import RateRead
from .rate_refusal_read import RateRefusalRead
from .rate_sheet_read import RateSheetRead
from .rate_sheet_read_rounding import RateSheetReadRounding
from .rate_sheet_spec import RateSheetSpec
from .rate_sheet_spec_rounding import RateSheetSpecRounding
from .rate_sheet_summary import RateSheetSummary
from .rates_request import RatesRequest
from .receive_stripe_webhook_body import ReceiveStripeWebhookBody
from .refund_create import RefundCreate
from .rejected import Rejected
from .rejection import Rejection
from .remote_area_spec_input import RemoteAreaSpecInput
from .remote_area_spec_output import RemoteAreaSpecOutput
from .replay_webhook_endpoint_delivery_body_type_0 import ReplayWebhookEndpointDeliveryBodyType0
from .resume_request import ResumeRequest
from .return_analytics import ReturnAnalytics
from .return_create import ReturnCreate
from .return_item_in import ReturnItemIn
from .return_item_in_reason import ReturnItemInReason
from .return_label_read import ReturnLabelRead
from .return_label_read_label_type_0 import ReturnLabelReadLabelType0
from .return_line_read import ReturnLineRead
from .return_rate_list import ReturnRateList
from .return_rate_read import ReturnRateRead
from .return_rate_row import ReturnRateRow
from .return_read import ReturnRead
from .return_receive import ReturnReceive
from .return_receive_refundable_quantity_type_0 import ReturnReceiveRefundableQuantityType0
from .return_receive_restockable_quantity import ReturnReceiveRestockableQuantity
from .revoke_api_key_body_type_0 import RevokeApiKeyBodyType0
from .role import Role
from .rollback import Rollback
from .rule_applied import RuleApplied
from .rule_set_create import RuleSetCreate
from .rule_set_create_topic import RuleSetCreateTopic
from .rule_set_detail import RuleSetDetail
from .rule_set_read import RuleSetRead
from .sale_create import SaleCreate
from .sale_create_fulfillment import SaleCreateFulfillment
from .scope import Scope
from .scope_region_type_0 import ScopeRegionType0
from .scope_type import ScopeType
from .service_create import ServiceCreate
from .service_create_accepts_item import ServiceCreateAcceptsItem
from .service_create_goods_limits import ServiceCreateGoodsLimits
from .service_create_mode import ServiceCreateMode
from .service_read import ServiceRead
from .service_read_goods_limits import ServiceReadGoodsLimits
from .service_read_mode import ServiceReadMode
from .service_update import ServiceUpdate
from .service_update_accepts_type_0_item import ServiceUpdateAcceptsType0Item
from .service_update_goods_limits_type_0 import ServiceUpdateGoodsLimitsType0
from .service_update_mode_type_0 import ServiceUpdateModeType0
from .settlement_run_create import SettlementRunCreate
from .settlement_run_list import SettlementRunList
from .settlement_run_read import SettlementRunRead
from .settlement_run_read_holds_item import SettlementRunReadHoldsItem
from .settlement_run_read_reconciliation_type_0 import SettlementRunReadReconciliationType0
from .shipment_event_in import ShipmentEventIn
from .shipment_event_in_reason_type_0 import ShipmentEventInReasonType0
from .shipment_event_in_status import ShipmentEventInStatus
from .shipment_event_read import ShipmentEventRead
from .shipment_plan import ShipmentPlan
from .shipment_plan_items_item import ShipmentPlanItemsItem
from .shipment_plan_source import ShipmentPlanSource
from .shipment_read import ShipmentRead
from .shipment_read_declaration_type_0 import ShipmentReadDeclarationType0
from .shipment_read_items_item import ShipmentReadItemsItem
from .shipment_read_label_type_0 import ShipmentReadLabelType0
from .simulation_read import SimulationRead
from .simulation_read_by_country import SimulationReadByCountry
from .simulation_read_by_country_additional_property import SimulationReadByCountryAdditionalProperty
from .simulation_read_samples_item import SimulationReadSamplesItem
from .simulation_request import SimulationRequest
from .slot_fee_create import SlotFeeCreate
from .slot_fee_list import SlotFeeList
from .slot_fee_read import SlotFeeRead
from .statement_import_read import StatementImportRead
from .statement_import_read_format import StatementImportReadFormat
from .statement_import_read_unmatched_item import StatementImportReadUnmatchedItem
from .stock_level import StockLevel
from .stock_set import StockSet
from .supplementary_rate_list import SupplementaryRateList
from .supplementary_rate_read import SupplementaryRateRead
from .supplementary_rate_update import SupplementaryRateUpdate
from .suspend_request import SuspendRequest
from .suspend_request_channel import SuspendRequestChannel
from .tax_liability_list import TaxLiabilityList
from .tax_liability_read import TaxLiabilityRead
from .tax_liability_read_kind import TaxLiabilityReadKind
from .tax_remittance_create import TaxRemittanceCreate
from .tax_remittance_create_kind import TaxRemittanceCreateKind
from .tax_remittance_read import TaxRemittanceRead
from .test_case import TestCase
from .test_case_expect import TestCaseExpect
from .test_case_input import TestCaseInput
from .tracking_push_read import TrackingPushRead
from .trader_address import TraderAddress
from .trader_event_read import TraderEventRead
from .trader_event_read_information_type_0 import TraderEventReadInformationType0
from .trader_in import TraderIn
from .trader_read import TraderRead
from .trader_verification import TraderVerification
from .trader_verification_set import TraderVerificationSet
from .transit_read import TransitRead
from .transit_read_source import TransitReadSource
from .transit_spec import TransitSpec
from .version_create import VersionCreate
from .version_create_rows_item import VersionCreateRowsItem
from .version_read import VersionRead
from .version_read_rows_item import VersionReadRowsItem
from .version_read_tests_item import VersionReadTestsItem
from .version_update import VersionUpdate
from .version_update_rows_type_0_item import VersionUpdateRowsType0Item
from .warehouse_create import WarehouseCreate
from .warehouse_read import WarehouseRead
from .warehouse_update import WarehouseUpdate
from .webhook_delivery_read import WebhookDeliveryRead
from .webhook_endpoint_create import WebhookEndpointCreate
from .webhook_endpoint_created import WebhookEndpointCreated
from .webhook_endpoint_read import WebhookEndpointRead
from .webhook_secret_read import WebhookSecretRead
from .window import Window
from .window_calibration import WindowCalibration
from .zone_spec_input import ZoneSpecInput
from .zone_spec_input_polygon_type_0 import ZoneSpecInputPolygonType0
from .zone_spec_output import ZoneSpecOutput
from .zone_spec_output_polygon_type_0 import ZoneSpecOutputPolygonType0

__all__ = (
    "AffiliateIn",
    "AffiliateInPlan",
    "AffiliatePlanCreate",
    "AffiliatePlanCreateCategories",
    "AffiliatePlanCreateProducts",
    "AffiliatePlanKind",
    "AffiliatePlanList",
    "AffiliatePlanRead",
    "AffiliatePlanReadCategories",
    "AffiliatePlanReadProducts",
    "AffiliateRead",
    "ApiKeyCreate",
    "ApiKeyCreated",
    "ApiKeyRead",
    "AuditRead",
    "AuditReadAfterType0",
    "AuditReadBeforeType0",
    "BalanceRead",
    "BalanceTransactionList",
    "BalanceTransactionRead",
    "Breakdown",
    "BreakSpecInput",
    "BreakSpecOutput",
    "CarrierCreate",
    "CarrierCreateAdapter",
    "CarrierRead",
    "CarrierReadAdapter",
    "CarriersDestinationIn",
    "CarriersRatesRead",
    "ChargeRead",
    "ChargeReadCategory",
    "ChargeReadCollected",
    "ConversionRead",
    "ConvertRequest",
    "CreateCarrierWebhookBody",
    "CreatorList",
    "CreatorOnboard",
    "CreatorOnboarded",
    "CreatorRead",
    "CreatorUpdate",
    "CustomsDocumentRequired",
    "CustomsDocumentRequiredKind",
    "DayCount",
    "DaysRead",
    "Decision",
    "DeliveryCreate",
    "DeliveryRead",
    "DeliveryStatus",
    "DeliveryWindow",
    "DeliveryWindowConfidence",
    "DeMinimis",
    "Destination",
    "EndpointStatus",
    "EvaluateRead",
    "EvaluateReadOutcome",
    "EvaluateRequest",
    "EvaluateRequestInput",
    "EvaluateRequestTopic",
    "EventRead",
    "EventReadData",
    "EventTypeRead",
    "ExportRateSheetFormat",
    "FeeLine",
    "FxMarkupList",
    "FxMarkupRead",
    "FxMarkupUpdate",
    "FxQuoteConsume",
    "FxQuoteCreate",
    "FxQuoteRead",
    "FxQuoteStatus",
    "FxRead",
    "FxUsed",
    "GetHealthResponseGethealth",
    "GetReadinessResponseGetreadiness",
    "GetReturnAnalyticsGroupBy",
    "GetRuleHistoryResponseRuleHistoryV1RulesKeyHistoryGet",
    "HistoryImportRead",
    "HistoryReject",
    "HsCodeRead",
    "HsCodeReadLevel",
    "LandedCostItem",
    "LandedCostLine",
    "LandedCostRead",
    "LandedCostReadCollected",
    "LandedCostReadCollection",
    "LandedCostReadIncoterm",
    "LandedCostReadSupply",
    "LandedCostRequest",
    "LandedCostRequestChannel",
    "LandedCostRequestIncoterm",
    "LaneCalibration",
    "LedgerTransactionRead",
    "ListApiKeysResponseGetApiKeysV1ApiKeysGet",
    "ListEventTypesResponseListEventTypesV1EventTypesGet",
    "ListMarketsResponseMarketsV1MarketsGet",
    "LogisticsDestinationIn",
    "LogisticsDocumentRequired",
    "MarketRead",
    "MerchantCreate",
    "MerchantRead",
    "MerchantUpdate",
    "MeRead",
    "MoneyIn",
    "MoneyModel",
    "NonNegativeMoney",
    "OrderCreate",
    "OrderCreateChannelType0",
    "OrderLineRead",
    "OrderRead",
    "OrderReadDestination",
    "OrderSettlementRead",
    "PageAuditRead",
    "PageCarrierRead",
    "PageEventRead",
    "PageMerchantRead",
    "PageProductRead",
    "PageRateSheetSummary",
    "PageRuleSetRead",
    "PageServiceRead",
    "PageTraderEventRead",
    "PageWarehouseRead",
    "PageWebhookDeliveryRead",
    "PageWebhookEndpointRead",
    "ParcelIn",
    "ParcelInGoodsItem",
    "ParcelPlan",
    "PayeeRead",
    "PayeeReadType",
    "PaymentIn",
    "PaymentsRatesRead",
    "PaymentsRatesReadRates",
    "PayoutConfirm",
    "PayoutFail",
    "PayoutInterval",
    "PayoutList",
    "PayoutMethod",
    "PayoutRead",
    "PayoutSettingChangeDecision",
    "PayoutSettingChangeList",
    "PayoutSettingChangeRead",
    "PayoutSettingChangeReadChanges",
    "PayoutSettingChangeReadStatus",
    "PayoutSettingFieldChange",
    "PayoutSettingsRead",
    "PayoutSettingsUpdate",
    "PendingLift",
    "PointIn",
    "PositiveMoney",
    "Problem",
    "ProblemField",
    "ProductCreate",
    "ProductRead",
    "ProductRegistration",
    "QuoteCreate",
    "QuoteCreateChannel",
    "QuoteCreateIncoterm",
    "QuoteCreateObjective",
    "QuoteItemIn",
    "QuoteOption",
    "QuoteOptionDutiesCollected",
    "QuoteOptionLandedCostType0",
    "QuoteOptionSource",
    "QuoteRead",
    "QuoteReadDestination",
    "QuoteReadFxItem",
    "Ranking",
    "RankingParameter",
    "RateQuoteRead",
    "RateQuoteReadMode",
    "RateRead",
    "RateRefusalRead",
    "RateSheetRead",
    "RateSheetReadRounding",
    "RateSheetSpec",
    "RateSheetSpecRounding",
    "RateSheetSummary",
    "RatesRequest",
    "ReceiveStripeWebhookBody",
    "RefundCreate",
    "Rejected",
    "Rejection",
    "RemoteAreaSpecInput",
    "RemoteAreaSpecOutput",
    "ReplayWebhookEndpointDeliveryBodyType0",
    "ResumeRequest",
    "ReturnAnalytics",
    "ReturnCreate",
    "ReturnItemIn",
    "ReturnItemInReason",
    "ReturnLabelRead",
    "ReturnLabelReadLabelType0",
    "ReturnLineRead",
    "ReturnRateList",
    "ReturnRateRead",
    "ReturnRateRow",
    "ReturnRead",
    "ReturnReceive",
    "ReturnReceiveRefundableQuantityType0",
    "ReturnReceiveRestockableQuantity",
    "RevokeApiKeyBodyType0",
    "Role",
    "Rollback",
    "RuleApplied",
    "RuleSetCreate",
    "RuleSetCreateTopic",
    "RuleSetDetail",
    "RuleSetRead",
    "SaleCreate",
    "SaleCreateFulfillment",
    "Scope",
    "ScopeRegionType0",
    "ScopeType",
    "ServiceCreate",
    "ServiceCreateAcceptsItem",
    "ServiceCreateGoodsLimits",
    "ServiceCreateMode",
    "ServiceRead",
    "ServiceReadGoodsLimits",
    "ServiceReadMode",
    "ServiceUpdate",
    "ServiceUpdateAcceptsType0Item",
    "ServiceUpdateGoodsLimitsType0",
    "ServiceUpdateModeType0",
    "SettlementRunCreate",
    "SettlementRunList",
    "SettlementRunRead",
    "SettlementRunReadHoldsItem",
    "SettlementRunReadReconciliationType0",
    "ShipmentEventIn",
    "ShipmentEventInReasonType0",
    "ShipmentEventInStatus",
    "ShipmentEventRead",
    "ShipmentPlan",
    "ShipmentPlanItemsItem",
    "ShipmentPlanSource",
    "ShipmentRead",
    "ShipmentReadDeclarationType0",
    "ShipmentReadItemsItem",
    "ShipmentReadLabelType0",
    "SimulationRead",
    "SimulationReadByCountry",
    "SimulationReadByCountryAdditionalProperty",
    "SimulationReadSamplesItem",
    "SimulationRequest",
    "SlotFeeCreate",
    "SlotFeeList",
    "SlotFeeRead",
    "StatementImportRead",
    "StatementImportReadFormat",
    "StatementImportReadUnmatchedItem",
    "StockLevel",
    "StockSet",
    "SupplementaryRateList",
    "SupplementaryRateRead",
    "SupplementaryRateUpdate",
    "SuspendRequest",
    "SuspendRequestChannel",
    "TaxLiabilityList",
    "TaxLiabilityRead",
    "TaxLiabilityReadKind",
    "TaxRemittanceCreate",
    "TaxRemittanceCreateKind",
    "TaxRemittanceRead",
    "TestCase",
    "TestCaseExpect",
    "TestCaseInput",
    "TrackingPushRead",
    "TraderAddress",
    "TraderEventRead",
    "TraderEventReadInformationType0",
    "TraderIn",
    "TraderRead",
    "TraderVerification",
    "TraderVerificationSet",
    "TransitRead",
    "TransitReadSource",
    "TransitSpec",
    "VersionCreate",
    "VersionCreateRowsItem",
    "VersionRead",
    "VersionReadRowsItem",
    "VersionReadTestsItem",
    "VersionUpdate",
    "VersionUpdateRowsType0Item",
    "WarehouseCreate",
    "WarehouseRead",
    "WarehouseUpdate",
    "WebhookDeliveryRead",
    "WebhookEndpointCreate",
    "WebhookEndpointCreated",
    "WebhookEndpointRead",
    "WebhookSecretRead",
    "Window",
    "WindowCalibration",
    "ZoneSpecInput",
    "ZoneSpecInputPolygonType0",
    "ZoneSpecOutput",
    "ZoneSpecOutputPolygonType0",
)
