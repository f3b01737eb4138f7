from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.trader_in import TraderIn
from ...models.trader_read import TraderRead
from ...types import Response


def _get_kwargs(
    merchant_id: str,
    *,
    body: TraderIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/merchants/{merchant_id}/trader".format(
            merchant_id=quote(str(merchant_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | TraderRead | None:
    if response.status_code == 200:
        response_200 = TraderRead.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

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
) -> Response[Problem | TraderRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    merchant_id: str,
    *,
    client: AuthenticatedClient,
    body: TraderIn,
) -> Response[Problem | TraderRead]:
    """Give a merchant's trader information, whole (admin, or that merchant)

     New information waits for an admin's verification (`pending`); the same information given again
    changes nothing.

    Roles: any API key; each key sees only what is its own (anything else is a 404).

    Args:
        merchant_id (str):
        body (TraderIn): The trader information, whole (a `PUT` replaces what is on file).
            Anything left out is named in
            `missing` until it is given.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TraderRead]
    """

    kwargs = _get_kwargs(
        merchant_id=merchant_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    merchant_id: str,
    *,
    client: AuthenticatedClient,
    body: TraderIn,
) -> Problem | TraderRead | None:
    """Give a merchant's trader information, whole (admin, or that merchant)

     New information waits for an admin's verification (`pending`); the same information given again
    changes nothing.

    Roles: any API key; each key sees only what is its own (anything else is a 404).

    Args:
        merchant_id (str):
        body (TraderIn): The trader information, whole (a `PUT` replaces what is on file).
            Anything left out is named in
            `missing` until it is given.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TraderRead
    """

    return sync_detailed(
        merchant_id=merchant_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    merchant_id: str,
    *,
    client: AuthenticatedClient,
    body: TraderIn,
) -> Response[Problem | TraderRead]:
    """Give a merchant's trader information, whole (admin, or that merchant)

     New information waits for an admin's verification (`pending`); the same information given again
    changes nothing.

    Roles: any API key; each key sees only what is its own (anything else is a 404).

    Args:
        merchant_id (str):
        body (TraderIn): The trader information, whole (a `PUT` replaces what is on file).
            Anything left out is named in
            `missing` until it is given.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TraderRead]
    """

    kwargs = _get_kwargs(
        merchant_id=merchant_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    merchant_id: str,
    *,
    client: AuthenticatedClient,
    body: TraderIn,
) -> Problem | TraderRead | None:
    """Give a merchant's trader information, whole (admin, or that merchant)

     New information waits for an admin's verification (`pending`); the same information given again
    changes nothing.

    Roles: any API key; each key sees only what is its own (anything else is a 404).

    Args:
        merchant_id (str):
        body (TraderIn): The trader information, whole (a `PUT` replaces what is on file).
            Anything left out is named in
            `missing` until it is given.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TraderRead
    """

    return (
        await asyncio_detailed(
            merchant_id=merchant_id,
            client=client,
            body=body,
        )
    ).parsed
