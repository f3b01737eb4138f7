"""Customs: HS classification, duties and import taxes, de minimis, landed cost, customs declarations."""
