from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.replay_webhook_endpoint_delivery_body_type_0 import ReplayWebhookEndpointDeliveryBodyType0
from ...models.webhook_delivery_read import WebhookDeliveryRead
from ...types import UNSET, Response, Unset


def _get_kwargs(
    endpoint_id: str,
    delivery_id: str,
    *,
    body: None | ReplayWebhookEndpointDeliveryBodyType0 | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/webhook-endpoints/{endpoint_id}/deliveries/{delivery_id}/replay".format(
            endpoint_id=quote(str(endpoint_id), safe=""),
            delivery_id=quote(str(delivery_id), safe=""),
        ),
    }

    if isinstance(body, ReplayWebhookEndpointDeliveryBodyType0):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | WebhookDeliveryRead | None:
    if response.status_code == 202:
        response_202 = WebhookDeliveryRead.from_dict(response.json())

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
) -> Response[Problem | WebhookDeliveryRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    endpoint_id: str,
    delivery_id: str,
    *,
    client: AuthenticatedClient,
    body: None | ReplayWebhookEndpointDeliveryBodyType0 | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | WebhookDeliveryRead]:
    """Send a delivery's event again, as a new delivery

     Roles: any API key; each key sees only what is its own (anything else is a 404).

    Args:
        endpoint_id (str):
        delivery_id (str):
        idempotency_key (str | Unset):
        body (None | ReplayWebhookEndpointDeliveryBodyType0 | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WebhookDeliveryRead]
    """

    kwargs = _get_kwargs(
        endpoint_id=endpoint_id,
        delivery_id=delivery_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    endpoint_id: str,
    delivery_id: str,
    *,
    client: AuthenticatedClient,
    body: None | ReplayWebhookEndpointDeliveryBodyType0 | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Problem | WebhookDeliveryRead | None:
    """Send a delivery's event again, as a new delivery

     Roles: any API key; each key sees only what is its own (anything else is a 404).

    Args:
        endpoint_id (str):
        delivery_id (str):
        idempotency_key (str | Unset):
        body (None | ReplayWebhookEndpointDeliveryBodyType0 | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WebhookDeliveryRead
    """

    return sync_detailed(
        endpoint_id=endpoint_id,
        delivery_id=delivery_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    endpoint_id: str,
    delivery_id: str,
    *,
    client: AuthenticatedClient,
    body: None | ReplayWebhookEndpointDeliveryBodyType0 | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | WebhookDeliveryRead]:
    """Send a delivery's event again, as a new delivery

     Roles: any API key; each key sees only what is its own (anything else is a 404).

    Args:
        endpoint_id (str):
        delivery_id (str):
        idempotency_key (str | Unset):
        body (None | ReplayWebhookEndpointDeliveryBodyType0 | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WebhookDeliveryRead]
    """

    kwargs = _get_kwargs(
        endpoint_id=endpoint_id,
        delivery_id=delivery_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    endpoint_id: str,
    delivery_id: str,
    *,
    client: AuthenticatedClient,
    body: None | ReplayWebhookEndpointDeliveryBodyType0 | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Problem | WebhookDeliveryRead | None:
    """Send a delivery's event again, as a new delivery

     Roles: any API key; each key sees only what is its own (anything else is a 404).

    Args:
        endpoint_id (str):
        delivery_id (str):
        idempotency_key (str | Unset):
        body (None | ReplayWebhookEndpointDeliveryBodyType0 | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WebhookDeliveryRead
    """

    return (
        await asyncio_detailed(
            endpoint_id=endpoint_id,
            delivery_id=delivery_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
