from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.payout_setting_change_read import PayoutSettingChangeRead
from ...models.payout_settings_read import PayoutSettingsRead
from ...models.payout_settings_update import PayoutSettingsUpdate
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: PayoutSettingsUpdate,
    merchant_id: None | str | Unset = UNSET,
    creator_id: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

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
        "method": "put",
        "url": "/v1/payout-settings",
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PayoutSettingChangeRead | PayoutSettingChangeRead | PayoutSettingsRead | Problem | None:
    if response.status_code == 200:

        def _parse_response_200(data: object) -> PayoutSettingChangeRead | PayoutSettingsRead:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_0 = PayoutSettingsRead.from_dict(data)

                return response_200_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_200_type_1 = PayoutSettingChangeRead.from_dict(data)

            return response_200_type_1

        response_200 = _parse_response_200(response.json())

        return response_200

    if response.status_code == 202:
        response_202 = PayoutSettingChangeRead.from_dict(response.json())

        return response_202

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
) -> Response[PayoutSettingChangeRead | PayoutSettingChangeRead | PayoutSettingsRead | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: PayoutSettingsUpdate,
    merchant_id: None | str | Unset = UNSET,
    creator_id: None | str | Unset = UNSET,
) -> Response[PayoutSettingChangeRead | PayoutSettingChangeRead | PayoutSettingsRead | Problem]:
    """Set the interval, minimum, currency, method and bank or Stripe account

     Interval, weekly anchor, minimum and a longer hold apply at once (200, the settings). A change of
    the bank or Stripe account, payout currency or method, or a hold below the policy's minimum, waits
    for an admin's approval (another person than the requester) and a cooling-off period: 202, the
    pending change. A payee's first settings apply at once, except a hold below the minimum. A merchant
    or creator key sets its own; an admin names the payee (?merchant_id= or ?creator_id=).

    Roles: `merchant`, `admin`, `creator`.

    Args:
        merchant_id (None | str | Unset): Admin: the merchant to look at
        creator_id (None | str | Unset): Admin: the creator to look at
        body (PayoutSettingsUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PayoutSettingChangeRead | PayoutSettingChangeRead | PayoutSettingsRead | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        merchant_id=merchant_id,
        creator_id=creator_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: PayoutSettingsUpdate,
    merchant_id: None | str | Unset = UNSET,
    creator_id: None | str | Unset = UNSET,
) -> PayoutSettingChangeRead | PayoutSettingChangeRead | PayoutSettingsRead | Problem | None:
    """Set the interval, minimum, currency, method and bank or Stripe account

     Interval, weekly anchor, minimum and a longer hold apply at once (200, the settings). A change of
    the bank or Stripe account, payout currency or method, or a hold below the policy's minimum, waits
    for an admin's approval (another person than the requester) and a cooling-off period: 202, the
    pending change. A payee's first settings apply at once, except a hold below the minimum. A merchant
    or creator key sets its own; an admin names the payee (?merchant_id= or ?creator_id=).

    Roles: `merchant`, `admin`, `creator`.

    Args:
        merchant_id (None | str | Unset): Admin: the merchant to look at
        creator_id (None | str | Unset): Admin: the creator to look at
        body (PayoutSettingsUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PayoutSettingChangeRead | PayoutSettingChangeRead | PayoutSettingsRead | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        merchant_id=merchant_id,
        creator_id=creator_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: PayoutSettingsUpdate,
    merchant_id: None | str | Unset = UNSET,
    creator_id: None | str | Unset = UNSET,
) -> Response[PayoutSettingChangeRead | PayoutSettingChangeRead | PayoutSettingsRead | Problem]:
    """Set the interval, minimum, currency, method and bank or Stripe account

     Interval, weekly anchor, minimum and a longer hold apply at once (200, the settings). A change of
    the bank or Stripe account, payout currency or method, or a hold below the policy's minimum, waits
    for an admin's approval (another person than the requester) and a cooling-off period: 202, the
    pending change. A payee's first settings apply at once, except a hold below the minimum. A merchant
    or creator key sets its own; an admin names the payee (?merchant_id= or ?creator_id=).

    Roles: `merchant`, `admin`, `creator`.

    Args:
        merchant_id (None | str | Unset): Admin: the merchant to look at
        creator_id (None | str | Unset): Admin: the creator to look at
        body (PayoutSettingsUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PayoutSettingChangeRead | PayoutSettingChangeRead | PayoutSettingsRead | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        merchant_id=merchant_id,
        creator_id=creator_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: PayoutSettingsUpdate,
    merchant_id: None | str | Unset = UNSET,
    creator_id: None | str | Unset = UNSET,
) -> PayoutSettingChangeRead | PayoutSettingChangeRead | PayoutSettingsRead | Problem | None:
    """Set the interval, minimum, currency, method and bank or Stripe account

     Interval, weekly anchor, minimum and a longer hold apply at once (200, the settings). A change of
    the bank or Stripe account, payout currency or method, or a hold below the policy's minimum, waits
    for an admin's approval (another person than the requester) and a cooling-off period: 202, the
    pending change. A payee's first settings apply at once, except a hold below the minimum. A merchant
    or creator key sets its own; an admin names the payee (?merchant_id= or ?creator_id=).

    Roles: `merchant`, `admin`, `creator`.

    Args:
        merchant_id (None | str | Unset): Admin: the merchant to look at
        creator_id (None | str | Unset): Admin: the creator to look at
        body (PayoutSettingsUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PayoutSettingChangeRead | PayoutSettingChangeRead | PayoutSettingsRead | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            merchant_id=merchant_id,
            creator_id=creator_id,
        )
    ).parsed
