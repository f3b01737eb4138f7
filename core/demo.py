"""Demo tenants, keys and console users for `python main.py seed-demo`. Running it twice changes nothing."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session, select

from core import traders
from core.auth import authenticate, create_api_key
from core.config import get_settings
from core.creators import CreatorCreate, create_creator
from core.errors import Unauthenticated
from core.merchants import MerchantCreate, MerchantUpdate, create_merchant, update_merchant
from core.models import Creator, Merchant, Role, TraderInfo, TraderVerification, User
from core.people import create_user

# Fixed ids, so every domain's demo data can refer to them and reseeding finds them. Each gives its trader
# information (EU DSA art. 30); Kawaii's still waits for an admin's verification, so it sells to the EU
# only once an admin verifies it (the console's merchant page).
DEMO_MERCHANTS: list[dict[str, Any]] = [
    {
        "id": "mer_demo_lumen",
        "name": "Lumen Home Goods",
        "country": "CN",
        "settlement_currency": "USD",
        "trader_verification": TraderVerification.verified,
        "trader": {
            "legal_name": "Shenzhen Lumen Home Goods Co., Ltd.",
            "address": {
                "line1": "88 Keyuan Road, Nanshan District",
                "city": "Shenzhen",
                "postal_code": "518057",
                "country": "CN",
            },
            "email": "trade@lumen.example",
            "phone": "+8675588880000",
            "registration_number": "91440300MA5DEMO01X",
            "trade_register": "National Enterprise Credit Information Publicity System (SAMR)",
            "self_certification": True,
        },
    },
    {
        "id": "mer_demo_batik",
        "name": "Batik Nusantara",
        "country": "ID",
        "settlement_currency": "IDR",
        "trader_verification": TraderVerification.verified,
        "trader": {
            "legal_name": "PT Batik Nusantara Indah",
            "address": {
                "line1": "Jl. Malioboro 52",
                "city": "Yogyakarta",
                "postal_code": "55213",
                "country": "ID",
            },
            "email": "toko@batik.example",
            "phone": "+62274512345",
            "registration_number": "9120001234567",
            "trade_register": "Online Single Submission (OSS), NIB",
            "self_certification": True,
        },
    },
    {
        "id": "mer_demo_kawaii",
        "name": "Kawaii Stationery",
        "country": "JP",
        "settlement_currency": "JPY",
        "trader_verification": TraderVerification.pending,
        "trader": {
            "legal_name": "Kawaii Bungu K.K.",
            "address": {
                "line1": "2-11-3 Meguro",
                "city": "Tokyo",
                "postal_code": "153-0063",
                "country": "JP",
            },
            "email": "shop@kawaii.example",
            "phone": "+81354321234",
            "registration_number": "0110-01-098765",
            "trade_register": "Commercial Registry, Tokyo Legal Affairs Bureau",
            "self_certification": True,
        },
    },
    {
        "id": "mer_demo_nordlys",
        "name": "Nordlys Design",
        "country": "DE",
        "settlement_currency": "EUR",
        "trader_verification": TraderVerification.verified,
        "trader": {
            "legal_name": "Nordlys Design GmbH",
            "address": {
                "line1": "Karl-Liebknecht-Strasse 12",
                "city": "Leipzig",
                "postal_code": "04107",
                "country": "DE",
            },
            "email": "hallo@nordlys.example",
            "phone": "+493412345678",
            "registration_number": "HRB 34567",
            "trade_register": "Handelsregister, Amtsgericht Leipzig",
            "self_certification": True,
        },
    },
]
DEMO_MERCHANT_ID = DEMO_MERCHANTS[0]["id"]

# Creators paid by the demo merchants' affiliate plans (settlement.demo): one on the open plan, one with a
# targeted plan and a slot fee. The demo `creator` key is Lina's.
DEMO_CREATORS: list[dict[str, Any]] = [
    {
        "id": "cre_demo_lina",
        "name": "Lina Okafor",
        "handle": "@lina.makes",
        "country": "US",
        "payout_currency": "USD",
        "verification": TraderVerification.verified,
    },
    {
        "id": "cre_demo_ayu",
        "name": "Ayu Pratiwi",
        "handle": "@ayu.styles",
        "country": "ID",
        "payout_currency": "IDR",
        "verification": TraderVerification.verified,
    },
]
DEMO_CREATOR_ID = DEMO_CREATORS[0]["id"]


def seed_merchants(session: Session) -> None:
    """The demo merchants and creators (the tenants and the other payees). A demo merchant seeded before
    trader information was kept gets it, in its demo state."""
    for spec in DEMO_MERCHANTS:
        data = MerchantCreate(**{k: v for k, v in spec.items() if k != "id"})
        merchant = session.get(Merchant, spec["id"])
        if merchant is None:
            create_merchant(session, data=data, merchant_id=spec["id"], actor="seed-demo")
        elif data.trader is not None and session.get(TraderInfo, merchant.id) is None:
            state = merchant.trader_verification
            traders.store(session, merchant=merchant, data=data.trader, actor="seed-demo")
            update_merchant(
                session,
                merchant_id=merchant.id,
                data=MerchantUpdate(trader_verification=TraderVerification(state)),
                actor="seed-demo",
            )
    for spec in DEMO_CREATORS:
        if session.get(Creator, spec["id"]) is None:
            created = CreatorCreate(**{k: v for k, v in spec.items() if k != "id"})
            create_creator(session, data=created, creator_id=spec["id"])


def demo_keys(session: Session) -> dict[str, str]:
    """One key per role (the merchant key for the first demo merchant, the creator key for the first demo
    creator), kept in var/demo-keys.json.

    Keys in the file that still authenticate are reused; missing or revoked ones are issued anew.
    """
    path = get_settings().data_dir / "demo-keys.json"
    try:
        known: dict[str, str] = json.loads(path.read_text())
    except (OSError, ValueError):
        known = {}
    keys: dict[str, str] = {}
    for role in Role:
        merchant_id = DEMO_MERCHANT_ID if role is Role.merchant else None
        creator_id = DEMO_CREATOR_ID if role is Role.creator else None
        current = known.get(role.value)
        if current:
            try:
                principal = authenticate(session, f"Bearer {current}")
                if (principal.role, principal.merchant_id, principal.creator_id) == (
                    role,
                    merchant_id,
                    creator_id,
                ):
                    keys[role.value] = current
                    continue
            except Unauthenticated:
                pass
        keys[role.value] = create_api_key(
            session, role=role, merchant_id=merchant_id, creator_id=creator_id, label="demo"
        ).secret
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(keys, indent=2) + "\n")
    path.chmod(0o600)
    return keys


# Demo people for the console; the passwords are public and printed by seed-demo. Two officers, so the
# four-eyes flow (one drafts, the other approves) can be tried.
DEMO_USERS: list[dict[str, Any]] = [
    {
        "email": "merchant@lumen.example",
        "password": "lumen-demo-pass",
        "role": Role.merchant,
        "merchant_id": "mer_demo_lumen",
        "display_name": "Li Wei (Lumen Home Goods)",
    },
    {
        "email": "merchant@batik.example",
        "password": "batik-demo-pass",
        "role": Role.merchant,
        "merchant_id": "mer_demo_batik",
        "display_name": "Sari Wulandari (Batik Nusantara)",
    },
    {
        "email": "ana@tradelane.example",
        "password": "officer-demo-1",
        "role": Role.compliance_officer,
        "display_name": "Ana Costa",
    },
    {
        "email": "ben@tradelane.example",
        "password": "officer-demo-2",
        "role": Role.compliance_officer,
        "display_name": "Ben Okafor",
    },
    {
        "email": "admin@tradelane.example",
        "password": "admin-demo-pass",
        "role": Role.admin,
        "display_name": "Platform admin",
    },
]


def seed_users(session: Session) -> list[dict[str, str]]:
    """Create the demo people that are missing; returns how to sign in as each."""
    for spec in DEMO_USERS:
        if session.exec(select(User.id).where(User.email == spec["email"])).first() is None:
            create_user(session, created_by="seed-demo", **spec)
    return [
        {
            "email": spec["email"],
            "password": spec["password"],
            "role": spec["role"].value,
            **({"merchant_id": spec["merchant_id"]} if spec.get("merchant_id") else {}),
        }
        for spec in DEMO_USERS
    ]
