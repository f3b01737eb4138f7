from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.creator_read import CreatorRead
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    creator_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/creators/{creator_id}".format(
            creator_id=quote(str(creator_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> CreatorRead | Problem | None:
    if response.status_code == 200:
        response_200 = CreatorRead.from_dict(response.json())

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
) -> Response[CreatorRead | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    creator_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[CreatorRead | Problem]:
    """One creator (admin, or that creator)

     Roles: `admin`, `creator`.

    Args:
        creator_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreatorRead | Problem]
    """

    kwargs = _get_kwargs(
        creator_id=creator_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    creator_id: str,
    *,
    client: AuthenticatedClient,
) -> CreatorRead | Problem | None:
    """One creator (admin, or that creator)

     Roles: `admin`, `creator`.

    Args:
        creator_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreatorRead | Problem
    """

    return sync_detailed(
        creator_id=creator_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    creator_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[CreatorRead | Problem]:
    """One creator (admin, or that creator)

     Roles: `admin`, `creator`.

    Args:
        creator_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreatorRead | Problem]
    """

    kwargs = _get_kwargs(
        creator_id=creator_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    creator_id: str,
    *,
    client: AuthenticatedClient,
) -> CreatorRead | Problem | None:
    """One creator (admin, or that creator)

     Roles: `admin`, `creator`.

    Args:
        creator_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreatorRead | Problem
    """

    return (
        await asyncio_detailed(
            creator_id=creator_id,
            client=client,
        )
    ).parsed
