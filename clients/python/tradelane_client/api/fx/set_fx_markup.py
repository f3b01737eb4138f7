from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.fx_markup_read import FxMarkupRead
from ...models.fx_markup_update import FxMarkupUpdate
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    base: str,
    quote: str,
    *,
    body: FxMarkupUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/fx/markups/{base}/{quote}".format(
            base=quote(str(base), safe=""),
            quote=quote(str(quote), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> FxMarkupRead | Problem | None:
    if response.status_code == 200:
        response_200 = FxMarkupRead.from_dict(response.json())

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
) -> Response[FxMarkupRead | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    base: str,
    quote: str,
    *,
    client: AuthenticatedClient,
    body: FxMarkupUpdate,
) -> Response[FxMarkupRead | Problem]:
    """Set the markup of quotes selling base for quote (admin)

     Roles: `admin`.

    Args:
        base (str):
        quote (str):
        body (FxMarkupUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FxMarkupRead | Problem]
    """

    kwargs = _get_kwargs(
        base=base,
        quote=quote,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    base: str,
    quote: str,
    *,
    client: AuthenticatedClient,
    body: FxMarkupUpdate,
) -> FxMarkupRead | Problem | None:
    """Set the markup of quotes selling base for quote (admin)

     Roles: `admin`.

    Args:
        base (str):
        quote (str):
        body (FxMarkupUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FxMarkupRead | Problem
    """

    return sync_detailed(
        base=base,
        quote=quote,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    base: str,
    quote: str,
    *,
    client: AuthenticatedClient,
    body: FxMarkupUpdate,
) -> Response[FxMarkupRead | Problem]:
    """Set the markup of quotes selling base for quote (admin)

     Roles: `admin`.

    Args:
        base (str):
        quote (str):
        body (FxMarkupUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FxMarkupRead | Problem]
    """

    kwargs = _get_kwargs(
        base=base,
        quote=quote,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    base: str,
    quote: str,
    *,
    client: AuthenticatedClient,
    body: FxMarkupUpdate,
) -> FxMarkupRead | Problem | None:
    """Set the markup of quotes selling base for quote (admin)

     Roles: `admin`.

    Args:
        base (str):
        quote (str):
        body (FxMarkupUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FxMarkupRead | Problem
    """

    return (
        await asyncio_detailed(
            base=base,
            quote=quote,
            client=client,
            body=body,
        )
    ).parsed
