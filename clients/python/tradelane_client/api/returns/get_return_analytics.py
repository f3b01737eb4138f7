import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.get_return_analytics_group_by import GetReturnAnalyticsGroupBy
from ...models.problem import Problem
from ...models.return_analytics import ReturnAnalytics
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    group_by: GetReturnAnalyticsGroupBy | Unset = GetReturnAnalyticsGroupBy.CATEGORY,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    merchant_id: None | str | Unset = UNSET,
    threshold: float | None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_group_by: str | Unset = UNSET
    if not isinstance(group_by, Unset):
        json_group_by = group_by.value

    params["group_by"] = json_group_by

    json_from_: None | str | Unset
    if isinstance(from_, Unset):
        json_from_ = UNSET
    elif isinstance(from_, datetime.datetime):
        json_from_ = from_.isoformat()
    else:
        json_from_ = from_
    params["from"] = json_from_

    json_to: None | str | Unset
    if isinstance(to, Unset):
        json_to = UNSET
    elif isinstance(to, datetime.datetime):
        json_to = to.isoformat()
    else:
        json_to = to
    params["to"] = json_to

    json_merchant_id: None | str | Unset
    if isinstance(merchant_id, Unset):
        json_merchant_id = UNSET
    else:
        json_merchant_id = merchant_id
    params["merchant_id"] = json_merchant_id

    json_threshold: float | None | str | Unset
    if isinstance(threshold, Unset):
        json_threshold = UNSET
    else:
        json_threshold = threshold
    params["threshold"] = json_threshold

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/analytics/returns",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | ReturnAnalytics | None:
    if response.status_code == 200:
        response_200 = ReturnAnalytics.from_dict(response.json())

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
) -> Response[Problem | ReturnAnalytics]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    group_by: GetReturnAnalyticsGroupBy | Unset = GetReturnAnalyticsGroupBy.CATEGORY,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    merchant_id: None | str | Unset = UNSET,
    threshold: float | None | str | Unset = UNSET,
) -> Response[Problem | ReturnAnalytics]:
    """Return rates (merchants: their own)

     Roles: `merchant`, `admin`.

    Args:
        group_by (GetReturnAnalyticsGroupBy | Unset):  Default:
            GetReturnAnalyticsGroupBy.CATEGORY.
        from_ (datetime.datetime | None | Unset):
        to (datetime.datetime | None | Unset):
        merchant_id (None | str | Unset):
        threshold (float | None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ReturnAnalytics]
    """

    kwargs = _get_kwargs(
        group_by=group_by,
        from_=from_,
        to=to,
        merchant_id=merchant_id,
        threshold=threshold,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    group_by: GetReturnAnalyticsGroupBy | Unset = GetReturnAnalyticsGroupBy.CATEGORY,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    merchant_id: None | str | Unset = UNSET,
    threshold: float | None | str | Unset = UNSET,
) -> Problem | ReturnAnalytics | None:
    """Return rates (merchants: their own)

     Roles: `merchant`, `admin`.

    Args:
        group_by (GetReturnAnalyticsGroupBy | Unset):  Default:
            GetReturnAnalyticsGroupBy.CATEGORY.
        from_ (datetime.datetime | None | Unset):
        to (datetime.datetime | None | Unset):
        merchant_id (None | str | Unset):
        threshold (float | None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ReturnAnalytics
    """

    return sync_detailed(
        client=client,
        group_by=group_by,
        from_=from_,
        to=to,
        merchant_id=merchant_id,
        threshold=threshold,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    group_by: GetReturnAnalyticsGroupBy | Unset = GetReturnAnalyticsGroupBy.CATEGORY,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    merchant_id: None | str | Unset = UNSET,
    threshold: float | None | str | Unset = UNSET,
) -> Response[Problem | ReturnAnalytics]:
    """Return rates (merchants: their own)

     Roles: `merchant`, `admin`.

    Args:
        group_by (GetReturnAnalyticsGroupBy | Unset):  Default:
            GetReturnAnalyticsGroupBy.CATEGORY.
        from_ (datetime.datetime | None | Unset):
        to (datetime.datetime | None | Unset):
        merchant_id (None | str | Unset):
        threshold (float | None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ReturnAnalytics]
    """

    kwargs = _get_kwargs(
        group_by=group_by,
        from_=from_,
        to=to,
        merchant_id=merchant_id,
        threshold=threshold,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    group_by: GetReturnAnalyticsGroupBy | Unset = GetReturnAnalyticsGroupBy.CATEGORY,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    merchant_id: None | str | Unset = UNSET,
    threshold: float | None | str | Unset = UNSET,
) -> Problem | ReturnAnalytics | None:
    """Return rates (merchants: their own)

     Roles: `merchant`, `admin`.

    Args:
        group_by (GetReturnAnalyticsGroupBy | Unset):  Default:
            GetReturnAnalyticsGroupBy.CATEGORY.
        from_ (datetime.datetime | None | Unset):
        to (datetime.datetime | None | Unset):
        merchant_id (None | str | Unset):
        threshold (float | None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ReturnAnalytics
    """

    return (
        await asyncio_detailed(
            client=client,
            group_by=group_by,
            from_=from_,
            to=to,
            merchant_id=merchant_id,
            threshold=threshold,
        )
    ).parsed
