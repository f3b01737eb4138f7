from http import HTTPStatus
from io import BytesIO
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import UNSET, File, Response, Unset


def _get_kwargs(
    month: str,
    *,
    merchant_id: None | str | Unset = UNSET,
    creator_id: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_merchant_id: None | str | Unset
    if isinstance(merchant_id, Unset):
        json_merchant_id = UNSET
    else:
        json_merchant_id = merchant_id
    params["merchant_id"] = json_merchant_id

    json_creator_id: None | str | Unset
    if isinstance(creator_id, Unset):
        json_creator_id = UNSET
    else:
        json_creator_id = creator_id
    params["creator_id"] = json_creator_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/statements/{month}".format(
            month=quote(str(month), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> File | Problem | None:
    if response.status_code == 200:
        response_200 = File(payload=BytesIO(response.content))

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[File | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    month: str,
    *,
    client: AuthenticatedClient,
    merchant_id: None | str | Unset = UNSET,
    creator_id: None | str | Unset = UNSET,
) -> Response[File | Problem]:
    """The month's ledger lines with running balances, as CSV

     Roles: `merchant`, `admin`, `creator`.

    Args:
        month (str):
        merchant_id (None | str | Unset): Admin: the merchant to look at
        creator_id (None | str | Unset): Admin: the creator to look at

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | Problem]
    """

    kwargs = _get_kwargs(
        month=month,
        merchant_id=merchant_id,
        creator_id=creator_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    month: str,
    *,
    client: AuthenticatedClient,
    merchant_id: None | str | Unset = UNSET,
    creator_id: None | str | Unset = UNSET,
) -> File | Problem | None:
    """The month's ledger lines with running balances, as CSV

     Roles: `merchant`, `admin`, `creator`.

    Args:
        month (str):
        merchant_id (None | str | Unset): Admin: the merchant to look at
        creator_id (None | str | Unset): Admin: the creator to look at

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | Problem
    """

    return sync_detailed(
        month=month,
        client=client,
        merchant_id=merchant_id,
        creator_id=creator_id,
    ).parsed


async def asyncio_detailed(
    month: str,
    *,
    client: AuthenticatedClient,
    merchant_id: None | str | Unset = UNSET,
    creator_id: None | str | Unset = UNSET,
) -> Response[File | Problem]:
    """The month's ledger lines with running balances, as CSV

     Roles: `merchant`, `admin`, `creator`.

    Args:
        month (str):
        merchant_id (None | str | Unset): Admin: the merchant to look at
        creator_id (None | str | Unset): Admin: the creator to look at

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | Problem]
    """

    kwargs = _get_kwargs(
        month=month,
        merchant_id=merchant_id,
        creator_id=creator_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    month: str,
    *,
    client: AuthenticatedClient,
    merchant_id: None | str | Unset = UNSET,
    creator_id: None | str | Unset = UNSET,
) -> File | Problem | None:
    """The month's ledger lines with running balances, as CSV

     Roles: `merchant`, `admin`, `creator`.

    Args:
        month (str):
        merchant_id (None | str | Unset): Admin: the merchant to look at
        creator_id (None | str | Unset): Admin: the creator to look at

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | Problem
    """

    return (
        await asyncio_detailed(
            month=month,
            client=client,
            merchant_id=merchant_id,
            creator_id=creator_id,
        )
    ).parsed
