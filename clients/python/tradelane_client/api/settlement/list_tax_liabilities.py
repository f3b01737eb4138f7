from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.tax_liability_list import TaxLiabilityList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    period: str,
    jurisdiction: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["period"] = period

    json_jurisdiction: None | str | Unset
    if isinstance(jurisdiction, Unset):
        json_jurisdiction = UNSET
    else:
        json_jurisdiction = jurisdiction
    params["jurisdiction"] = json_jurisdiction

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/tax-liabilities",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | TaxLiabilityList | None:
    if response.status_code == 200:
        response_200 = TaxLiabilityList.from_dict(response.json())

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
) -> Response[Problem | TaxLiabilityList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    period: str,
    jurisdiction: None | str | Unset = UNSET,
) -> Response[Problem | TaxLiabilityList]:
    """Duties and import taxes collected and owed, per jurisdiction (month)

     Roles: `compliance_officer`, `admin`.

    Args:
        period (str): YYYY-MM (UTC)
        jurisdiction (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TaxLiabilityList]
    """

    kwargs = _get_kwargs(
        period=period,
        jurisdiction=jurisdiction,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    period: str,
    jurisdiction: None | str | Unset = UNSET,
) -> Problem | TaxLiabilityList | None:
    """Duties and import taxes collected and owed, per jurisdiction (month)

     Roles: `compliance_officer`, `admin`.

    Args:
        period (str): YYYY-MM (UTC)
        jurisdiction (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TaxLiabilityList
    """

    return sync_detailed(
        client=client,
        period=period,
        jurisdiction=jurisdiction,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    period: str,
    jurisdiction: None | str | Unset = UNSET,
) -> Response[Problem | TaxLiabilityList]:
    """Duties and import taxes collected and owed, per jurisdiction (month)

     Roles: `compliance_officer`, `admin`.

    Args:
        period (str): YYYY-MM (UTC)
        jurisdiction (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TaxLiabilityList]
    """

    kwargs = _get_kwargs(
        period=period,
        jurisdiction=jurisdiction,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    period: str,
    jurisdiction: None | str | Unset = UNSET,
) -> Problem | TaxLiabilityList | None:
    """Duties and import taxes collected and owed, per jurisdiction (month)

     Roles: `compliance_officer`, `admin`.

    Args:
        period (str): YYYY-MM (UTC)
        jurisdiction (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TaxLiabilityList
    """

    return (
        await asyncio_detailed(
            client=client,
            period=period,
            jurisdiction=jurisdiction,
        )
    ).parsed
