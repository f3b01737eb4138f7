from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_carrier_webhook_body import CreateCarrierWebhookBody
from ...models.problem import Problem
from ...models.tracking_push_read import TrackingPushRead
from ...types import UNSET, Response, Unset


def _get_kwargs(
    carrier: str,
    *,
    body: CreateCarrierWebhookBody,
    x_webhook_secret: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_webhook_secret, Unset):
        headers["X-Webhook-Secret"] = x_webhook_secret

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/carriers/{carrier}/webhooks".format(
            carrier=quote(str(carrier), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | TrackingPushRead | None:
    if response.status_code == 200:
        response_200 = TrackingPushRead.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

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
) -> Response[Problem | TrackingPushRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    carrier: str,
    *,
    client: AuthenticatedClient | Client,
    body: CreateCarrierWebhookBody,
    x_webhook_secret: None | str | Unset = UNSET,
) -> Response[Problem | TrackingPushRead]:
    """A carrier's tracking push (its webhook secret in X-Webhook-Secret; no API key)

     No API key needed.

    Args:
        carrier (str):
        x_webhook_secret (None | str | Unset):
        body (CreateCarrierWebhookBody): A tracker in karrio's unified form

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TrackingPushRead]
    """

    kwargs = _get_kwargs(
        carrier=carrier,
        body=body,
        x_webhook_secret=x_webhook_secret,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    carrier: str,
    *,
    client: AuthenticatedClient | Client,
    body: CreateCarrierWebhookBody,
    x_webhook_secret: None | str | Unset = UNSET,
) -> Problem | TrackingPushRead | None:
    """A carrier's tracking push (its webhook secret in X-Webhook-Secret; no API key)

     No API key needed.

    Args:
        carrier (str):
        x_webhook_secret (None | str | Unset):
        body (CreateCarrierWebhookBody): A tracker in karrio's unified form

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TrackingPushRead
    """

    return sync_detailed(
        carrier=carrier,
        client=client,
        body=body,
        x_webhook_secret=x_webhook_secret,
    ).parsed


async def asyncio_detailed(
    carrier: str,
    *,
    client: AuthenticatedClient | Client,
    body: CreateCarrierWebhookBody,
    x_webhook_secret: None | str | Unset = UNSET,
) -> Response[Problem | TrackingPushRead]:
    """A carrier's tracking push (its webhook secret in X-Webhook-Secret; no API key)

     No API key needed.

    Args:
        carrier (str):
        x_webhook_secret (None | str | Unset):
        body (CreateCarrierWebhookBody): A tracker in karrio's unified form

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TrackingPushRead]
    """

    kwargs = _get_kwargs(
        carrier=carrier,
        body=body,
        x_webhook_secret=x_webhook_secret,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    carrier: str,
    *,
    client: AuthenticatedClient | Client,
    body: CreateCarrierWebhookBody,
    x_webhook_secret: None | str | Unset = UNSET,
) -> Problem | TrackingPushRead | None:
    """A carrier's tracking push (its webhook secret in X-Webhook-Secret; no API key)

     No API key needed.

    Args:
        carrier (str):
        x_webhook_secret (None | str | Unset):
        body (CreateCarrierWebhookBody): A tracker in karrio's unified form

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TrackingPushRead
    """

    return (
        await asyncio_detailed(
            carrier=carrier,
            client=client,
            body=body,
            x_webhook_secret=x_webhook_secret,
        )
    ).parsed
