"""Logistics: warehouses and stock, the fulfillment planner (quotes), delivery windows, shipments, returns."""
