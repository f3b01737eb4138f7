"""People: argon2id passwords, sign-in sessions, failure pauses and form tokens (service level)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from core import people
from core.clock import frozen, utc_now
from core.errors import Conflict, InvalidInput, TooManyRequests
from core.merchants import MerchantCreate, create_merchant
from core.models import Role, SignInAttempt, User


@pytest.fixture
def merchant_id(session: Session) -> str:
    return create_merchant(
        session, data=MerchantCreate(name="Alpha", country="CN", settlement_currency="USD")
    ).id


def make(session: Session, email: str = "Ana@Example.com", role: Role = Role.compliance_officer) -> User:
    return people.create_user(session, email=email, password="correct horse battery", role=role)


def test_password_is_stored_as_argon2id_and_the_address_lowercase(session: Session) -> None:
    user = make(session)
    assert user.email == "ana@example.com"
    assert user.password_hash.startswith("$argon2id$")
    assert "correct horse" not in user.password_hash
    assert user.id.startswith("usr_")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"email": "not-an-address"}, "email"),
        ({"password": "short"}, "password"),
        ({"role": Role.merchant}, "merchant"),
        ({"role": Role.shop}, "role"),
        ({"merchant_id": "mer_nope"}, "merchant"),
    ],
)
def test_bad_accounts_are_refused_naming_the_field(
    session: Session, kwargs: dict[str, object], field: str
) -> None:
    args: dict[str, object] = {"email": "ben@example.com", "password": "long enough pass", "role": Role.admin}
    with pytest.raises(InvalidInput) as caught:
        people.create_user(session, **{**args, **kwargs})  # type: ignore[arg-type]
    assert [e.field for e in caught.value.errors] == [field]
    assert session.exec(select(User)).all() == []


def test_a_second_account_for_one_address_is_a_conflict(session: Session) -> None:
    make(session)
    with pytest.raises(Conflict):
        make(session, email="ANA@example.com")


def test_merchant_user_acts_as_its_merchant(session: Session, merchant_id: str) -> None:
    user = people.create_user(
        session,
        email="m@example.com",
        password="long enough pass",
        role=Role.merchant,
        merchant_id=merchant_id,
    )
    principal = people.principal_for(user)
    assert (principal.actor_id, principal.role, principal.merchant_id) == (
        user.id,
        Role.merchant,
        merchant_id,
    )


def test_sign_in_opens_a_session_that_resolves_until_signed_out(session: Session) -> None:
    user = make(session)
    signed = people.sign_in(session, email=" ANA@example.com ", password="correct horse battery")
    assert signed is not None
    assert signed.user.id == user.id
    found = people.resolve(session, signed.token)
    assert found is not None
    assert found[0].id == user.id
    assert signed.token not in found[1].token_hash  # only the hash is stored
    people.sign_out(session, signed.token)
    assert people.resolve(session, signed.token) is None


def test_sessions_expire(session: Session) -> None:
    make(session)
    signed = people.sign_in(session, email="ana@example.com", password="correct horse battery")
    assert signed is not None
    with frozen(utc_now() + timedelta(hours=13)):
        assert people.resolve(session, signed.token) is None


def test_wrong_password_and_unknown_address_fail_alike_and_are_recorded(session: Session) -> None:
    make(session)
    assert people.sign_in(session, email="ana@example.com", password="wrong password!") is None
    assert people.sign_in(session, email="nobody@example.com", password="wrong password!") is None
    attempts = session.exec(select(SignInAttempt)).all()
    assert [(a.email, a.succeeded) for a in attempts] == [
        ("ana@example.com", False),
        ("nobody@example.com", False),
    ]


def test_failures_pause_the_address_then_the_pause_ends(session: Session) -> None:
    make(session)
    for _ in range(5):
        assert (
            people.sign_in(session, email="ana@example.com", password="guess guess", client_ip="10.0.0.1")
            is None
        )
    with pytest.raises(TooManyRequests):
        people.sign_in(session, email="ana@example.com", password="correct horse battery")
    with frozen(utc_now() + timedelta(minutes=16)):
        assert people.sign_in(session, email="ana@example.com", password="correct horse battery") is not None


def test_failures_from_one_client_pause_that_client_across_addresses(session: Session) -> None:
    make(session)
    for i in range(20):
        people.sign_in(session, email=f"probe{i}@example.com", password="guess guess", client_ip="10.0.0.9")
    with pytest.raises(TooManyRequests):
        people.sign_in(
            session, email="ana@example.com", password="correct horse battery", client_ip="10.0.0.9"
        )
    assert people.sign_in(
        session, email="ana@example.com", password="correct horse battery", client_ip="10.0.0.2"
    )


def test_disabling_a_person_ends_their_sessions_and_refuses_sign_in(session: Session) -> None:
    user = make(session)
    signed = people.sign_in(session, email="ana@example.com", password="correct horse battery")
    assert signed is not None
    people.disable_user(session, user_id=user.id)
    assert people.resolve(session, signed.token) is None
    assert people.sign_in(session, email="ana@example.com", password="correct horse battery") is None


def test_form_tokens_are_bound_to_purpose_and_session_and_expire(session: Session) -> None:
    token = people.form_token("sign-out", bound_to="ses_1")
    assert people.check_form_token(token, "sign-out", bound_to="ses_1")
    assert not people.check_form_token(token, "sign-out", bound_to="ses_2")
    assert not people.check_form_token(token, "sign-in")
    issued, nonce, mac = token.split(".")
    assert not people.check_form_token(f"{int(issued) + 1}.{nonce}.{mac}", "sign-out", bound_to="ses_1")
    with frozen(utc_now() + timedelta(hours=13)):
        assert not people.check_form_token(token, "sign-out", bound_to="ses_1")
    assert not people.check_form_token("garbage", "sign-in")


def test_names_of_maps_people_and_leaves_keys_out(session: Session) -> None:
    user = make(session)
    assert people.names_of(session, {user.id, "key_abc"}) == {user.id: "ana@example.com"}
