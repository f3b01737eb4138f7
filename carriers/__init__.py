"""Carriers: carrier accounts and services, rate sheets, transit-time profiles per lane, carrier adapters."""
