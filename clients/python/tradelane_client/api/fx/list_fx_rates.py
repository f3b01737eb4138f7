import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.payments_rates_read import PaymentsRatesRead
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    base: str | Unset = "EUR",
    symbols: None | str | Unset = UNSET,
    date: datetime.date | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["base"] = base

    json_symbols: None | str | Unset
    if isinstance(symbols, Unset):
        json_symbols = UNSET
    else:
        json_symbols = symbols
    params["symbols"] = json_symbols

    json_date: None | str | Unset
    if isinstance(date, Unset):
        json_date = UNSET
    elif isinstance(date, datetime.date):
        json_date = date.isoformat()
    else:
        json_date = date
    params["date"] = json_date

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/fx/rates",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PaymentsRatesRead | Problem | None:
    if response.status_code == 200:
        response_200 = PaymentsRatesRead.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[PaymentsRatesRead | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    base: str | Unset = "EUR",
    symbols: None | str | Unset = UNSET,
    date: datetime.date | None | Unset = UNSET,
) -> Response[PaymentsRatesRead | Problem]:
    """Reference rates from a base currency on a day

     Roles: any API key; each key sees only what is its own (anything else is a 404).

    Args:
        base (str | Unset): ISO 4217 code Default: 'EUR'.
        symbols (None | str | Unset): Comma-separated codes; all by default
        date (datetime.date | None | Unset): YYYY-MM-DD; today (UTC) by default

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaymentsRatesRead | Problem]
    """

    kwargs = _get_kwargs(
        base=base,
        symbols=symbols,
        date=date,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    base: str | Unset = "EUR",
    symbols: None | str | Unset = UNSET,
    date: datetime.date | None | Unset = UNSET,
) -> PaymentsRatesRead | Problem | None:
    """Reference rates from a base currency on a day

     Roles: any API key; each key sees only what is its own (anything else is a 404).

    Args:
        base (str | Unset): ISO 4217 code Default: 'EUR'.
        symbols (None | str | Unset): Comma-separated codes; all by default
        date (datetime.date | None | Unset): YYYY-MM-DD; today (UTC) by default

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaymentsRatesRead | Problem
    """

    return sync_detailed(
        client=client,
        base=base,
        symbols=symbols,
        date=date,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    base: str | Unset = "EUR",
    symbols: None | str | Unset = UNSET,
    date: datetime.date | None | Unset = UNSET,
) -> Response[PaymentsRatesRead | Problem]:
    """Reference rates from a base currency on a day

     Roles: any API key; each key sees only what is its own (anything else is a 404).

    Args:
        base (str | Unset): ISO 4217 code Default: 'EUR'.
        symbols (None | str | Unset): Comma-separated codes; all by default
        date (datetime.date | None | Unset): YYYY-MM-DD; today (UTC) by default

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaymentsRatesRead | Problem]
    """

    kwargs = _get_kwargs(
        base=base,
        symbols=symbols,
        date=date,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    base: str | Unset = "EUR",
    symbols: None | str | Unset = UNSET,
    date: datetime.date | None | Unset = UNSET,
) -> PaymentsRatesRead | Problem | None:
    """Reference rates from a base currency on a day

     Roles: any API key; each key sees only what is its own (anything else is a 404).

    Args:
        base (str | Unset): ISO 4217 code Default: 'EUR'.
        symbols (None | str | Unset): Comma-separated codes; all by default
        date (datetime.date | None | Unset): YYYY-MM-DD; today (UTC) by default

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaymentsRatesRead | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            base=base,
            symbols=symbols,
            date=date,
        )
    ).parsed
