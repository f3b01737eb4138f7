from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.rate_sheet_read import RateSheetRead
from ...types import UNSET, File, Response, Unset


def _get_kwargs(
    code: str,
    *,
    body: File,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/services/{code}/rate-sheets/import".format(
            code=quote(str(code), safe=""),
        ),
    }

    _kwargs["content"] = body.payload
    headers["Content-Type"] = "text/csv"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | RateSheetRead | None:
    if response.status_code == 201:
        response_201 = RateSheetRead.from_dict(response.json())

        return response_201

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
) -> Response[Problem | RateSheetRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    code: str,
    *,
    client: AuthenticatedClient,
    body: File,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | RateSheetRead]:
    """Import a rate sheet file: CSV (text/csv) or YAML (application/yaml) (admin)

     One sheet per file; the formats are described in `carriers.sheets`. A bad file is refused with each
    error naming its place: `{"field": "row 7, column price"}` (CSV) or `{"field": "line 14,
    zones[0].breaks[1].price"}` (YAML).

    Roles: `admin`.

    Args:
        code (str):
        idempotency_key (str | Unset):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RateSheetRead]
    """

    kwargs = _get_kwargs(
        code=code,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    code: str,
    *,
    client: AuthenticatedClient,
    body: File,
    idempotency_key: str | Unset = UNSET,
) -> Problem | RateSheetRead | None:
    """Import a rate sheet file: CSV (text/csv) or YAML (application/yaml) (admin)

     One sheet per file; the formats are described in `carriers.sheets`. A bad file is refused with each
    error naming its place: `{"field": "row 7, column price"}` (CSV) or `{"field": "line 14,
    zones[0].breaks[1].price"}` (YAML).

    Roles: `admin`.

    Args:
        code (str):
        idempotency_key (str | Unset):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RateSheetRead
    """

    return sync_detailed(
        code=code,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    code: str,
    *,
    client: AuthenticatedClient,
    body: File,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | RateSheetRead]:
    """Import a rate sheet file: CSV (text/csv) or YAML (application/yaml) (admin)

     One sheet per file; the formats are described in `carriers.sheets`. A bad file is refused with each
    error naming its place: `{"field": "row 7, column price"}` (CSV) or `{"field": "line 14,
    zones[0].breaks[1].price"}` (YAML).

    Roles: `admin`.

    Args:
        code (str):
        idempotency_key (str | Unset):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RateSheetRead]
    """

    kwargs = _get_kwargs(
        code=code,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    code: str,
    *,
    client: AuthenticatedClient,
    body: File,
    idempotency_key: str | Unset = UNSET,
) -> Problem | RateSheetRead | None:
    """Import a rate sheet file: CSV (text/csv) or YAML (application/yaml) (admin)

     One sheet per file; the formats are described in `carriers.sheets`. A bad file is refused with each
    error naming its place: `{"field": "row 7, column price"}` (CSV) or `{"field": "line 14,
    zones[0].breaks[1].price"}` (YAML).

    Roles: `admin`.

    Args:
        code (str):
        idempotency_key (str | Unset):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RateSheetRead
    """

    return (
        await asyncio_detailed(
            code=code,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
