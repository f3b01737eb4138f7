from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.history_import_read import HistoryImportRead
from ...models.problem import Problem
from ...types import File, Response


def _get_kwargs(
    *,
    body: File,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/transit-history",
    }

    _kwargs["content"] = body.payload
    headers["Content-Type"] = "text/csv"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> HistoryImportRead | Problem | None:
    if response.status_code == 200:
        response_200 = HistoryImportRead.from_dict(response.json())

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

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

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
) -> Response[HistoryImportRead | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: File,
) -> Response[HistoryImportRead | Problem]:
    """Import past deliveries, CSV or JSON lines (admin)

     The body (`text/csv` with a header naming the fields, or `application/x-ndjson`: one JSON object a
    line) is streamed to a temporary file, not held in memory, and no database connection is taken until
    it
    is all in; then every row is checked and the good ones imported in one transaction. A record id
    imported
    before is skipped: sending a file again is harmless. Fields: record_id, carrier, service,
    origin_warehouse or origin_country, destination_country, destination_postcode, handed_over_at,
    delivered_at (ISO 8601 with an offset) and outcome (delivered, returned_to_sender or lost).

    Roles: `admin`.

    Args:
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HistoryImportRead | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: File,
) -> HistoryImportRead | Problem | None:
    """Import past deliveries, CSV or JSON lines (admin)

     The body (`text/csv` with a header naming the fields, or `application/x-ndjson`: one JSON object a
    line) is streamed to a temporary file, not held in memory, and no database connection is taken until
    it
    is all in; then every row is checked and the good ones imported in one transaction. A record id
    imported
    before is skipped: sending a file again is harmless. Fields: record_id, carrier, service,
    origin_warehouse or origin_country, destination_country, destination_postcode, handed_over_at,
    delivered_at (ISO 8601 with an offset) and outcome (delivered, returned_to_sender or lost).

    Roles: `admin`.

    Args:
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HistoryImportRead | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: File,
) -> Response[HistoryImportRead | Problem]:
    """Import past deliveries, CSV or JSON lines (admin)

     The body (`text/csv` with a header naming the fields, or `application/x-ndjson`: one JSON object a
    line) is streamed to a temporary file, not held in memory, and no database connection is taken until
    it
    is all in; then every row is checked and the good ones imported in one transaction. A record id
    imported
    before is skipped: sending a file again is harmless. Fields: record_id, carrier, service,
    origin_warehouse or origin_country, destination_country, destination_postcode, handed_over_at,
    delivered_at (ISO 8601 with an offset) and outcome (delivered, returned_to_sender or lost).

    Roles: `admin`.

    Args:
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HistoryImportRead | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: File,
) -> HistoryImportRead | Problem | None:
    """Import past deliveries, CSV or JSON lines (admin)

     The body (`text/csv` with a header naming the fields, or `application/x-ndjson`: one JSON object a
    line) is streamed to a temporary file, not held in memory, and no database connection is taken until
    it
    is all in; then every row is checked and the good ones imported in one transaction. A record id
    imported
    before is skipped: sending a file again is harmless. Fields: record_id, carrier, service,
    origin_warehouse or origin_country, destination_country, destination_postcode, handed_over_at,
    delivered_at (ISO 8601 with an offset) and outcome (delivered, returned_to_sender or lost).

    Roles: `admin`.

    Args:
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HistoryImportRead | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
