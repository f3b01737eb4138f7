from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.window_calibration import WindowCalibration
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    carrier: None | str | Unset = UNSET,
    service: None | str | Unset = UNSET,
    destination: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_carrier: None | str | Unset
    if isinstance(carrier, Unset):
        json_carrier = UNSET
    else:
        json_carrier = carrier
    params["carrier"] = json_carrier

    json_service: None | str | Unset
    if isinstance(service, Unset):
        json_service = UNSET
    else:
        json_service = service
    params["service"] = json_service

    json_destination: None | str | Unset
    if isinstance(destination, Unset):
        json_destination = UNSET
    else:
        json_destination = destination
    params["destination"] = json_destination

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/analytics/windows",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | WindowCalibration | None:
    if response.status_code == 200:
        response_200 = WindowCalibration.from_dict(response.json())

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
) -> Response[Problem | WindowCalibration]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    carrier: None | str | Unset = UNSET,
    service: None | str | Unset = UNSET,
    destination: None | str | Unset = UNSET,
) -> Response[Problem | WindowCalibration]:
    """How well the windows learned from the transit history hold, per lane (admin)

     Roles: `admin`.

    Args:
        carrier (None | str | Unset):
        service (None | str | Unset):
        destination (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WindowCalibration]
    """

    kwargs = _get_kwargs(
        carrier=carrier,
        service=service,
        destination=destination,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    carrier: None | str | Unset = UNSET,
    service: None | str | Unset = UNSET,
    destination: None | str | Unset = UNSET,
) -> Problem | WindowCalibration | None:
    """How well the windows learned from the transit history hold, per lane (admin)

     Roles: `admin`.

    Args:
        carrier (None | str | Unset):
        service (None | str | Unset):
        destination (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WindowCalibration
    """

    return sync_detailed(
        client=client,
        carrier=carrier,
        service=service,
        destination=destination,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    carrier: None | str | Unset = UNSET,
    service: None | str | Unset = UNSET,
    destination: None | str | Unset = UNSET,
) -> Response[Problem | WindowCalibration]:
    """How well the windows learned from the transit history hold, per lane (admin)

     Roles: `admin`.

    Args:
        carrier (None | str | Unset):
        service (None | str | Unset):
        destination (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WindowCalibration]
    """

    kwargs = _get_kwargs(
        carrier=carrier,
        service=service,
        destination=destination,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    carrier: None | str | Unset = UNSET,
    service: None | str | Unset = UNSET,
    destination: None | str | Unset = UNSET,
) -> Problem | WindowCalibration | None:
    """How well the windows learned from the transit history hold, per lane (admin)

     Roles: `admin`.

    Args:
        carrier (None | str | Unset):
        service (None | str | Unset):
        destination (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WindowCalibration
    """

    return (
        await asyncio_detailed(
            client=client,
            carrier=carrier,
            service=service,
            destination=destination,
        )
    ).parsed
