from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.slot_fee_list import SlotFeeList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    merchant_id: None | str | Unset = UNSET,
    creator_id: None | str | Unset = UNSET,
    limit: int | Unset = 20,
    starting_after: None | str | Unset = UNSET,
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

    params["limit"] = limit

    json_starting_after: None | str | Unset
    if isinstance(starting_after, Unset):
        json_starting_after = UNSET
    else:
        json_starting_after = starting_after
    params["starting_after"] = json_starting_after

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/slot-fees",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | SlotFeeList | None:
    if response.status_code == 200:
        response_200 = SlotFeeList.from_dict(response.json())

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
) -> Response[Problem | SlotFeeList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    merchant_id: None | str | Unset = UNSET,
    creator_id: None | str | Unset = UNSET,
    limit: int | Unset = 20,
    starting_after: None | str | Unset = UNSET,
) -> Response[Problem | SlotFeeList]:
    """Slot fees, newest first (a merchant: charged to it; a creator: its own)

     Roles: `merchant`, `admin`, `creator`.

    Args:
        merchant_id (None | str | Unset): Admin: this merchant's only
        creator_id (None | str | Unset): Admin: this creator's only
        limit (int | Unset): At most this many items (1-100) Default: 20.
        starting_after (None | str | Unset): The last id of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SlotFeeList]
    """

    kwargs = _get_kwargs(
        merchant_id=merchant_id,
        creator_id=creator_id,
        limit=limit,
        starting_after=starting_after,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    merchant_id: None | str | Unset = UNSET,
    creator_id: None | str | Unset = UNSET,
    limit: int | Unset = 20,
    starting_after: None | str | Unset = UNSET,
) -> Problem | SlotFeeList | None:
    """Slot fees, newest first (a merchant: charged to it; a creator: its own)

     Roles: `merchant`, `admin`, `creator`.

    Args:
        merchant_id (None | str | Unset): Admin: this merchant's only
        creator_id (None | str | Unset): Admin: this creator's only
        limit (int | Unset): At most this many items (1-100) Default: 20.
        starting_after (None | str | Unset): The last id of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SlotFeeList
    """

    return sync_detailed(
        client=client,
        merchant_id=merchant_id,
        creator_id=creator_id,
        limit=limit,
        starting_after=starting_after,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    merchant_id: None | str | Unset = UNSET,
    creator_id: None | str | Unset = UNSET,
    limit: int | Unset = 20,
    starting_after: None | str | Unset = UNSET,
) -> Response[Problem | SlotFeeList]:
    """Slot fees, newest first (a merchant: charged to it; a creator: its own)

     Roles: `merchant`, `admin`, `creator`.

    Args:
        merchant_id (None | str | Unset): Admin: this merchant's only
        creator_id (None | str | Unset): Admin: this creator's only
        limit (int | Unset): At most this many items (1-100) Default: 20.
        starting_after (None | str | Unset): The last id of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SlotFeeList]
    """

    kwargs = _get_kwargs(
        merchant_id=merchant_id,
        creator_id=creator_id,
        limit=limit,
        starting_after=starting_after,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    merchant_id: None | str | Unset = UNSET,
    creator_id: None | str | Unset = UNSET,
    limit: int | Unset = 20,
    starting_after: None | str | Unset = UNSET,
) -> Problem | SlotFeeList | None:
    """Slot fees, newest first (a merchant: charged to it; a creator: its own)

     Roles: `merchant`, `admin`, `creator`.

    Args:
        merchant_id (None | str | Unset): Admin: this merchant's only
        creator_id (None | str | Unset): Admin: this creator's only
        limit (int | Unset): At most this many items (1-100) Default: 20.
        starting_after (None | str | Unset): The last id of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SlotFeeList
    """

    return (
        await asyncio_detailed(
            client=client,
            merchant_id=merchant_id,
            creator_id=creator_id,
            limit=limit,
            starting_after=starting_after,
        )
    ).parsed
